"""The `surcharge` rule: the late-payment surcharge (加处罚款) on an unpaid fine
(CONTRACTS.md `surcharge`; 行政处罚法 第七十二条第一款第一项, 行政强制法 第四十五条).

In:  {"fine": number, "due": "YYYY-MM-DD", "paid_on": "YYYY-MM-DD",
      "suspended": [["YYYY-MM-DD", "YYYY-MM-DD"], ...]}
Out: {"days": int, "surcharge": number, "explain": [...]}

Each calendar day from the day after `due` up to and including `paid_on` adds 3 % of
the fine, except days inside a suspension (reconsideration or litigation, both ends
counted as suspended); the surcharge never exceeds the fine (行政强制法 第四十五条第二款),
while `days` keeps counting.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import Rule, RuleContext, RuleInputError

KEYS = ("fine", "due", "paid_on", "suspended")
RATE = Decimal("0.03")
BASIS = "行政处罚法第七十二条第一款第一项"
CAP_BASIS = "行政强制法第四十五条第二款"


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    problems: list[str] = []
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        problems.append("未知字段" + "、".join(f"“{k}”" for k in unknown))
    fine = _fine(data.get("fine"), problems)
    due = _date(data.get("due"), "due", problems)
    paid_on = _date(data.get("paid_on"), "paid_on", problems)
    periods = _periods(data.get("suspended", []), problems)
    if problems:
        raise RuleInputError("；".join(problems))
    assert fine is not None and due is not None and paid_on is not None
    days = _late_days(due, paid_on, periods)
    surcharge = min(fine * RATE * days, fine).quantize(Decimal("0.01"), ROUND_HALF_UP)
    explain = [
        f"罚款{fine}元，缴款期限届满日为{due.isoformat()}，实际缴纳日为{paid_on.isoformat()}"
    ]
    if days == 0:
        explain.append("在期限内缴纳，不加处罚款")
    else:
        if periods:
            explain.append(f"扣除复议、诉讼期间{len(periods)}段（不计加处罚款）")
        explain.append(f"逾期{days}日，每日按罚款数额的3%加处罚款（{BASIS}）")
        if fine * RATE * days > fine:
            explain.append(
                f"加处罚款的数额不得超出罚款的数额（{CAP_BASIS}），按{fine}元计"
            )
        explain.append(f"加处罚款{surcharge}元")
    return {"days": days, "surcharge": float(surcharge), "explain": explain}


def _late_days(due: date, paid_on: date, periods: list[tuple[date, date]]) -> int:
    if paid_on <= due:
        return 0
    total = (paid_on - due).days
    for start, end in _merged(periods):
        first = max(start, due + timedelta(days=1))
        last = min(end, paid_on)
        if first <= last:
            total -= (last - first).days + 1
    return total


def _merged(periods: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Overlapping suspensions count their shared days once."""
    merged: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _fine(value: object, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append("“fine”应为数字")
        return None
    if not math.isfinite(value) or value < 0:
        problems.append("“fine”应为不小于0的有限数字")
        return None
    return Decimal(str(value))


def _date(value: object, key: str, problems: list[str]) -> date | None:
    if not isinstance(value, str):
        problems.append(f"缺少日期“{key}”（YYYY-MM-DD）")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"“{key}”不是有效日期：{value}")
        return None


def _periods(value: object, problems: list[str]) -> list[tuple[date, date]]:
    if not isinstance(value, list):
        problems.append("“suspended”应为日期对的数组")
        return []
    periods = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2):
            problems.append("“suspended”的每一项应为[开始日期, 结束日期]")
            continue
        start = _date(item[0], "suspended", problems)
        end = _date(item[1], "suspended", problems)
        if start and end:
            if end < start:
                problems.append(f"中止期间结束日早于开始日：{item[0]}至{item[1]}")
            else:
                periods.append((start, end))
    return periods


RULES = (
    Rule(
        name="surcharge",
        version="行政处罚法2021",
        valid_from=date(2021, 7, 15),
        valid_to=None,
        description="逾期不缴纳罚款每日按罚款数额3%加处罚款，不超过罚款数额",
        run=run,
    ),
)
