"""Reads of rectification, always scoped: a responsible unit sees its own items,
a district its district, the city all (accounts.selectors.scope_q); the public
sees published items only, without the complainant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Record
from ecobureau.lib import dates

from .models import (
    CaseScore,
    CommitteeMeeting,
    Measure,
    Milestone,
    PetitionCase,
    RectificationTask,
    Regulation,
    ReportDispatch,
    ReviewSignoff,
    Supervision,
    SupervisionVisit,
    UnitAssessment,
)
from .processes import DONE_STEPS


def _may_view(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("rectification.view_rectificationtask")
    )


def _measure_count(condition: Q) -> Subquery:
    return Subquery(
        Measure.objects.filter(condition, task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def task_list_for_user(user: User) -> QuerySet[RectificationTask]:
    if not _may_view(user):
        return RectificationTask.objects.none()
    return (
        RectificationTask.objects.filter(account_selectors.scope_q(user))
        .select_related("district", "unit")
        .annotate(
            # Correlated subqueries: computed only for the rows a page shows
            # (a GROUP BY over the join would count every task first).
            measure_count=_measure_count(Q()),
            measures_done=_measure_count(Q(done_on__isnull=False)),
        )
        .order_by("number")
    )


def task_get_for_user(user: User, pk: int) -> RectificationTask:
    if not _may_view(user):
        raise PermissionDenied("您没有查看督察整改的权限。")
    return get_object_or_404(
        RectificationTask.objects.filter(account_selectors.scope_q(user))
        .select_related("district", "unit")
        .prefetch_related(
            Prefetch("measures", queryset=Measure.objects.order_by("seq")),
            "measures__enforcement_links",
            "measures__lookbacks",
            "milestones",
            "reports__by",
            "supervisions",
        ),
        pk=pk,
    )


def _case_scope(user: User) -> Q:
    """The user's scope, and (B23) the cases naming the user's unit as another
    territory — it scores and is assessed on them."""
    scope = account_selectors.scope_q(user)
    if user.unit_id is None or not scope:
        return scope  # Q() is everything: OR-ing would narrow it
    named = PetitionCase.territories.through.objects.filter(unit_id=user.unit_id)
    return scope | Q(pk__in=named.values("petitioncase_id"))


def case_list_for_user(user: User) -> QuerySet[PetitionCase]:
    if not _may_view(user):
        return PetitionCase.objects.none()
    return (
        PetitionCase.objects.filter(_case_scope(user))
        .select_related("district", "unit")
        .order_by("number")
    )


def case_get_for_user(user: User, pk: int) -> PetitionCase:
    if not _may_view(user):
        raise PermissionDenied("您没有查看督察整改的权限。")
    return get_object_or_404(
        PetitionCase.objects.filter(_case_scope(user))
        .select_related("district", "unit", "supervising_department")
        .prefetch_related(
            "scores",
            "territories",
            "acceptance_members",
            "signoffs",
            "reports__by",
            "supervisions",
            "revisits",
            "review_departments",
        ),
        pk=pk,
    )


def held_meetings() -> QuerySet[CommitteeMeeting]:
    """The committee meetings held (B12), newest first: those a task's approval
    may name (B5)."""
    return CommitteeMeeting.objects.filter(held_on__isnull=False).order_by(
        "-held_on", "-pk"
    )


def dispatch_list_for_user(user: User) -> QuerySet[ReportDispatch]:
    """The reports sent (B7) the user may see: a district's own, the whole
    city's for city scope only."""
    if not _may_view(user):
        return ReportDispatch.objects.none()
    return ReportDispatch.objects.filter(
        account_selectors.scope_q(user, township=None, unit=None)
    ).select_related("district", "by")


def review_department_units() -> QuerySet[Unit]:
    """The city's departments in the registry of units (accounts.Unit of kind
    其他政府部门, active), in the registry's order: what may be added to a case's
    city review group (B30). Empty in a database without them."""
    return account_selectors.unit_list().filter(kind=Unit.Kind.DEPARTMENT)


