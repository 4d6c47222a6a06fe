"""Reads of the emergencies module: staff reads scoped to the user's data scope,
public reads limited to published releases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import services as casework
from ecobureau.casework.models import Attachment, Clock
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib.dates import SHANGHAI, local_date

from . import grading
from .models import (
    Drill,
    EnterpriseHelp,
    HelpReply,
    Incident,
    IncidentLink,
    OpinionEvent,
    Plan,
    PlanChange,
    PlanRevision,
    PlanRole,
    RecoveryMeasure,
    Release,
    Report,
    Resource,
    RiskSource,
    SafetyHazard,
    StopOrder,
    Task,
)

_NOTHING = Q(pk__in=[])
# 重大 and 特别重大: the grades that make a "major pollution incident" for the
# veto and the responsibility letters (seed 003 (五), (八)).
MAJOR_GRADES = (grading.MAJOR, grading.ESPECIALLY_MAJOR)


def _scope_q(user: User, perm: str) -> Q:
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    if not user.has_perm(perm):
        return _NOTHING
    return account_selectors.scope_q(user)


def incident_list_for_user(user: User, *, status: str = "") -> QuerySet[Incident]:
    qs = Incident.objects.filter(_scope_q(user, "emergencies.view_incident"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("district", "enterprise").order_by("-received_at", "-pk")


def incident_get_for_user(user: User, pk: int) -> Incident:
    return get_object_or_404(
        incident_list_for_user(user).select_related("unit", "assignee"), pk=pk
    )


def reports_of(incident: Incident) -> QuerySet[Report]:
    return incident.reports.select_related(
        "clock", "submitted_by", "document"
    ).order_by("due_at", "pk")


def report_get_for_user(user: User, pk: int) -> Report:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        Report.objects.filter(incident_id__in=incidents).select_related(
            "incident", "clock"
        ),
        pk=pk,
    )


def task_get_for_user(user: User, pk: int) -> Task:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        Task.objects.filter(incident_id__in=incidents).select_related("incident"),
        pk=pk,
    )


def release_get_for_user(user: User, pk: int) -> Release:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        Release.objects.filter(incident_id__in=incidents).select_related("incident"),
        pk=pk,
    )


def overdue_reports_for_user(user: User) -> QuerySet[Report]:
    incidents = incident_list_for_user(user).values("pk")
    return (
        Report.objects.filter(
            incident_id__in=incidents,
            submitted_at__isnull=True,
            clock__state=Clock.State.OVERDUE,
        )
        .select_related("incident")
        .order_by("due_at")
    )


def clocks_of(target: Incident | OpinionEvent) -> QuerySet[Clock]:
    return casework.clocks_for(target).order_by("started_at", "pk")


def opinion_list_for_user(user: User, *, status: str = "") -> QuerySet[OpinionEvent]:
    qs = OpinionEvent.objects.filter(_scope_q(user, "emergencies.view_opinionevent"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("district", "enterprise").order_by("-discovered_at", "-pk")


def opinion_get_for_user(user: User, pk: int) -> OpinionEvent:
    return get_object_or_404(
        opinion_list_for_user(user).select_related(
            "drafted_by", "reviewed_by", "assignee"
        ),
        pk=pk,
    )


def plan_list_for_user(user: User) -> QuerySet[Plan]:
    """Plans of the user's district, and the city-wide ones (no district)."""
    if _scope_q(user, "emergencies.view_plan") == _NOTHING:
        return Plan.objects.none()
    q = account_selectors.scope_q(user, township=None, unit=None)
    if q != Q():  # (an empty Q would vanish from "q | …" and hide the city's plans)
        q = q | Q(district__isnull=True)
    return (
        Plan.objects.filter(q)
        .select_related("district", "enterprise")
        .order_by("holder_kind", "holder_name", "pk")
    )


def plan_get_for_user(user: User, pk: int) -> Plan:
    return get_object_or_404(plan_list_for_user(user), pk=pk)


# --- Public ---------------------------------------------------------------------


