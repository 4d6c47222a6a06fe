"""Issuing the complaint's documents through `casework.services.document_issue`."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Document
from ecobureau.lib.dates import local_date

from ..models import Complaint


def issuing_unit(complaint: Complaint) -> Unit:
    """The handling unit, or the bureau when the unit has no 文号代字."""
    if complaint.unit is not None and complaint.unit.document_prefix:
        return complaint.unit
    bureau = (
        Unit.objects.filter(kind=Unit.Kind.BUREAU).exclude(document_prefix="").first()
    )
    if bureau is None:
        raise ValidationError("没有设置文号代字的单位，不能制发文书。")
    return bureau


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
