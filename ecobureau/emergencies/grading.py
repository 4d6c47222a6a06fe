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
  the State Council's text before it is relied on.

Note: the 附录 of 环境保护部令第17号 (2011) still prints the older 2006 grading
(特别重大 from 10 deaths); the 2014 plan replaced it, and the plan is what this
module grades by. Radiological incidents (放射源) are graded by the nuclear-safety
rules and are not covered here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

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

    @property
    def source(self) -> str:
        return STATUS_SOURCES[self.status]


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


def _rank(grade: str) -> int:
    return GRADES.index(grade)


def grade(facts: Facts) -> Result:
    """The preliminary grade these facts reach, and why (the criteria met)."""
    for name in ("deaths", "poisoned", "evacuated"):
        if getattr(facts, name) < 0:
            raise ValueError(f"{name} must not be negative")
    if facts.loss_10k_yuan < 0:
        raise ValueError("loss_10k_yuan must not be negative")
    best = GENERAL
    reasons: list[str] = []
    cited: set[str] = set()
    # CRITERIA lists each field's bands from the highest: cite the first one met.
    for threshold in CRITERIA:
        value = getattr(facts, threshold.field)
        if threshold.field in cited or value < threshold.minimum:
            continue
        cited.add(threshold.field)
        reasons.append(
            f"{LABELS[threshold.grade]}：{threshold.text}（{value}）"
            f"{_unconfirmed(threshold.status)}"
        )
        if _rank(threshold.grade) > _rank(best):
            best = threshold.grade
    for kind, levels in LEVEL_GRADES.items():
        level = getattr(facts, kind)
        if level not in _LEVEL_TEXT[kind]:
            raise ValueError(f"unknown {kind} level {level!r}")
        reached = levels.get(level)
        if reached:
            marker = _unconfirmed(LEVEL_STATUS[(kind, level)])
            reasons.append(f"{LABELS[reached]}：{_LEVEL_TEXT[kind][level]}{marker}")
            if _rank(reached) > _rank(best):
                best = reached
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

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def source(self) -> str:
        return STATUS_SOURCES[self.status]


def criteria_table() -> list[CriterionRow]:
    """Every criterion with the value used and how far it was checked, for the
    page that shows the grading basis."""
    rows = [
        CriterionRow(t.grade, t.text, f"{t.field} ≥ {t.minimum}", t.status)
        for t in CRITERIA
    ]
    for kind, levels in LEVEL_GRADES.items():
        for level, reached in levels.items():
            rows.append(
                CriterionRow(
                    reached,
                    _LEVEL_TEXT[kind][level],
                    f"{kind} = {level}",
                    LEVEL_STATUS[(kind, level)],
                )
            )
    rows.sort(key=lambda row: -_rank(row.grade))
    return rows


def at_least(grade_code: str, other: str) -> bool:
    return _rank(grade_code) >= _rank(other)
