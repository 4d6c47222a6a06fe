"""Reads of the grid module, always scoped to the person asking or marked public.

Scope: `accounts.selectors.scope_q` on each row's district and township (and the
cell's responsible government for unit-scoped users), so a township's officers see
their own cell and what happens in it, a district sees its townships, the city
sees everything. Departments see the transfers addressed to them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.casework.models import Approval
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise, PositiveListEntry
from ecobureau.lib.dates import local_date

from .models import (
    Campaign,
    CellEvaluation,
    CellStandard,
    ClassPolicy,
    Draw,
    EnterpriseSupervision,
    GridCell,
    GridMember,
    ImplementationScheme,
    InspectionTask,
    InspectorConflict,
    JointMeeting,
    JointReview,
    KeyEnterpriseDocument,
    ListedCheckRequest,
    Patrol,
    Problem,
    Project,
    ResponsibilityLetter,
    SupervisionItem,
    Training,
    Transfer,
    Violation,
)

_NOTHING = Q(pk__in=[])
ENFORCEMENT_ROLES = ("enforcement_officer", "enforcement_head")
GRID_OFFICER_ROLE = "grid_officer"


def _scope(user: User, *, unit: str | None = None, owner: str | None = None) -> Q:
    return account_selectors.scope_q(
        user, district="district", township="township", unit=unit, owner=owner
    )


def either(*filters: Q) -> Q:
    """OR of filters, where an empty Q means "everything" (a city-wide scope):
    Django drops an empty Q from `a | b`, which would narrow a city-wide scope
    to the other condition."""
    if any(not f.children and not f.negated for f in filters):
        return Q()
    combined = filters[0]
    for f in filters[1:]:
        combined |= f
    return combined


def _staff_with(user: User, perm: str) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff_member
        and user.has_perm(perm)
    )


def today() -> date:
    return local_date(timezone.now())


# --- Class policy (frequencies, draw shares, cap) ------------------------------------


@dataclass(frozen=True)
class Policy:
    klass: str
    supervision_months: int
    draw_percent: Decimal
    basis: str
    is_example: bool


# rules.md §7: "A yearly / B quarterly / C monthly" is plausible local practice, NOT
# CONFIRMED; the draw shares follow the typical local ratios of rules.md §6 (key
# units ≥ 25 % a quarter, general ≈ 10 %, small ≈ 5 %). Example configuration.
DEFAULT_POLICIES = {
    "C": Policy(
        "C", 1, Decimal("25"), "地方实践：C类每月一次（示例配置，未经确认）", True
    ),
    "B": Policy(
        "B", 3, Decimal("10"), "地方实践：B类每季度一次（示例配置，未经确认）", True
    ),
    "A": Policy(
        "A", 12, Decimal("5"), "地方实践：A类每年一次（示例配置，未经确认）", True
    ),
}


def policies() -> dict[str, Policy]:
    """Each class's policy: the bureau's own where set, else the example default."""
    found = dict(DEFAULT_POLICIES)
    for row in ClassPolicy.objects.all():
        found[row.klass] = Policy(
            row.klass,
            row.supervision_months,
            row.draw_percent,
            row.basis,
            row.is_example,
        )
    return found


def routine_cap() -> int:
    """Routine on-site checks allowed per enterprise per year (rules.md I4: the
    provincial cap; Liaoning's is NOT CONFIRMED, so this is example configuration —
    辽政办发〔2015〕29号 said once a year in principle, Ankang allows two)."""
    return int(getattr(settings, "GRID_ROUTINE_CHECK_CAP", 2))


def team_size() -> int:
    return max(2, int(getattr(settings, "GRID_DRAW_TEAM_SIZE", 2)))


# --- Cells --------------------------------------------------------------------------


def cell_scope_q(user: User) -> Q:
    if not _staff_with(user, "grid.view_gridcell"):
        return _NOTHING
    return _scope(user, unit="responsible_unit")


def cell_list_for_user(user: User) -> QuerySet[GridCell]:
    return (
        GridCell.objects.filter(cell_scope_q(user))
        .select_related("division", "parent", "responsible_unit")
        .order_by("level", "code")
    )


def cell_get_for_user(user: User, pk: int) -> GridCell:
    return get_object_or_404(cell_list_for_user(user), pk=pk)


def cells_for_member(user: User) -> QuerySet[GridCell]:
    """The cells a person is a current member of, within their scope."""
    return (
        cell_list_for_user(user)
        .filter(members__user=user, members__until__isnull=True)
        .distinct()
    )


def patrol_cells_for_user(user: User) -> QuerySet[GridCell]:
    """Cells a person may record a patrol in: theirs if they are a member of any,
    else every active cell of their scope."""
    mine = cells_for_member(user).filter(is_active=True)
    if mine.exists():
        return mine
    return cell_list_for_user(user).filter(is_active=True)


def current_members(cell: GridCell) -> QuerySet[GridMember]:
    return cell.members.filter(until__isnull=True).select_related("user", "enterprise")


@dataclass(frozen=True)
class CellRow:
    cell: GridCell
    first_responsible: str
    staff: int
    network: int

    @property
    def understaffed(self) -> bool:
        """Seed 002 六(一)3: a township without an environmental office designates
        at least 2 staff for environmental enforcement (requirements C19)."""
        return self.cell.level == GridCell.Level.TOWNSHIP and self.staff < 2


def cell_rows(cells: QuerySet[GridCell]) -> list[CellRow]:
    """Cells with their first responsible person and head counts, in two queries."""
    cell_list = list(cells)
    ids = [cell.pk for cell in cell_list]
    first: dict[int, str] = {}
    staff: dict[int, int] = defaultdict(int)
    network: dict[int, int] = defaultdict(int)
    rows = GridMember.objects.filter(cell_id__in=ids, until__isnull=True).values_list(
        "cell_id", "role", "name"
    )
    for cell_id, role, name in rows:
        if role == GridMember.Role.FIRST_RESPONSIBLE:
            first[cell_id] = name
        elif role in GridMember.STAFF_ROLES:
            staff[cell_id] += 1
        elif role in GridMember.NETWORK_ROLES:
            network[cell_id] += 1
    return [
        CellRow(cell, first.get(cell.pk, ""), staff[cell.pk], network[cell.pk])
        for cell in cell_list
    ]


def understaffed_cells(user: User) -> list[CellRow]:
    townships = cell_list_for_user(user).filter(
        level=GridCell.Level.TOWNSHIP, kind=GridCell.Kind.ADMINISTRATIVE, is_active=True
    )
    return [row for row in cell_rows(townships) if row.understaffed]


def letter_list_for_cell(cell: GridCell) -> QuerySet[ResponsibilityLetter]:
    return ResponsibilityLetter.objects.filter(
        Q(lower_cell=cell) | Q(upper_cell=cell)
    ).select_related("upper_cell", "lower_cell")


def letter_get_for_user(user: User, pk: int) -> ResponsibilityLetter:
    letters = ResponsibilityLetter.objects.filter(
        lower_cell__in=cell_list_for_user(user)
    ).select_related("upper_cell", "lower_cell")
    return get_object_or_404(letters, pk=pk)


def cell_for_division(division: Division) -> GridCell | None:
    return GridCell.objects.filter(
        division=division, kind=GridCell.Kind.ADMINISTRATIVE
    ).first()


# --- Public (the portal: 公开公示) ---------------------------------------------------


def cell_list_public(*, district_id: int | None = None) -> QuerySet[GridCell]:
    """Published cells with their published members (seed 002 四(五)1, C16)."""
    members = GridMember.objects.filter(until__isnull=True, publish=True).order_by(
        "role", "name"
    )
    cells = GridCell.objects.filter(published_at__isnull=False, is_active=True)
    if district_id:
        cells = cells.filter(Q(district_id=district_id) | Q(division_id=district_id))
    return (
        cells.select_related("division", "responsible_unit", "parent")
        .prefetch_related(
            Prefetch("members", queryset=members, to_attr="public_members")
        )
        .order_by("level", "code")
    )


def cell_get_public(pk: int) -> GridCell:
    return get_object_or_404(cell_list_public(), pk=pk)


def letters_public(cell: GridCell) -> QuerySet[ResponsibilityLetter]:
    return ResponsibilityLetter.objects.filter(
        lower_cell=cell, status=ResponsibilityLetter.Status.SIGNED
    ).select_related("upper_cell")


def draw_list_public() -> QuerySet[Draw]:
    return Draw.objects.exclude(status=Draw.Status.CANCELLED).select_related("division")


def draw_get_public(pk: int) -> Draw:
    return get_object_or_404(draw_list_public(), pk=pk)


def draw_result_visible(draw: Draw) -> bool:
    """Whether the seed, pools and result may be shown to the public now: after the
    draw, unless the organiser kept the list confidential until the checks are due
    (rules.md §6: "The draw is confidential until the inspection")."""
    if draw.status != Draw.Status.DRAWN:
        return False
    return draw.embargo_until is None or today() >= draw.embargo_until


def public_districts() -> QuerySet[Division]:
    return (
        Division.objects.filter(level=2, grid_cells__published_at__isnull=False)
        .distinct()
        .order_by("sort_order", "code")
    )


@dataclass(frozen=True)
class DrawRow:
    enterprise: str
    klass: str
    inspectors: str


def draw_result_rows(draw: Draw) -> list[DrawRow]:
    """The published result with names: enterprises and their inspectors (with
    credential numbers, which officers show at every inspection)."""
    import json

    data = json.loads(draw.result)
    classes = dict(data["enterprises"])
    enterprise_ids = [pk for pk, _ in data["result"]]
    inspector_ids = {pk for _, team in data["result"] for pk in team}
    names = dict(
        Enterprise.objects.filter(pk__in=enterprise_ids).values_list("pk", "name")
    )
    people = {
        user.pk: f"{user.display_name}（执法证{user.credential_no}）"
        for user in User.objects.filter(pk__in=inspector_ids).only(
            "pk", "full_name", "username", "credential_no"
        )
    }
    return [
        DrawRow(
            names.get(pk, f"#{pk}"),
            classes.get(pk, ""),
            "、".join(people.get(i, f"#{i}") for i in team),
        )
        for pk, team in data["result"]
    ]


def campaign_list_public() -> QuerySet[Campaign]:
    return Campaign.objects.filter(published_at__isnull=False).select_related("cell")


# --- Enterprise supervision (classes, calendar) --------------------------------------


def supervision_list_for_user(
    user: User, *, klass: str = "", q: str = ""
) -> QuerySet[EnterpriseSupervision]:
    rows = EnterpriseSupervision.objects.filter(
        enterprise__in=enterprise_selectors.enterprise_list_for_user(user).values("pk")
    ).select_related("enterprise", "district", "cell", "officer")
    if klass:
        rows = rows.filter(klass=klass)
    if q.strip():
        rows = rows.filter(enterprise__name__icontains=q.strip())
    return rows.order_by("enterprise__name", "pk")


def supervision_for_enterprise(enterprise: Enterprise) -> EnterpriseSupervision | None:
    return (
        EnterpriseSupervision.objects.filter(enterprise=enterprise)
        .select_related("cell", "officer", "override_by")
        .first()
    )


def supervision_get_for_user(user: User, enterprise_pk: int) -> EnterpriseSupervision:
    enterprise = enterprise_selectors.enterprise_get_for_user(user, enterprise_pk)
    return get_object_or_404(
        EnterpriseSupervision.objects.select_related(
            "enterprise", "cell", "officer", "override_by"
        ),
        enterprise=enterprise,
    )


def supervision_get_by_pk_for_user(user: User, pk: int) -> EnterpriseSupervision:
    rows = EnterpriseSupervision.objects.filter(
        enterprise__in=enterprise_selectors.enterprise_list_for_user(user).values("pk")
    )
    return get_object_or_404(rows, pk=pk)


def tasks_for_enterprise(enterprise: Enterprise) -> QuerySet[InspectionTask]:
    return (
        InspectionTask.objects.filter(enterprise=enterprise)
        .select_related("draw")
        .prefetch_related("inspectors")
        .order_by("-due_by", "-pk")
    )


def violations_for(enterprise: Enterprise) -> QuerySet[Violation]:
    return Violation.objects.filter(enterprise=enterprise).select_related("recorded_by")


def class_counts(user: User) -> dict[str, int]:
    rows = (
        supervision_list_for_user(user)
        .order_by()
        .values("klass")
        .annotate(n=Count("pk"))
    )
    counts = {"A": 0, "B": 0, "C": 0}
    for row in rows:
        counts[row["klass"]] = row["n"]
    return counts


@dataclass
class CalendarMonth:
    month: date
    profiles: list[EnterpriseSupervision] = field(default_factory=list)


@dataclass
class DueCalendar:
    overdue: list[EnterpriseSupervision]
    months: list[CalendarMonth]


def due_calendar(officer: User, *, months: int = 3) -> DueCalendar:
    """The officer's enterprises falling due: overdue first, then month by month
    (seed 002 附件1 二1 "设定企业监管频次，到期动态提醒")."""
    now = today()
    horizon = now + timedelta(days=31 * months)
    rows = (
        EnterpriseSupervision.objects.filter(officer=officer, next_due_on__lte=horizon)
        .select_related("enterprise")
        .order_by("next_due_on", "pk")
    )
    overdue: list[EnterpriseSupervision] = []
    grouped: dict[date, CalendarMonth] = {}
    for row in rows:
        due = row.next_due_on
        assert due is not None  # filtered on next_due_on above
        if due < now:
            overdue.append(row)
            continue
        key = due.replace(day=1)
        grouped.setdefault(key, CalendarMonth(key)).profiles.append(row)
    return DueCalendar(overdue, [grouped[key] for key in sorted(grouped)])


def tasks_for_inspector(user: User) -> QuerySet[InspectionTask]:
    return (
        InspectionTask.objects.filter(
            inspectors=user, status=InspectionTask.Status.PLANNED
        )
        .select_related("enterprise", "draw")
        .order_by("due_by", "pk")
    )


# --- Inspection planning ----------------------------------------------------------


def qualified_inspectors() -> QuerySet[User]:
    """People who may carry out an enterprise inspection: active bureau staff
    holding an enforcement role and an enforcement credential (行政处罚法第四十二条),
    and never a grid officer (国办发〔2024〕54号, rules.md I5)."""
    return (
        User.objects.filter(
            is_active=True,
            kind=User.Kind.STAFF,
            roles__code__in=ENFORCEMENT_ROLES,
        )
        .exclude(credential_no="")
        .exclude(roles__code=GRID_OFFICER_ROLE)
        .distinct()
        .order_by("pk")
    )


def inspector_list_for_user(user: User) -> QuerySet[User]:
    """Qualified inspectors a planner may put in a pool: those of their scope."""
    visible = account_selectors.staff_list_for_user(user).values("pk")
    return qualified_inspectors().filter(pk__in=visible).select_related("unit")


def is_grid_officer(user: User) -> bool:
    return user.roles.filter(code=GRID_OFFICER_ROLE).exists()


def routine_checks_counts(
    year: int, enterprise_ids: list[int] | None = None
) -> dict[int, int]:
    """Routine on-site checks per enterprise in a year (planned or done), which
    count against the yearly cap; case-triggered checks do not (rules.md I4)."""
    tasks = InspectionTask.objects.filter(
        year=year, kind__in=InspectionTask.ROUTINE_KINDS
    ).exclude(status=InspectionTask.Status.CANCELLED)
    if enterprise_ids is not None:
        tasks = tasks.filter(enterprise_id__in=enterprise_ids)
    rows = tasks.order_by().values("enterprise_id").annotate(n=Count("pk"))
    return {row["enterprise_id"]: row["n"] for row in rows}


def routine_checks_count(enterprise: Enterprise, year: int) -> int:
    return routine_checks_counts(year, [enterprise.pk]).get(enterprise.pk, 0)


def listed_enterprise_ids() -> set[int]:
    return set(
        PositiveListEntry.objects.filter(removed_on__isnull=True).values_list(
            "enterprise_id", flat=True
        )
    )


def approved_listed_requests(year: int) -> dict[int, int]:
    """enterprise id → the approved request allowing a routine on-site check of a
    positive-list enterprise that year (rules.md I3)."""
    requests = ListedCheckRequest.objects.filter(year=year).values_list(
        "pk", "enterprise_id"
    )
    by_pk = dict(requests)
    if not by_pk:
        return {}
    # One query for all of them; casework offers only a per-object reader.
    approved = Approval.objects.filter(
        target_type="grid.listedcheckrequest",
        target_id__in=list(by_pk),
        subject=ListedCheckRequest.SUBJECT,
        status=Approval.Status.APPROVED,
    ).values_list("target_id", flat=True)
    return {by_pk[pk]: pk for pk in approved}


def onsite_check_allowed(enterprise: Enterprise, year: int) -> tuple[bool, str]:
    """Whether a routine on-site check of this enterprise may be planned this year,
    and why not. For the enforcement module's "no plan, no inspection" check."""
    if enterprise.pk in listed_enterprise_ids() and enterprise.pk not in (
        approved_listed_requests(year)
    ):
        return False, "该企业在监督执法正面清单内，现场检查须经执法机构负责人批准。"
    count = routine_checks_count(enterprise, year)
    if count >= routine_cap():
        return False, (
            f"该企业{year}年日常现场检查已达{count}次，达到年度上限{routine_cap()}次"
            "（投诉举报、数据线索等个案检查不受此限）。"
        )
    return True, ""