def release_list_public(
    q: str = "", district_id: int | None = None
) -> QuerySet[Release]:
    """Only releases reviewed and published; nothing else of an incident but its
    district (and its enterprise's contacts, read to mask them in the text).
    `q` finds the title, the text or the district's name."""
    qs = (
        Release.objects.filter(status=Release.Status.PUBLISHED)
        .select_related("incident__district", "incident__enterprise")
        .order_by("-published_at", "-pk")
    )
    if district_id is not None:
        qs = qs.filter(incident__district_id=district_id)
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(body__icontains=q)
            | Q(incident__district__name__icontains=q)
        )
    return qs


def release_get_public(pk: int) -> Release:
    return get_object_or_404(release_list_public(), pk=pk)


def plans_for_incident(user: User, incident: Incident) -> QuerySet[Plan]:
    """The plans to hand during an incident: the enterprise's own, and the
    governments' and departments' plans of its district and of the city."""
    return plan_list_for_user(user).filter(
        Q(enterprise_id=incident.enterprise_id, enterprise__isnull=False)
        | (
            Q(holder_kind__in=[Plan.Holder.GOVERNMENT, Plan.Holder.DEPARTMENT])
            & (Q(district__isnull=True) | Q(district_id=incident.district_id))
        )
    )


def plan_contacts_for_incident(user: User, incident: Incident) -> QuerySet[Plan]:
    """The plans at hand (as `plans_for_incident`) with their roles and contacts,
    in two queries whatever the number of plans."""
    return plans_for_incident(user, incident).prefetch_related("roles")


def roles_of(plan: Plan) -> QuerySet[PlanRole]:
    return plan.roles.order_by("position", "pk")


def plan_role_get_for_user(user: User, pk: int) -> PlanRole:
    plans = plan_list_for_user(user).values("pk")
    return get_object_or_404(
        PlanRole.objects.filter(plan_id__in=plans).select_related("plan"), pk=pk
    )


# The fields whose old and new values a plan's history shows, in this order (the
# models' verbose names).
_CHANGE_FIELDS = {
    "person": "姓名",
    "unit": "单位及职务",
    "phone": "联系电话",
    "duty": "职责",
    "contacts": "应急组织与联系人",
}


@dataclass(frozen=True)
class PlanHistoryLine:
    """One entry of a plan's history and, for a change of roles or contacts, each
    field changed as (label, from, to); `mismatch` when the kept names and phones
    no longer match the digest in the record (or are missing without the retention
    job having deleted them); `pruned` names the personal fields changed whose
    values were deleted after the retention period."""

    entry: casework_selectors.HistoryEntry
    changes: list[tuple[str, str, str]]
    mismatch: bool = False
    pruned: list[str] = field(default_factory=list)


_PERSONAL_LABELS = [_CHANGE_FIELDS[name] for name in PlanChange.PERSONAL_FIELDS]


def plan_history(plan: Plan, labels: Mapping[str, str]) -> list[PlanHistoryLine]:
    """The plan's history from the record, with the old and new values of each
    change: the entry's own, and the names and phones kept beside it (`PlanChange`).
    Past their retention (`emergencies.plan.changes_pruned`) the kept values are
    gone: the line names the fields without values. Only for pages that already
    show the plan's current roles and phones."""
    kept = {change.record_seq: change for change in plan.changes.all()}
    entries = casework_selectors.history_for(plan, labels)
    pruned_seqs = {
        seq
        for entry in entries
        if entry.data.get("record_seqs")
        for seq in entry.data["record_seqs"]
    }
    lines = []
    for entry in entries:
        before = entry.data.get("before")
        after = entry.data.get("after")
        if not isinstance(before, dict) or not isinstance(after, dict):
            lines.append(PlanHistoryLine(entry, []))
            continue
        before, after = dict(before), dict(after)
        change = kept.get(entry.seq)
        mismatch = False
        pruned: list[str] = []
        if change is not None:
            before.update(change.before)
            after.update(change.after)
            mismatch = change.digest() != entry.data.get("values_digest")
        elif "values_digest" in entry.data:
            if entry.seq in pruned_seqs:
                fields = after.get("fields") or []
                pruned = [label for label in _PERSONAL_LABELS if label in fields]
            else:
                mismatch = True
        changes = [
            (label, before.get(name, ""), after.get(name, ""))
            for name, label in _CHANGE_FIELDS.items()
            if name in before or name in after
        ]
        lines.append(PlanHistoryLine(entry, changes, mismatch, pruned))
    return lines


