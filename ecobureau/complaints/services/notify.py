"""Telling the complainant (法典 arts. 145–146: real-name reporters are told the
result, reference/rules.md J6; seed 000 12369 "电话反馈"): the tracking code at
intake, then each step they care about.

A complainant with a portal account gets the in-app copy, SMS and e-mail through
`notifications.send`. One who gave only a phone number or an address (12369 phone
records, letters, imports) is written to through an outbox row that names the
complaint, not the number: the handler reads the contact from the complaint when
it delivers, so no personal data sits in the outbox or the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from ecobureau.core import outbox, records
from ecobureau.notifications import services as notifications
from ecobureau.notifications import sms

from ..models import Complaint

OUTBOX_KIND = "complaints.complainant_message"


def track_url(complaint: Complaint) -> str:
    return reverse("complaints:track") + f"?code={complaint.tracking_code}"


def tell_complainant(*, complaint: Complaint, title: str, step: str) -> None:
    """Send `title` to a real-name complainant, once per complaint and step."""
    if complaint.anonymous:
        return
    dedupe = f"complaint:{complaint.pk}:{step}"
    if complaint.submitted_by is not None:
        notifications.send(
            recipients=[complaint.submitted_by],
            title=title,
            url=track_url(complaint),
            channels=[notifications.INBOX, notifications.SMS, notifications.EMAIL],
            dedupe_key=dedupe,
        )
        return
    if complaint.contact_phone or complaint.contact_email:
        outbox.enqueue(
            kind=OUTBOX_KIND,
            payload={"complaint": complaint.pk, "text": title, "step": step},
            dedupe_key=dedupe,
        )


def deliver_complainant_message(message_id: int, payload: Mapping[str, Any]) -> None:
    """Outbox handler: SMS (when SMS_ENABLED) and e-mail to the contact given on the
    complaint. Runs inside the transaction that marks the outbox row done."""
    complaint = Complaint.objects.get(pk=payload["complaint"])
    text = f"【{settings.BUREAU_NAME}】{payload['text']}"
    channels = []
    if complaint.contact_phone and settings.SMS_ENABLED:
        sms.backend().send(
            phone=complaint.contact_phone, text=text, reference=f"outbox-{message_id}"
        )
        channels.append("sms")
    if complaint.contact_email:
        link = f"{settings.SITE_URL}{track_url(complaint)}"
        EmailMessage(
            subject=payload["text"],
            body=f"{payload['text']}\n\n查询办理进度：{link}",
            to=[complaint.contact_email],
            headers={"Message-ID": f"<outbox-{message_id}@ecobureau>"},
        ).send()
        channels.append("email")
    records.append(
        action="complaint.notify",
        target=complaint,
        data={
            "outbox": message_id,
            "step": payload.get("step", ""),
            "channels": channels,
        },
    )


outbox.register(OUTBOX_KIND, f"{__name__}.deliver_complainant_message")