def conflict_pairs(
    inspector_ids: list[int], enterprise_ids: list[int] | None = None
) -> list[tuple[int, int]]:
    rows = InspectorConflict.objects.filter(
        inspector_id__in=inspector_ids, ended_on__isnull=True
    )
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    return sorted(rows.values_list("inspector_id", "enterprise_id"))


def conflict_list_for_user(user: User) -> QuerySet[InspectorConflict]:
    enterprises = enterprise_selectors.enterprise_list_for_user(user).values("pk")
    return (
        InspectorConflict.objects.filter(
            enterprise__in=enterprises, ended_on__isnull=True
        )
        .select_related("inspector", "enterprise", "declared_by")
        .order_by("-declared_at")
    )


def draw_list_for_user(user: User) -> QuerySet[Draw]:
    if not _staff_with(user, "grid.view_draw"):
        return Draw.objects.none()
    return (
        Draw.objects.filter(_scope(user, unit="unit"))
        .select_related("division", "organiser", "unit")
        .order_by("-committed_at", "-pk")
    )


def draw_get_for_user(user: User, pk: int) -> Draw:
    return get_object_or_404(draw_list_for_user(user), pk=pk)


def task_list_for_user(
    user: User, *, status: str = "", kind: str = ""
) -> QuerySet[InspectionTask]:
    if not _staff_with(user, "grid.view_inspectiontask"):
        return InspectionTask.objects.none()
    tasks = InspectionTask.objects.filter(
        either(_scope(user), Q(inspectors=user))
    ).distinct()
    if status:
        tasks = tasks.filter(status=status)
    if kind:
        tasks = tasks.filter(kind=kind)
    return tasks.select_related("enterprise", "draw", "district").order_by(
        "due_by", "pk"
    )