# --- Enterprise help in opinion events ------------------------------------------------


_HELP_CLOCKS = ("assign_clock", "action_clock")


def helps_of(event: OpinionEvent) -> QuerySet[EnterpriseHelp]:
    return event.helps.select_related(
        "enterprise", "helper", *_HELP_CLOCKS
    ).prefetch_related("actions")


def help_get_for_user(user: User, pk: int) -> EnterpriseHelp:
    """A help record, through its opinion event's scope (404 outside it)."""
    events = opinion_list_for_user(user).values("pk")
    return get_object_or_404(
        EnterpriseHelp.objects.filter(event_id__in=events).select_related(
            "event", "enterprise", "helper", *_HELP_CLOCKS
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class HelpClockRow:
    """One response clock of a help record as the pages show it."""

    clock_id: int
    label: str
    due_at: datetime
    state: str  # the clock's state label, 已超期 once past due even before the sweep
    overdue: bool  # past due: still open (`late`) or done late (超期完成)
    late: bool
    basis: str


def help_clock_rows(record: EnterpriseHelp, now: datetime) -> list[HelpClockRow]:
    """The naming and first-action clocks of a help record fetched with its clocks
    (`helps_of`, `help_get_for_user`), no query."""
    rows = []
    for clock in (record.assign_clock, record.action_clock):
        if clock is None:
            continue
        late = clock.is_open and now > clock.due_at
        state = Clock.State.OVERDUE.label if late else clock.get_state_display()
        overdue = late or clock.state in (Clock.State.OVERDUE, Clock.State.MISSED)
        rows.append(
            HelpClockRow(
                clock.pk, clock.label, clock.due_at, state, overdue, late, clock.basis
            )
        )
    return rows


def helps_with_clocks(
    event: OpinionEvent, now: datetime
) -> list[tuple[EnterpriseHelp, list[HelpClockRow]]]:
    """The help records of an event fetched for the user, each with its clocks."""
    return [(record, help_clock_rows(record, now)) for record in helps_of(event)]


def help_overdue_q(now: datetime) -> Q:
    """Help records whose naming of a helper or first analysis/measure is past its
    limit and still not done — from the clock's due time, so a record counts as
    overdue before the casework sweep has marked its clock."""
    open_states = Clock.OPEN_STATES
    return Q(assign_clock__state__in=open_states, assign_clock__due_at__lt=now) | Q(
        action_clock__state__in=open_states, action_clock__due_at__lt=now
    )


def help_list_overdue_for_user(
    user: User, *, now: datetime | None = None
) -> QuerySet[EnterpriseHelp]:
    """The overdue help records in the user's opinion-event scope, the oldest
    request first: for the opinion list and for leadership's figures."""
    now = now or timezone.now()
    events = opinion_list_for_user(user).values("pk")
    return (
        EnterpriseHelp.objects.filter(event_id__in=events)
        .filter(help_overdue_q(now))
        .select_related("event", "enterprise", "helper", *_HELP_CLOCKS)
        .order_by("requested_at", "pk")
    )


def replies_of(record: EnterpriseHelp) -> QuerySet[HelpReply]:
    """The enterprise's replies on a help record the caller already fetched for
    the user (staff through the event's scope, the enterprise its own)."""
    return record.replies.order_by("created_at", "pk")


_REPLY_LABEL = HelpReply._meta.label_lower


def reply_files_of(record: EnterpriseHelp) -> dict[int, list[Attachment]]:
    """The files of each reply of a help record the caller already fetched for
    the user, by reply id (one query)."""
    replies = record.replies.values_list("pk", flat=True)
    files: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(
        target_type=_REPLY_LABEL, target_id__in=replies
    ).select_related("blob"):
        files.setdefault(attachment.target_id, []).append(attachment)
    return files


def help_reply_file_get(record: EnterpriseHelp, pk: int) -> Attachment:
    """One file of a reply on a help record the caller already fetched for the
    user (staff through the event's scope, the enterprise its own); 404 for a file
    of any other record or object."""
    return get_object_or_404(
        Attachment.objects.select_related("blob"),
        pk=pk,
        target_type=_REPLY_LABEL,
        target_id__in=record.replies.values("pk"),
    )


@dataclass(frozen=True)
class HelpStep:
    """One line of a help record's timeline on the staff page: a step recorded by
    staff, or a reply of the enterprise (`from_enterprise`)."""

    at: datetime
    kind: str
    text: str
    participants: str
    by: str
    from_enterprise: bool = False
    files: list[Attachment] = field(default_factory=list)


def help_timeline(record: EnterpriseHelp) -> list[HelpStep]:
    """The staff's steps and the enterprise's replies of a help record fetched
    for staff (`help_get_for_user`), in time order (two queries)."""
    steps = [
        HelpStep(
            action.taken_at,
            action.get_kind_display(),
            action.description,
            action.participants,
            action.by.full_name if action.by else "",
        )
        for action in record.actions.select_related("by")
    ]
    files = reply_files_of(record)
    steps += [
        HelpStep(
            reply.created_at,
            "企业回复",
            reply.text,
            "",
            record.enterprise.name,
            True,
            files.get(reply.pk, []),
        )
        for reply in replies_of(record)
    ]
    return sorted(steps, key=lambda step: step.at)


def help_list_for_enterprise_user(user: User) -> QuerySet[EnterpriseHelp]:
    """The help records of the enterprise this account acts for (verified accounts
    only); nothing for anyone else, staff included (they read through the event)."""
    if not user.is_authenticated or user.kind != User.Kind.ENTERPRISE:
        return EnterpriseHelp.objects.none()
    own = enterprise_selectors.enterprise_list_for_user(user).values("pk")
    return (
        EnterpriseHelp.objects.filter(enterprise_id__in=own)
        .select_related("event", "enterprise", "helper__unit")
        .order_by("-requested_at", "-pk")
    )


def help_get_for_enterprise_user(user: User, pk: int) -> EnterpriseHelp:
    """One of the account's own help records, or 404."""
    return get_object_or_404(help_list_for_enterprise_user(user), pk=pk)


# --- Links, stop orders, preparedness -----------------------------------------------


def links_of(incident: Incident) -> QuerySet[IncidentLink]:
    return incident.links.all()


def stop_orders_of(incident: Incident) -> QuerySet[StopOrder]:
    return incident.stop_orders.select_related("enterprise").order_by("issued_at")


def stop_order_get_for_user(user: User, pk: int) -> StopOrder:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        StopOrder.objects.filter(incident_id__in=incidents).select_related("incident"),
        pk=pk,
    )


def recovery_measures_of(incident: Incident) -> QuerySet[RecoveryMeasure]:
    return incident.recovery_measures.select_related("unit").order_by("due_on", "pk")


def recovery_measure_get_for_user(user: User, pk: int) -> RecoveryMeasure:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        RecoveryMeasure.objects.filter(incident_id__in=incidents).select_related(
            "incident"
        ),
        pk=pk,
    )


