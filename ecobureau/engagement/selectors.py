"""Reads of the engagement module: staff reads limited to the user's data scope, an
enterprise's reads limited to its own demands, public reads limited to the EIA
register and its published conduct records (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.enforcement.models import EnforcementCase
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib.dates import SHANGHAI, local_datetime

from . import reception_dates, rules
from .models import (
    Commissioner,
    ConductRecord,
    Demand,
    EiaReport,
    EiaUnit,
    Forum,
    LeaderLink,
    Letter,
    LetterDelivery,
    Participation,
    ReceptionBooking,
    ReceptionDay,
    ResearchReport,
    Revisit,
    RevisitReport,
    Suggestion,
    SupervisionMatter,
    Supervisor,
    Visit,
)

_NOTHING = Q(pk__in=[])


def _staff_q(user: User, perm: str, **fields: str | None) -> Q:
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    if not user.has_perm(perm):
        return _NOTHING
    return account_selectors.scope_q(user, **fields)


# --- Demands ------------------------------------------------------------------------


def demand_list_for_user(user: User, *, status: str = "") -> QuerySet[Demand]:
    """Staff: demands in their data scope. An enterprise account: its own only.
    Green-channel (key enterprise) demands first, then the oldest."""
    if user.is_authenticated and user.kind == User.Kind.ENTERPRISE:
        own = enterprise_selectors.enterprise_for_account(user)
        qs = (
            Demand.objects.filter(enterprise=own)
            if own is not None
            else Demand.objects.none()
        )
    else:
        scope = _staff_q(user, "engagement.view_demand")
        if scope and user.is_authenticated and user.is_staff_member:
            # E16: a service commissioner sees the demands routed to them even
            # outside their own data scope. (An empty Q — city scope — already
            # keeps everything; OR-ing it would narrow it.)
            scope = scope | Q(assignee=user)
        qs = Demand.objects.filter(scope)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("enterprise", "unit", "assignee").order_by(
        "-green_channel", "-filed_at", "-pk"
    )


def demand_get_for_user(user: User, pk: int) -> Demand:
    return get_object_or_404(demand_list_for_user(user), pk=pk)


def clocks_of(target: object) -> QuerySet[Clock]:
    return casework.clocks_for(target).order_by("started_at")  # type: ignore[arg-type]


@dataclass(frozen=True)
class SatisfactionRow:
    label: str
    answered: int
    rated: int
    satisfied: int
    average: float | None

    @property
    def rate(self) -> str:
        if not self.rated:
            return "—"
        return f"{100 * self.satisfied / self.rated:.1f}%"


def satisfaction_for_user(user: User) -> list[SatisfactionRow]:
    """Per handling unit: answered demands, how many were rated, how many rated
    satisfied (基本满意 or better), the average rating; and a total row."""
    qs = demand_list_for_user(user).filter(answered_at__isnull=False).order_by()
    satisfied_q = Q(rating__gte=rules.SATISFIED_FROM)
    rows = (
        qs.values("unit__name")
        .annotate(
            answered=Count("pk"),
            rated=Count("pk", filter=Q(rating__isnull=False)),
            n_satisfied=Count("pk", filter=satisfied_q),
            average=Avg("rating"),
        )
        .order_by("unit__name")
    )
    result = [
        SatisfactionRow(
            row["unit__name"] or "未分派",
            row["answered"],
            row["rated"],
            row["n_satisfied"],
            row["average"],
        )
        for row in rows
    ]
    total = qs.aggregate(
        answered=Count("pk"),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        n_satisfied=Count("pk", filter=satisfied_q),
        average=Avg("rating"),
    )
    result.append(
        SatisfactionRow(
            "合计",
            total["answered"],
            total["rated"],
            total["n_satisfied"],
            total["average"],
        )
    )
    return result


# --- Commissioners and visits -------------------------------------------------------


def commissioner_list_for_user(
    user: User, *, active_only: bool = True
) -> QuerySet[Commissioner]:
    qs = Commissioner.objects.filter(
        _staff_q(user, "engagement.view_commissioner", township=None, unit=None)
    )
    if active_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("enterprise", "commissioner").order_by(
        "enterprise__name", "-started_on"
    )


def commissioner_history(user: User, enterprise_id: int) -> QuerySet[Commissioner]:
    return commissioner_list_for_user(user, active_only=False).filter(
        enterprise_id=enterprise_id
    )


def commissioner_get_for_user(user: User, pk: int) -> Commissioner:
    return get_object_or_404(commissioner_list_for_user(user), pk=pk)


def visit_list_for_user(user: User, *, kind: str = "") -> QuerySet[Visit]:
    qs = Visit.objects.filter(_staff_q(user, "engagement.view_visit", township=None))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("enterprise", "visitor").order_by("-visited_on", "-pk")


def visits_by_month_for_user(user: User) -> list[tuple[str, int]]:
    """Visits per month (百名干部进千家企业 is logged monthly, A69)."""
    counts: dict[str, int] = {}
    for visited_on in visit_list_for_user(user).values_list("visited_on", flat=True):
        key = visited_on.strftime("%Y-%m")
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), reverse=True)


# --- EIA intermediaries -------------------------------------------------------------


def eia_unit_list_for_user(user: User) -> QuerySet[EiaUnit]:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.view_eiaunit")
    ):
        return EiaUnit.objects.none()
    return EiaUnit.objects.annotate(
        open_records=Count(
            "conduct_records",
            filter=Q(conduct_records__status=ConductRecord.Status.REGISTERED),
        )
    ).order_by("name")


def eia_unit_get_for_user(user: User, pk: int) -> EiaUnit:
    return get_object_or_404(eia_unit_list_for_user(user), pk=pk)


def conduct_records_of(unit: EiaUnit) -> QuerySet[ConductRecord]:
    return unit.conduct_records.prefetch_related("consequences").order_by(
        "-occurred_on", "-pk"
    )


def conduct_get_for_user(user: User, pk: int) -> ConductRecord:
    return get_object_or_404(
        ConductRecord.objects.filter(unit__in=eia_unit_list_for_user(user)), pk=pk
    )


def eia_unit_list_public() -> QuerySet[EiaUnit]:
    """The public register: name, credit code and services only (the page shows
    no staff and no contact details)."""
    return EiaUnit.objects.only(
        "name",
        "credit_code",
        "does_project_reports",
        "does_plan_reports",
        "does_post_evaluation",
    ).order_by("name")


def conduct_list_public() -> QuerySet[ConductRecord]:
    return (
        ConductRecord.objects.filter(status=ConductRecord.Status.PUBLISHED)
        .select_related("unit")
        .prefetch_related("consequences")
        .order_by("-published_at", "-pk")
    )


# --- Supervisors --------------------------------------------------------------------


def supervisor_list_for_user(user: User, *, group: str = "") -> QuerySet[Supervisor]:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.view_supervisor")
    ):
        return Supervisor.objects.none()
    qs = Supervisor.objects.annotate(taken_part=Count("participations"))
    if group:
        qs = qs.filter(group=group)
    return qs.order_by("group", "left_on", "name")


def supervisor_get_for_user(user: User, pk: int) -> Supervisor:
    return get_object_or_404(supervisor_list_for_user(user), pk=pk)


def participations_of(supervisor: Supervisor) -> QuerySet[Participation]:
    return supervisor.participations.order_by("-held_on", "-pk")


# --- Enforcement cases, read-only (A75 revisits, A111 supervision) -----------------
#
# The enforcement module's `case_list_for_user` is scoped to the case's officers
# and the heads; neither the party office (局党办) nor an external supervisor is
# either. These two read-only queries read just what engagement needs — the case
# number, its enterprise, its source as the category, and (for a supervisor's
# open matter) the facts — and never write enforcement's tables.


@dataclass(frozen=True)
class CaseRow:
    case_id: int
    label: str
    enterprise_id: int
    category: str


def _case_row(case: EnforcementCase) -> CaseRow:
    return CaseRow(
        case_id=case.pk,
        label=f"案件#{case.pk} {case.enterprise.name}",
        enterprise_id=case.enterprise_id,
        category=case.get_source_display(),
    )


def enforcement_cases_of_month(month: date) -> list[CaseRow]:
    """Cases filed (立案) in the month (Asia/Shanghai), sorted by category
    (整理归类) then number."""
    start = local_datetime(month, time.min)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    end = local_datetime(following, time.min)
    cases = (
        EnforcementCase.objects.filter(filed_at__gte=start, filed_at__lt=end)
        .select_related("enterprise")
        .only("pk", "source", "enterprise_id", "enterprise__name")
        .order_by("source", "pk")
    )
    return [_case_row(case) for case in cases]


def enforcement_case_summary(case_id: int) -> CaseRow | None:
    case = (
        EnforcementCase.objects.filter(pk=case_id)
        .select_related("enterprise")
        .only("pk", "source", "enterprise_id", "enterprise__name")
        .first()
    )
    return None if case is None else _case_row(case)


@dataclass(frozen=True)
class CaseFacts:
    label: str
    status: str
    source: str
    start_reason: str
    facts: str
    filed_at: datetime | None


def enforcement_case_facts(matter: SupervisionMatter) -> CaseFacts:
    """What a supervisor may read of the case they supervise (第七条（四）)."""
    case = EnforcementCase.objects.select_related("enterprise").get(pk=matter.case_id)
    return CaseFacts(
        label=matter.case_label,
        status=case.status,
        source=case.get_source_display(),
        start_reason=case.start_reason,
        facts=case.facts,
        filed_at=case.filed_at,
    )


# --- Reception day, forums, leaders, letters ----------------------------------------


def _manages_reception(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.manage_reception")
    )


def reception_day_list_for_user(user: User) -> QuerySet[ReceptionDay]:
    if not _manages_reception(user):
        return ReceptionDay.objects.none()
    return ReceptionDay.objects.annotate(
        booked=Count("bookings", filter=~Q(bookings__status="cancelled"))
    ).order_by("-held_on")


def reception_day_get_for_user(user: User, pk: int) -> ReceptionDay:
    return get_object_or_404(reception_day_list_for_user(user), pk=pk)


def bookings_of(day: ReceptionDay) -> QuerySet[ReceptionBooking]:
    return day.bookings.select_related("enterprise", "demand").order_by(
        "booked_at", "pk"
    )


def booking_get_for_user(user: User, pk: int) -> ReceptionBooking:
    """Staff who organise the day, or the booking enterprise's own account."""
    if user.is_authenticated and user.kind == User.Kind.ENTERPRISE:
        own = enterprise_selectors.enterprise_for_account(user)
        qs = (
            ReceptionBooking.objects.filter(enterprise=own)
            if own
            else ReceptionBooking.objects.none()
        )
    elif _manages_reception(user):
        qs = ReceptionBooking.objects.all()
    else:
        qs = ReceptionBooking.objects.none()
    return get_object_or_404(qs.select_related("day", "enterprise"), pk=pk)


