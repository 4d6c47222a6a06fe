"""Two registers kept beside the applications: radiation-safety licences (辐射
安全许可证, requirements D15) and the yearly standardised-management assessment
of hazardous- and medical-waste producers (规范化管理评估, D12). Every write is
a record entry."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise

from ..models import Application, RadiationEvent, RadiationLicence, WasteAssessment


@transaction.atomic
def licence_register(
    *,
    enterprise: Enterprise,
    by: User,
    number: str,
    scope: str,
    issuer: str,
    issued_on: date,
    valid_until: date,
    note: str = "",
) -> RadiationLicence:
    number = number.strip()
    if valid_until <= issued_on:
        raise ValidationError("有效期至应晚于发证日期。")
    if RadiationLicence.objects.filter(number=number).exists():
        raise ValidationError(f"证书编号{number}已登记。")
    licence = RadiationLicence.objects.create(
        enterprise=enterprise,
        number=number,
        scope=scope.strip(),
        issuer=issuer.strip(),
        issued_on=issued_on,
        valid_until=valid_until,
        note=note.strip(),
    )
    records.append(
        action="permits.radiation.register",
        target=licence,
        actor=by,
        data={"enterprise": enterprise.pk, "valid_until": valid_until},
    )
    return licence


@transaction.atomic
def licence_event(
    *,
    licence: RadiationLicence,
    by: User,
    kind: str,
    on: date,
    note: str,
    valid_until: date | None = None,
    status: str = "",
    scope: str = "",
) -> RadiationEvent:
    """A change (范围变更), renewal (延续, a new validity), inspection (监督检查) or
    status change (暂扣、吊销、注销) of a licence."""
    if kind not in RadiationEvent.Kind.values:
        raise ValidationError("请选择动态类型。")
    if not note.strip():
        raise ValidationError("请填写内容。")
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    if kind == RadiationEvent.Kind.RENEWAL:
        if valid_until is None or valid_until <= licence.valid_until:
            raise ValidationError("延续后的有效期应晚于原有效期。")
        before["valid_until"], after["valid_until"] = licence.valid_until, valid_until
        licence.valid_until = valid_until
    if kind == RadiationEvent.Kind.STATUS:
        if status not in RadiationLicence.Status.values or status == licence.status:
            raise ValidationError("请选择新的证书状态。")
        before["status"], after["status"] = licence.status, status
        licence.status = status
    if kind == RadiationEvent.Kind.CHANGE and scope.strip():
        before["scope"], after["scope"] = licence.scope, scope.strip()
        licence.scope = scope.strip()
    if after:
        licence.save(update_fields=[*after, "updated_at"])
    event = RadiationEvent.objects.create(
        licence=licence, kind=kind, on=on, note=note.strip(), by=by
    )
    records.append(
        action=f"permits.radiation.{kind}",
        target=licence,
        actor=by,
        before=before or None,
        after=after or None,
        data={"event": event.pk},
    )
    return event


@transaction.atomic
def assessment_record(
    *,
    enterprise: Enterprise,
    by: User,
    year: int,
    kind: str,
    result: str,
    assessed_on: date,
    score: int | None = None,
    findings: str = "",
    declaration: Application | None = None,
    plan: Application | None = None,
) -> WasteAssessment:
    if (
        kind not in WasteAssessment.Kind.values
        or result not in WasteAssessment.Result.values
    ):
        raise ValidationError("请选择单位类别和评估结果。")
    if score is not None and not 0 <= score <= 100:
        raise ValidationError("得分应为0至100。")
    for application, code, label in (
        (declaration, "hw-declaration", "危险废物申报登记"),
        (plan, "hw-management-plan", "危险废物管理计划备案"),
    ):
        if application is None:
            continue
        if application.enterprise_id != enterprise.pk or application.item.code != code:
            raise ValidationError(f"所选{label}不是该企业的{label}。")
    if WasteAssessment.objects.filter(
        enterprise=enterprise, year=year, kind=kind
    ).exists():
        raise ValidationError(f"该企业{year}年的规范化管理评估已登记。")
    assessment = WasteAssessment.objects.create(
        enterprise=enterprise,
        year=year,
        kind=kind,
        result=result,
        score=score,
        findings=findings.strip(),
        declaration=declaration,
        plan=plan,
        assessed_on=assessed_on,
        assessed_by=by,
    )
    records.append(
        action="permits.assessment.record",
        target=assessment,
        actor=by,
        after=result,
        data={"enterprise": enterprise.pk, "year": year},
    )
    return assessment