def stop_orders_in_force_for_user(user: User) -> QuerySet[StopOrder]:
    """Orders not yet lifted: what a report of a breach (reward category 9) is
    checked against."""
    incidents = incident_list_for_user(user).values("pk")
    return (
        StopOrder.objects.filter(incident_id__in=incidents, lifted_at__isnull=True)
        .select_related("enterprise", "incident")
        .order_by("-issued_at")
    )


def emergency_handbook_for(enterprise_id: int | None) -> Any:
    """The latest emergency handbook (C30) of the enterprise, kept by grid."""
    if enterprise_id is None:
        return None
    from ecobureau.grid.models import KeyEnterpriseDocument

    return (
        KeyEnterpriseDocument.objects.filter(
            supervision__enterprise_id=enterprise_id,
            kind=KeyEnterpriseDocument.Kind.EMERGENCY_HANDBOOK,
        )
        .select_related("attachment")
        .order_by("-issued_on", "-pk")
        .first()
    )


def revisions_of(plan: Plan) -> QuerySet[PlanRevision]:
    return plan.revisions.select_related("by").order_by("-number")


def opinion_plan_for(user: User) -> Plan | None:
    """The online-opinion emergency plan (网络舆情应急预案) in force that this user
    may see: the latest filed of that kind."""
    return (
        plan_list_for_user(user)
        .filter(kind=Plan.Kind.ONLINE_OPINION)
        .order_by("-filed_on", "-pk")
        .first()
    )


