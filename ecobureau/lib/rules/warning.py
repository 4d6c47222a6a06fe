"""The `warning` rule: the heavy-pollution warning level of a forecast series
(CONTRACTS.md `warning`; lib.air_warning; reference/aqi.md §3).

In:  {"forecast": [{"date": "YYYY-MM-DD", "aqi": int}, ...]} — consecutive days.
Out: {"level": "none" | "yellow" | "orange" | "red", "explain": [...]}
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ecobureau.lib import air_warning

from . import Rule, RuleContext, RuleInputError

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _series(data: dict[str, Any]) -> list[tuple[date, int]]:
    unknown = [key for key in data if key != "forecast"]
    if unknown:
        names = "、".join(f"“{k}”" for k in unknown)
        raise RuleInputError(f"未知字段{names}（可用字段：forecast）")
    if "forecast" not in data:
        raise RuleInputError("缺少必填项“forecast”")
    items = data["forecast"]
    if not isinstance(items, list) or not items:
        raise RuleInputError(
            '“forecast”应为非空数组，每项为{"date": "YYYY-MM-DD", "aqi": 整数}'
        )
    out: list[tuple[date, int]] = []
    for number, item in enumerate(items, start=1):
        label = f"“forecast”第{number}项"
        if not isinstance(item, dict) or set(item) != {"date", "aqi"}:
            raise RuleInputError(f"{label}应为只含date和aqi的对象")
        text, value = item["date"], item["aqi"]
        if not isinstance(text, str) or not _DATE.fullmatch(text):
            raise RuleInputError(f"{label}的date应为YYYY-MM-DD格式的日期")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise RuleInputError(f"{label}的date“{text}”不是存在的日期") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleInputError(f"{label}的aqi应为整数")
        if not 0 <= value <= 500:
            raise RuleInputError(f"{label}的aqi应在0–500之间，收到{value}")
        out.append((day, value))
    try:
        air_warning.check_series(out)
    except air_warning.SeriesError as error:
        raise RuleInputError(str(error)) from None
    return out


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    days = _series(data)
    # The grading in force on the first forecast day decides, whatever version
    # --as-of picked: the input's dates are the rule's own dates.
    result = air_warning.grade(days)
    return {"level": result.level, "explain": result.explain}


RULES = (
    Rule(
        name="warning",
        version=air_warning.TEMPLATE_2018,
        valid_from=None,
        valid_to=date(2024, 1, 22),
        description="重污染天气预警分级（环办大气函〔2018〕875号国家模板：黄、橙、红）",
        run=run,
    ),
    Rule(
        name="warning",
        version=air_warning.GUIDANCE_2024,
        valid_from=air_warning.GUIDANCE_2024_FROM,
        valid_to=None,
        description="重污染天气预警分级（环大气〔2024〕6号：黄色、橙色、红色，按预测日AQI持续时间）",
        run=run,
    ),
)