def territory_units() -> QuerySet[Unit]:
    """The units a case may name as another territory (B23): the registry's
    governments (区县政府、管委会), townships and departments, active."""
    return account_selectors.unit_list().filter(
        kind__in=(Unit.Kind.GOVERNMENT, Unit.Kind.TOWNSHIP, Unit.Kind.DEPARTMENT)
    )


def may_see_complainant(user: User) -> bool:
    return user.is_superuser or user.has_perm("rectification.view_complainant")


# Fields the public pages show; never the complainant.
PUBLIC_TASK_FIELDS = ("pk", "number", "round", "problem", "target", "deadline")
PUBLIC_CASE_FIELDS = ("pk", "number", "round", "content", "category", "truth")


def task_list_public(*, q: str = "") -> QuerySet[RectificationTask]:
    """Published tasks; `q` finds one by its number, round or problem."""
    rows = RectificationTask.objects.filter(published_at__isnull=False)
    if q := q.strip():
        rows = rows.filter(
            Q(number__icontains=q) | Q(round__icontains=q) | Q(problem__icontains=q)
        )
    return (
        rows.select_related("district")
        .only(*PUBLIC_TASK_FIELDS, "status", "published_at", "closed_at", "district")
        .order_by("number")
    )


def case_list_public(*, q: str = "") -> QuerySet[PetitionCase]:
    """Published petition cases; `q` finds one by its number or round only —
    never by the words of the complaint, which would tell whether a named person
    complained even though the page masks the name."""
    rows = PetitionCase.objects.filter(published_at__isnull=False)
    if q := q.strip():
        rows = rows.filter(Q(number__icontains=q) | Q(round__icontains=q))
    return (
        rows.select_related("district")
        .only(
            *PUBLIC_CASE_FIELDS,
            "status",
            "published_at",
            "closed_at",
            "district",
            # read to mask them in `public_content`, never shown
            "complainant_name",
            "complainant_phone",
        )
        .order_by("number")
    )


# --- 完成: the one definition of done (E1, the reports, the leadership pages) ------


def done_q() -> Q:
    """A task or petition case is done (完成) once it has passed acceptance and
    the city review: 公示中待销号, 已销号待备案, 已备案 (`processes.DONE_STEPS`).
    The one definition read by the E1 headline (`progress_summary`), the
    reports, the per-unit case counts and the leadership pages; `closed_at`
    (the close-out, 销号) is a later step inside it, not another definition."""
    return Q(status__in=DONE_STEPS)


def open_q() -> Q:
    """Not done (未完成): the complement of `done_q`."""
    return ~done_q()


def overdue_q(today: date) -> Q:
    """Open and past its deadline (超期未完成)."""
    return open_q() & Q(deadline__lt=today)


def flagged_q() -> Q:
    """Open and flagged by the daily check: late (超期) or at risk (预警)."""
    return open_q() & (
        Q(at_risk_flagged_at__isnull=False) | Q(late_flagged_at__isnull=False)
    )


@dataclass(frozen=True)
class ProgressLine:
    """E1 at a glance: "18项整改任务已按时保质完成15项,剩余3项将于年底前完成"."""

    label: str
    total: int
    done: int
    done_on_time: int
    open: int
    late: int
    due_this_year: int
    at_risk: int


