"""Preliminary grade of an environmental emergency (突发环境事件分级) — a pure function.

The criteria are data (`CRITERIA`), each with the clause it comes from:
国家突发环境事件应急预案（国办函〔2014〕119号）附件1《突发环境事件分级标准》.
The plan's note on quantities applies: "以上" includes the number, "以下" excludes
it — so 30 deaths is 特别重大, 29 is 重大. Each criterion is "any one of" (凡符合下列
情形之一的): the grade is the highest one any fact reaches; an incident confirmed as
an environmental emergency is at least 一般.

Each criterion carries where its text was checked (`status`, `source`):

- `OFFICIAL`: read in a government authority's publication of the annex — the
  宁夏回族自治区生态环境厅 page "突发环境事件分级和分类标准" (2020-10-28, "依据
  国办函〔2014〕119号"), `NX_SOURCE`. The copy retrieved gave the 特别重大 items
  1–5 and the 重大 item 1 only.
- `THIRD_PARTY`: matches a third-party copy of the annex (`COPY_SOURCE`, a
  document-sharing site — not an authority); the official text was not retrieved.
- `NOT_CONFIRMED`: no text retrieved at all — the value is 示例配置 carried over
  from the first slice, to be checked by the emergency section (应急科) against
  the State Council's text before it is relied on. Being example configuration,
  a bureau may set its own value with the setting EMERGENCY_GRADING_OVERRIDES
  (`apply_overrides`); OFFICIAL and THIRD_PARTY values are the plan's text and
  cannot be overridden. A reason resting on an overridden value says （本局配置）.

Every criterion is a `Threshold` "`field` at least `minimum` → at least `grade`":
a number for the counts and the loss, a level (in the order of WATER_LEVELS,
BOUNDARY_LEVELS, ECOLOGY_LEVELS) for the ordinal facts. `grade()` is pure: it
takes the criteria to apply (`DEFAULT` unless given); `configured_criteria()` is
the thin wrapper that reads the setting.

Note: the 附录 of 环境保护部令第17号 (2011) still prints the older 2006 grading
(特别重大 from 10 deaths); the 2014 plan replaced it, and the plan is what this
module grades by. Radiological incidents (放射源) are graded by the nuclear-safety
rules and are not covered here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SOURCE = "国家突发环境事件应急预案（国办函〔2014〕119号）附件1 突发环境事件分级标准"
NX_SOURCE = (
    "宁夏回族自治区生态环境厅《突发环境事件分级和分类标准》（2020-10-28，依据国办函"
    "〔2014〕119号）https://sthjt.nx.gov.cn/zwgk/hjyj/yjya_63370/202101/"
    "t20210120_3633211.html"
)
COPY_SOURCE = (
    "第三方转载《突发环境事件分级标准》https://www.renrendoc.com/paper/288250216.html"
    "（非权威来源，未见官方原文）"
)

# How far each criterion's value was checked (see the module docstring).
OFFICIAL = "official"
THIRD_PARTY = "third_party"
NOT_CONFIRMED = "not_confirmed"
STATUS_LABELS = {
    OFFICIAL: "已核对（政府公开文本）",
    THIRD_PARTY: "与第三方转载一致，官方原文未核对",
    NOT_CONFIRMED: "示例配置（NOT CONFIRMED，未取得原文）",
}
STATUS_SOURCES = {OFFICIAL: NX_SOURCE, THIRD_PARTY: COPY_SOURCE, NOT_CONFIRMED: ""}
# The plan's note on quantities ("以上"含本数, "以下"不含本数) was not in the text
# retrieved; the comparison below (>=) follows it as the first slice transcribed it.
QUANTITY_NOTE_STATUS = NOT_CONFIRMED

# Grades from the lowest; the code is stored on the incident.
GENERAL = "general"
LARGER = "larger"
MAJOR = "major"
ESPECIALLY_MAJOR = "especially_major"
GRADES = (GENERAL, LARGER, MAJOR, ESPECIALLY_MAJOR)
LABELS = {
    GENERAL: "一般（Ⅳ级）",
    LARGER: "较大（Ⅲ级）",
    MAJOR: "重大（Ⅱ级）",
    ESPECIALLY_MAJOR: "特别重大（Ⅰ级）",
}

# Ordinal facts: which level of drinking-water interruption, boundary crossed, or
# ecological damage the incident caused ("none" = none of them).
WATER_LEVELS = {
    "none": "无",
    "township": "乡镇集中式饮用水水源地取水中断",
    "county": "县级城市集中式饮用水水源地取水中断",
    "city": "设区的市级以上城市集中式饮用水水源地取水中断",
}
BOUNDARY_LEVELS = {
    "none": "无",
    "city": "造成跨设区的市级行政区域影响",
    "province": "造成跨省级行政区域影响",
    "national": "造成重大跨国境影响",
}
ECOLOGY_LEVELS = {
    "none": "无",
    "species_damaged": "国家重点保护的动植物物种受到破坏",
    "partial_loss": "区域生态功能部分丧失或国家重点保护野生动植物种群大批死亡",
    "function_lost": "区域生态功能丧失或国家重点保护物种灭绝",
}


@dataclass(frozen=True)
class Threshold:
    """ "`field` at least `minimum` → at least `grade`" (以上 includes the number)."""

    field: str
    grade: str
    minimum: Decimal | int | str
    text: str
    status: str = NOT_CONFIRMED
    overridden: bool = False  # the bureau's value (EMERGENCY_GRADING_OVERRIDES)

    @property
    def source(self) -> str:
        return STATUS_SOURCES[self.status]

    @property
    def key(self) -> str:
        return f"{self.field}:{self.grade}"


# Numeric criteria (附件1 each grade's items 1–3).
CRITERIA: tuple[Threshold, ...] = (
    Threshold(
        "deaths", ESPECIALLY_MAJOR, 30, "因环境污染直接导致30人以上死亡", OFFICIAL
    ),
    Threshold("deaths", MAJOR, 10, "因环境污染直接导致10人以上30人以下死亡", OFFICIAL),
    Threshold(
        "deaths", LARGER, 3, "因环境污染直接导致3人以上10人以下死亡", THIRD_PARTY
    ),
    Threshold("poisoned", ESPECIALLY_MAJOR, 100, "100人以上中毒或重伤", OFFICIAL),
    Threshold("poisoned", MAJOR, 50, "50人以上100人以下中毒或重伤", OFFICIAL),
    Threshold("poisoned", LARGER, 10, "10人以上50人以下中毒或重伤", THIRD_PARTY),
    Threshold(
        "evacuated",
        ESPECIALLY_MAJOR,
        50000,
        "因环境污染疏散、转移人员5万人以上",
        OFFICIAL,
    ),
    Threshold(
        "evacuated", MAJOR, 10000, "疏散、转移人员1万人以上5万人以下", THIRD_PARTY
    ),
    Threshold(
        "evacuated", LARGER, 5000, "疏散、转移人员5000人以上1万人以下", THIRD_PARTY
    ),
    Threshold(
        "loss_10k_yuan",
        ESPECIALLY_MAJOR,
        Decimal("10000"),
        "直接经济损失1亿元以上",
        OFFICIAL,
    ),
    Threshold(
        "loss_10k_yuan",
        MAJOR,
        Decimal("2000"),
        "直接经济损失2000万元以上1亿元以下",
        THIRD_PARTY,
    ),
    Threshold(
        "loss_10k_yuan",
        LARGER,
        Decimal("500"),
        "直接经济损失500万元以上2000万元以下",
        THIRD_PARTY,
    ),
)

# Ordinal criteria: the level named gives the grade.
LEVEL_GRADES: dict[str, dict[str, str]] = {
    "water": {"township": LARGER, "county": MAJOR, "city": ESPECIALLY_MAJOR},
    "boundary": {"city": LARGER, "province": MAJOR, "national": ESPECIALLY_MAJOR},
    "ecology": {
        "species_damaged": LARGER,
        "partial_loss": MAJOR,
        "function_lost": ESPECIALLY_MAJOR,
    },
}
# Where each ordinal criterion's text was checked (OFFICIAL / THIRD_PARTY /
# NOT_CONFIRMED, see the module docstring).
LEVEL_STATUS: dict[tuple[str, str], str] = {
    ("water", "city"): OFFICIAL,  # 特别重大 (5)
    ("water", "county"): THIRD_PARTY,  # 重大 (5)
    ("water", "township"): NOT_CONFIRMED,  # 较大 (5): not in the text retrieved
    ("boundary", "national"): THIRD_PARTY,  # 特别重大: 重大跨国境影响
    ("boundary", "province"): THIRD_PARTY,  # 重大 (6)
    ("boundary", "city"): NOT_CONFIRMED,  # 较大 (6): not in the text retrieved
    ("ecology", "function_lost"): OFFICIAL,  # 特别重大 (4)
    ("ecology", "partial_loss"): THIRD_PARTY,  # 重大 (4)
    ("ecology", "species_damaged"): THIRD_PARTY,  # 较大 (4)
}
_LEVEL_TEXT = {
    "water": WATER_LEVELS,
    "boundary": BOUNDARY_LEVELS,
    "ecology": ECOLOGY_LEVELS,
}


def _rank(grade: str) -> int:
    return GRADES.index(grade)


def _level_rank(kind: str, level: str) -> int:
    return list(_LEVEL_TEXT[kind]).index(level)


# The ordinal criteria as thresholds: the level named is the lowest that reaches
# the grade (each field's bands from the highest, as CRITERIA).
LEVEL_CRITERIA: tuple[Threshold, ...] = tuple(
    Threshold(
        kind, reached, level, _LEVEL_TEXT[kind][level], LEVEL_STATUS[(kind, level)]
    )
    for kind, levels in LEVEL_GRADES.items()
    for level, reached in sorted(levels.items(), key=lambda item: -_rank(item[1]))
)
FIELD_LABELS = {
    "deaths": "因环境污染直接导致死亡人数",
    "poisoned": "中毒或重伤人数",
    "evacuated": "疏散、转移人员",
    "loss_10k_yuan": "直接经济损失（万元）",
    "water": "饮用水水源地取水中断",
    "boundary": "跨区域影响",
    "ecology": "生态破坏",
}


@dataclass(frozen=True)
class Criteria:
    """The criteria `grade()` applies: the numeric and the ordinal thresholds."""

    numeric: tuple[Threshold, ...] = CRITERIA
    levels: tuple[Threshold, ...] = LEVEL_CRITERIA

    def all(self) -> tuple[Threshold, ...]:
        return (*self.numeric, *self.levels)


DEFAULT = Criteria()
OVERRIDES_SETTING = "EMERGENCY_GRADING_OVERRIDES"


def _override_value(threshold: Threshold, raw: Any) -> Decimal | int | str:
    name = f"{OVERRIDES_SETTING}[{threshold.key!r}]"
    if threshold.field in LEVEL_GRADES:
        levels = [level for level in _LEVEL_TEXT[threshold.field] if level != "none"]
        if raw not in levels:
            raise ValueError(f"{name}应为以下级别之一：{'、'.join(levels)}")
        return str(raw)
    if isinstance(raw, bool):
        raise ValueError(f"{name}应为大于0的数值")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(f"{name}应为大于0的数值") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{name}应为大于0的数值")
    if threshold.field == "loss_10k_yuan":
        return value
    if value != value.to_integral_value():
        raise ValueError(f"{name}应为正整数（人数）")
    return int(value)


def _overridden(threshold: Threshold, minimum: Decimal | int | str) -> Threshold:
    text = threshold.text
    if threshold.field not in LEVEL_GRADES:
        text = f"{FIELD_LABELS[threshold.field]}{minimum}以上"
    return replace(threshold, minimum=minimum, text=text, overridden=True)


def _check_bands(thresholds: tuple[Threshold, ...]) -> None:
    """Within a field the minimums must rise with the grade, or a band is empty.

    An ordinal criterion may be raised to the next grade's level: the level below
    then no longer reaches the lower grade on its own (the bureau's reading of
    the plan's item); `grade()` says so in its reasons."""
    by_field: dict[str, list[Threshold]] = {}
    for threshold in thresholds:
        by_field.setdefault(threshold.field, []).append(threshold)
    for name, bands in by_field.items():
        bands.sort(key=lambda t: _rank(t.grade))
        for lower, higher in pairwise(bands):
            if name in LEVEL_GRADES:
                ordered = _level_rank(name, str(lower.minimum)) <= _level_rank(
                    name, str(higher.minimum)
                )
            else:
                ordered = Decimal(lower.minimum) < Decimal(higher.minimum)
            if not ordered:
                relation = "不得高于" if name in LEVEL_GRADES else "须低于"
                raise ValueError(
                    f"{OVERRIDES_SETTING}：{lower.key}的下限（{lower.minimum}）"
                    f"{relation}{higher.key}的下限（{higher.minimum}），否则"
                    f"{LABELS[lower.grade]}与{LABELS[higher.grade]}的分级顺序颠倒"
                )


def apply_overrides(overrides: Mapping[str, Any], base: Criteria = DEFAULT) -> Criteria:
    """The criteria with the bureau's values for criteria marked NOT_CONFIRMED.

    `overrides` maps "field:grade" (e.g. "water:larger") to the new minimum: a
    number for the counts and the loss (万元), a level code for the ordinal facts.
    Raises ValueError (a clear Chinese message) for an unknown key, a bad value,
    bands out of order, or a criterion that is OFFICIAL or THIRD_PARTY."""
    if not isinstance(overrides, Mapping):
        raise ValueError(f"{OVERRIDES_SETTING}应为对象（JSON），键为“字段:级别”")
    known = {t.key: t for t in base.all()}
    replaced: dict[str, Threshold] = {}
    for key, raw in overrides.items():
        threshold = known.get(str(key))
        if threshold is None:
            raise ValueError(
                f"{OVERRIDES_SETTING}中有未知项{key!r}，应为“字段:级别”，"
                f"可选：{'、'.join(sorted(known))}"
            )
        if threshold.status != NOT_CONFIRMED:
            raise ValueError(
                f"{OVERRIDES_SETTING}不能修改{key}（{LABELS[threshold.grade]}："
                f"{threshold.text}）：该标准{STATUS_LABELS[threshold.status]}，"
                "是国家预案的规定；只有标为示例配置（NOT CONFIRMED）的标准可由本局配置"
            )
        replaced[threshold.key] = _overridden(
            threshold, _override_value(threshold, raw)
        )
    criteria = Criteria(
        numeric=tuple(replaced.get(t.key, t) for t in base.numeric),
        levels=tuple(replaced.get(t.key, t) for t in base.levels),
    )
    _check_bands(criteria.all())
    return criteria


def configured_criteria() -> Criteria:
    """The criteria with the setting EMERGENCY_GRADING_OVERRIDES applied (the thin
    wrapper around `grade()`); a wrong setting stops with ImproperlyConfigured."""
    overrides = getattr(settings, OVERRIDES_SETTING, None) or {}
    if not overrides:
        return DEFAULT
    try:
        return apply_overrides(overrides)
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from error


def grade_configured(facts: Facts) -> Result:
    """`grade()` with the bureau's configured criteria."""
    return grade(facts, configured_criteria())


@dataclass(frozen=True)
class Facts:
    deaths: int = 0
    poisoned: int = 0  # 中毒或重伤
    evacuated: int = 0  # 疏散、转移人员
    loss_10k_yuan: Decimal = Decimal("0")  # 直接经济损失（万元）
    water: str = "none"
    boundary: str = "none"
    ecology: str = "none"


@dataclass(frozen=True)
class Result:
    grade: str
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.grade]


