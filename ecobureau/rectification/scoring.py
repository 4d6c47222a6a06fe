"""Assessment (seed 001 附件1): the petition-case score, the mean per district or
department, and the ranking with its automatic failures (requirements B22–B25).

Pure (standard library only), in the input and output shape of the
`petition-score` contract (CONTRACTS.md), so it can move to `lib/rules/` as the
rule's body unchanged. Arithmetic is exact (fractions), rounded half-up to two
decimals only at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

LEAD_POINTS = {"main": 3, "deputy": 2, None: 0}  # 主要领导3分，分管领导2分
PRAISE_POINTS = {
    None: 0,
    "city-deputy": 2,
    "city-head": 5,
    "provincial": 10,
    "national": 15,
}
MEDIA_POINTS = {"national": 5, "provincial": 4, "city": 3}  # 累计分值
DEDUCTION = 5  # 处罚未到位、未按时限完成整改、有重复访: 5 each


class ScoreInputError(ValueError):
    """An input the rubric cannot score; the message is Chinese."""


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise ScoreInputError(f"“{key}”应为true或false")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScoreInputError(f"“{key}”应为非负整数")
    return value


def _lead(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if value not in LEAD_POINTS:
        raise ScoreInputError(f"“{key}”应为main、deputy或null")
    return LEAD_POINTS[value]


def _round(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def petition_score(data: Mapping[str, Any]) -> dict[str, Any]:
    """Score one petition case (附件1 (二) 1–6). Raise ScoreInputError."""
    territorial = data.get("territorial")
    if not isinstance(territorial, Mapping):
        raise ScoreInputError("缺少“territorial”（属地责任）")
    # 属地责任 9: 包案领导 3/2, 牵头单位负责人 3/2, 具体负责人 3.
    responsibility = Fraction(
        _lead(territorial, "lead")
        + _lead(territorial, "unit_head")
        + (3 if _bool(territorial, "person") else 0)
    )
    # 属事责任 5: 包案领导 3/2, 具体负责人 2; 同属地多主体分值按平均值计得分.
    subjects = data.get("subjects")
    if not isinstance(subjects, list):
        raise ScoreInputError("“subjects”应为列表")
    if subjects:
        total = sum(
            _lead(s, "lead") + (2 if _bool(s, "person") else 0) for s in subjects
        )
        responsibility += Fraction(total, len(subjects))
    # 整改情况 22: 方案或措施 8 (2 each), 审核方案 6, 落实 8.
    plan = data.get("plan")
    if not isinstance(plan, Mapping):
        raise ScoreInputError("缺少“plan”（整改方案）")
    rectification = Fraction(
        sum(
            2
            for key in ("unit", "measures", "milestones", "funding")
            if _bool(plan, key)
        )
        + (6 if _bool(data, "plan_reviewed") else 0)
        + (8 if _bool(data, "completed_on_time") else 0)
    )
    # 档案情况 14: 目录 2, 交办说明 2; materials 5 and survey records 5, each
    # averaged over the units (分值按单位数平均记得分).
    archive_data = data.get("archive")
    if not isinstance(archive_data, Mapping):
        raise ScoreInputError("缺少“archive”（档案情况）")
    units = _int(archive_data, "units")
    with_materials = _int(archive_data, "units_with_materials")
    with_records = _int(archive_data, "units_with_survey_records")
    if with_materials > units or with_records > units:
        raise ScoreInputError("有材料或勘察笔录的单位数不能多于办案单位数")
    archive = Fraction(
        (2 if _bool(archive_data, "index") else 0)
        + (2 if _bool(archive_data, "dispatch_note") else 0)
    )
    if units:
        archive += Fraction(5 * with_materials, units) + Fraction(
            5 * with_records, units
        )
    # 办理结果 50: 问题解决 25 shared by the issues; 群众满意 25.
    issues, resolved = _int(data, "issues"), _int(data, "issues_resolved")
    if issues == 0 or resolved > issues:
        raise ScoreInputError("“issues”应至少为1，且已解决问题数不能多于问题数")
    result = Fraction(25 * resolved, issues) + (25 if _bool(data, "satisfied") else 0)
    # 加分项.
    praise = data.get("praise")
    if praise not in PRAISE_POINTS:
        raise ScoreInputError(
            "“praise”应为null、city-deputy、city-head、provincial或national"
        )
    media = data.get("media")
    if not isinstance(media, list) or any(m not in MEDIA_POINTS for m in media):
        raise ScoreInputError("“media”应为national、provincial、city组成的列表")
    bonus = Fraction(
        PRAISE_POINTS[praise]
        + (2 if _bool(data, "revisit") else 0)
        + (5 if _bool(data, "source_control") else 0)
        + (5 if _bool(data, "generalized") else 0)
        + sum(MEDIA_POINTS[m] for m in media)
    )
    # 扣分项.
    deduction = Fraction(
        DEDUCTION
        * sum(_bool(data, k) for k in ("penalty_missing", "late", "repeat_complaint"))
    )
    fake = _bool(data, "fake")
    score = responsibility + rectification + archive + result + bonus - deduction
    return {
        # 经核实案件整改存在表面整改、虚假整改、敷衍整改的案件为0分.
        "score": 0.0 if fake else _round(score),
        "parts": {
            "responsibility": _round(responsibility),
            "rectification": _round(rectification),
            "archive": _round(archive),
            "result": _round(result),
            "bonus": _round(bonus),
            "deduction": _round(deduction),
        },
    }


@dataclass(frozen=True)
class ScoredCase:
    unit: str  # the district or department assessed
    deadline: date
    score: float


@dataclass(frozen=True)
class UnitResult:
    unit: str
    score: float | None
    cases: int
    failed: bool  # B25: major problem, criticised, or exposed by major media
    rank: int


def unit_results(
    cases: Iterable[ScoredCase], *, year: int, failed: Iterable[str] = ()
) -> list[UnitResult]:
    """B24: a unit's score is the mean over its cases whose rectification deadline
    falls in `year`; B25: a failed unit ranks last, whatever its score."""
    sums: dict[str, list[float]] = {}
    for case in cases:
        if case.deadline.year == year:
            sums.setdefault(case.unit, []).append(case.score)
    means = {
        unit: (_round(Fraction(str(sum(values))) / len(values)) if values else None)
        for unit, values in sums.items()
    }
    counts = {unit: len(values) for unit, values in sums.items()}
    ranked = rank_units(means, failed=failed)
    return [
        UnitResult(
            unit=r.unit,
            score=r.score,
            cases=counts.get(r.unit, 0),
            failed=r.failed,
            rank=r.rank,
        )
        for r in ranked
    ]


def rank_units(
    scores: Mapping[str, float | None], *, failed: Iterable[str] = ()
) -> list[UnitResult]:
    """Rank units by score, highest first; B25: a failed unit ranks last whatever
    its score (failed units among themselves by score, then name)."""
    failing = set(failed)
    keys = set(scores) | failing
    ordered = sorted(
        keys,
        key=lambda u: (u in failing, -(scores.get(u) or 0.0), u),
    )
    return [
        UnitResult(unit=u, score=scores.get(u), cases=0, failed=u in failing, rank=i)
        for i, u in enumerate(ordered, start=1)
    ]