def upcoming_reception_day() -> ReceptionDay | None:
    """The next planned reception day open for booking (public: date and agenda)."""
    today = timezone.now().astimezone(SHANGHAI).date()
    return (
        ReceptionDay.objects.filter(held_on__gte=today, recorded_at__isnull=True)
        .order_by("held_on")
        .first()
    )


def next_reception_date() -> date:
    today = timezone.now().astimezone(SHANGHAI).date()
    return reception_dates.next_reception_day(today, rules.reception_week_rule())


def my_bookings(user: User) -> QuerySet[ReceptionBooking]:
    own = enterprise_selectors.enterprise_for_account(user)
    if own is None:
        return ReceptionBooking.objects.none()
    return (
        ReceptionBooking.objects.filter(enterprise=own)
        .select_related("day", "demand")
        .order_by("-day__held_on", "-pk")
    )


def forum_list_for_user(user: User) -> QuerySet[Forum]:
    if not _manages_reception(user):
        return Forum.objects.none()
    return Forum.objects.annotate(raised=Count("demands")).order_by("-held_on", "-pk")


def forum_get_for_user(user: User, pk: int) -> Forum:
    return get_object_or_404(forum_list_for_user(user), pk=pk)


def forum_demands(forum: Forum) -> QuerySet[Demand]:
    return forum.demands.select_related("enterprise", "unit").order_by("filed_at", "pk")


