"""Reads of the permits module, each public (`*_public`), for the staff member
in their data scope (`*_for_user`), or for the applicant's own account
(`*_for_applicant`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework import selectors_files
from ecobureau.casework.models import Clock, ClockPause, Document
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import waste
from ecobureau.lib.dates import local_date

from . import details as item_details
from . import processes
from .models import (
    Application,
    ApplicationMaterial,
    Enquiry,
    LegalBasis,
    Material,
    RadiationLicence,
    ServiceItem,
    WasteAssessment,
)

APPLICATION_LABEL = "permits.application"
# The terminal step of the declaration chain (processes._chain).
HW_CONFIRMED = "confirmed"

# --- The catalogue (public) -------------------------------------------------------


def item_list_public(query: str = "") -> list[ServiceItem]:
    """The active items in catalogue order; with `query`, those whose name,
    aliases, materials, procedure, place or FAQ contain every word of it."""
    items = list(
        ServiceItem.objects.filter(is_active=True)
        .select_related("unit")
        .prefetch_related("materials")
        .order_by("sort_order", "pk")
    )
    words = [word for word in query.split() if word]
    if not words:
        return items
    return [item for item in items if all(word in _haystack(item) for word in words)]


def _haystack(item: ServiceItem) -> str:
    parts = [
        item.name,
        item.list_name,
        *item.aliases,
        item.get_category_display(),
        item.applicable_parties,
        item.accepting_body,
        item.place_and_hours,
        item.materials_text,
        item.procedure_text,
        item.result,
        item.faq,
        *(material.name for material in item.materials.all()),
    ]
    return "\n".join(parts)


def item_get_public(code: str) -> ServiceItem:
    return get_object_or_404(
        ServiceItem.objects.select_related("unit", "handover_unit").prefetch_related(
            "materials", "legal_bases"
        ),
        code=code,
        is_active=True,
    )


@dataclass(frozen=True)
class BasisView:
    basis: LegalBasis
    in_force: bool


def legal_basis_for(item: ServiceItem, on: date | None = None) -> list[BasisView]:
    """Every dated citation of an item, each marked in force (or not) on `on`."""
    on = on or local_date(timezone.now())
    return [BasisView(basis, basis.in_force(on)) for basis in item.legal_bases.all()]


@dataclass(frozen=True)
class GuideStep:
    label: str
    note: str = ""


def guide_steps(item: ServiceItem) -> list[GuideStep]:
    """The item's procedure as steps, from its own process (the non-terminal
    steps in order, then the ways it ends)."""
    procedure = processes.PROCEDURES.get(item.code)
    if procedure is None:
        return []
    steps = []
    for step in procedure.process.steps:
        if step.code in processes.APPLICANT_STEPS or step.code in (
            "withdrawn",
            "lapsed",
            "not_accepted",
        ):
            continue
        note = ""
        if step.code in procedure.excluded_steps:
            note = "所需时间不计入办理时限"
        steps.append(GuideStep(step.label, note))
    return steps


def materials_for(item: ServiceItem, condition: str = "") -> list[Material]:
    return [m for m in item.materials.all() if m.applies(condition) or not condition]


# --- Applications, for staff ----------------------------------------------------------


def _staff_scope(user: User) -> Q:
    return account_selectors.scope_q(
        user, district="district", township="township", unit="unit", owner="assignee"
    )


def application_list_for_user(
    user: User, *, status: str = "", item_code: str = "", q: str = ""
) -> QuerySet[Application]:
    """Submitted applications in the user's data scope, plus those they own
    (首问负责人) or hold; drafts are the applicant's alone."""
    if not user.is_staff_member or not user.has_perm("permits.handle_application"):
        return Application.objects.none()
    scope = _staff_scope(user)
    if scope:  # an empty Q is the whole city; OR-ing it would drop it
        scope |= Q(owner=user) | Q(assignee=user)
    applications = (
        Application.objects.exclude(status=Application.DRAFT)
        .filter(scope)
        .select_related("item", "district", "unit", "owner", "assignee")
    )
    if status:
        applications = applications.filter(status=status)
    if item_code:
        applications = applications.filter(item__code=item_code)
    if q:
        applications = applications.filter(applicant_name__icontains=q)
    return applications.order_by("-submitted_at", "-pk")


def application_get_for_user(user: User, pk: int) -> Application:
    return get_object_or_404(application_list_for_user(user), pk=pk)


# --- Applications, for the applicant -----------------------------------------------


