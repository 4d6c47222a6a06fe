"""The `demolition-filing` rule: is a demolition plan filed early enough?

A soil key unit files its demolition pollution-prevention plan at least fifteen
working days before demolition starts (工矿用地土壤环境管理办法 第十四条; seed 000
其他行政权力事项3; requirements A12b). The application form of that item runs this
rule on the planned start date.

In:  {"filed_on": "2026-11-23", "starts_on": "2026-12-20"}
Out: {"ok": bool, "earliest_start": "YYYY-MM-DD", "provisional": bool,
      "explain": [...]}
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ecobureau.lib import service_window, workdays

from . import Rule, RuleContext, RuleInputError

KEYS = ("filed_on", "starts_on")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    problems = [f"缺少必填项“{key}”" for key in KEYS if key not in data]
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        names = "、".join(f"“{key}”" for key in unknown)
        problems.append(f"未知字段{names}（可用字段：{'、'.join(KEYS)}）")
    if problems:
        raise RuleInputError("；".join(problems))
    filed_on = _date(data["filed_on"], "“filed_on”", problems)
    starts_on = _date(data["starts_on"], "“starts_on”", problems)
    if problems or filed_on is None or starts_on is None:
        raise RuleInputError("；".join(problems))
    try:
        check = service_window.demolition_lead_check(
            filed_on=filed_on, starts_on=starts_on, calendar=ctx.calendar
        )
    except workdays.CalendarError as error:
        raise RuleInputError(str(error)) from None
    return {
        "ok": check.ok,
        "earliest_start": check.earliest_start.isoformat(),
        "provisional": check.provisional,
        "explain": check.explain,
    }


def _date(value: object, label: str, problems: list[str]) -> date | None:
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.append(f"{label}“{value}”不是存在的日期")
            return None
    problems.append(f"{label}应为YYYY-MM-DD格式的日期")
    return None


RULES = (
    Rule(
        name="demolition-filing",
        version="GKYD3-2018",
        # 工矿用地土壤环境管理办法（生态环境部令第3号）, in force 2018-08-01.
        valid_from=date(2018, 8, 1),
        valid_to=None,
        description=(
            "拆除活动污染防治方案备案时间：应在拆除活动前十五个工作日备案"
            "（工矿用地土壤环境管理办法第十四条）"
        ),
        run=run,
    ),
)
