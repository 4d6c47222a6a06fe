"""The stored annual assessment (seed 001 附件1; requirements B19–B27).

Each petition case's rubric inputs are stored with their score (`CaseScore`);
a unit's assessment for a year is computed from those stored scores and from
its tasks' grades, so recomputing gives the same figures (reproducible), and
it keeps its explanation item by item. The procedure (附件1 考核工作组织实施及方式):
the unit assesses itself (自评), the industry departments review it (部门复核),
the city reviews (复核), the leading group's
office circulates the ranking (通报) — due in the first quarter of the next
year; a unit found with a major problem, criticised or exposed fails and ranks
last (B25); a failing unit's heads are summoned (约谈) with a deadline (B26).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from .. import scoring, standards
from ..models import CaseScore, PetitionCase, RectificationTask, UnitAssessment
from ._common import _require, _today
from .notify import notify_people

FAILED = "不合格"


def circulation_due_on(year: int) -> date:
    """附件1: "每年的第一季度完成上一年度考核结果的核算、排名、通报反馈工作"."""
    return date(year + 1, 3, 31)


# --- Case scores (附件1 (二)) -------------------------------------------------------


def case_territories(case: PetitionCase) -> list[Unit]:
    """B23: the territories a case is scored for — its 承办单位 first, then the
    other territories it names (多属地分别考核计分)."""
    units = [case.unit] if case.unit is not None else []
    units += [u for u in case.territories.all() if u.pk != case.unit_id]
    return units


@transaction.atomic
def case_score_record(
    *,
    by: User,
    case: PetitionCase,
    inputs: dict[str, Any],
    unit: Unit | None = None,
) -> CaseScore:
    """Score one case by the rubric for one territory (its 承办单位 unless
    `unit` names another of its territories) and store the inputs with the
    result. B23: several territories are each scored separately."""
    _require(by, "handle_rectification")
    territories = case_territories(case)
    if unit is None:
        unit = case.unit
    elif unit not in territories:
        raise ValidationError(f"“{unit}”不是本案件的属地，不能为其评分。")
    try:
        result = scoring.petition_score(inputs)
    except scoring.ScoreInputError as exc:
        raise ValidationError(f"评分依据有误：{exc}。") from exc
    row, _ = CaseScore.objects.update_or_create(
        case=case,
        unit=unit,
        defaults={
            "inputs": inputs,
            "score": Decimal(str(result["score"])),
            "parts": result["parts"],
            "by": by,
        },
    )
    records.append(
        action="rectification.case_score",
        target=case,
        actor=by,
        # The record takes no binary floats: the figures as text.
        after={
            "score": str(result["score"]),
            "parts": {k: str(v) for k, v in result["parts"].items()},
            **({"unit": unit.pk, "unit_name": unit.name} if unit else {}),
        },
    )
    return row


@transaction.atomic
def petition_territories(
    *, by: User, case: PetitionCase, units: list[Unit]
) -> PetitionCase:
    """B23: the other territories a case spans (多属地), each scored and assessed
    separately. The 承办单位 is already the first; a territory with a stored
    score cannot be removed (its score would vanish from its assessment)."""
    _require(by, "manage_ledger")
    chosen = {u.pk: u for u in units}
    if case.unit_id in chosen:
        raise ValidationError(f"“{case.unit}”是本案件的承办单位，无需再列为其他属地。")
    before = sorted(case.territories.values_list("pk", flat=True))
    if sorted(chosen) == before:
        raise ValidationError("其他属地没有变化。")
    removed = set(before) - set(chosen)
    scored = list(
        CaseScore.objects.filter(case=case, unit__in=removed).select_related("unit")
    )
    if scored:
        names = "、".join(str(s.unit) for s in scored)
        raise ValidationError(f"{names}已为本案件评分，不能从属地中移除。")
    case.territories.set(list(chosen.values()))
    records.append(
        action="rectification.case_territories",
        target=case,
        actor=by,
        before={"units": before},
        after={
            "units": sorted(chosen),
            "names": [u.name for u in chosen.values()],
        },
    )
    return case


# --- Task grades (附件1 (一)) -------------------------------------------------------


@dataclass(frozen=True)
class TaskGrade:
    number: str
    grade: str
    measures: int
    measures_done: int
    on_schedule: bool
    target_met: bool
    done_by_deadline: bool

    def why(self) -> str:
        return (
            f"措施完成{self.measures_done}/{self.measures}项，"
            f"{'按序时推进' if self.on_schedule else '未按序时完成'}，"
            f"{'达到' if self.target_met else '未达到'}年度目标"
        )


def task_grade_for_year(task: RectificationTask, *, year: int) -> TaskGrade:
    """附件1 (一): the grade from the measures done by the year's end, whether each
    was done by its own date (序时), and the target (B21: no major-problem input)."""
    end = date(year, 12, 31)
    measures = list(task.measures.all())
    done = [m for m in measures if m.done_on is not None and m.done_on <= end]
    on_schedule = all(
        m.due_on is None
        or m.due_on > end
        or (m.done_on is not None and m.done_on <= m.due_on)
        for m in measures
    )
    all_done = bool(measures) and len(done) == len(measures)
    return TaskGrade(
        number=task.number,
        grade=standards.task_grade(
            all_done=all_done, on_schedule=on_schedule, target_met=task.target_met
        ),
        measures=len(measures),
        measures_done=len(done),
        on_schedule=on_schedule,
        target_met=task.target_met,
        done_by_deadline=task.completed_on is not None
        and task.completed_on <= task.deadline,
    )


# --- Computing a unit's year ----------------------------------------------------


@dataclass
class Computed:
    score: Decimal | None
    cases: int
    task_grades: dict[str, str]
    explanation: list[dict[str, Any]]


def _tasks_of(unit: Unit, year: int) -> list[RectificationTask]:
    return list(
        RectificationTask.objects.filter(unit=unit, deadline__year=year)
        .prefetch_related("measures")
        .order_by("number")
    )


def _cases_of(unit: Unit, year: int) -> list[tuple[PetitionCase, CaseScore | None]]:
    """The unit's cases of the year with the unit's own score of each: the cases
    it handles and those naming it as another territory (B23 多属地分别考核计分).
    B24: cases whose deadline is not in the year take no part."""
    cases = list(
        PetitionCase.objects.filter(
            Q(unit=unit) | Q(pk__in=_territory_cases(unit)), deadline__year=year
        )
        .prefetch_related("territories")
        .order_by("number")
    )
    scores = {
        s.case_id: s
        for s in CaseScore.objects.filter(case__in=[c.pk for c in cases], unit=unit)
    }
    return [(c, scores.get(c.pk)) for c in cases]


def _territory_cases(unit: Unit) -> Any:
    through = PetitionCase.territories.through
    return through.objects.filter(unit=unit).values("petitioncase_id")


def assessment_compute(*, unit: Unit, year: int) -> Computed:
    """The figures and the item-by-item explanation, from stored data only."""
    cases = _cases_of(unit, year)
    unscored = [c.number for c, score in cases if score is None]
    if unscored:
        raise ValidationError(
            "以下案件尚未按考核办法评分，不能核算：" + "、".join(unscored) + "。"
        )
    explanation: list[dict[str, Any]] = []
    scored = []
    stored: list[CaseScore] = []
    for case, row in cases:
        assert row is not None
        stored.append(row)
        score = float(row.score)
        scored.append(
            scoring.ScoredCase(unit=str(unit.pk), deadline=case.deadline, score=score)
        )
        explanation.append(
            {
                "item": f"信访案件{case.number}",
                "kind": "case",
                "score": score,
                "parts": row.parts,
                "fake": bool(row.inputs.get("fake")),
                # B23: a case that spans several territories, scored for this one.
                **(
                    {"territory": "多属地分别考核计分"}
                    if case.unit_id != unit.pk
                    or any(t.pk != unit.pk for t in case.territories.all())
                    else {}
                ),
            }
        )
    results = scoring.unit_results(scored, year=year)
    mean = results[0].score if results else None
    grades = {}
    tasks = _tasks_of(unit, year)
    for task in tasks:
        graded = task_grade_for_year(task, year=year)
        grades[task.number] = graded.grade
        explanation.append(
            {
                "item": f"整改任务{task.number}",
                "kind": "task",
                "grade": graded.grade,
                "why": graded.why(),
                "on_schedule": graded.on_schedule,
                "done_by_deadline": graded.done_by_deadline,
            }
        )
    # B19: task volume, responsibility, progress against schedule, deadlines.
    responsibility = [float(row.parts.get("responsibility", 0)) for row in stored]
    explanation.append(
        {
            "item": "考核要素（整改任务量、责任落实、序时进度、完成时限）",
            "kind": "factors",
            "tasks": len(tasks),
            "cases": len(cases),
            "responsibility_mean": round(sum(responsibility) / len(responsibility), 2)
            if responsibility
            else None,
            "tasks_on_schedule": sum(1 for e in explanation if e.get("on_schedule")),
            "tasks_done_by_deadline": sum(
                1 for e in explanation if e.get("done_by_deadline")
            ),
        }
    )
    return Computed(
        score=Decimal(str(mean)) if mean is not None else None,
        cases=len(cases),
        task_grades=grades,
        explanation=explanation,
    )


def _is_city_office(by: User) -> bool:
    return by.is_superuser or by.has_perm("rectification.review_rectification")


@transaction.atomic
def assessment_self(
    *, by: User, unit: Unit, year: int, note: str = ""
) -> UnitAssessment:
    """The unit's self-assessment (自行考核): computed from its stored data. A unit
    assesses itself only (the city office may compute it on its behalf)."""
    _require(by, "handle_rectification")
    if by.unit_id != unit.pk and not _is_city_office(by):
        raise PermissionDenied("只能对本单位进行自评。")
    if year >= _today().year:
        raise ValidationError("考核年度结束后方可自评。")
    current = UnitAssessment.objects.filter(unit=unit, year=year).first()
    if current is not None and current.stage != UnitAssessment.Stage.SELF:
        raise ValidationError("该年度考核已进入市级复核，不能重新自评。")
    computed = assessment_compute(unit=unit, year=year)
    assessment, _ = UnitAssessment.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={
            "stage": UnitAssessment.Stage.SELF,
            "score": computed.score,
            "cases": computed.cases,
            "task_grades": computed.task_grades,
            "explanation": computed.explanation,
            "self_note": note.strip(),
            "computed_at": timezone.now(),
        },
    )
    records.append(
        action="rectification.assessment_self",
        target=assessment,
        actor=by,
        after={"year": year, "score": computed.score, "cases": computed.cases},
    )
    return assessment


def circulation_overdue(year: int, *, today: date) -> bool:
    """B20: the first quarter of the next year has passed and the year's
    results are not all circulated (no results at all counts as overdue)."""
    if today <= circulation_due_on(year):
        return False
    stages = set(
        UnitAssessment.objects.filter(year=year).values_list("stage", flat=True)
    )
    return not stages or stages != {UnitAssessment.Stage.CIRCULATED}


@transaction.atomic
def assessment_dept_review(
    *,
    by: User,
    assessment: UnitAssessment,
    reviewers: str,
    note: str,
    reviewed_on: date,
) -> UnitAssessment:
    """B20 (附件1 "将考核结果报市生态环境保护督察领导小组办公室，组织各行业主管部门
    进行复核"): the office records the industry departments' review of a unit's
    self-assessment — which departments and people reviewed, their opinion and
    the date — before the city review."""
    _require(by, "review_rectification")
    if assessment.stage not in (
        UnitAssessment.Stage.SELF,
        UnitAssessment.Stage.DEPT_REVIEWED,
    ):
        raise ValidationError("该年度考核已完成市级复核，不能再登记部门复核。")
    if not reviewers.strip():
        raise ValidationError("请填写参加复核的行业主管部门及人员。")
    if not note.strip():
        raise ValidationError("请填写部门复核意见。")
    if reviewed_on > _today():
        raise ValidationError("部门复核日期不能晚于今天。")
    if reviewed_on.year <= assessment.year:
        raise ValidationError("部门复核应在考核年度结束后进行。")
    assessment.dept_reviewers = reviewers.strip()
    assessment.dept_review_note = note.strip()
    assessment.dept_reviewed_on = reviewed_on
    assessment.stage = UnitAssessment.Stage.DEPT_REVIEWED
    assessment.save(
        update_fields=[
            "dept_reviewers",
            "dept_review_note",
            "dept_reviewed_on",
            "stage",
            "updated_at",
        ]
    )
    records.append(
        action="rectification.assessment_dept_review",
        target=assessment,
        actor=by,
        after={
            "reviewers": assessment.dept_reviewers,
            "reviewed_on": reviewed_on,
        },
    )
    return assessment


@transaction.atomic
def assessment_review(
    *, by: User, assessment: UnitAssessment, failure: str = "", note: str
) -> UnitAssessment:
    """The city review (市级复核): recomputed from the stored data — a figure that
    differs from the self-assessment is shown in the record — with any failing
    situation of B25 and the review opinion."""
    _require(by, "review_rectification")
    if assessment.stage == UnitAssessment.Stage.CIRCULATED:
        raise ValidationError("考核结果已通报，不能再复核。")
    if assessment.stage == UnitAssessment.Stage.SELF:
        raise ValidationError("须先组织行业主管部门复核（附件1），再进行市级复核。")
    if failure not in UnitAssessment.Failure.values:
        raise ValidationError("不合格情形无效。")
    if not note.strip():
        raise ValidationError("请填写复核意见。")
    before = {"score": assessment.score}
    computed = assessment_compute(unit=assessment.unit, year=assessment.year)
    assessment.score = computed.score
    assessment.cases = computed.cases
    assessment.task_grades = computed.task_grades
    assessment.explanation = computed.explanation
    assessment.failure = failure
    assessment.review_note = note.strip()
    assessment.stage = UnitAssessment.Stage.REVIEWED
    assessment.computed_at = timezone.now()
    assessment.save()
    records.append(
        action="rectification.assessment_review",
        target=assessment,
        actor=by,
        before=before,
        after={"score": computed.score, "failure": failure},
    )
    return assessment


@transaction.atomic
def assessment_circulate(*, by: User, year: int) -> list[UnitAssessment]:
    """Rank and circulate a year (通报): every assessment of the year reviewed;
    B25: a failing unit is 不合格 and ranks last. Failing units' heads are told."""
    _require(by, "review_rectification")
    rows = list(
        UnitAssessment.objects.select_for_update()
        .filter(year=year)
        .select_related("unit")
    )
    if not rows:
        raise ValidationError("该年度没有考核结果。")
    pending = [
        str(r.unit)
        for r in rows
        if r.stage in (UnitAssessment.Stage.SELF, UnitAssessment.Stage.DEPT_REVIEWED)
    ]
    if pending:
        raise ValidationError("以下单位尚未完成市级复核：" + "、".join(pending) + "。")
    missing = units_without_assessment(year, assessed={r.unit_id for r in rows})
    if missing:
        raise ValidationError(
            f"以下单位有{year}年度到期的整改任务或信访案件（含已评分案件），"
            "尚无考核结果，不能排名通报：" + "、".join(str(u) for u in missing) + "。"
        )
    now = timezone.now()
    for ranking in UnitAssessment.Ranking:
        group = {str(r.unit_id): r for r in rows if ranking_of(r.unit) == ranking}
        ranked = scoring.rank_units(
            {
                key: (float(r.score) if r.score is not None else None)
                for key, r in group.items()
            },
            failed={key for key, r in group.items() if r.failure},
        )
        for result in ranked:
            row = group[result.unit]
            row.rank = result.rank
            row.ranking = ranking
            row.grade = FAILED if result.failed else ""
            row.stage = UnitAssessment.Stage.CIRCULATED
            row.circulated_at = now
            row.save(
                update_fields=[
                    "rank",
                    "ranking",
                    "grade",
                    "stage",
                    "circulated_at",
                    "updated_at",
                ]
            )
            records.append(
                action="rectification.assessment_circulate",
                target=row,
                actor=by,
                after={
                    "rank": row.rank,
                    "ranking": row.ranking,
                    "grade": row.grade,
                    "year": year,
                },
            )
    failing = [r for r in rows if r.grade == FAILED]
    heads = account_selectors.unit_heads({r.unit_id for r in failing})
    for row in failing:
        notify_people(
            people=set(heads.get(row.unit_id, ())),
            title=f"{year}年度督察整改考核结果为不合格，将组织约谈",
            url=f"/rectification/assessments/{row.pk}/",
            urgent=True,
        )
    return sorted(rows, key=lambda r: (r.ranking != "district", r.rank or 0))


# The unit kinds ranked as districts (各地区: the district's government or
# management committee, its townships and parks, the bureau's sub-bureau acting
# for the district); every other kind is ranked with the city's departments
# (市直各有关部门). The platform's reading of 附件1, not a seed list.
DISTRICT_KINDS = frozenset(
    {Unit.Kind.GOVERNMENT, Unit.Kind.TOWNSHIP, Unit.Kind.SUB_BUREAU}
)


def ranking_of(unit: Unit) -> str:
    """The list a unit is ranked in: 地区 or 部门 (by its kind)."""
    if unit.kind in DISTRICT_KINDS:
        return UnitAssessment.Ranking.DISTRICT
    return UnitAssessment.Ranking.DEPARTMENT


def units_without_assessment(year: int, *, assessed: set[int]) -> list[Unit]:
    """The units that must be assessed for `year` but have no assessment: the
    承办单位 of tasks or cases due that year (B24) and the units holding a score
    of a case due that year (its other territories, B23)."""
    due: set[int] = set(
        RectificationTask.objects.filter(deadline__year=year, unit__isnull=False)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    due |= set(
        PetitionCase.objects.filter(deadline__year=year, unit__isnull=False)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    due |= set(
        CaseScore.objects.filter(case__deadline__year=year)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return list(Unit.objects.filter(pk__in=due - assessed).order_by("name"))


@transaction.atomic
def assessment_talk(
    *,
    by: User,
    assessment: UnitAssessment,
    talk_on: date,
    deadline: date,
    note: str,
) -> UnitAssessment:
    """B26: a 不合格 unit's principal party and government heads are summoned
    (约谈) with a deadline for correction; both recorded."""
    _require(by, "review_rectification")
    if assessment.grade != FAILED:
        raise ValidationError("只有考核不合格的单位需要约谈。")
    if deadline <= talk_on:
        raise ValidationError("限期整改期限应晚于约谈日期。")
    if not note.strip():
        raise ValidationError("请填写约谈情况与整改要求。")
    assessment.talk_on, assessment.talk_deadline = talk_on, deadline
    assessment.talk_note = note.strip()
    assessment.save(
        update_fields=["talk_on", "talk_deadline", "talk_note", "updated_at"]
    )
    records.append(
        action="rectification.assessment_talk",
        target=assessment,
        actor=by,
        after={"talk_on": talk_on, "deadline": deadline},
    )
    heads = account_selectors.unit_heads({assessment.unit_id})
    notify_people(
        people=set(heads.get(assessment.unit_id, ())),
        title=f"约谈通知：{assessment.year}年度督察整改考核不合格，限{deadline}前整改",
        url=f"/rectification/assessments/{assessment.pk}/",
        urgent=True,
    )
    return assessment