def progress_summary(
    user: User, *, today: date, by: str = "round"
) -> list[ProgressLine]:
    """Task progress per round (or per district), counted by the database."""
    tasks = task_list_for_user(user).order_by()
    done = done_q()
    key = "round" if by == "round" else "district__name"
    rows = (
        tasks.values(key)
        .annotate(
            total=Count("pk", distinct=True),
            done=Count("pk", filter=done, distinct=True),
            done_on_time=Count(
                "pk",
                filter=done & Q(completed_on__lte=F("deadline")),
                distinct=True,
            ),
            late=Count("pk", filter=overdue_q(today), distinct=True),
            due_this_year=Count(
                "pk",
                filter=~done & Q(deadline__gte=today, deadline__year=today.year),
                distinct=True,
            ),
            at_risk=Count(
                "pk", filter=~done & Q(at_risk_flagged_at__isnull=False), distinct=True
            ),
        )
        .order_by(key)
    )
    return [
        ProgressLine(
            label=row[key] or "（未填区县）",
            total=row["total"],
            done=row["done"],
            done_on_time=row["done_on_time"],
            open=row["total"] - row["done"],
            late=row["late"],
            due_this_year=row["due_this_year"],
            at_risk=row["at_risk"],
        )
        for row in rows
    ]


def headline(line: ProgressLine) -> str:
    """Seed 004's sentence (E1): "18项整改任务已按时保质完成15项，剩余3项将于年底前
    完成" — with what the sentence would hide said too: tasks completed after
    their deadline, open ones already late, and open ones due after this year."""
    text = f"{line.total}项整改任务已按时保质完成{line.done_on_time}项"
    if line.done > line.done_on_time:
        text += f"，逾期完成{line.done - line.done_on_time}项"
    if not line.open:
        return text
    text += f"，剩余{line.open}项"
    later = line.open - line.late - line.due_this_year
    if line.due_this_year == line.open:
        return text + "将于年底前完成"
    parts = [
        f"{n}项{what}"
        for n, what in (
            (line.late, "超期"),
            (line.due_this_year, "年底前到期"),
            (later, "明年及以后到期"),
        )
        if n
    ]
    return text + f"（其中{'，'.join(parts)}）"


def at_risk_list_for_user(user: User) -> QuerySet[RectificationTask]:
    return task_list_for_user(user).filter(flagged_q())


# --- For the leadership pages: petition cases per place, items at risk ----------


@dataclass(frozen=True)
class PetitionProgressRow:
    """Petition cases of one district (or 承办单位): `closed` are those past
    acceptance and review — 公示中待销号, 已销号待备案, 已备案 (DONE_STEPS, as the
    task progress counts them); `overdue` the open ones past their 办结时限."""

    # the district's (Division) or unit's (Unit) id, or the round's name
    # (`by="round"`); None: not given
    key: int | str | None
    name: str
    total: int
    closed: int
    open: int
    overdue: int