def task_get_for_user(user: User, pk: int) -> InspectionTask:
    return get_object_or_404(task_list_for_user(user), pk=pk)


def task_inspectors(task: InspectionTask) -> list[User]:
    return list(task.inspectors.order_by("pk"))


def listed_request_list_for_user(user: User) -> QuerySet[ListedCheckRequest]:
    if not _staff_with(user, "grid.view_listedcheckrequest"):
        return ListedCheckRequest.objects.none()
    return (
        ListedCheckRequest.objects.filter(_scope(user))
        .select_related("enterprise", "requested_by")
        .order_by("-created_at")
    )


def listed_request_get_for_user(user: User, pk: int) -> ListedCheckRequest:
    return get_object_or_404(listed_request_list_for_user(user), pk=pk)


# --- Patrols, problems, transfers ---------------------------------------------------


def patrol_list_for_user(user: User) -> QuerySet[Patrol]:
    if not _staff_with(user, "grid.view_patrol"):
        return Patrol.objects.none()
    return (
        Patrol.objects.filter(either(_scope(user, owner="officer"), Q(officer=user)))
        .select_related("cell", "officer", "enterprise")
        .order_by("-started_at", "-pk")
    )


def patrol_get_for_user(user: User, pk: int) -> Patrol:
    return get_object_or_404(patrol_list_for_user(user), pk=pk)