def leader_links_for_user(
    user: User, *, active_only: bool = True
) -> QuerySet[LeaderLink]:
    qs = LeaderLink.objects.filter(
        _staff_q(user, "engagement.view_commissioner", township=None, unit=None)
    )
    if active_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("leader", "enterprise").order_by(
        "leader__full_name", "enterprise__name"
    )


def letters_for_user(user: User) -> QuerySet[Letter]:
    if not user.has_perm("engagement.view_commissioner") or not user.is_staff_member:
        return Letter.objects.none()
    visible = LetterDelivery.objects.filter(
        _staff_q(user, "engagement.view_commissioner", township=None, unit=None)
    )
    return (
        Letter.objects.filter(deliveries__in=visible)
        .annotate(delivered=Count("deliveries", distinct=True))
        .distinct()
        .order_by("-sent_on", "-pk")
    )


def leader_link_get_for_user(user: User, pk: int) -> LeaderLink:
    return get_object_or_404(leader_links_for_user(user, active_only=False), pk=pk)


def letter_get_for_user(user: User, pk: int) -> Letter:
    return get_object_or_404(letters_for_user(user), pk=pk)


def letter_deliveries_for_user(user: User, letter: Letter) -> QuerySet[LetterDelivery]:
    """The enterprises the letter went to, only those inside the reader's scope."""
    return (
        letter.deliveries.filter(
            _staff_q(user, "engagement.view_commissioner", township=None, unit=None)
        )
        .select_related("enterprise")
        .order_by("enterprise__name", "pk")
    )