def _applicant_q(user: User) -> Q:
    mine = Q(created_by=user) | Q(applicant=user)
    enterprise = enterprise_selectors.enterprise_for_account(user)
    if enterprise is not None:
        # Colleagues' online applications for the same verified enterprise.
        mine |= Q(enterprise=enterprise, channel=Application.Channel.ONLINE)
    return mine


def application_list_for_applicant(user: User) -> QuerySet[Application]:
    if not user.is_authenticated or not user.is_public:
        return Application.objects.none()
    return (
        Application.objects.filter(_applicant_q(user))
        .select_related("item")
        .order_by("-created_at", "-pk")
    )


def application_get_for_applicant(user: User, pk: int) -> Application:
    return get_object_or_404(application_list_for_applicant(user), pk=pk)


def application_files(application: Application) -> QuerySet[ApplicationMaterial]:
    """Files of an application the caller has already fetched for the user."""
    return application.files.select_related(
        "material", "attachment", "attachment__blob"
    ).order_by("material__position", "created_at")


def application_file_get(application: Application, pk: int) -> ApplicationMaterial:
    file = application_files(application).filter(pk=pk).first()
    if file is None:
        raise Http404
    return file


def application_documents(application: Application) -> QuerySet[Document]:
    """Documents issued about an application the caller already fetched."""
    return selectors_files.document_list_for_target(application).order_by("issued_at")


def application_document_get(application: Application, pk: int) -> Document:
    document = application_documents(application).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


@dataclass
class ChecklistEntry:
    material: Material
    applies: bool
    files: list[ApplicationMaterial] = field(default_factory=list)
    wanted: bool = False  # named in the current correction notice


def checklist(application: Application) -> list[ChecklistEntry]:
    """The item's checklist with the files given for each entry."""
    files: dict[int, list[ApplicationMaterial]] = defaultdict(list)
    for file in application_files(application):
        files[file.material_id].append(file)
    wanted = (
        set(application.supplement_items)
        if application.status in (processes.APPLICANT_STEPS)
        else set()
    )
    return [
        ChecklistEntry(
            material=material,
            applies=material.applies(application.condition),
            files=files.get(material.pk, []),
            wanted=material.code in wanted,
        )
        for material in application.item.materials.all()
    ]


def supplement_other(application: Application) -> list[str]:
    """Points of the correction notice that are not checklist entries."""
    codes = set(application.item.materials.values_list("code", flat=True))
    return [text for text in application.supplement_items if text not in codes]


@dataclass(frozen=True)
class ClockView:
    clock: Clock
    overdue: bool
    paused: bool


def clock_views(application: Application) -> list[ClockView]:
    from ecobureau.casework import services as casework

    now = timezone.now()
    return [
        ClockView(
            clock,
            overdue=clock.is_open
            and clock.state != Clock.State.PAUSED
            and now > clock.due_at,
            paused=clock.state == Clock.State.PAUSED,
        )
        for clock in casework.clocks_for(application).order_by("pk")
    ]


def province_reviewers() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, roles__code="province_reviewer"
    ).order_by("pk")


# --- Enquiries ---------------------------------------------------------------------


def enquiry_list_for_user(user: User, *, status: str = "") -> QuerySet[Enquiry]:
    """Enquiries for staff who answer them: the whole city for city-wide staff,
    otherwise those about their unit's items, and any they own."""
    if not user.is_staff_member or not user.has_perm("permits.answer_enquiry"):
        return Enquiry.objects.none()
    enquiries = Enquiry.objects.select_related("item", "owner", "answered_by")
    if not (user.is_superuser or user.scope == User.Scope.CITY):
        enquiries = enquiries.filter(Q(item__unit_id=user.unit_id) | Q(owner=user))
    if status:
        enquiries = enquiries.filter(status=status)
    return enquiries.order_by("status", "-created_at")


def enquiry_get_for_user(user: User, pk: int) -> Enquiry:
    return get_object_or_404(enquiry_list_for_user(user), pk=pk)


def enquiry_list_for_asker(user: User) -> QuerySet[Enquiry]:
    if not user.is_authenticated or not user.is_public:
        return Enquiry.objects.none()
    return (
        Enquiry.objects.filter(asker=user)
        .select_related("item")
        .prefetch_related(Prefetch("rating"))
        .order_by("-created_at")
    )


def enquiry_get_for_asker(user: User, pk: int) -> Enquiry:
    return get_object_or_404(enquiry_list_for_asker(user), pk=pk)