def problem_scope_q(user: User) -> Q:
    """Staff see problems in their scope and those they reported; a department's
    handlers see the problems transferred to their department."""
    if not (user.is_authenticated and user.is_active and user.is_staff_member):
        return _NOTHING
    q = _NOTHING
    if user.has_perm("grid.view_problem"):
        q = either(_scope(user, unit="unit", owner="reporter"), Q(reporter=user))
    if user.unit_id and user.has_perm("grid.answer_transfer"):
        transferred = Transfer.objects.filter(unit_id=user.unit_id)
        q = either(q, Q(pk__in=transferred.values("problem_id")))
    return q


def problem_list_for_user(user: User, *, status: str = "") -> QuerySet[Problem]:
    problems = Problem.objects.filter(problem_scope_q(user))
    if status == "open":
        problems = problems.filter(status__in=Problem.OPEN_STATUSES)
    elif status:
        problems = problems.filter(status=status)
    return problems.select_related("cell", "reporter", "enterprise", "unit").order_by(
        "-reported_at", "-pk"
    )


def problem_get_for_user(user: User, pk: int) -> Problem:
    return get_object_or_404(problem_list_for_user(user), pk=pk)


def transfer_scope_q(user: User) -> Q:
    """Staff see transfers in their scope; a department's handlers see those
    addressed to their department, whatever their scope."""
    if not (user.is_authenticated and user.is_active and user.is_staff_member):
        return _NOTHING
    q = _scope(user, unit="unit") if user.has_perm("grid.view_transfer") else _NOTHING
    if user.unit_id and user.has_perm("grid.answer_transfer"):
        q = either(q, Q(unit_id=user.unit_id))
    return q