def petition_progress_by_unit(
    user: User, *, today: date, by: str = "district"
) -> list[PetitionProgressRow]:
    """Petition cases the user may see (`case_list_for_user`), counted per
    district (`by="district"`), per handling unit (`by="unit"`, the 承办单位) or
    per inspection round (`by="round"`, the key the round's name), by the
    database in one query, ordered by name."""
    if by not in ("district", "unit", "round"):
        raise ValueError("by must be 'district', 'unit' or 'round'")
    done = done_q()
    key, name = ("round", "round") if by == "round" else (f"{by}_id", f"{by}__name")
    rows = (
        case_list_for_user(user)
        .order_by()
        .values(key, name)
        .annotate(
            total=Count("pk", distinct=True),
            closed=Count("pk", filter=done, distinct=True),
            overdue=Count("pk", filter=overdue_q(today), distinct=True),
        )
    )
    empty = {"district": "（未填区县）", "unit": "（未填承办单位）"}.get(
        by, "（未填轮次）"
    )
    result = [
        PetitionProgressRow(
            key=row[key] or None,
            name=row[name] or empty,
            total=row["total"],
            closed=row["closed"],
            open=row["total"] - row["closed"],
            overdue=row["overdue"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (r.key is None, r.name))


@dataclass(frozen=True)
class AtRiskItem:
    """An open task or case flagged by the daily check: 超期 (late) or 预警."""

    kind: str  # "task" | "case"
    pk: int
    number: str
    deadline: date
    district: str
    unit: str
    flag: str  # "超期" | "预警"
    flagged_at: datetime
    url: str

    @property
    def label(self) -> str:
        return f"{'整改任务' if self.kind == 'task' else '信访案件'}{self.number}"


def items_at_risk_for_user(user: User, *, limit: int | None = None) -> list[AtRiskItem]:
    """The open tasks and petition cases the user may see that the daily check
    flagged late (超期) or at risk (预警) — the rule of `at_risk_list_for_user`,
    for cases too — late first, then by deadline. Two queries."""
    flagged = flagged_q()
    items: list[AtRiskItem] = []
    for kind, rows in (
        ("task", task_list_for_user(user)),
        ("case", case_list_for_user(user)),
    ):
        values = rows.filter(flagged).values_list(
            "pk",
            "number",
            "deadline",
            "district__name",
            "unit__name",
            "late_flagged_at",
            "at_risk_flagged_at",
        )
        for pk, number, deadline, district, unit, late, warned in values:
            flagged_at = late or warned
            assert flagged_at is not None  # the filter keeps flagged rows only
            items.append(
                AtRiskItem(
                    kind=kind,
                    pk=pk,
                    number=number,
                    deadline=deadline,
                    district=district or "",
                    unit=unit or "",
                    flag="超期" if late else "预警",
                    flagged_at=flagged_at,
                    url=f"/rectification/{kind}s/{pk}/",
                )
            )
    items.sort(key=lambda i: (i.flag != "超期", i.deadline, i.kind, i.number))
    return items[:limit] if limit is not None else items


# --- Annual assessment (seed 001 附件1) ---------------------------------------------


def assessment_list_for_user(user: User) -> QuerySet[UnitAssessment]:
    """The city office (review permission) sees every unit's assessment; a unit's
    staff see their own unit's; nobody else (another district, an enterprise,
    the public) sees any."""
    if not _may_view(user):
        return UnitAssessment.objects.none()
    rows = UnitAssessment.objects.select_related("unit")
    if user.is_superuser or user.has_perm("rectification.review_rectification"):
        return rows
    if user.unit_id is None:
        return UnitAssessment.objects.none()
    return rows.filter(unit_id=user.unit_id)


def assessment_get_for_user(user: User, pk: int) -> UnitAssessment:
    if not _may_view(user):
        raise PermissionDenied("您没有查看督察整改的权限。")
    return get_object_or_404(assessment_list_for_user(user), pk=pk)


@dataclass(frozen=True)
class Candidate:
    kind: str  # "praise" or "accountability"
    subject: str
    reason: str
    url: str = ""


def _year_tasks(user: User, year: int) -> QuerySet[RectificationTask]:
    return task_list_for_user(user).filter(deadline__year=year)


def praise_candidates(user: User, year: int) -> list[Candidate]:
    """附件1 附件 一1: units that completed every measure and met the annual
    target — every task of the year graded 优秀 in a circulated assessment."""
    return [
        Candidate(
            kind="praise",
            subject=str(a.unit),
            reason=f"{len(a.task_grades)}项整改任务全部完成整改措施并达到年度目标，建议全市通报表扬",
        )
        for a in assessment_list_for_user(user).filter(
            year=year, stage=UnitAssessment.Stage.CIRCULATED
        )
        if a.task_grades and set(a.task_grades.values()) == {"优秀"}
    ]


def accountability_candidates(user: User, year: int, *, today: date) -> list[Candidate]:
    """附件1 附件 二: the situations the platform can detect — no clear progress
    after a 督办 notice (二3), missed milestones (二2), a finding that did not
    match the facts (二1: the city review refused the case's 定性), rebound
    (二5) and fake rectification (二8)."""
    tasks = _year_tasks(user, year)
    cases = case_list_for_user(user).filter(deadline__year=year)
    found: list[Candidate] = []
    letters = Supervision.objects.filter(
        task__in=tasks.values("pk"), kind=Supervision.Kind.LETTER
    ).select_related("task")
    for letter in letters:
        task = letter.task
        assert task is not None
        progressed = (
            task.reports.filter(created_at__gt=letter.issued_at).exists()
            or task.status in DONE_STEPS
        )
        if not progressed:
            found.append(
                Candidate(
                    "accountability",
                    f"整改任务{task.number}（{task.responsible_units}）",
                    f"{letter.issued_at:%Y-%m-%d}下达督办函后仍未取得明显进展",
                    task.get_absolute_url(),
                )
            )
    missed = (
        Milestone.objects.filter(task__in=tasks.values("pk"), due_on__lt=today)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=F("due_on")))
        .select_related("task")
    )
    for milestone in missed:
        found.append(
            Candidate(
                "accountability",
                f"整改任务{milestone.task.number}（{milestone.task.responsible_units}）",
                f"未在规定时间节点（{milestone.due_on}）内完成：{milestone.title}",
                milestone.task.get_absolute_url(),
            )
        )
    rebounds: list[RectificationTask | PetitionCase] = [
        *tasks.exclude(reopen_reason=""),
        *cases.exclude(reopen_reason=""),
    ]
    for item in rebounds:
        found.append(
            Candidate(
                "accountability",
                str(item),
                f"整改后出现反弹：{item.reopen_reason[:60]}",
                item.get_absolute_url(),
            )
        )
    refused = ReviewSignoff.objects.filter(
        case__in=cases.values("pk"), part=ReviewSignoff.Part.NATURE, agreed=False
    ).select_related("case")
    for signoff in refused:
        found.append(
            Candidate(
                "accountability",
                str(signoff.case),
                f"市级复核不同意案件定性（认定结论与事实不符）：{signoff.opinion[:60]}",
                signoff.case.get_absolute_url(),
            )
        )
    for score in CaseScore.objects.filter(
        case__in=cases.values("pk"), inputs__fake=True
    ).select_related("case"):
        found.append(
            Candidate(
                "accountability",
                str(score.case),
                "经核实存在表面整改、虚假整改或敷衍整改",
                score.case.get_absolute_url(),
            )
        )
    return found