def drills_of(plan: Plan) -> QuerySet[Drill]:
    return plan.drills.select_related("recorded_by")


def risk_source_list_for_user(user: User) -> QuerySet[RiskSource]:
    if _scope_q(user, "emergencies.view_plan") == _NOTHING:
        return RiskSource.objects.none()
    enterprises = enterprise_selectors.enterprise_list_for_user(user).values("pk")
    return (
        RiskSource.objects.filter(enterprise_id__in=enterprises)
        .select_related("enterprise")
        .order_by("enterprise__name", "name", "pk")
    )


def resource_list_for_user(user: User) -> QuerySet[Resource]:
    """Resources of the user's district, and the city-wide ones."""
    if _scope_q(user, "emergencies.view_plan") == _NOTHING:
        return Resource.objects.none()
    q = account_selectors.scope_q(user, township=None, unit=None)
    if q != Q():
        q = q | Q(district__isnull=True)
    return Resource.objects.filter(q).select_related("district")


def resources_for_incident(user: User, incident: Incident) -> QuerySet[Resource]:
    return resource_list_for_user(user).filter(
        Q(district__isnull=True) | Q(district_id=incident.district_id)
    )


@dataclass(frozen=True)
class IncidentSummary:
    """An incident as other modules (credit) may read it: graded, not dismissed."""

    pk: int
    enterprise_id: int
    title: str
    grade: str
    grade_label: str
    happened_at: datetime

    @property
    def larger_or_above(self) -> bool:
        """较大 and above (rules.md C4: mandatory credit scope the next year)."""
        return grading.GRADES.index(self.grade) >= grading.GRADES.index(grading.LARGER)


def incidents_for_enterprises(
    enterprise_ids: Iterable[int], start: datetime, end: datetime
) -> list[IncidentSummary]:
    """Graded incidents of these enterprises that happened in [start, end) — by the
    time of the incident (事发时间), else when the bureau learnt of it — and were not
    dismissed as no environmental emergency. One query for any number of
    enterprises; no user scope (a read for scoring, not a page)."""
    rows = (
        Incident.objects.filter(enterprise_id__in=list(enterprise_ids))
        .exclude(grade="")
        .exclude(status="dismissed")
        .annotate(happened=Coalesce("occurred_at", "received_at"))
        .filter(happened__gte=start, happened__lt=end)
        .order_by("happened", "pk")
        .values_list("pk", "enterprise_id", "title", "grade", "happened")
    )
    return [
        IncidentSummary(
            pk, enterprise_id, title, grade, grading.LABELS[grade], happened
        )
        for pk, enterprise_id, title, grade, happened in rows
    ]


# --- Accountability (D3, D7) ----------------------------------------------------------


@dataclass(frozen=True)
class AccountabilityIncident:
    """An incident as the responsibility registers (quality: the veto, D7; the
    responsibility letter's conclusion, D3) may read it: graded, not dismissed."""

    pk: int
    title: str
    summary: str
    grade: str
    grade_label: str
    district_id: int | None
    district_name: str
    happened_at: datetime  # 事发时间, else 获知时间

    @property
    def happened_on(self) -> date:
        return local_date(self.happened_at)

    @property
    def year(self) -> int:
        return self.happened_on.year

    @property
    def is_major(self) -> bool:
        """重大 or 特别重大: "辖区发生重大环境污染事件" (seed 003 (五), (八))."""
        return grading.at_least(self.grade, grading.MAJOR)

    @property
    def label(self) -> str:
        return f"突发环境事件#{self.pk} {self.title}"


