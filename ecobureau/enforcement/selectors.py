"""Reads of the enforcement module, always scoped to the person asking.

Who sees an inspection (and, later, a case): the officers on it and whoever
planned it; the heads (执法队负责人, 分局负责人, 局领导) within their data scope; and
the enterprise inspected, once the officers have arrived (a planned check is not
announced: 双随机 results stay confidential until the inspection). Nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework.models import Approval, Attachment, Document
from ecobureau.core import calendar as core_calendar
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.grid import selectors as grid_selectors
from ecobureau.lib import dates, workdays

from .models import (
    CheckIn,
    CompulsoryMeasure,
    DecisionCorrection,
    EnforcementCase,
    EnterpriseCode,
    Inspection,
    InspectionReason,
    InvestigationDocument,
    LegalReview,
    ListedSupervision,
    MinorViolationCheck,
    MinorViolationItem,
    PenaltyDecision,
    PoliceTransfer,
    RecordAccessRequest,
    SupersededDecision,
)
from .processes import HEAD_ROLES

_NOTHING = Q(pk__in=[])


def _holds(user: User, roles: tuple[str, ...]) -> bool:
    return user.is_superuser or user.roles.filter(code__in=roles).exists()


def is_head(user: User) -> bool:
    return user.is_staff_member and _holds(user, HEAD_ROLES)


def inspection_scope_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return _NOTHING
    if user.is_staff_member:
        if not user.has_perm("enforcement.view_inspection"):
            return _NOTHING
        if is_head(user):
            return account_selectors.scope_q(user)
        return Q(officers=user) | Q(created_by=user)
    enterprise = enterprise_selectors.enterprise_for_account(user)
    if enterprise is None:
        return _NOTHING
    return Q(enterprise=enterprise, arrived_at__isnull=False)


def _joins(q: Q) -> bool:
    """Whether the filter follows the many-to-many officers (and so needs the
    id subquery to stay free of duplicate rows)."""
    for child in q.children:
        if isinstance(child, Q):
            if _joins(child):
                return True
        elif isinstance(child, tuple) and str(child[0]).startswith("officers"):
            return True
    return False


def _scoped(model: type, q: Q) -> QuerySet:  # type: ignore[type-arg]
    # A head's scope is plain columns: filter directly, so the list is one indexed
    # ordered scan (50,000 inspections: 1.0 s → see docs/modules/enforcement.md).
    if not _joins(q):
        return model.objects.filter(q)  # type: ignore[attr-defined, no-any-return]
    ids = model.objects.filter(q).values("pk")  # type: ignore[attr-defined]
    return model.objects.filter(pk__in=ids)  # type: ignore[attr-defined, no-any-return]


def inspection_list_for_user(user: User, *, status: str = "") -> QuerySet[Inspection]:
    qs = _scoped(Inspection, inspection_scope_q(user)).select_related(
        "enterprise", "district", "plan_task", "reason"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def inspection_get_for_user(user: User, pk: int) -> Inspection:
    """One inspection, or Http404 if the user may not see it."""
    return get_object_or_404(inspection_list_for_user(user), pk=pk)


def is_officer(user: User, inspection: Inspection) -> bool:
    return inspection.officers.filter(pk=user.pk).exists()


def checkins_for(inspection: Inspection) -> QuerySet[CheckIn]:
    return inspection.checkins.select_related("officer").order_by("in_at", "pk")


@dataclass(frozen=True)
class VisitorRow:
    """Who came, as the enterprise sees it: the credential number shown and
    whether it is valid today (实时核验)."""

    name: str
    credential_no: str
    valid: bool
    in_at: datetime
    out_at: datetime | None


def visitors_for(inspection: Inspection) -> list[VisitorRow]:
    rows = list(checkins_for(inspection))
    qualified = set(
        grid_selectors.qualified_inspectors()
        .filter(pk__in=[row.officer_id for row in rows])
        .values_list("pk", "credential_no")
    )
    return [
        VisitorRow(
            row.officer_name,
            row.credential_no,
            (row.officer_id, row.credential_no) in qualified,
            row.in_at,
            row.out_at,
        )
        for row in rows
    ]


# --- Ad-hoc reasons -------------------------------------------------------------------


def reason_list_for_user(user: User) -> QuerySet[InspectionReason]:
    if not (user.is_staff_member and user.has_perm("enforcement.view_inspection")):
        return InspectionReason.objects.none()
    q = account_selectors.scope_q(user) if is_head(user) else Q(requested_by=user)
    return (
        InspectionReason.objects.filter(q)
        .select_related("enterprise", "requested_by")
        .order_by("-created_at", "-pk")
    )


def reason_get_for_user(user: User, pk: int) -> InspectionReason:
    return get_object_or_404(reason_list_for_user(user), pk=pk)


def reason_approval(reason: InspectionReason) -> Approval | None:
    """The latest approval of the reason (a returned one may have been resubmitted)."""
    return (
        casework_selectors.approval_list_for_target(reason)
        .filter(subject=InspectionReason.SUBJECT)
        .order_by("-proposed_at", "-pk")
        .first()
    )


def reason_is_approved(reason: InspectionReason) -> bool:
    approval = reason_approval(reason)
    return approval is not None and approval.status == Approval.Status.APPROVED


# --- The enterprise's code --------------------------------------------------------


def code_for(enterprise: Enterprise) -> EnterpriseCode | None:
    return EnterpriseCode.objects.filter(enterprise=enterprise).first()


def code_get_by_token(token: str) -> EnterpriseCode:
    return get_object_or_404(
        EnterpriseCode.objects.select_related("enterprise"), token=token
    )


def scan_inspections(user: User, enterprise: Enterprise) -> QuerySet[Inspection]:
    """The officer's inspections of this enterprise that a scan may act on."""
    return (
        Inspection.objects.filter(
            enterprise=enterprise, officers=user, status__in=["planned", "on_site"]
        )
        .select_related("enterprise")
        .order_by("created_at", "pk")
    )


