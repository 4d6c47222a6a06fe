"""The `deadline` rule: a statutory time limit from a start, an amount and a unit
(CONTRACTS.md `deadline`; reference/rules.md row P23 and section 4).

In:  {"start": "2026-11-23", "amount": 60, "unit": "workdays" | "days" | "months" |
      "hours", "pauses": [["2026-12-01", "2026-12-05"]]}
Out: {"due": "YYYY-MM-DD" (hours: "YYYY-MM-DDTHH:MM"), "provisional": bool,
      "explain": [...]}
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, cast

from ecobureau.lib import workdays
from ecobureau.lib.dates import SHANGHAI

from . import Rule, RuleContext, RuleInputError

KEYS = ("start", "amount", "unit", "pauses")
REQUIRED = ("start", "amount", "unit")
UNITS = (*workdays.UNITS, "hours")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

_JSON_TYPES = {
    str: "字符串",
    bool: "布尔值",
    int: "整数",
    float: "小数",
    list: "数组",
    dict: "对象",
    type(None): "null",
}


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    _check_keys(data)
    problems: list[str] = []
    unit = _unit(data["unit"], problems)
    amount = _amount(data["amount"], problems)
    if unit == "hours":
        moment = _local_datetime(data["start"], problems)
        if data.get("pauses"):
            problems.append("“pauses”只适用于workdays和days，按小时计算的期限不能暂停")
        if problems or moment is None or amount is None:
            raise RuleInputError("；".join(problems))
        return _run_hours(moment, amount)
    start = _date(data["start"], "“start”", problems)
    pauses = _pauses(data.get("pauses", []), problems)
    if pauses and unit == "months":
        problems.append("“pauses”只适用于workdays和days，按月计算的期限不能暂停")
    if problems or unit is None or start is None or amount is None:
        raise RuleInputError("；".join(problems))
    try:
        result = workdays.deadline(
            start=start,
            amount=amount,
            unit=cast(workdays.Unit, unit),
            pauses=pauses,
            calendar=ctx.calendar,
        )
    except workdays.CalendarError as error:
        raise RuleInputError(str(error)) from None
    return {
        "due": result.due.isoformat(),
        "provisional": result.provisional,
        "explain": result.explain,
    }


def _run_hours(start: datetime, amount: int) -> dict[str, Any]:
    try:
        due = workdays.deadline_hours(start=start, amount=amount)
    except workdays.CalendarError as error:
        raise RuleInputError(str(error)) from None
    return {
        "due": f"{due:%Y-%m-%dT%H:%M}",
        "provisional": False,
        "explain": [
            f"自{start:%Y-%m-%d %H:%M}（北京时间）起算"
            "（民法典第二百零一条：按照小时计算期间的，自规定的时间开始计算）",
            f"期限以小时连续计算，夜间和节假日照常计算、不顺延，"
            f"{amount}小时后为{due:%Y-%m-%d %H:%M}",
        ],
    }


# --- Input checks -------------------------------------------------------------------


def _check_keys(data: dict[str, Any]) -> None:
    problems = [f"缺少必填项“{key}”" for key in REQUIRED if key not in data]
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        names = "、".join(f"“{key}”" for key in unknown)
        problems.append(f"未知字段{names}（可用字段：{'、'.join(KEYS)}）")
    if problems:
        raise RuleInputError("；".join(problems))


def _type_name(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _unit(value: object, problems: list[str]) -> str | None:
    if isinstance(value, str) and value in UNITS:
        return value
    shown = f"“{value}”" if isinstance(value, str) else _type_name(value)
    problems.append(f"“unit”应为{'、'.join(UNITS)}之一，收到{shown}")
    return None


def _amount(value: object, problems: list[str]) -> int | None:
    # JSON true/false are ints to Python; a time limit is never a boolean.
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(f"“amount”应为整数，收到{_type_name(value)}")
        return None
    if value < 0:
        problems.append(f"“amount”不能为负数，收到{value}")
        return None
    return value


def _date(value: object, label: str, problems: list[str]) -> date | None:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.append(f"{label}“{value}”不是存在的日期")
            return None
    shown = f"“{value}”" if isinstance(value, str) else _type_name(value)
    problems.append(f"{label}应为YYYY-MM-DD格式的日期，收到{shown}")
    return None


def _local_datetime(value: object, problems: list[str]) -> datetime | None:
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value).replace(tzinfo=SHANGHAI)
        except ValueError:
            problems.append(f"“start”“{value}”不是存在的日期时间")
            return None
    shown = f"“{value}”" if isinstance(value, str) else _type_name(value)
    problems.append(
        f"按小时计算时“start”应为YYYY-MM-DDTHH:MM格式的北京时间，收到{shown}"
    )
    return None


def _pauses(value: object, problems: list[str]) -> list[tuple[date, date]]:
    example = '如[["2026-12-01", "2026-12-05"]]'
    if not isinstance(value, list):
        problems.append(
            f"“pauses”应为日期区间的数组，{example}，收到{_type_name(value)}"
        )
        return []
    spans = []
    for number, item in enumerate(value, start=1):
        label = f"“pauses”第{number}项"
        if not (isinstance(item, list) and len(item) == 2):
            problems.append(f"{label}应为[起始日, 结束日]两个日期，{example}")
            continue
        first = _date(item[0], f"{label}的起始日", problems)
        last = _date(item[1], f"{label}的结束日", problems)
        if first is None or last is None:
            continue
        if first > last:
            problems.append(f"{label}的起始日{first}晚于结束日{last}")
            continue
        spans.append((first, last))
    return spans


RULES = (
    Rule(
        name="deadline",
        version="GWYL795-2025",
        # The counting rules (民法典, 行政处罚法 2021) and the bundled calendar
        # cover every year the platform handles; 国务院令第795号 (in force
        # 2025-01-01) only shapes the guess for years not yet published.
        valid_from=None,
        valid_to=None,
        description=(
            "法定期限计算：工作日、日、月、小时期限，节假日顺延与暂停计时"
            "（民法典第二百零一条至第二百零三条、行政处罚法第八十五条、国务院令第795号）"
        ),
        run=run,
    ),
)