_ACCOUNTABILITY_FIELDS = (
    "pk", "title", "summary", "grade", "district_id", "district__name", "happened",
)  # fmt: skip


def _accountability_rows(qs: QuerySet[Incident]) -> list[AccountabilityIncident]:
    rows = (
        qs.exclude(grade="")
        .exclude(status="dismissed")
        .annotate(happened=Coalesce("occurred_at", "received_at"))
        .order_by("happened", "pk")
        .values_list(*_ACCOUNTABILITY_FIELDS)
    )
    return [
        AccountabilityIncident(
            pk,
            title,
            summary,
            grade,
            grading.LABELS[grade],
            district_id,
            district_name or "",
            happened,
        )
        for pk, title, summary, grade, district_id, district_name, happened in rows
    ]


def major_incidents_for_accountability(
    *, year: int, district: Division | int | None = None
) -> list[AccountabilityIncident]:
    """Incidents graded 重大 or 特别重大 that happened in the year (Shanghai time; by
    事发时间, else 获知时间) and were not dismissed — of one district, or of the
    whole city when `district` is None. The grade is the one in force
    (`Incident.grade`, which every regrading replaces; the history is `Grading`).
    Incidents carry no demo flag, so none is left out as demo data. No user scope:
    the caller (quality) limits the list to the districts its user may see. One
    query."""
    start = datetime(year, 1, 1, tzinfo=SHANGHAI)
    end = datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
    qs = (
        Incident.objects.filter(grade__in=MAJOR_GRADES)
        .annotate(moment=Coalesce("occurred_at", "received_at"))
        .filter(moment__gte=start, moment__lt=end)
    )
    if district is not None:
        qs = qs.filter(district_id=getattr(district, "pk", district))
    return _accountability_rows(qs)


def incident_for_accountability(pk: int) -> AccountabilityIncident | None:
    """One graded, not dismissed incident of any grade and year, for the rule checks
    of the veto and the letter's conclusion (which refuse below 重大); None if there
    is no such incident."""
    rows = _accountability_rows(Incident.objects.filter(pk=pk))
    return rows[0] if rows else None


# --- Regional environmental-safety hazards (区域环境安全隐患, C27) ------------------


def hazard_list_for_user(user: User) -> QuerySet[SafetyHazard]:
    """Hazards of the user's district (all for city scope)."""
    q = _scope_q(user, "emergencies.view_plan")
    if q == _NOTHING:
        return SafetyHazard.objects.none()
    if q != Q():
        q = account_selectors.scope_q(user, township=None, unit=None)
    return (
        SafetyHazard.objects.filter(q)
        .select_related("district", "enterprise", "risk_source")
        .order_by("-found_on", "-pk")
    )


def hazard_get_for_user(user: User, pk: int) -> SafetyHazard:
    return get_object_or_404(hazard_list_for_user(user), pk=pk)


def hazard_list_public(q: str = "") -> QuerySet[SafetyHazard]:
    """Published hazards only; search by district, place, enterprise or text."""
    qs = (
        SafetyHazard.objects.filter(published_at__isnull=False)
        .select_related("district", "enterprise")
        .order_by("-found_on", "-pk")
    )
    if q:
        qs = qs.filter(
            Q(district__name__icontains=q)
            | Q(place__icontains=q)
            | Q(enterprise__name__icontains=q)
            | Q(description__icontains=q)
        )
    return qs


def hazard_last_change_public() -> datetime | None:
    """When the public list last changed: a publication or an update of a
    published hazard (a rectification included)."""
    from django.db.models import Max

    latest: datetime | None = SafetyHazard.objects.filter(
        published_at__isnull=False
    ).aggregate(latest=Max("updated_at"))["latest"]
    return latest