def _unconfirmed(status: str) -> str:
    return "（示例配置，未核对原文）" if status == NOT_CONFIRMED else ""


def _marker(threshold: Threshold) -> str:
    return "（本局配置）" if threshold.overridden else _unconfirmed(threshold.status)


def grade(facts: Facts, criteria: Criteria = DEFAULT) -> Result:
    """The preliminary grade these facts reach under `criteria`, and why (the
    criteria met)."""
    for name in ("deaths", "poisoned", "evacuated"):
        if getattr(facts, name) < 0:
            raise ValueError(f"{name} must not be negative")
    if facts.loss_10k_yuan < 0:
        raise ValueError("loss_10k_yuan must not be negative")
    best = GENERAL
    reasons: list[str] = []
    cited: set[str] = set()
    # CRITERIA lists each field's bands from the highest: cite the first one met.
    for threshold in criteria.numeric:
        value = getattr(facts, threshold.field)
        if threshold.field in cited or value < threshold.minimum:
            continue
        cited.add(threshold.field)
        reasons.append(
            f"{LABELS[threshold.grade]}：{threshold.text}（{value}）{_marker(threshold)}"
        )
        if _rank(threshold.grade) > _rank(best):
            best = threshold.grade
    for kind in LEVEL_GRADES:
        level = getattr(facts, kind)
        if level not in _LEVEL_TEXT[kind]:
            raise ValueError(f"unknown {kind} level {level!r}")
    # Each ordinal field's bands from the highest: the first one reached is cited.
    for threshold in criteria.levels:
        kind = threshold.field
        level = getattr(facts, kind)
        if kind in cited or _level_rank(kind, level) < _level_rank(
            kind, str(threshold.minimum)
        ):
            continue
        cited.add(kind)
        reasons.append(
            f"{LABELS[threshold.grade]}：{_LEVEL_TEXT[kind][level]}{_marker(threshold)}"
        )
        if _rank(threshold.grade) > _rank(best):
            best = threshold.grade
    # A level that reached a grade under the plan's example value but no longer
    # does under the bureau's value: say why it counts for nothing.
    for threshold in criteria.levels:
        kind, level = threshold.field, getattr(facts, kind)
        if kind in cited or not threshold.overridden or level == "none":
            continue
        cited.add(kind)
        reasons.append(
            f"{_LEVEL_TEXT[kind][level]}：按本局配置不构成{LABELS[threshold.grade]}"
            f"{_marker(threshold)}"
        )
    if not reasons:
        reasons = [
            f"{LABELS[GENERAL]}：对环境造成一定影响，尚未达到较大突发环境事件级别"
            f"{_unconfirmed(NOT_CONFIRMED)}"
        ]
    return Result(best, reasons)


