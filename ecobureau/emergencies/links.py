"""Writes that tie an incident to other modules' work, and the stop orders.

- Opening an enforcement case from an incident (seed 002 四(三)3(1) "负责对环境污染
  突发事故进行调查处理"): enforcement's own `case_open` does every check (the
  opener's permission, the enterprise in scope, a lawful team); the case is a
  transfer (移送、交办) whose reference names the incident, so the case page
  shows where it came from. The incident keeps the case's id.
- Registering a complaint from an incident (e.g. a resident's 12369 call about
  it): complaints' `complaint_submit`, with the incident named in the channel
  reference (shown on the complaint page). The incident keeps the complaint's id.
- Stop orders (责令停产、限产、停止排放) after an incident: recorded with their basis,
  issuer and time, and their lifting; breaking one after an incident of 较大 or
  above is reward category 9 (seed 000 举报奖励 第六条), so the order in force is
  what a report of a breach is checked against.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.complaints.models import Complaint
from ecobureau.complaints.services import intake as complaint_intake
from ecobureau.core import records
from ecobureau.enforcement.models import EnforcementCase
from ecobureau.enforcement.services import cases as enforcement_cases

from .models import Incident, IncidentLink, StopOrder

HANDLE = "emergencies.handle_incident"


def _require_handler(by: User, incident: Incident) -> None:
    if not by.has_perm(HANDLE):
        raise PermissionDenied("您没有该操作的权限。")
    if incident.status == "dismissed":
        raise ValidationError("该事件已核实不构成突发环境事件。")


def incident_reference(incident: Incident) -> str:
    return f"突发环境事件#{incident.pk}（{incident.title}）"


def _link(incident: Incident, kind: str, target_id: int, label: str, by: User) -> None:
    IncidentLink.objects.create(
        incident=incident, kind=kind, target_id=target_id, label=label, created_by=by
    )
    records.append(
        action="emergencies.incident.link",
        target=incident,
        actor=by,
        after={"kind": kind, "id": target_id},
    )


@transaction.atomic
def incident_open_case(
    *,
    incident: Incident,
    by: User,
    officers: Sequence[User],
    start_reason: str,
    facts: str,
    urgent: bool = False,
) -> EnforcementCase:
    """Open an enforcement case on the incident's enterprise (enforcement checks
    the opener, the enterprise's scope and the team)."""
    _require_handler(by, incident)
    if incident.enterprise_id is None:
        raise ValidationError("事件未关联涉事企业，不能据此立案，请先补充涉事企业。")
    case = enforcement_cases.case_open(
        enterprise=incident.enterprise,  # type: ignore[arg-type]
        source=EnforcementCase.Source.TRANSFER,
        reference=f"应急移送：{incident_reference(incident)}",
        start_reason=start_reason,
        facts=facts,
        officers=officers,
        urgent=urgent,
        by=by,
    )
    _link(incident, IncidentLink.Kind.CASE, case.pk, str(case), by)
    return case


@transaction.atomic
def incident_open_complaint(
    *,
    incident: Incident,
    by: User,
    channel: str,
    text: str,
    contact_name: str = "",
    contact_phone: str = "",
) -> Complaint:
    """Register a complaint about the incident (the complainant is told the
    tracking code only when they left a phone number and the channel tells)."""
    _require_handler(by, incident)
    if channel not in Complaint.Channel.values:
        raise ValidationError("请选择投诉来源渠道。")
    data = complaint_intake.ComplaintData(
        channel=channel,
        text=text,
        place=incident.place,
        channel_reference=incident_reference(incident)[:120],
        enterprise=incident.enterprise,
        district=incident.district,
        township=incident.township,
        anonymous=not contact_name.strip(),
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    complaint = complaint_intake.complaint_submit(data=data, by=by, notify=False)
    _link(incident, IncidentLink.Kind.COMPLAINT, complaint.pk, str(complaint), by)
    return complaint


# --- Stop orders -----------------------------------------------------------------


@transaction.atomic
def stop_order_issue(
    *,
    incident: Incident,
    by: User,
    kind: str,
    basis: str,
    issuer: str,
    measures: str,
    issued_at: datetime | None = None,
) -> StopOrder:
    _require_handler(by, incident)
    if incident.enterprise_id is None:
        raise ValidationError("事件未关联涉事企业，不能记录停产限产措施。")
    if kind not in StopOrder.Kind.values:
        raise ValidationError("请选择措施类别。")
    if not (basis.strip() and issuer.strip() and measures.strip()):
        raise ValidationError("请填写依据、决定机关和具体要求。")
    issued_at = issued_at or timezone.now()
    if issued_at > timezone.now():
        raise ValidationError("下达时间不能晚于当前时间。")
    order = StopOrder.objects.create(
        incident=incident,
        enterprise_id=incident.enterprise_id,
        kind=kind,
        basis=basis.strip(),
        issuer=issuer.strip(),
        measures=measures.strip(),
        issued_at=issued_at,
        issued_by=by,
    )
    records.append(
        action="emergencies.stoporder.issue",
        target=incident,
        actor=by,
        after={"order": order.pk, "kind": kind, "basis": order.basis},
    )
    return order


@transaction.atomic
def stop_order_lift(
    *, order: StopOrder, by: User, reason: str, lifted_at: datetime | None = None
) -> StopOrder:
    if not by.has_perm(HANDLE):
        raise PermissionDenied("您没有该操作的权限。")
    order = StopOrder.objects.select_for_update().get(pk=order.pk)
    if order.lifted_at is not None:
        raise ValidationError("该措施已解除。")
    if not reason.strip():
        raise ValidationError("请填写解除理由（如复查监测结果）。")
    lifted_at = lifted_at or timezone.now()
    if lifted_at < order.issued_at or lifted_at > timezone.now():
        raise ValidationError("解除时间须在下达时间之后、当前时间之前。")
    order.lifted_at, order.lift_reason, order.lifted_by = lifted_at, reason.strip(), by
    order.save(update_fields=["lifted_at", "lift_reason", "lifted_by"])
    records.append(
        action="emergencies.stoporder.lift",
        target=order.incident,
        actor=by,
        after={"order": order.pk},
    )
    return order