# --- Revisits (A75, E19) ------------------------------------------------------------


def revisit_list_for_user(user: User, *, month: date) -> QuerySet[Revisit]:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.manage_revisit")
    ):
        return Revisit.objects.none()
    return (
        Revisit.objects.filter(month=month.replace(day=1))
        .select_related("enterprise", "visitor")
        .order_by("category", "case_id")
    )


def revisit_get_for_user(user: User, pk: int) -> Revisit:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.manage_revisit")
    ):
        raise Http404
    return get_object_or_404(Revisit.objects.select_related("enterprise"), pk=pk)


def revisit_reports_for_user(user: User) -> QuerySet[RevisitReport]:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.manage_revisit")
    ):
        return RevisitReport.objects.none()
    return RevisitReport.objects.order_by("-month")


# --- Participation per section and cadre (A76) --------------------------------------


@dataclass(frozen=True)
class ParticipationRow:
    """One section / unit or one cadre: `key` is the unit's or the user's id
    (None for rows with nobody recorded), `label` its name."""

    label: str
    visits: int
    receptions: int
    revisits: int
    answered: int
    key: int | None = None

    @property
    def total(self) -> int:
        return self.visits + self.receptions + self.revisits + self.answered


PARTICIPATION_BY = ("unit", "cadre")


def _tally(
    rows: dict[int | None, dict[str, Any]],
    qs: QuerySet[Any],
    person: str,
    column: str,
    by: str,
) -> None:
    """Count `qs` per unit (`unit`) or per person (the `person` field)."""
    id_key, name_key = (
        ("unit_id", "unit__name")
        if by == "unit"
        else (f"{person}_id", f"{person}__full_name")
    )
    for row in qs.values(id_key, name_key).annotate(n=Count("pk")).order_by():
        entry = rows.setdefault(row[id_key], {"label": row[name_key] or "（未记录）"})
        entry[column] = entry.get(column, 0) + row["n"]


def participation_for_user(
    user: User, *, start: date, end: date, by: str = "unit"
) -> list[ParticipationRow]:
    """How much each section / unit (`by="unit"`) or each cadre (`by="cadre"`)
    took part in engagement in [start, end] (dates, both included): visits made
    (百名干部进千家企业 and others), reception-day talks held, revisits made,
    demands answered (seed 000 与企业互动 四（四）, A76). One row per unit or person
    (keyed by id, so two cadres of the same name stay apart), most active first.

    For other modules (leadership's assessment reads it; engagement does not push
    anything): scoped to `user` — a head sees what their data scope holds, only
    those who may view demands see anything (others get []). Revisits count for
    the unit that made them (all units for the party office, otherwise the
    reader's own unit)."""
    if by not in PARTICIPATION_BY:
        raise ValueError(f"by must be one of {PARTICIPATION_BY}")
    if not user.has_perm("engagement.view_demand") or not user.is_staff_member:
        return []
    rows: dict[int | None, dict[str, Any]] = {}
    _tally(
        rows,
        visit_list_for_user(user).filter(visited_on__range=(start, end)),
        "visitor",
        "visits",
        by,
    )
    received = ReceptionBooking.objects.filter(
        account_selectors.scope_q(user, township=None, unit=None),
        status=ReceptionBooking.Status.RECEIVED,
        day__held_on__range=(start, end),
    )
    _tally(rows, received, "received_by", "receptions", by)
    revisits = Revisit.objects.filter(
        status=Revisit.Status.DONE, visited_on__range=(start, end)
    )
    if not user.has_perm("engagement.manage_revisit"):
        revisits = revisits.filter(unit=user.unit)
    _tally(rows, revisits, "visitor", "revisits", by)
    answered = demand_list_for_user(user).filter(
        answered_at__gte=local_datetime(start, time.min),
        answered_at__lt=local_datetime(end + timedelta(days=1), time.min),
    )
    _tally(rows, answered, "answered_by", "answered", by)
    result = [
        ParticipationRow(
            counts["label"],
            counts.get("visits", 0),
            counts.get("receptions", 0),
            counts.get("revisits", 0),
            counts.get("answered", 0),
            key,
        )
        for key, counts in rows.items()
    ]
    return sorted(result, key=lambda row: (-row.total, row.label, row.key or 0))