# --- Oversight (B12, B15, B17): city-wide records of the committee and 纪工委 ---


def meetings_in(year: int) -> QuerySet[CommitteeMeeting]:
    return CommitteeMeeting.objects.filter(planned_on__year=year)


def visits_in(year: int) -> QuerySet[SupervisionVisit]:
    return SupervisionVisit.objects.filter(planned_on__year=year).select_related(
        "district"
    )


def regulations() -> QuerySet[Regulation]:
    return Regulation.objects.all()


# --- For other modules: an enterprise's late or rebounding items (issue 11 item 3)


@dataclass(frozen=True)
class EnterpriseItem:
    """A task or petition case of an enterprise that ran past its deadline or
    rebounded (反弹, reopened), as other modules (credit) may read it."""

    enterprise_id: int
    kind: str  # "task" | "case"
    pk: int
    number: str
    deadline: date
    situation: str  # "overdue" | "reopened"
    on: date  # the deadline missed, or the day the item was reopened
    detail: str = ""  # 逾期完成 / 逾期未完成 / the rebound reason

    @property
    def ref(self) -> str:
        model = "rectificationtask" if self.kind == "task" else "petitioncase"
        return f"rectification.{model}:{self.pk}"

    @property
    def label(self) -> str:
        noun, limit = (
            ("整改任务", "完成时限")
            if self.kind == "task"
            else ("信访案件", "办结时限")
        )
        head = f"{noun}{self.number}（{limit}{self.deadline.isoformat()}）"
        if self.situation == "overdue":
            return f"{head}{self.detail}"
        return f"{head}{self.on.isoformat()}反弹重新整改：{self.detail[:40]}"


_REOPEN_ACTIONS = {
    "rectification.rectificationtask.reopen": "task",
    "rectification.petitioncase.reopen": "case",
}


