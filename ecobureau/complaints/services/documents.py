"""Issuing the complaint's documents through `casework.services.document_issue`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Document
from ecobureau.lib.dates import local_date

from ..models import Complaint, FollowUp


def _bureau() -> Unit:
    bureau = (
        Unit.objects.filter(kind=Unit.Kind.BUREAU).exclude(document_prefix="").first()
    )
    if bureau is None:
        raise ValidationError("没有设置文号代字的单位，不能制发文书。")
    return bureau


def issuing_unit(complaint: Complaint) -> Unit:
    """The handling unit, or the bureau when the unit has no 文号代字."""
    if complaint.unit is not None and complaint.unit.document_prefix:
        return complaint.unit
    return _bureau()


def _summary(complaint: Complaint) -> str:
    text = " ".join(complaint.text.split())
    return text if len(text) <= 40 else text[:40] + "……"


def issue_reply(*, complaint: Complaint, by: User) -> Document:
    return casework.document_issue(
        kind="complaint_reply",
        unit=issuing_unit(complaint),
        target=complaint,
        by=by,
        context={
            "code": complaint.tracking_code,
            "received_on": local_date(complaint.received_at),
            "channel": complaint.get_channel_display(),
            "summary": _summary(complaint),
            "reply": [
                line for line in complaint.reply_text.splitlines() if line.strip()
            ]
            + (
                [
                    "经审查，不启动行政执法程序。理由和依据："
                    + " ".join(complaint.no_enforcement_reason.split())
                ]
                if complaint.no_enforcement_reason
                else []
            ),
            "finding": complaint.get_finding_display() if complaint.finding else "",
        },
    )


def issue_not_accepted_notice(*, complaint: Complaint, by: User) -> Document:
    return casework.document_issue(
        kind="complaint_not_accepted",
        unit=issuing_unit(complaint),
        target=complaint,
        by=by,
        context={
            "code": complaint.tracking_code,
            "received_on": local_date(complaint.received_at),
            "channel": complaint.get_channel_display(),
            "summary": _summary(complaint),
            "reason": complaint.not_accepted_reason,
            "route": complaint.redirect_to,
        },
    )


def issue_follow_up_letter(*, follow_up: FollowUp, by: User) -> Document:
    """The 督办函 of a tracked follow-up (A82), once, while it is supervised: in
    the bureau's name, to the responsible unit, with the requirement and the
    deadline its clock keeps. Numbered, stored and recorded by casework."""
    if not by.has_perm("complaints.supervise_hotspot"):
        raise PermissionDenied("只有督办人可以制发督办函。")
    if follow_up.status != FollowUp.Status.SUPERVISING:
        raise ValidationError("督办事项已办结，不再制发督办函。")
    if Document.objects.filter(
        kind="complaint_followup_letter",
        target_type=follow_up._meta.label_lower,
        target_id=follow_up.pk,
    ).exists():
        raise ValidationError("本督办事项已制发督办函。")
    if follow_up.due_at is None or follow_up.unit is None:
        raise ValidationError("督办事项没有责任单位或办理期限，不能制发督办函。")
    return casework.document_issue(
        kind="complaint_followup_letter",
        unit=_bureau(),
        target=follow_up,
        by=by,
        context={
            "unit": follow_up.unit.name,
            "title": follow_up.title,
            "hotspot": follow_up.hotspot,
            "complaint_count": str(follow_up.complaint_count),
            "opened_on": local_date(follow_up.created_at),
            "requirement": [
                line.strip()
                for line in follow_up.requirement.splitlines()
                if line.strip()
            ],
            "days": str(follow_up.days),
            "due_on": local_date(follow_up.due_at),
        },
    )