def eia_reports_of(unit: EiaUnit) -> QuerySet[EiaReport]:
    return unit.reports.select_related("lead_author").order_by("-pk")


def eia_report_get(unit: EiaUnit, pk: int) -> EiaReport:
    """A report of a unit the caller already fetched through its scoped selector."""
    return get_object_or_404(unit.reports.all(), pk=pk)


# --- 与基层互动: suggestions (A77) and research reports (A78) -------------------------


def _bureau_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.kind == User.Kind.STAFF)


def may_manage_grassroots(user: User) -> bool:
    return _bureau_staff(user) and user.has_perm("engagement.manage_grassroots")


def suggestion_list_for_user(user: User, *, year: int) -> QuerySet[Suggestion]:
    """The office sees every suggestion; anyone else on the staff only their own."""
    if not _bureau_staff(user):
        return Suggestion.objects.none()
    qs = Suggestion.objects.filter(year=year).select_related("author", "unit")
    if not may_manage_grassroots(user):
        qs = qs.filter(author=user)
    return qs.order_by("-created_at", "-pk")


def suggestion_get_for_user(user: User, pk: int) -> Suggestion:
    if not _bureau_staff(user):
        return get_object_or_404(Suggestion.objects.none(), pk=pk)
    qs = Suggestion.objects.all()
    if not may_manage_grassroots(user):
        qs = qs.filter(author=user)
    return get_object_or_404(qs, pk=pk)


def research_reports_for_user(user: User, *, year: int) -> QuerySet[ResearchReport]:
    """The office sees every unit's reports; other staff their own unit's."""
    if not _bureau_staff(user):
        return ResearchReport.objects.none()
    qs = ResearchReport.objects.filter(year=year).select_related("unit")
    if not may_manage_grassroots(user):
        qs = qs.filter(unit_id=user.unit_id) if user.unit_id else qs.none()
    return qs.order_by("unit__name", "-completed_on", "-pk")


@dataclass(frozen=True)
class GrassrootsRow:
    unit: str
    is_section: bool
    staff: int
    suggestions: int
    without_suggestion: int
    adopted: int
    reports: int

    @property
    def reports_met(self) -> bool | None:
        """≥ 1 research report a year, for the bureau's sections only (与基层互动 5)."""
        return self.reports >= 1 if self.is_section else None


def grassroots_progress(user: User, *, year: int) -> list[GrassrootsRow]:
    """Per bureau unit in a year: staff, suggestions, staff still without one,
    adopted suggestions and research reports. The office only."""
    if not may_manage_grassroots(user):
        return []
    kinds = (Unit.Kind.BUREAU, Unit.Kind.SECTION, Unit.Kind.TEAM, Unit.Kind.SUB_BUREAU)
    units = list(Unit.objects.filter(kind__in=kinds).order_by("kind", "name"))
    staff = dict(
        User.objects.filter(is_active=True, kind=User.Kind.STAFF, unit__in=units)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    year_suggestions = Suggestion.objects.filter(year=year, unit__in=units)
    made = dict(
        year_suggestions.values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    authors = dict(
        year_suggestions.filter(author__is_active=True, author__unit=F("unit"))
        .values_list("unit")
        .annotate(n=Count("author", distinct=True))
        .values_list("unit", "n")
    )
    adopted = dict(
        year_suggestions.filter(status=Suggestion.Status.ADOPTED)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    reports = dict(
        ResearchReport.objects.filter(year=year, unit__in=units)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return [
        GrassrootsRow(
            unit=unit.name,
            is_section=unit.kind == Unit.Kind.SECTION,
            staff=staff.get(unit.pk, 0),
            suggestions=made.get(unit.pk, 0),
            without_suggestion=max(staff.get(unit.pk, 0) - authors.get(unit.pk, 0), 0),
            adopted=adopted.get(unit.pk, 0),
            reports=reports.get(unit.pk, 0),
        )
        for unit in units
    ]


# The supervisors' reads live in selectors_supervision.py (A95, A111, A109, A114,
# E17); re-exported so callers keep using `selectors.<name>`.
from .selectors_supervision import (  # noqa: E402, F401
    accesses_of,
    matter_get_for_manager,
    matter_get_for_supervisor,
    matters_of,
    meetings_for_user,
    nomination_requests_for_user,
    nominee_get_for_user,
    participation_counts_for_user,
    supervisor_report_get_for_user,
    supervisor_report_list_for_user,
)
from .selectors_visits import cadre_visit_completeness  # noqa: E402, F401
