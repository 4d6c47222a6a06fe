"""The `minor-exceedance` rule: does an exceedance episode meet the conditions of
item 3 of 《鞍山市生态环境部门依法不予行政处罚的轻微环境违法行为目录清单》
(seed 000)? A pre-check for the officer, who still decides (行政处罚法 第三十三条).

Item 3, 超标排放污染物的行为, 适用条件: 首次被发现，除第一类污染物、有毒有害物质、
放射性物质、重金属、持久性有机污染物之外，超标排放水污染物或大气污染物不超过2小时，
超标倍数在0.1倍以内、PH值大于等于5或者小于等于9.5的、噪声超标在1分贝以内的。

In:  {"pollutant": "w01018", "hours": 2, "max_value": 54.5, "limit": 50,
      "prior_episodes": 0}
Out: {"eligible": bool, "multiple": number, "conditions": {"first": bool,
      "pollutant": bool, "duration": bool, "extent": bool}, "explain": [...]}

"首次被发现" is read as: no earlier exceedance episode of the same enterprise in
the look-back period that was not dismissed; the caller counts them
(`prior_episodes`). The period is a setting (default 12 months, the Shanxi 2025
list's definition of 初次违法; reference/rules.md 3.3 — NOT CONFIRMED for
Liaoning, 示例配置).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from . import Rule, RuleContext, RuleInputError

KEYS = ("pollutant", "hours", "max_value", "limit", "prior_episodes")
MAX_HOURS = 2
MAX_MULTIPLE = Decimal("0.1")
PH_RANGE = (Decimal("5"), Decimal("9.5"))
NOISE_MARGIN = Decimal("1")
PH_CODES = frozenset({"w01001", "001"})
NOISE_CODES = frozenset({"LA", "Leq", "Ld", "Ln", "Ldn", "LMx", "LMn"})

# Pollutants the item excludes, by HJ 212-2017 code: the metal blocks of
# Appendix B (w20… in water: mercury, cadmium, chromium, arsenic, lead, nickel,
# copper …, most of them first-class pollutants of GB 8978-1996; a20… in waste
# gas: mercury and its compounds …), cyanide and volatile phenol (toxic and
# harmful water pollutants). This is the platform's reading of the appendix,
# shipped as 示例配置 for the legal section to confirm.
EXCLUDED_PREFIXES = ("w20", "a20")
EXCLUDED_CODES = frozenset({"w21016", "w23002"})
BASIS = "《鞍山市生态环境部门依法不予行政处罚的轻微环境违法行为目录清单》第3项"


def excluded(code: str) -> bool:
    return code in EXCLUDED_CODES or code.startswith(EXCLUDED_PREFIXES)


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    unknown = [key for key in data if key not in KEYS]
    missing = [
        key for key in ("pollutant", "hours", "max_value", "limit") if key not in data
    ]
    problems = [f"缺少必填项“{key}”" for key in missing]
    if unknown:
        problems.append(f"未知字段{'、'.join(unknown)}（可用字段：{'、'.join(KEYS)}）")
    if problems:
        raise RuleInputError("；".join(problems))
    pollutant = data["pollutant"]
    if not isinstance(pollutant, str) or not pollutant:
        raise RuleInputError("“pollutant”应为HJ 212污染物编码字符串")
    hours = _count(data["hours"], "hours")
    prior = _count(data.get("prior_episodes", 0), "prior_episodes")
    value = _number(data["max_value"], "max_value")
    limit = _number(data["limit"], "limit")
    if limit <= 0:
        raise RuleInputError("“limit”应为正数")
    return decide(pollutant, hours, value, limit, prior)


def decide(
    pollutant: str, hours: int, value: Decimal, limit: Decimal, prior: int
) -> dict[str, Any]:
    multiple = (value - limit) / limit
    shown = multiple.quantize(Decimal("0.0001"))
    explain = []
    first = prior == 0
    explain.append(
        f"首次被发现：回溯期内{'无' if first else f'有{prior}次'}未排除的超标时段（{BASIS}“首次被发现”）"
    )
    allowed = not excluded(pollutant)
    explain.append(
        f"污染物{pollutant}"
        + ("不属于" if allowed else "属于")
        + "第一类污染物、有毒有害物质、放射性物质、重金属或持久性有机污染物（示例配置的编码范围）"
    )
    duration = hours <= MAX_HOURS
    explain.append(f"超标持续{hours}小时，{'未' if duration else '已'}超过2小时")
    if pollutant in PH_CODES:
        extent = PH_RANGE[0] <= value <= PH_RANGE[1]
        explain.append(f"pH值{value}，{'在' if extent else '不在'}5至9.5之间")
    elif pollutant in NOISE_CODES:
        extent = value - limit <= NOISE_MARGIN
        explain.append(
            f"噪声超标{value - limit}分贝，{'在' if extent else '超出'}1分贝以内"
        )
    else:
        extent = multiple <= MAX_MULTIPLE
        explain.append(
            f"最大超标倍数(C−限值)/限值={shown}，{'在' if extent else '超出'}0.1倍以内"
        )
    eligible = first and allowed and duration and extent
    explain.append(
        ("符合" if eligible else "不符合")
        + f"{BASIS}的适用条件"
        + (
            "，可依法不予行政处罚（由执法人员核实“及时改正、未造成危害后果”后决定）"
            if eligible
            else ""
        )
    )
    return {
        "eligible": eligible,
        "multiple": float(shown),
        "conditions": {
            "first": first,
            "pollutant": allowed,
            "duration": duration,
            "extent": extent,
        },
        "explain": explain,
    }


def _count(value: object, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RuleInputError(f"“{name}”应为非负整数")
    return value


def _number(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RuleInputError(f"“{name}”应为数字")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RuleInputError(f"“{name}”应为数字") from None
    if not number.is_finite():
        raise RuleInputError(f"“{name}”应为数字")
    return number


RULES = (
    Rule(
        name="minor-exceedance",
        version="鞍山轻微违法清单第3项",
        valid_from=None,
        valid_to=None,
        description="超标时段是否符合轻微违法行为清单第3项（首次、≤2小时、≤0.1倍）的初判",
        run=run,
    ),
)