def routine_inspections_count(enterprise: Enterprise, year: int) -> int:
    """Routine on-site inspections of the enterprise that year (not cancelled)."""
    return (
        Inspection.objects.filter(enterprise=enterprise, year=year, routine=True)
        .exclude(status="cancelled")
        .count()
    )


def satisfaction_counts(user: User) -> dict[str, int]:
    """Ratings of the inspections the user may see, by overall grade (E20)."""
    from django.db.models import Count

    rows = (
        inspection_list_for_user(user)
        .filter(rating__isnull=False)
        .order_by()
        .values("rating__overall")
        .annotate(n=Count("pk"))
    )
    return {row["rating__overall"]: row["n"] for row in rows}


# --- Cases ----------------------------------------------------------------------------

# Steps in which the party sees its own case (after filing; not before publication
# of anything to others).
PARTY_VISIBLE_STEPS = (
    "investigating",
    "investigated",
    "not_punished",
    "notified",
    "hearing",
    "decided",
    "served",
    "executed",
    "archived",
)


def case_scope_q(user: User) -> Q:
    """The case's officers and whoever opened it; the heads in their data scope;
    the party (the enterprise) once the case is filed. Nobody else."""
    if not user.is_authenticated or not user.is_active:
        return _NOTHING
    if user.is_staff_member:
        if not user.has_perm("enforcement.view_enforcementcase"):
            return _NOTHING
        if is_head(user):
            return account_selectors.scope_q(user)
        return Q(officers=user) | Q(created_by=user)
    enterprise = enterprise_selectors.enterprise_for_account(user)
    if enterprise is None:
        return _NOTHING
    return Q(enterprise=enterprise, status__in=PARTY_VISIBLE_STEPS)