def transfer_list_for_user(user: User, *, status: str = "") -> QuerySet[Transfer]:
    transfers = Transfer.objects.filter(transfer_scope_q(user))
    if status:
        transfers = transfers.filter(status=status)
    return transfers.select_related("problem", "unit", "from_unit").order_by(
        "due_at", "pk"
    )


def transfer_get_for_user(user: User, pk: int) -> Transfer:
    return get_object_or_404(transfer_list_for_user(user), pk=pk)


def transfers_for_problem(problem: Problem) -> QuerySet[Transfer]:
    return problem.transfers.select_related("unit", "from_unit").order_by("sent_at")


def departments() -> QuerySet[Unit]:
    """Departments a problem may be transferred to (seed 002 四(三)3)."""
    return Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, is_active=True).order_by(
        "sort_order", "code"
    )


def handling_unit_for(cell: GridCell) -> Unit | None:
    """Who takes a cell's reports: the environmental authority of the level above —
    the district's sub-bureau for a township cell, else the bureau; the level's
    government where there is no such unit."""
    if cell.level == GridCell.Level.TOWNSHIP and cell.district_id:
        unit = Unit.objects.filter(
            kind=Unit.Kind.SUB_BUREAU, division_id=cell.district_id, is_active=True
        ).first()
        if unit is not None:
            return unit
        return Unit.objects.filter(code=f"gov-{cell.district.code}").first()  # type: ignore[union-attr]
    return Unit.objects.filter(kind=Unit.Kind.BUREAU, is_active=True).first()


