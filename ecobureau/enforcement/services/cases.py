"""Cases: opening (from an inspection, a complaint, a monitoring clue, a grid report
or a transfer), the program-start approval, and the filing decision.

- 全过程记录实施办法 第八条 (requirements A31): a case started on the bureau's own
  initiative needs the program-start approval of the deputy director in charge
  (局分管领导: role `bureau_leader`), reviewed by the head of the handling unit. In
  an emergency the case starts first and the approval is proposed within 24 hours
  (a clock; missing it opens an accountability follow-up, casework).
- Filing within 15 days, +15 with the head's approval (30号令 art. 18; rules.md P3):
  the `registered` step's clock and `case_filing_extend`.
- 第九条: a real-name complainant is told when no case is opened, and the telling
  is recorded on the case before the decision can be made.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import registry
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Approval, Clock
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise
from ecobureau.grid import services as grid_services

from .. import selectors
from ..models import EnforcementCase, Inspection
from ..processes import (
    CASE,
    CASE_DECIDERS,
    FILING_EXTENSION_DAYS,
    URGENT_APPROVAL_HOURS,
    URGENT_BASIS,
)
from .inspections import _require, _require_enterprise, _text

OPEN_PERM = "enforcement.open_case"
START_STEP = "start_approval"  # the clock of an urgent start's approval


def _source_object(
    by: User, source: str, source_id: int | None, enterprise: Enterprise
) -> tuple[str, object | None]:
    label = EnforcementCase.SOURCE_TARGETS.get(EnforcementCase.Source(source), "")
    if not label:
        return "", None
    if source_id is None:
        raise ValidationError("请填写来源编号（投诉、线索或网格问题的编号）。")
    try:
        obj = registry.target_get_for_user(by, label, source_id)
    except (Http404, PermissionDenied):
        raise ValidationError(
            gettext("编号%(id)s的来源不存在或不在您的数据范围内。") % {"id": source_id}
        ) from None
    other = getattr(obj, "enterprise_id", None)
    if other is not None and other != enterprise.pk:
        raise ValidationError("该来源所涉企业与当事人不一致。")
    return label, obj


@transaction.atomic
def case_open(
    *,
    enterprise: Enterprise,
    source: str,
    start_reason: str,
    facts: str,
    officers: Sequence[User],
    by: User,
    source_id: int | None = None,
    inspection: Inspection | None = None,
    reference: str = "",
    urgent: bool = False,
) -> EnforcementCase:
    """Register a case and ask for the program-start approval (or, when urgent,
    start at once with 24 hours to propose it)."""
    _require(by, OPEN_PERM, gettext_noop("您无权启动执法程序。"))
    _require_enterprise(by, enterprise)
    if source not in EnforcementCase.Source.values:
        raise ValidationError("请选择案件来源。")
    start_reason = _text(start_reason, gettext_noop("启动原因"))
    facts = _text(facts, gettext_noop("基本案情"))
    reference = reference.strip()
    source_type, obj = _source_object(by, source, source_id, enterprise)
    if source == EnforcementCase.Source.INSPECTION:
        if inspection is None:
            raise ValidationError("请选择发现问题的现场检查。")
        visible = selectors.inspection_list_for_user(by).filter(pk=inspection.pk)
        if not visible.exists():
            raise ValidationError("该现场检查不存在或您无权查看。")
        if inspection.enterprise_id != enterprise.pk:
            raise ValidationError("该现场检查的被检查企业与当事人不一致。")
        if inspection.status != "done":
            raise ValidationError("现场检查完成后方可据此立案。")
        source_type, source_id = "enforcement.inspection", inspection.pk
    elif inspection is not None:
        raise ValidationError("案件来源不是现场检查时，不应关联检查。")
    if source == EnforcementCase.Source.TRANSFER and not reference:
        raise ValidationError("请填写来源说明（移送机关及文号）。")
    officers = list({user.pk: user for user in officers}.values())
    grid_services.check_team(inspectors=officers, enterprise=enterprise, onsite=True)
    case = EnforcementCase.objects.create(
        enterprise=enterprise,
        source=source,
        source_type=source_type,
        source_id=str(source_id) if source_type else "",
        inspection=inspection,
        reference=reference,
        start_reason=start_reason,
        facts=facts,
        urgent=urgent,
        real_name_complaint=bool(getattr(obj, "real_name", False))
        if source == EnforcementCase.Source.COMPLAINT
        else False,
        created_by=by,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
        unit_id=by.unit_id,
        assignee=officers[0],
    )
    case.officers.set(officers)
    casework_services.case_start(process=CASE, case=case, step="registered", by=by)
    records.append(
        action="enforcement.case_open",
        target=case,
        actor=by,
        after={
            "enterprise": enterprise.pk,
            "source": source,
            "source_type": source_type,
            "source_id": case.source_id,
            "urgent": urgent,
            "officers": sorted(user.pk for user in officers),
        },
    )
    if urgent:
        casework_services.clock_start(
            target=case,
            step=START_STEP,
            label="程序启动审批补报期限",
            amount=URGENT_APPROVAL_HOURS,
            unit="hours",
            basis=URGENT_BASIS,
            by=by,
            responsible=by,
            responsible_unit=by.unit,
            district=case.district,
            township=case.township,
        )
    else:
        _propose_start(case, by)
    return case


def _propose_start(case: EnforcementCase, by: User) -> Approval:
    return casework_services.approval_propose(
        target=case,
        subject=EnforcementCase.START_SUBJECT,
        proposal=f"拟对{case.enterprise.name}启动行政处罚一般程序。",
        reasons=f"启动原因：{case.start_reason}\n基本案情：{case.facts}",
        by=by,
        reviewer_roles=["enforcement_head", "sub_bureau_head"],
        approver_roles=["bureau_leader"],
    )


@transaction.atomic
def case_start_approval_propose(*, case: EnforcementCase, by: User) -> Approval:
    """After an urgent start: propose the program-start approval (补报), which
    stops the 24-hour clock, met or missed."""
    if not case.urgent:
        raise ValidationError("该案件已在启动时提请程序启动审批。")
    if by.pk != case.created_by_id and not selectors.is_officer_of_case(by, case):
        raise PermissionDenied("只有承办人员可以补报程序启动审批。")
    if selectors.case_start_approval(case) is not None:
        raise ValidationError("已提请程序启动审批。")
    approval = _propose_start(case, by)
    for clock in Clock.objects.filter(
        target_type=case._meta.label_lower,
        target_id=case.pk,
        step=START_STEP,
        state__in=Clock.OPEN_STATES,
    ):
        casework_services.clock_stop(clock=clock, by=by)
    return approval


def filing_check(case: EnforcementCase) -> None:
    approval = selectors.case_start_approval(case)
    if approval is None or approval.status != Approval.Status.APPROVED:
        raise ValidationError(
            "程序启动审批尚未批准，不能立案（全过程记录实施办法第八条）。"
        )


def decline_check(case: EnforcementCase) -> None:
    if case.real_name_complaint and not case.complainant_told.strip():
        raise ValidationError(
            "实名投诉举报不予立案的，应告知投诉举报人并记录告知情况"
            "（全过程记录实施办法第九条）。"
        )


@transaction.atomic
def case_file(*, case: EnforcementCase, by: User) -> EnforcementCase:
    """立案: the head decides, once the program-start approval is approved."""
    casework_services.case_transition(
        process=CASE,
        case=case,
        transition="file",
        by=by,
        changes={"filed_at": timezone.now()},
    )
    return case


@transaction.atomic
def case_decline(
    *, case: EnforcementCase, reason: str, by: User, complainant_told: str = ""
) -> EnforcementCase:
    """不予立案, with the reason and, for a real-name complaint, how and when the
    complainant was told."""
    casework_services.case_transition(
        process=CASE,
        case=case,
        transition="decline",
        by=by,
        changes={
            "decline_reason": reason.strip(),
            "complainant_told": complainant_told.strip(),
        },
    )
    return case


@transaction.atomic
def case_filing_extend(*, case: EnforcementCase, reason: str, by: User) -> Clock:
    """The head extends the filing deadline once by 15 days (30号令 art. 18)."""
    if not (by.is_superuser or by.roles.filter(code__in=CASE_DECIDERS).exists()):
        raise PermissionDenied("延长立案期限须经负责人批准。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    clock = Clock.objects.filter(
        target_type=case._meta.label_lower,
        target_id=case.pk,
        step="registered",
        state__in=Clock.OPEN_STATES,
    ).first()
    if clock is None:
        raise ValidationError("立案期限已结束，不能延长。")
    if clock.extensions.exists():
        raise ValidationError("立案期限只能延长一次（15日）。")
    return casework_services.clock_extend(
        clock=clock,
        amount=FILING_EXTENSION_DAYS,
        reason=_text(reason, gettext_noop("延长理由")),
        approved_by=by,
    )
