"""Enterprises' heavy-pollution weather emergency plans (重污染天气应急预案备案)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Attachment
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from ..models import EmergencyPlan, PlanMeasure
from ..processes import PLAN


@dataclass(frozen=True)
class MeasureInput:
    level: str
    facility: str
    measure: str
    pm_cut: Decimal = Decimal(0)
    so2_cut: Decimal = Decimal(0)
    nox_cut: Decimal = Decimal(0)
    vocs_cut: Decimal = Decimal(0)


def plan_unit() -> Unit | None:
    """The section that files plans: the 大气科 (seed 000 受理机构 市生态环境局大气科)."""
    return Unit.objects.filter(code=getattr(settings, "AIR_PLAN_UNIT", "air")).first()


def _check_submitter(enterprise: Enterprise, by: User) -> None:
    if by.is_staff_member:
        if not by.has_perm("air.review_plan"):
            raise PermissionDenied("您没有代企业报送应急预案的权限。")
        enterprise_selectors.enterprise_get_for_user(by, enterprise.pk)
        return
    own = enterprise_selectors.enterprise_for_account(by)
    if own is None or own.pk != enterprise.pk:
        raise PermissionDenied("只能为本企业报送应急预案。")


@transaction.atomic
def plan_submit(
    *,
    enterprise: Enterprise,
    by: User,
    title: str,
    contact: str,
    measures: Sequence[MeasureInput],
    grade: str = "",
    summary: str = "",
    document: UploadedFile | None = None,
) -> EmergencyPlan:
    """File a plan (or a new version of it) for review by the 大气科, with its
    measures for each warning level; the 20-working-day clock starts."""
    _check_submitter(enterprise, by)
    problems = []
    if not title.strip():
        problems.append("请填写预案名称。")
    if not contact.strip():
        problems.append("请填写应急联系人及电话。")
    levels = {m.level for m in measures}
    missing = [
        label for value, label in PlanMeasure.Level.choices if value not in levels
    ]
    if missing:
        problems.append(f"请填写各级预警的减排措施，缺少：{'、'.join(missing)}。")
    for number, m in enumerate(measures, start=1):
        if not m.facility.strip() or not m.measure.strip():
            problems.append(f"第{number}项措施须填写生产线/设施和措施内容。")
        for cut in (m.pm_cut, m.so2_cut, m.nox_cut, m.vocs_cut):
            if not Decimal(0) <= cut <= Decimal(100):
                problems.append(f"第{number}项措施的减排比例应在0–100%之间。")
                break
    if grade not in EmergencyPlan.Grade.values:
        problems.append("绩效分级不正确。")
    if problems:
        raise ValidationError(problems)
    revision = (
        EmergencyPlan.objects.filter(enterprise=enterprise).aggregate(
            v=Max("revision")
        )["v"]
        or 0
    ) + 1
    plan = EmergencyPlan.objects.create(
        enterprise=enterprise,
        revision=revision,
        title=title.strip(),
        grade=grade,
        contact=contact.strip(),
        summary=summary.strip(),
        submitted_at=timezone.now(),
        district=enterprise.district,
        township=enterprise.township,
        unit=plan_unit(),
    )
    PlanMeasure.objects.bulk_create(
        [
            PlanMeasure(
                plan=plan,
                level=m.level,
                facility=m.facility.strip(),
                measure=m.measure.strip(),
                pm_cut=m.pm_cut,
                so2_cut=m.so2_cut,
                nox_cut=m.nox_cut,
                vocs_cut=m.vocs_cut,
            )
            for m in measures
        ]
    )
    if document is not None:
        casework.attachment_add(
            file=document,
            target=plan,
            kind=Attachment.Kind.DOCUMENT,
            by=by,
            note="重污染天气应急预案（办理要件）",
        )
    casework.case_start(process=PLAN, case=plan, step="submitted", by=by)
    return plan


def _check_reviewer(plan: EmergencyPlan, by: User) -> None:
    # The item is handled by the 大气科 (seed 000 受理机构): holding a reviewer
    # role in another section is not enough.
    if plan.unit_id is not None and by.unit_id != plan.unit_id and not by.is_superuser:
        raise PermissionDenied("应急预案备案由大气科办理。")


@transaction.atomic
def plan_file(*, plan: EmergencyPlan, by: User, opinion: str = "") -> EmergencyPlan:
    """File the plan (予以备案) and retire the enterprise's earlier filed version."""
    _check_reviewer(plan, by)
    now = timezone.now()
    number = f"{plan.filed_at or now:%Y}-AQYA-{plan.pk:05d}"
    casework.case_transition(
        process=PLAN,
        case=plan,
        transition="file",
        by=by,
        changes={
            "filed_at": now,
            "filing_number": number,
            "review_opinion": opinion.strip(),
        },
    )
    for old in EmergencyPlan.objects.filter(
        enterprise=plan.enterprise, status=EmergencyPlan.Status.FILED
    ).exclude(pk=plan.pk):
        casework.case_transition(
            process=PLAN,
            case=old,
            transition="supersede",
            by=by,
            note=f"由第{plan.revision}版替代",
        )
    return plan


@transaction.atomic
def plan_return(*, plan: EmergencyPlan, by: User, opinion: str) -> EmergencyPlan:
    _check_reviewer(plan, by)
    casework.case_transition(
        process=PLAN,
        case=plan,
        transition="return",
        by=by,
        changes={"review_opinion": opinion.strip()},
    )
    return plan