def case_list_for_user(user: User, *, status: str = "") -> QuerySet[EnforcementCase]:
    qs = _scoped(EnforcementCase, case_scope_q(user)).select_related(
        "enterprise", "district", "inspection"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def case_get_for_user(user: User, pk: int) -> EnforcementCase:
    return get_object_or_404(case_list_for_user(user), pk=pk)


def is_officer_of_case(user: User, case: EnforcementCase) -> bool:
    return case.officers.filter(pk=user.pk).exists()


def case_start_approval(case: EnforcementCase) -> Approval | None:
    return (
        casework_selectors.approval_list_for_target(case)
        .filter(subject=EnforcementCase.START_SUBJECT)
        .order_by("-proposed_at", "-pk")
        .first()
    )


def document_list_for_user(user: User) -> QuerySet[InvestigationDocument]:
    cases = case_list_for_user(user).values("pk")
    return InvestigationDocument.objects.filter(case_id__in=cases).select_related(
        "case", "case__enterprise", "made_by"
    )


def document_get_for_user(user: User, pk: int) -> InvestigationDocument:
    return get_object_or_404(document_list_for_user(user), pk=pk)


# --- Compulsory measures, the minor-violation list, the party's access -----------------


def measure_list_for_user(user: User) -> QuerySet[CompulsoryMeasure]:
    """Staff who see the case see its measures; the party sees them once carried
    out (the decision was served on it). Legal reviewers (the city's legal
    section) see the major ones, which come before them for review (法制审核制度
    第二条（二）), and nothing else of the case."""
    cases = case_list_for_user(user).values("pk")
    scope = Q(case_id__in=cases)
    if user.is_staff_member and user.roles.filter(code="legal_reviewer").exists():
        major = CompulsoryMeasure.objects.exclude(major_grounds=[]).values("pk")
        scope |= Q(pk__in=major)
    qs = CompulsoryMeasure.objects.filter(scope).select_related(
        "case", "case__enterprise"
    )
    if not user.is_staff_member:
        qs = qs.exclude(status=CompulsoryMeasure.Status.PROPOSED)
    return qs


def measure_get_for_user(user: User, pk: int) -> CompulsoryMeasure:
    return get_object_or_404(measure_list_for_user(user), pk=pk)


def measure_approval(measure: CompulsoryMeasure) -> Approval | None:
    return (
        casework_selectors.approval_list_for_target(measure)
        .filter(subject=CompulsoryMeasure.SUBJECT)
        .order_by("-proposed_at", "-pk")
        .first()
    )


def minor_items() -> QuerySet[MinorViolationItem]:
    return MinorViolationItem.objects.filter(active=True).order_by("number", "part")


def minor_checks_for(case: EnforcementCase) -> QuerySet[MinorViolationCheck]:
    return case.minor_checks.select_related(
        "item", "checked_by", "decided_by", "failure"
    )


def record_files(case: EnforcementCase) -> list[Attachment]:
    """Every file of the case's enforcement record: on the case, its
    investigation documents and its compulsory measures."""
    documents = list(case.documents.values_list("pk", flat=True))
    measures = list(case.measures.values_list("pk", flat=True))
    q = Q(target_type="enforcement.enforcementcase", target_id=case.pk)
    if documents:
        q |= Q(target_type="enforcement.investigationdocument", target_id__in=documents)
    if measures:
        q |= Q(target_type="enforcement.compulsorymeasure", target_id__in=measures)
    return list(Attachment.objects.filter(q).select_related("blob").order_by("pk"))


def access_request_list_for_user(user: User) -> QuerySet[RecordAccessRequest]:
    """The party sees its own applications; staff those of the cases they see."""
    if user.is_staff_member:
        cases = case_list_for_user(user).values("pk")
        return RecordAccessRequest.objects.filter(case_id__in=cases).select_related(
            "case", "case__enterprise", "requested_by"
        )
    return RecordAccessRequest.objects.filter(
        case__in=case_list_for_user(user), requested_by=user
    ).select_related("case", "case__enterprise")


def access_request_get_for_user(user: User, pk: int) -> RecordAccessRequest:
    return get_object_or_404(access_request_list_for_user(user), pk=pk)


def transfer_list_for_user(user: User) -> QuerySet[PoliceTransfer]:
    """Staff who see the case; never the party (the transfer file is the police's)."""
    if not user.is_staff_member:
        return PoliceTransfer.objects.none()
    cases = case_list_for_user(user).values("pk")
    return PoliceTransfer.objects.filter(case_id__in=cases).select_related("case")


def transfer_get_for_user(user: User, pk: int) -> PoliceTransfer:
    return get_object_or_404(transfer_list_for_user(user), pk=pk)


# --- The decision (issue 10) -------------------------------------------------------


def decision_get_for_staff(user: User, pk: int) -> PenaltyDecision:
    """A penalty decision for the staff who see its case: the target of internal
    papers such as the 集体审议申请表, which the party never sees."""
    if not user.is_authenticated or not user.is_staff_member:
        raise Http404
    cases = case_list_for_user(user).values("pk")
    return get_object_or_404(
        PenaltyDecision.objects.filter(case__in=cases).select_related("case"), pk=pk
    )


PARTY_DOCUMENT_KINDS = (
    "enf_prior_notice",
    "enf_hearing_notice",
    "enf_penalty_decision",
    "enf_decision_correction",
    "enf_decision_revocation",
    "enf_summary_decision",
    "enf_payment_reminder",
)


def decision_documents(case: EnforcementCase) -> QuerySet[Document]:
    """The notices and decisions issued to the party on this case."""
    return Document.objects.filter(
        target_type="enforcement.enforcementcase",
        target_id=case.pk,
        kind__in=PARTY_DOCUMENT_KINDS,
    ).order_by("issued_at", "pk")


# Documents issued and served TO the party, by what they hang on. Internal
# papers (approval and review forms, the 申请表, minutes, the catalogue, the
# transfer to the police, records of inquiry) are never among them; the party
# asks for those through access (第三十四条).
PARTY_CASE_KINDS = (*PARTY_DOCUMENT_KINDS, "enf_minor_decision")
PARTY_MEASURE_KINDS = (  # 行政强制法第二十四、二十五、二十八条
    "enf_measure_decision",
    "enf_measure_list",
    "enf_measure_extension",
    "enf_measure_release",
)
PARTY_INVESTIGATION_KINDS = (  # notices handed to the party, signed or refused
    "enf_doc_evidence_notice",
    "enf_doc_evidence_list",
    "enf_doc_sampling",
)


def party_documents(case: EnforcementCase) -> QuerySet[Document]:
    """Every numbered document issued to the party on this case: notices and
    decisions on the case, the decisions and lists of measures carried out, and
    the investigation notices served on it. `case` is already scoped."""
    measures = case.measures.exclude(
        status__in=[
            CompulsoryMeasure.Status.PROPOSED,
            CompulsoryMeasure.Status.WITHDRAWN,
        ]
    ).values_list("pk", flat=True)
    notices = case.documents.values_list("pk", flat=True)
    return Document.objects.filter(
        Q(
            target_type="enforcement.enforcementcase",
            target_id=case.pk,
            kind__in=PARTY_CASE_KINDS,
        )
        | Q(
            target_type="enforcement.compulsorymeasure",
            target_id__in=list(measures),
            kind__in=PARTY_MEASURE_KINDS,
        )
        | Q(
            target_type="enforcement.investigationdocument",
            target_id__in=list(notices),
            kind__in=PARTY_INVESTIGATION_KINDS,
        )
    ).order_by("issued_at", "pk")


def decision_corrections(case: EnforcementCase) -> QuerySet[DecisionCorrection]:
    """The 变更决定 made on the case's decision after a 复审 (集体审议规则 第十条),
    each with the original 决定书 it changes; `case` is already scoped."""
    return (
        DecisionCorrection.objects.filter(decision__case=case)
        .select_related("document", "original_document", "deliberation", "made_by")
        .order_by("made_at", "pk")
    )


def decision_supersessions(case: EnforcementCase) -> QuerySet[SupersededDecision]:
    """The served decisions a 复审 superseded by a heavier penalty, with their
    撤销决定书; `case` is already scoped."""
    return (
        SupersededDecision.objects.filter(decision__case=case)
        .select_related("original_document", "document", "deliberation", "made_by")
        .order_by("made_at", "pk")
    )


def review_list_for_user(user: User) -> QuerySet[LegalReview]:
    """Legal reviewers see the reviews before them (assigned to them, or not yet
    assigned: the section's queue) and no others; the leaders who sign see all."""
    qs = LegalReview.objects.select_related("decision__case__enterprise")
    codes = set(user.roles.values_list("code", flat=True))
    if user.is_superuser or "bureau_leader" in codes:
        return qs.order_by("-submitted_at", "-pk")
    if "legal_reviewer" not in codes:
        return qs.none()
    mine = Q(reviewers=user) | Q(reviewers__isnull=True, opinion="")
    return qs.filter(mine).distinct().order_by("-submitted_at", "-pk")


def review_get_for_user(user: User, pk: int) -> LegalReview:
    return get_object_or_404(review_list_for_user(user), pk=pk)


# --- 挂牌督办 (A93) -----------------------------------------------------------------

# How a citizen party appears on anything public: never by name.
CITIZEN_LABEL = gettext_noop("个人（依法隐去姓名）")


def supervision_due_on(
    item: ListedSupervision, calendar: workdays.Calendar | None = None
) -> date:
    """The last day of the superior's deadline as the listing's clock counts it
    (`services.supervision` starts a calendar-day clock from the listing day): a
    deadline on a weekend or holiday runs to the next working day (民法典第二百零三条,
    `lib.workdays.deadline` on the bureau's calendar, as casework clocks do).
    A list passes one `calendar` for all its rows."""
    return _rolled(item.listed_on, item.deadline, calendar or core_calendar.current())


def _rolled(listed_on: date, deadline: date, calendar: workdays.Calendar) -> date:
    try:
        return workdays.deadline(
            start=listed_on,
            amount=(deadline - listed_on).days,
            unit="days",
            calendar=calendar,
        ).due
    except workdays.CalendarError:  # a year the calendar cannot reckon
        return deadline


def supervision_overdue_days(item: ListedSupervision, today: date) -> int:
    """Days past `supervision_due_on` while still listed (0 if not)."""
    return item.overdue_days(today, due_on=supervision_due_on(item))


def supervision_overdue(today: date | None = None) -> QuerySet[ListedSupervision]:
    """Listings still open after the superior's deadline (as rolled by
    `supervision_due_on`, so the list agrees with the clock), oldest deadline
    first."""
    day = today or dates.local_date(timezone.now())
    calendar = core_calendar.current()
    # the rolled day is never before the written one: the written one filters first
    candidates = ListedSupervision.objects.filter(
        status=ListedSupervision.Status.LISTED, deadline__lt=day
    ).values_list("pk", "listed_on", "deadline")
    late = [
        pk
        for pk, listed_on, deadline in candidates
        if _rolled(listed_on, deadline, calendar) < day
    ]
    return (
        ListedSupervision.objects.filter(pk__in=late)
        .select_related("case__enterprise")
        .order_by("deadline", "pk")
    )


@dataclass(frozen=True)
class PublicSupervision:
    party: str
    district: str
    authority: str
    reference: str
    listed_on: date
    deadline: date
    matter: str
    status: str
    lifted_on: date | None
    lift_note: str


def supervision_list_public(q: str = "") -> QuerySet[ListedSupervision]:
    """Every listing for the public pages (portal and enforcement's own), each
    annotated `citizen_party`; `q` searches the reference, authority, matter,
    district and an enterprise party's name — never a citizen's, since a hit
    would confirm the name."""
    citizen = PenaltyDecision.objects.filter(
        case_id=OuterRef("case_id"), party_kind=PenaltyDecision.PartyKind.CITIZEN
    )
    items = (
        ListedSupervision.objects.select_related("case__enterprise", "case__district")
        .annotate(citizen_party=Exists(citizen))
        .order_by("status", "-listed_on", "-pk")
    )
    if q:
        items = items.filter(
            Q(reference__icontains=q)
            | Q(authority__icontains=q)
            | Q(matter__icontains=q)
            | Q(case__district__name__icontains=q)
            | Q(case__enterprise__name__icontains=q, citizen_party=False)
        )
    return items


def supervision_public_row(item: ListedSupervision) -> PublicSupervision:
    """What the public sees of one listing (from `supervision_list_public`): no
    officer, and a citizen party never named (个人信息保护法; seed 000 信息公开)."""
    citizen = bool(getattr(item, "citizen_party", True))
    district = item.case.district
    return PublicSupervision(
        party=gettext(CITIZEN_LABEL) if citizen else item.case.enterprise.name,
        district=district.name if district else "",
        authority=item.authority,
        reference=item.reference,
        listed_on=item.listed_on,
        deadline=item.deadline,
        matter=item.matter,
        status=gettext(item.get_status_display()),
        lifted_on=item.lifted_on,
        lift_note=item.lift_note,
    )


def supervision_last_change_public() -> date | None:
    """The latest listing or lifting day of a 挂牌督办 (for the portal's catalogue)."""
    found = ListedSupervision.objects.aggregate(
        listed=Max("listed_on"), lifted=Max("lifted_on")
    )
    days = [d for d in (found["listed"], found["lifted"]) if d is not None]
    return max(days) if days else None
