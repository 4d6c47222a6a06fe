"""Reporting-reward amounts (举报奖励): article 7 of the Anshan implementing rules
(seed 000 《鞍山市生态环境违法行为举报奖励实施细则（试行）》), pure.

The tiers are the seed's local figures; reference/rules.md R3 marks them NOT
CONFIRMED against the Liaoning text, so they ship as labelled example
configuration (示例配置) with their source, as the rule's version.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SOURCE = "《鞍山市生态环境违法行为举报奖励实施细则（试行）》"
# 第七条: the tier each item of 第六条 pays. Item 18 is the exceptional case.
TIERS: tuple[tuple[range, Decimal, str], ...] = (
    (range(1, 4), Decimal("10000"), "第七条第（一）项"),
    (range(4, 10), Decimal("3000"), "第七条第（二）项"),
    (range(10, 14), Decimal("1000"), "第七条第（三）项"),
    (range(14, 18), Decimal("500"), "第七条第（四）项"),
)
EXCEPTIONAL_ITEM = 18
EXCEPTIONAL_CAP = Decimal("50000")  # 第七条第（五）项 "最高5万元"
CENT = Decimal("0.01")

# 第八条: the seven cases with no reward.
EXCLUSIONS: dict[int, str] = {
    1: "举报人没有提供被举报单位的准确名称、详细地址、基本违法事实的",
    2: "经生态环境部门调查难以确定具体违法主体和事实的",
    3: "举报人故意实施生态环境违法行为、制造虚假举报材料、敲诈勒索被举报人并举报该行为的",
    4: "举报人举报前被举报人违法行为已被生态环境部门掌握或已经被新闻媒体曝光的",
    5: "举报人为依法负有社会舆论监督、行政监督的机构及其工作人员的",
    6: "举报人不配合调查核实相关举报信息的",
    7: "不属于生态环境部门监管范围或者其他不符合法律法规规定的奖励情形",
}


_CN = "〇一二三四五六七八九"


def item_text(n: int) -> str:
    """An item number as the rules write it: 1 → 一, 12 → 十二."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


class RewardError(ValueError):
    """Facts the rules cannot decide on (a Chinese message)."""


@dataclass(frozen=True)
class Award:
    total: Decimal
    per_reporter: tuple[Decimal, ...]
    excluded: bool
    explain: tuple[str, ...]


def tier_of(item: int) -> tuple[Decimal, str]:
    for items, amount, article in TIERS:
        if item in items:
            return amount, article
    raise RewardError(f"第六条第{item}项不是按固定档次奖励的情形")


def award(
    *,
    categories: list[int],
    reporters: int = 1,
    exclusions: list[int] | None = None,
    approved_amount: Decimal | None = None,
) -> Award:
    """The reward for one violation and how the joint first reporters share it."""
    exclusions = sorted(set(exclusions or []))
    explain: list[str] = []
    if reporters < 1:
        raise RewardError("举报人数至少为1")
    if exclusions:
        for item in exclusions:
            explain.append(
                f"属于{SOURCE}第八条第（{item_text(item)}）项：{EXCLUSIONS[item]}，不予奖励。"
            )
        zero = Decimal("0.00")
        return Award(zero, (zero,) * reporters, True, tuple(explain))
    if not categories:
        raise RewardError("未列出查实的违法情形（第六条各项），无法确定奖励金额")
    items = sorted(set(categories))
    candidates: list[tuple[Decimal, str]] = []
    for item in items:
        if item == EXCEPTIONAL_ITEM:
            if approved_amount is None:
                raise RewardError(
                    "第六条第（十八）项（情节特别严重、不易发现）须经审批确定奖励金额，"
                    "请提供approved_amount"
                )
            if approved_amount <= 0 or approved_amount > EXCEPTIONAL_CAP:
                raise RewardError(
                    f"第六条第（十八）项奖励金额应大于0且不超过{EXCEPTIONAL_CAP}元（第七条第（五）项）"
                )
            amount = approved_amount.quantize(CENT, ROUND_HALF_UP)
            candidates.append((amount, "第七条第（五）项"))
            explain.append(
                f"第六条第（{item_text(item)}）项：经审批的奖励金额{amount}元，最高5万元（第七条第（五）项）。"
            )
        else:
            amount, article = tier_of(item)
            candidates.append((amount, article))
            explain.append(
                f"第六条第（{item_text(item)}）项：奖励{amount}元（{article}）。"
            )
    total, article = max(candidates, key=lambda candidate: candidate[0])
    total = total.quantize(CENT)
    if approved_amount is not None and EXCEPTIONAL_ITEM not in items:
        explain.append(
            "approved_amount仅适用于第六条第（十八）项，本件不适用，未采用。"
        )
    if len(items) > 1:
        explain.append(
            f"多项违法行为不累计奖励，按就高原则发放最高一项{total}元（{SOURCE}第十条）。"
        )
    shares = split(total, reporters)
    if reporters > 1:
        explain.append(
            f"共同第一举报人{reporters}人，协商不成的平均分配（第十条），"
            f"每人{shares[-1]}元，余下的分按登记先后给予在先的举报人。"
        )
    explain.append("奖励档次为种子文件所载本地标准（示例配置，尚待与辽宁省办法核对）。")
    return Award(total, shares, False, tuple(explain))


def split(total: Decimal, reporters: int) -> tuple[Decimal, ...]:
    """Equal shares to the cent; the remainder cents go to the earliest reporters."""
    cents = int((total / CENT).to_integral_value(ROUND_HALF_UP))
    base, remainder = divmod(cents, reporters)
    return tuple(
        (Decimal(base + (1 if index < remainder else 0)) * CENT).quantize(CENT)
        for index in range(reporters)
    )