def overdue_items_for_enterprises(
    enterprise_ids: Iterable[int],
    start: datetime,
    end: datetime,
    *,
    today: date | None = None,
) -> list[EnterpriseItem]:
    """The enterprises' tasks and cases that, in [start, end):

    - missed their deadline (the deadline falls in the period and has passed):
      a task not completed by it (`completed_on` empty or later — seed 001 四(一)
      "按时完成"), a case still 办理中 after it or flagged late by the daily sweep
      (`late_flagged_at`; 办结时限, 附件2);
    - were reopened (`reopen`, 反弹/整改不到位, seed 001 三(一)2), dated by the
      record entry of the reopening.

    No user scope (a read for scoring, not a page); five queries at most for any
    number of enterprises (the record entries read by target, through its
    index). Items without an enterprise are never returned."""
    ids = list(enterprise_ids)
    if not ids:
        return []
    today = today or dates.local_date(timezone.now())
    first, stop = dates.local_date(start), dates.local_date(end)
    late_until = min(stop, today)  # a deadline not yet passed is not missed
    out: list[EnterpriseItem] = []
    tasks = (
        RectificationTask.objects.filter(
            enterprise_id__in=ids, deadline__gte=first, deadline__lt=late_until
        )
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=F("deadline")))
        .order_by("deadline", "pk")
        .values_list("enterprise_id", "pk", "number", "deadline", "completed_on")
    )
    for enterprise_id, pk, number, deadline, completed_on in tasks:
        detail = (
            f"逾期完成（{completed_on.isoformat()}完成）"
            if completed_on
            else "逾期未完成整改"
        )
        out.append(
            EnterpriseItem(
                enterprise_id, "task", pk, number, deadline, "overdue", deadline, detail
            )
        )
    cases = (
        PetitionCase.objects.filter(
            enterprise_id__in=ids, deadline__gte=first, deadline__lt=late_until
        )
        .filter(Q(status="handling") | Q(late_flagged_at__isnull=False))
        .order_by("deadline", "pk")
        .values_list("enterprise_id", "pk", "number", "deadline", "status")
    )
    for enterprise_id, pk, number, deadline, status in cases:
        detail = "逾期未办结" if status == "handling" else "逾期办结"
        out.append(
            EnterpriseItem(
                enterprise_id, "case", pk, number, deadline, "overdue", deadline, detail
            )
        )
    # Reopened items: the candidates are the enterprises' items carrying a
    # rebound reason (`reopen` requires one); their reopen entries are then read
    # through the record's target index, never by scanning the record table.
    candidates: dict[tuple[str, int], tuple[int, str, date, str]] = {}
    for kind, model in (("task", RectificationTask), ("case", PetitionCase)):
        rows = (
            model.objects.filter(enterprise_id__in=ids)
            .exclude(reopen_reason="")
            .values_list("enterprise_id", "pk", "number", "deadline", "reopen_reason")
        )
        for enterprise_id, pk, number, deadline, reason in rows:
            candidates[(kind, pk)] = (enterprise_id, number, deadline, reason)
    if not candidates:
        return out
    targets = Q()
    for label, kind in _REOPEN_ACTIONS.items():
        pks = [str(pk) for (k, pk) in candidates if k == kind]
        if pks:
            targets |= Q(target_type=label.rsplit(".", 1)[0], target_id__in=pks)
    seen: set[tuple[str, int]] = set()
    entries = (
        Record.objects.filter(targets, action__in=list(_REOPEN_ACTIONS))
        .filter(at__gte=start, at__lt=end)
        .order_by("seq")
        .values_list("action", "target_id", "at")
    )
    for action, target_id, at in entries:
        key = (_REOPEN_ACTIONS[action], int(target_id))
        if key in seen:
            continue  # reopened twice in the period: counted once, first date
        seen.add(key)
        enterprise_id, number, deadline, reason = candidates[key]
        out.append(
            EnterpriseItem(
                enterprise_id,
                key[0],
                key[1],
                number,
                deadline,
                "reopened",
                dates.local_date(at),
                reason,
            )
        )
    return out
