"""The `enterprise-class` rule: an enterprise's A/B/C class for differentiated grid
supervision (CONTRACTS.md `enterprise-class`; seed 002 附件1 一; requirements C6).

In:  {"key_source": null | "national" | "provincial",
      "size": "large" | "medium" | "small" | "micro",
      "pollution": "none" | "minor" | "significant", "violations_3y": int}
Out: {"class": "A" | "B" | "C", "explain": [...]}

Seed 002 附件1 一: "A类单位为无环境污染或轻微环境污染的小型守法型企业，对其实行简化管理；
B类单位为存在环境污染中性守法型企业，对其实行常规管理；C类单位为国控源、省控源企业，
存在环境污染的大型守法企业和三年内存在环境违法行为的排污企业，对其实行强化监管". The
rule is checked in that order of severity: C first, then A, and B for the rest.
"""

from __future__ import annotations

from typing import Any

from . import Rule, RuleContext, RuleInputError

KEYS = ("key_source", "size", "pollution", "violations_3y")
KEY_SOURCES = ("national", "provincial")
SIZES = ("large", "medium", "small", "micro")
POLLUTIONS = ("none", "minor", "significant")

BASIS = "盘政办发〔2015〕141号附件1第一条"
LABELS = {
    "national": "国控源",
    "provincial": "省控源",
    "large": "大型",
    "medium": "中型",
    "small": "小型",
    "micro": "微型",
    "none": "无环境污染",
    "minor": "轻微环境污染",
    "significant": "存在环境污染",
}
MEASURES = {
    "A": "简化管理",
    "B": "常规管理",
    "C": "强化监管",
}


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    problems = [f"缺少必填项“{key}”" for key in KEYS if key not in data]
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        names = "、".join(f"“{key}”" for key in unknown)
        problems.append(f"未知字段{names}（可用字段：{'、'.join(KEYS)}）")
    if problems:
        raise RuleInputError("；".join(problems))
    key_source = _choice(data["key_source"], "key_source", KEY_SOURCES, problems, True)
    size = _choice(data["size"], "size", SIZES, problems, False)
    pollution = _choice(data["pollution"], "pollution", POLLUTIONS, problems, False)
    violations = _count(data["violations_3y"], problems)
    if problems or size is None or pollution is None or violations is None:
        raise RuleInputError("；".join(problems))
    klass, explain = decide(
        key_source=key_source, size=size, pollution=pollution, violations_3y=violations
    )
    return {"class": klass, "explain": explain}


def decide(
    *, key_source: str | None, size: str, pollution: str, violations_3y: int
) -> tuple[str, list[str]]:
    """The class and the sentences that led to it (inputs already checked)."""
    facts = (
        f"企业情况：{LABELS[key_source] if key_source else '非国控、省控源'}，"
        f"{LABELS[size]}企业，{LABELS[pollution]}，近三年环境违法行为{violations_3y}次"
    )
    explain = [facts]
    reasons = []
    if key_source:
        reasons.append(f"属{LABELS[key_source]}企业")
    if violations_3y > 0:
        reasons.append(f"三年内存在环境违法行为（{violations_3y}次）")
    if size == "large" and pollution == "significant":
        reasons.append("属存在环境污染的大型企业")
    if reasons:
        explain.append(
            f"{'；'.join(reasons)}，依{BASIS}（C类单位为国控源、省控源企业，存在环境污染的"
            "大型守法企业和三年内存在环境违法行为的排污企业），定为C类，实行强化监管"
        )
        return "C", explain
    if size in ("small", "micro") and pollution in ("none", "minor"):
        explain.append(
            f"{LABELS[size]}守法企业、{LABELS[pollution]}，依{BASIS}"
            "（A类单位为无环境污染或轻微环境污染的小型守法型企业），定为A类，实行简化管理"
        )
        return "A", explain
    explain.append(
        f"不属C类情形，也不属小型、无或轻微污染的A类情形，依{BASIS}"
        "（B类单位为存在环境污染的中型守法企业，种子文件“中性守法型”按“中型”理解），"
        "定为B类，实行常规管理"
    )
    return "B", explain


def _choice(
    value: object,
    key: str,
    allowed: tuple[str, ...],
    problems: list[str],
    nullable: bool,
) -> str | None:
    if value is None and nullable:
        return None
    if isinstance(value, str) and value in allowed:
        return value
    options = "、".join(allowed) + ("或null" if nullable else "")
    shown = f"“{value}”" if isinstance(value, str) else _type_name(value)
    problems.append(f"“{key}”应为{options}之一，收到{shown}")
    return None


def _count(value: object, problems: list[str]) -> int | None:
    # JSON true/false are ints to Python; a number of violations is never a boolean.
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(f"“violations_3y”应为整数，收到{_type_name(value)}")
        return None
    if value < 0:
        problems.append(f"“violations_3y”不能为负数，收到{value}")
        return None
    return value


def _type_name(value: object) -> str:
    names = {
        str: "字符串",
        bool: "布尔值",
        int: "整数",
        float: "小数",
        list: "数组",
        dict: "对象",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


RULES = (
    Rule(
        name="enterprise-class",
        version="PZBF2015-141",
        # 盘政办发〔2015〕141号, issued 2015-12-29, is the grid plan this class rule
        # comes from; it has no end date.
        valid_from=None,
        valid_to=None,
        description=(
            "网格化环境监管企业分类：A类简化管理、B类常规管理、C类强化监管"
            "（盘政办发〔2015〕141号附件1）"
        ),
        run=run,
    ),
)