# --- Projects and coordination -------------------------------------------------------


def project_list_for_user(user: User) -> QuerySet[Project]:
    if not _staff_with(user, "grid.view_project"):
        return Project.objects.none()
    return (
        Project.objects.filter(_scope(user, owner="officer"))
        .select_related("enterprise", "officer", "district")
        .order_by("phase", "next_check_due", "pk")
    )


def project_get_for_user(user: User, pk: int) -> Project:
    return get_object_or_404(project_list_for_user(user), pk=pk)


@dataclass(frozen=True)
class ProjectRates:
    tracked: int
    on_schedule: int
    due_acceptance: int
    accepted: int

    @property
    def execution_rate(self) -> Decimal | None:
        """三同时执行率: tracked projects with no report or check overdue."""
        if not self.tracked:
            return None
        return (Decimal(self.on_schedule) * 100 / self.tracked).quantize(Decimal("0.1"))

    @property
    def acceptance_rate(self) -> Decimal | None:
        """三同时验收率: accepted among projects that reached trial production."""
        if not self.due_acceptance:
            return None
        return (Decimal(self.accepted) * 100 / self.due_acceptance).quantize(
            Decimal("0.1")
        )


def project_rates(user: User) -> ProjectRates:
    projects = list(
        project_list_for_user(user).values_list(
            "phase", "next_report_due", "next_check_due", "next_supervision_due"
        )
    )
    now = today()
    tracked = on_schedule = due_acceptance = accepted = 0
    for phase, *dues in projects:
        if phase == Project.Phase.ACCEPTED:
            accepted += 1
            due_acceptance += 1
            continue
        tracked += 1
        if phase == Project.Phase.TRIAL:
            due_acceptance += 1
        if all(due is None or due >= now for due in dues):
            on_schedule += 1
    return ProjectRates(tracked, on_schedule, due_acceptance, accepted)


def meeting_list_for_user(user: User) -> QuerySet[JointMeeting]:
    if not _staff_with(user, "grid.view_jointmeeting"):
        return JointMeeting.objects.none()
    return (
        JointMeeting.objects.filter(_scope(user))
        .select_related("cell")
        .prefetch_related("tasks__unit")
        .order_by("-scheduled_on", "-pk")
    )


def meeting_get_for_user(user: User, pk: int) -> JointMeeting:
    return get_object_or_404(meeting_list_for_user(user), pk=pk)


