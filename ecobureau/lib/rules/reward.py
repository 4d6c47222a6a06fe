"""The `reward` rule: the amount of a reporting reward and its equal shares
(CONTRACTS.md `reward`; seed 000 举报奖励实施细则 第六条、第七条、第八条、第十条;
reference/rules.md R3).

In:  {"categories": [int], "reporters": int, "exclusions": [int], "approved_amount": number}
Out: {"total": number, "per_reporter": [number], "excluded": bool, "explain": [...]}
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from ecobureau.lib import reward

from . import Rule, RuleContext, RuleInputError

KEYS = ("categories", "reporters", "exclusions", "approved_amount")


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    problems: list[str] = []
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        names = "、".join(f"“{key}”" for key in unknown)
        problems.append(f"未知字段{names}（可用字段：{'、'.join(KEYS)}）")
    if "categories" not in data:
        problems.append("缺少必填项“categories”")
    categories = _items(data.get("categories", []), "categories", 1, 18, problems)
    exclusions = _items(data.get("exclusions", []), "exclusions", 1, 7, problems)
    reporters = data.get("reporters", 1)
    if isinstance(reporters, bool) or not isinstance(reporters, int) or reporters < 1:
        problems.append("“reporters”应为不小于1的整数")
        reporters = 1
    approved = data.get("approved_amount")
    amount: Decimal | None = None
    if approved is not None:
        if isinstance(approved, bool) or not isinstance(approved, int | float):
            problems.append("“approved_amount”应为数字")
        elif not math.isfinite(approved):
            problems.append("“approved_amount”应为有限的数字")
        else:
            amount = Decimal(str(approved))
    if problems:
        raise RuleInputError("；".join(problems))
    try:
        result = reward.award(
            categories=categories,
            reporters=reporters,
            exclusions=exclusions,
            approved_amount=amount,
        )
    except reward.RewardError as error:
        raise RuleInputError(str(error)) from None
    return {
        "total": float(result.total),
        "per_reporter": [float(share) for share in result.per_reporter],
        "excluded": result.excluded,
        "explain": list(result.explain),
    }


def _items(
    value: object, key: str, low: int, high: int, problems: list[str]
) -> list[int]:
    if not isinstance(value, list):
        problems.append(f"“{key}”应为整数数组")
        return []
    items = []
    for item in value:
        if (
            isinstance(item, bool)
            or not isinstance(item, int)
            or not low <= item <= high
        ):
            problems.append(
                f"“{key}”的每一项应为{low}至{high}的整数，收到{json_text(item)}"
            )
            continue
        items.append(item)
    return items


def json_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return f"“{value}”" if isinstance(value, str) else str(value)


RULES = (
    Rule(
        name="reward",
        version="AS-JBJL-试行",
        # 第十五条: valid one year from publication; the seed does not give the
        # date, so the rule is open-ended and the module records the date entered
        # (requirements A128).
        valid_from=None,
        valid_to=None,
        description=(
            "举报奖励金额：按第六条查实情形就高奖励、不予奖励情形、"
            "共同第一举报人平均分配（鞍山市举报奖励实施细则第六至第十条，示例配置）"
        ),
        run=run,
    ),
)
