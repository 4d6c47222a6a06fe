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


def _present(data: Mapping[str, Any], key: str, where: str) -> Any:
    """Every key of the contract's input is required (CONTRACTS.md: a missing
    key is an error line); null is a value, absence is not."""
    if key not in data:
        raise ScoreInputError(f"缺少“{where}{key}”")
    return data[key]


def _bool(data: Mapping[str, Any], key: str, where: str = "") -> bool:
    value = _present(data, key, where)
    if not isinstance(value, bool):
        raise ScoreInputError(f"“{where}{key}”应为true或false")
    return value


def _int(data: Mapping[str, Any], key: str, where: str = "") -> int:
    value = _present(data, key, where)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScoreInputError(f"“{where}{key}”应为非负整数")
    return value


def _lead(data: Mapping[str, Any], key: str, where: str) -> int:
    value = _present(data, key, where)
    if value not in LEAD_POINTS:
        raise ScoreInputError(f"“{where}{key}”应为main、deputy或null")
    return LEAD_POINTS[value]


def _object(value: Any, where: str, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScoreInputError(f"“{where}”应为对象（{what}）")
    return value


def _round(value: Fraction) -> float:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _points(value: Fraction) -> str:
    """A figure for the explanation: 4.5, 3, 3.33."""
    return f"{_round(value):g}"


def petition_score(data: Mapping[str, Any]) -> dict[str, Any]:
    """Score one petition case (附件1 (二) 1–6). Raise ScoreInputError."""
    return petition_score_explained(data)[0]


def petition_score_explained(
    data: Mapping[str, Any],
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The score and the steps that led to it, each with the rubric's item it
    applies (附件1 (二) 1–6, 注 for fake rectification), for the rule's explain."""
    if not isinstance(data, Mapping):
        raise ScoreInputError("输入应为对象")
    steps: list[tuple[str, str]] = []
    territorial = _object(_present(data, "territorial", ""), "territorial", "属地责任")
    # 属地责任 9: 包案领导 3/2, 牵头单位负责人 3/2, 具体负责人 3.
    lead = _lead(territorial, "lead", "territorial.")
    head = _lead(territorial, "unit_head", "territorial.")
    person = 3 if _bool(territorial, "person", "territorial.") else 0
    responsibility = Fraction(lead + head + person)
    steps.append(
        (
            "1",
            f"属地责任：包案领导{lead}分、牵头单位负责人{head}分、具体负责人{person}分，"
            f"计{lead + head + person}分（满分9分；主要领导3分，分管领导2分）",
        )
    )
    # 属事责任 5: 包案领导 3/2, 具体负责人 2; 同属地多主体分值按平均值计得分.
    subjects = _present(data, "subjects", "")
    if not isinstance(subjects, list):
        raise ScoreInputError("“subjects”应为列表")
    each = []
    for index, subject in enumerate(subjects, start=1):
        where = f"subjects[{index}]."
        item = _object(subject, f"subjects第{index}项", "属事责任主体")
        each.append(
            _lead(item, "lead", where) + (2 if _bool(item, "person", where) else 0)
        )
    if each:
        mean = Fraction(sum(each), len(each))
        responsibility += mean
        steps.append(
            (
                "1",
                f"属事责任：{len(each)}个主体分别得"
                + "、".join(f"{v}分" for v in each)
                + f"，按平均值计{_points(mean)}分（满分5分；同属地多主体分值按平均值计得分）",
            )
        )
    else:
        steps.append(("1", "属事责任：无被信访单位（企业）主体，计0分"))
    # 整改情况 22: 方案或措施 8 (2 each), 审核方案 6, 落实 8.
    plan = _object(_present(data, "plan", ""), "plan", "整改方案")
    plan_items = {
        "unit": "具体承办部门",
        "measures": "方案或措施",
        "milestones": "时间节点",
        "funding": "资金落实",
    }
    having = [name for key, name in plan_items.items() if _bool(plan, key, "plan.")]
    reviewed = 6 if _bool(data, "plan_reviewed") else 0
    on_time = 8 if _bool(data, "completed_on_time") else 0
    rectification = Fraction(2 * len(having) + reviewed + on_time)
    steps.append(
        (
            "2",
            f"整改情况：有方案或措施{2 * len(having)}分"
            + (f"（{'、'.join(having)}各2分）" if having else "")
            + f"、审核方案{reviewed}分、落实方案或措施{on_time}分，"
            f"计{_points(rectification)}分（满分22分）",
        )
    )
    # 档案情况 14: 目录 2, 交办说明 2; materials 5 and survey records 5, each
    # in proportion to the units (分值按单位数平均记得分).
    archive_data = _object(_present(data, "archive", ""), "archive", "档案情况")
    units = _int(archive_data, "units", "archive.")
    with_materials = _int(archive_data, "units_with_materials", "archive.")
    with_records = _int(archive_data, "units_with_survey_records", "archive.")
    if with_materials > units or with_records > units:
        raise ScoreInputError("有材料或勘察笔录的单位数不能多于办案单位数")
    index = 2 if _bool(archive_data, "index", "archive.") else 0
    note = 2 if _bool(archive_data, "dispatch_note", "archive.") else 0
    materials = Fraction(5 * with_materials, units) if units else Fraction(0)
    records = Fraction(5 * with_records, units) if units else Fraction(0)
    archive = Fraction(index + note) + materials + records
    steps.append(
        (
            "3",
            f"档案情况：档案目录{index}分、交办说明{note}分；办案单位材料"
            f"{with_materials}/{units}个单位齐全，按单位数比例计{_points(materials)}分；"
            f"勘察笔录及图片{with_records}/{units}个单位完整，计{_points(records)}分；"
            f"共{_points(archive)}分（满分14分；分值按单位数平均记得分）",
        )
    )
    # 办理结果 50: 问题解决 25 shared by the issues; 群众满意 25.
    issues, resolved = _int(data, "issues"), _int(data, "issues_resolved")
    if issues == 0 or resolved > issues:
        raise ScoreInputError("“issues”应至少为1，且已解决问题数不能多于问题数")
    solved = Fraction(25 * resolved, issues)
    satisfied = 25 if _bool(data, "satisfied") else 0
    result = solved + satisfied
    steps.append(
        (
            "4",
            f"办理结果：{issues}个信访问题解决{resolved}个，按问题数量均分计"
            f"{_points(solved)}分；群众满意{satisfied}分；共{_points(result)}分（满分50分）",
        )
    )
    # 加分项.
    praise = _present(data, "praise", "")
    if praise not in PRAISE_POINTS:
        raise ScoreInputError(
            "“praise”应为null、city-deputy、city-head、provincial或national"
        )
    media = _present(data, "media", "")
    if not isinstance(media, list) or any(m not in MEDIA_POINTS for m in media):
        raise ScoreInputError("“media”应为national、provincial、city组成的列表")
    extras = {
        "上级评价": PRAISE_POINTS[praise],
        "群众回访": 2 if _bool(data, "revisit") else 0,
        "源头治理": 5 if _bool(data, "source_control") else 0,
        "举一反三": 5 if _bool(data, "generalized") else 0,
        "典型案例报道": sum(MEDIA_POINTS[m] for m in media),
    }
    bonus = Fraction(sum(extras.values()))
    steps.append(
        (
            "5",
            "加分项："
            + "、".join(f"{name}{value}分" for name, value in extras.items())
            + f"，共{_points(bonus)}分（媒体报道累计分值）",
        )
    )
    # 扣分项. Each applies once: the seed's 扣分项 are items of 5 points
    # ("有重复访（5分）", 附件1 6), not 5 per repeat as requirements row B37 reads
    # it; the seed wins, so a case with several repeats loses 5.
    deductions = {
        "处罚未到位": _bool(data, "penalty_missing"),
        "未按时限完成整改": _bool(data, "late"),
        "有重复访": _bool(data, "repeat_complaint"),
    }
    deduction = Fraction(DEDUCTION * sum(deductions.values()))
    found = [name for name, hit in deductions.items() if hit]
    steps.append(
        (
            "6",
            f"扣分项：{'、'.join(found)}{'各' if len(found) > 1 else ''}扣5分，"
            f"共扣{_points(deduction)}分"
            if found
            else "扣分项：无，扣0分",
        )
    )
    fake = _bool(data, "fake")
    score = responsibility + rectification + archive + result + bonus - deduction
    if fake:
        steps.append(("注", "经核实存在表面整改、虚假整改或敷衍整改，案件为0分"))
    else:
        steps.append(
            (
                "得分",
                f"案件得分：{_points(responsibility)}+{_points(rectification)}+"
                f"{_points(archive)}+{_points(result)}+{_points(bonus)}-"
                f"{_points(deduction)}={_points(score)}分",
            )
        )
    out = {
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
    return out, steps


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