def next_meeting_due(cell: GridCell) -> date | None:
    """Six months after the last meeting held (seed 002 六(二)2 "原则上每半年召开一次")."""
    last = (
        JointMeeting.objects.filter(cell=cell, held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if last is None:
        return None
    month = last.month + 6
    year = last.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(last.day, 28)
    return date(year, month, day)


def campaign_list_for_user(user: User) -> QuerySet[Campaign]:
    if not _staff_with(user, "grid.view_campaign"):
        return Campaign.objects.none()
    return (
        Campaign.objects.filter(_scope(user))
        .select_related("cell")
        .prefetch_related("departments")
        .order_by("-starts_on", "-pk")
    )


def campaign_get_for_user(user: User, pk: int) -> Campaign:
    return get_object_or_404(campaign_list_for_user(user), pk=pk)


@dataclass(frozen=True)
class EffectiveStandard:
    """The limits that apply in a cell (C22): its own level's, the nearest level
    above's, or the settings (`source` says which)."""

    patrol_days: int
    report_hours: int
    accept_workdays: int
    handle_workdays: int
    transfer_workdays: int
    work_report_day: int
    source: CellStandard | None


def effective_standard(cell: GridCell) -> EffectiveStandard:
    from . import processes

    own = processes._standard(cell)
    return EffectiveStandard(
        patrol_days=own.patrol_days
        if own
        else int(getattr(settings, "GRID_PATROL_DAYS", 7)),
        report_hours=own.report_hours
        if own
        else int(getattr(settings, "GRID_REPORT_HOURS", 24)),
        accept_workdays=processes.accept_limit(cell),
        handle_workdays=processes.handle_limit(cell),
        transfer_workdays=processes.transfer_limit_default(cell),
        work_report_day=own.work_report_day
        if own
        else int(getattr(settings, "GRID_WORK_REPORT_DAY", 5)),
        source=own,
    )


def last_patrol_on(cell: GridCell) -> date | None:
    last = (
        Patrol.objects.filter(cell=cell)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    return local_date(last) if last else None


def patrol_lapses(user: User) -> list[tuple[GridCell, date | None, int]]:
    """Township cells of the user's scope not patrolled within the period their
    level set (C22): (cell, last patrol date, period in days). A fixed number of
    queries, whatever the number of cells."""
    now = today()
    cells = list(
        cell_list_for_user(user).filter(
            level=GridCell.Level.TOWNSHIP,
            kind=GridCell.Kind.ADMINISTRATIVE,
            is_active=True,
        )
    )
    if not cells:
        return []
    parents = dict(
        GridCell.objects.filter(kind=GridCell.Kind.ADMINISTRATIVE).values_list(
            "pk", "parent_id"
        )
    )
    periods = dict(CellStandard.objects.values_list("cell_id", "patrol_days"))
    last_at = dict(
        Patrol.objects.filter(cell__in=[cell.pk for cell in cells])
        .values("cell")
        .annotate(last=Max("started_at"))
        .values_list("cell", "last")
    )
    fallback = int(getattr(settings, "GRID_PATROL_DAYS", 7))
    found = []
    for cell in cells:
        days = fallback
        at: int | None = cell.pk
        for _ in range(5):
            if at is None:
                break
            if at in periods:
                days = periods[at]
                break
            at = parents.get(at)
        last = local_date(last_at[cell.pk]) if cell.pk in last_at else None
        if last is None or (now - last).days > days:
            found.append((cell, last, days))
    return found


def campaign_tasks(user: User, campaign: Campaign) -> QuerySet[InspectionTask]:
    """The checks planned under a campaign (C24), as far as the user may see them."""
    return (
        task_list_for_user(user)
        .filter(source_type="grid.campaign", source_id=str(campaign.pk))
        .prefetch_related("inspectors")
        .order_by("due_by", "pk")
    )


def campaign_task_figures(campaign: Campaign) -> dict[str, int]:
    """Counts of a campaign's checks, whoever looks (for its results)."""
    tasks = InspectionTask.objects.filter(
        source_type="grid.campaign", source_id=str(campaign.pk)
    )
    counts = dict(
        tasks.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "planned": sum(counts.values())
        - counts.get(InspectionTask.Status.CANCELLED, 0),
        "done": counts.get(InspectionTask.Status.DONE, 0),
        "open": counts.get(InspectionTask.Status.PLANNED, 0),
        "overdue": tasks.filter(
            status=InspectionTask.Status.PLANNED, due_by__lt=today()
        ).count(),
    }


def review_list_for_user(user: User) -> QuerySet[JointReview]:
    """Joint reviews of major projects (C25) in the user's scope."""
    if not _staff_with(user, "grid.view_jointreview"):
        return JointReview.objects.none()
    return (
        JointReview.objects.filter(_scope(user))
        .select_related("cell", "enterprise")
        .order_by("-reviewed_on", "-pk")
    )


def review_get_for_user(user: User, pk: int) -> JointReview:
    return get_object_or_404(review_list_for_user(user), pk=pk)


def scheme_list_for_user(user: User) -> QuerySet[ImplementationScheme]:
    """Implementation schemes (C29) the user may see: those filed by a cell of
    their scope, and those filed with a cell of their scope (the level above)."""
    if not _staff_with(user, "grid.view_gridcell"):
        return ImplementationScheme.objects.none()
    own = cell_list_for_user(user)
    return (
        ImplementationScheme.objects.filter(Q(cell__in=own) | Q(filed_with__in=own))
        .select_related("cell", "filed_with", "attachment")
        .order_by("-filed_on", "-pk")
    )


def scheme_get_for_user(user: User, pk: int) -> ImplementationScheme:
    return get_object_or_404(scheme_list_for_user(user), pk=pk)


def scheme_list_public() -> QuerySet[ImplementationScheme]:
    return (
        ImplementationScheme.objects.filter(
            published_at__isnull=False,
            status=ImplementationScheme.Status.ACCEPTED,
            attachment__confidential=False,
        )
        .select_related("cell", "filed_with", "attachment")
        .order_by("-published_at", "-pk")
    )


def scheme_get_public(pk: int) -> ImplementationScheme:
    return get_object_or_404(scheme_list_public(), pk=pk)


def reviews_of_enterprise(user: User, enterprise: Enterprise) -> QuerySet[JointReview]:
    return review_list_for_user(user).filter(enterprise=enterprise)


def trainings_for_cell(cell: GridCell) -> QuerySet[Training]:
    return Training.objects.filter(cell=cell).prefetch_related("attendees")


def evaluation_list_for_user(user: User) -> QuerySet[CellEvaluation]:
    if not _staff_with(user, "grid.view_cellevaluation"):
        return CellEvaluation.objects.none()
    return (
        CellEvaluation.objects.filter(cell__in=cell_list_for_user(user).values("pk"))
        .select_related("cell", "self_by", "upper_by")
        .order_by("-year", "cell__code")
    )


def evaluation_get_for_user(user: User, pk: int) -> CellEvaluation:
    return get_object_or_404(evaluation_list_for_user(user), pk=pk)


def cell_year_figures(cell: GridCell, year: int) -> dict[str, Any]:
    """What the cell did in a year, for its evaluation (seed 002 四(四)4)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    patrols = Patrol.objects.filter(
        cell=cell, started_at__date__gte=start, started_at__date__lt=end
    )
    problems = Problem.objects.filter(
        cell=cell, reported_at__date__gte=start, reported_at__date__lt=end
    )
    transfers = Transfer.objects.filter(problem__in=problems)
    closed = problems.filter(
        status__in=[Problem.Status.CLOSED, Problem.Status.DISMISSED]
    ).count()
    staff = current_members(cell).filter(role__in=GridMember.STAFF_ROLES).count()
    return {
        "year": year,
        "patrols": patrols.count(),
        "patrol_days": patrols.dates("started_at", "day").count(),
        "problems": problems.count(),
        "problems_closed": closed,
        "transfers": transfers.count(),
        "transfers_overdue": transfers.filter(escalation_level__gt=0).count(),
        "trainings": Training.objects.filter(
            cell=cell, held_on__gte=start, held_on__lt=end
        ).count(),
        "letters_signed": ResponsibilityLetter.objects.filter(
            lower_cell=cell, year=year, status=ResponsibilityLetter.Status.SIGNED
        ).count(),
        "staff": staff,
    }


# --- Supervision of the levels below (督办) --------------------------------------------


def supervision_item_list_for_user(user: User) -> QuerySet[SupervisionItem]:
    """Items about the cells in the user's scope: the supervised level sees what it
    is supervised on, the level above what it supervises."""
    if not _staff_with(user, "grid.view_cellevaluation"):
        return SupervisionItem.objects.none()
    return (
        SupervisionItem.objects.filter(_scope(user))
        .select_related("cell", "upper_cell", "opened_by")
        .order_by("status", "next_follow_up_on", "pk")
    )


def supervision_item_get_for_user(user: User, pk: int) -> SupervisionItem:
    return get_object_or_404(supervision_item_list_for_user(user), pk=pk)


# --- The three documents of a key enterprise -----------------------------------------


@dataclass(frozen=True)
class KeyDocuments:
    latest: list[KeyEnterpriseDocument]
    missing: list[str]  # labels of the kinds with no document yet
    required: bool  # a key (class C) enterprise must have all three


def key_documents(supervision: Any) -> KeyDocuments:
    """The latest version of each document, and which are missing (附件1 二1 asks
    them for each key enterprise: here, each class C enterprise)."""
    latest: dict[str, KeyEnterpriseDocument] = {}
    for document in supervision.documents.select_related("attachment").order_by(
        "kind", "-issued_on", "-pk"
    ):
        latest.setdefault(document.kind, document)
    kinds = KeyEnterpriseDocument.Kind
    return KeyDocuments(
        latest=[latest[k] for k in kinds.values if k in latest],
        missing=[kinds(k).label for k in kinds.values if k not in latest],
        required=supervision.klass == "C",
    )