def my_summary(user: User) -> dict[str, int]:
    applications = application_list_for_applicant(user)
    return {
        "drafts": applications.filter(status=Application.DRAFT).count(),
        "waiting": applications.filter(status__in=processes.APPLICANT_STEPS).count(),
        "total": applications.count(),
    }


def since(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def enterprise_section_context(user: User, enterprise: Enterprise) -> dict[str, object]:
    """The enterprise file's section: its latest applications the user may see,
    its radiation licences and its waste assessments."""
    applications = application_list_for_user(user).filter(enterprise=enterprise)
    return {
        "applications": list(applications[:20]),
        "licences": list(licence_list_for_user(user).filter(enterprise=enterprise)),
        "assessments": list(
            assessment_list_for_user(user).filter(enterprise=enterprise)[:10]
        ),
    }


# --- History, in words ---------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    text: str
    count: int = 1


PERMIT_ACTIONS = {
    "permits.application.draft": "填写申请（草稿）",
    "permits.application.register": "窗口登记申请",
    "permits.application.correct_on_spot": "登记当场更正",
    "permits.material.remove": "删除草稿中的文件",
    "permits.owner.claim": "成为首问负责人",
    "permits.owner.handover": "移交首问负责",
    "permits.rating.add": "评价",
    "permits.enquiry.ask": "提出咨询",
    "permits.enquiry.answer": "答复咨询",
    "permits.catalogue.change": "修改事项",
    "permits.catalogue.load": "载入事项目录",
    "permits.radiation.register": "登记许可证",
    "permits.radiation.change": "记录变更",
    "permits.radiation.renewal": "记录延续",
    "permits.radiation.inspection": "记录监督检查",
    "permits.radiation.status": "记录状态变更",
    "permits.assessment.record": "登记规范化管理评估",
}
_PAUSE_REASONS = dict(ClockPause.Reason.choices)
_CLOCK_STATES = dict(Clock.State.choices)


def history_lines(target: Model) -> list[HistoryLine]:
    """The record of an object as sentences; repeated uploads in a row are one
    line with a count."""
    from ecobureau.casework import selectors as casework_selectors

    labels = _step_labels(target)
    transitions = _transition_labels(target)
    lines: list[HistoryLine] = []
    for entry in casework_selectors.history_for(target):
        text = _sentence(entry.action, entry.data, labels, transitions)
        last = lines[-1] if lines else None
        if last and last.actor == entry.actor and last.text == text:
            lines[-1] = HistoryLine(last.at, last.actor, text, last.count + 1)
        else:
            lines.append(HistoryLine(entry.at, entry.actor, text))
    return lines


def _step_labels(target: object) -> dict[str, str]:
    if not isinstance(target, Application):
        return {}
    steps = processes.process_for(target).steps
    return {step.code: step.label for step in steps} | {"draft": "草稿"}


def _transition_labels(target: object) -> dict[str, str]:
    if not isinstance(target, Application):
        return {}
    return {t.code: t.label for t in processes.process_for(target).transitions}


def _day(value: object) -> str:
    if isinstance(value, str) and len(value) >= 10:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return f"{timezone.localtime(moment):%Y-%m-%d}"
    return ""


def _sentence(
    action: str,
    data: dict[str, object],
    steps: dict[str, str],
    transitions: dict[str, str],
) -> str:
    after = data.get("after")
    before = data.get("before")
    after_map = after if isinstance(after, dict) else {}
    if action == "permits.application.create":
        return f"提交申请，进入“{steps.get(str(after), after)}”"
    if action.startswith("permits.application.") and action not in PERMIT_ACTIONS:
        code = action.rsplit(".", 1)[1]
        text = transitions.get(code, code)
        if before and after:
            text += (
                f"：{steps.get(str(before), before)} → {steps.get(str(after), after)}"
            )
        if data.get("note"):
            text += f"（{data['note']}）"
        if data.get("no_recording_reason"):
            text += f"（未同时进行音像记录，理由：{data['no_recording_reason']}）"
        return text
    if action == "permits.owner.handover":
        return f"移交首问负责，理由：{data.get('reason', '')}"
    if action == "permits.rating.add":
        return f"评价：{data.get('score')}分"
    if action in PERMIT_ACTIONS:
        return PERMIT_ACTIONS[action]
    if action == "开始计时":
        return f"开始计时，期限{_day(after_map.get('due_at'))}"
    if action == "暂停计时":
        reason = _PAUSE_REASONS.get(str(after_map.get("reason")), "")
        return f"暂停计时（{reason}）"
    if action in ("恢复计时", "延长时限", "重新计算期限"):
        return f"{action}，期限调整为{_day(after_map.get('due_at'))}"
    if action == "时限结束":
        return f"时限结束：{_CLOCK_STATES.get(str(after_map.get('state')), '')}"
    if action == "撤销时限":
        return f"撤销计时：{after_map.get('reason', '')}"
    if action == "制作文书":
        return f"制作文书（{data.get('reference', '')}）"
    if action == "上传附件":
        return "上传文件"
    return action


# --- Registers: radiation licences (D15) and waste assessments (D12) ---------------

RADIATION_WARNING_DAYS = 90


def _enterprise_ids(user: User) -> QuerySet[Enterprise, int]:
    return (
        enterprise_selectors.enterprise_list_for_user(user)
        .order_by()
        .values_list("pk", flat=True)
    )


def licence_list_for_user(
    user: User, *, due_only: bool = False
) -> QuerySet[RadiationLicence]:
    """Licences of the enterprises the user may see; `due_only`: valid licences
    that end within 90 days or have ended (renewal is applied for 30 days before
    expiry, so the list warns well before)."""
    if not user.is_staff_member or not user.has_perm("permits.manage_radiation"):
        return RadiationLicence.objects.none()
    licences = RadiationLicence.objects.filter(
        enterprise__in=_enterprise_ids(user)
    ).select_related("enterprise")
    if due_only:
        limit = local_date(timezone.now()) + timedelta(days=RADIATION_WARNING_DAYS)
        licences = licences.filter(
            status=RadiationLicence.Status.VALID, valid_until__lte=limit
        )
    return licences.order_by("valid_until", "pk")


def licence_get_for_user(user: User, pk: int) -> RadiationLicence:
    return get_object_or_404(licence_list_for_user(user), pk=pk)


def assessment_list_for_user(
    user: User, *, year: int | None = None
) -> QuerySet[WasteAssessment]:
    if not user.is_staff_member or not user.has_perm("permits.manage_radiation"):
        return WasteAssessment.objects.none()
    assessments = WasteAssessment.objects.filter(
        enterprise__in=_enterprise_ids(user)
    ).select_related("enterprise", "declaration", "plan", "assessed_by")
    if year:
        assessments = assessments.filter(year=year)
    return assessments.order_by("-year", "enterprise__name")


def waste_filings_for(enterprise: Enterprise) -> QuerySet[Application]:
    """The enterprise's hazardous-waste declarations and plans, to link to an
    assessment."""
    return (
        Application.objects.filter(
            enterprise=enterprise,
            item__code__in=("hw-declaration", "hw-management-plan"),
        )
        .exclude(status=Application.DRAFT)
        .select_related("item")
        .order_by("-submitted_at")
    )


# --- Confirmed hazardous-waste declarations (for the quality module, X3) -----------


@dataclass(frozen=True)
class ConfirmedDeclaration:
    """A 危险废物申报登记 confirmed on the platform, with its five amounts (tonnes)."""

    application_id: int
    number: str
    enterprise: Enterprise
    year: int
    opening_stock: Decimal
    generated: Decimal
    utilised: Decimal
    disposed: Decimal
    closing_stock: Decimal


def confirmed_declarations(*, year: int) -> list[ConfirmedDeclaration]:
    """The declarations for `year` that reached the confirmed step, one per
    enterprise (the latest confirmed, when it declared twice). Declarations
    without an enterprise or without all five amounts (filed before the form
    asked for them) are left out; the caller applies its own data scope."""
    applications = (
        Application.objects.filter(
            Q(details__year=year) | Q(details__year=str(year)),
            item__code="hw-declaration",
            status=HW_CONFIRMED,
            enterprise__isnull=False,
        )
        .select_related("enterprise__district")
        .order_by("decided_at", "pk")
    )
    latest: dict[int, ConfirmedDeclaration] = {}
    for application in applications:
        amounts = {
            name: item_details.tonnes(application.details.get(name))
            for name in waste.AMOUNTS
        }
        if application.enterprise is None or None in amounts.values():
            continue
        latest[application.enterprise.pk] = ConfirmedDeclaration(
            application_id=application.pk,
            number=application.number,
            enterprise=application.enterprise,
            year=year,
            **amounts,  # type: ignore[arg-type]
        )
    return sorted(latest.values(), key=lambda d: (d.enterprise.name, d.application_id))