@dataclass(frozen=True)
class CriterionRow:
    grade: str
    text: str
    value: str
    status: str
    overridden: bool = False

    @property
    def status_label(self) -> str:
        if self.overridden:
            return f"本局配置（{OVERRIDES_SETTING}，原为示例配置）"
        return STATUS_LABELS[self.status]

    @property
    def source(self) -> str:
        return "" if self.overridden else STATUS_SOURCES[self.status]


def criteria_table(criteria: Criteria = DEFAULT) -> list[CriterionRow]:
    """Every criterion with the value used and how far it was checked, for the
    page that shows the grading basis."""
    rows = [
        CriterionRow(
            t.grade, t.text, f"{t.field} ≥ {t.minimum}", t.status, t.overridden
        )
        for t in criteria.numeric
    ]
    for t in criteria.levels:
        text = _LEVEL_TEXT[t.field][str(t.minimum)]
        if t.overridden:
            text = f"{text}及以上（本局配置）"
        rows.append(
            CriterionRow(
                t.grade, text, f"{t.field} = {t.minimum}", t.status, t.overridden
            )
        )
    rows.sort(key=lambda row: -_rank(row.grade))
    return rows


def at_least(grade_code: str, other: str) -> bool:
    return _rank(grade_code) >= _rank(other)
