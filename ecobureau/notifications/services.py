"""One `send` function for every message the platform sends a person.

The in-app copy is written at once, in the caller's transaction. E-mail and SMS
copies are outbox rows in the same transaction, delivered by the worker after
commit and by the sweep if the worker died (core.outbox).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import outbox

from . import sms
from .models import Delivery, Notification

INBOX = "inbox"
EMAIL = "email"
SMS = "sms"


def send(
    *,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    channels: Iterable[str] = (INBOX,),
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Send a message to people over the channels asked for.

    SMS goes out only when SMS_ENABLED and the person has a phone; e-mail only to
    people with an address. `dedupe_key` (with the recipient and channel appended)
    stops a repeated call from sending a copy twice.
    """
    channels = set(channels)
    created = []
    for recipient in recipients:
        if INBOX in channels:
            created.append(
                Notification(
                    recipient=recipient, level=level, title=title, body=body, url=url
                )
            )
        if EMAIL in channels and recipient.email:
            outbox.enqueue(
                kind="notifications.email",
                payload={
                    "recipient": recipient.pk,
                    "subject": title,
                    "body": _with_link(body, url),
                },
                dedupe_key=f"{dedupe_key}:email:{recipient.pk}" if dedupe_key else None,
            )
        if SMS in channels and settings.SMS_ENABLED and recipient.phone:
            outbox.enqueue(
                kind="notifications.sms",
                payload={
                    "recipient": recipient.pk,
                    "text": f"【{settings.BUREAU_NAME}】{title}",
                },
                dedupe_key=f"{dedupe_key}:sms:{recipient.pk}" if dedupe_key else None,
            )
    return Notification.objects.bulk_create(created)


@dataclass(frozen=True)
class Message:
    recipient_id: int
    title: str
    url: str = ""
    body: str = ""


def send_many(
    messages: Iterable[Message], *, level: str = Notification.Level.INFO
) -> int:
    """The in-app copies of many messages at once (the clock sweep's warnings)."""
    rows = [
        Notification(
            recipient_id=m.recipient_id,
            level=level,
            title=m.title,
            body=m.body,
            url=m.url,
        )
        for m in messages
    ]
    Notification.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _with_link(body: str, url: str) -> str:
    if not url:
        return body
    return f"{body}\n\n{settings.SITE_URL}{url}"


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Outbox handlers: each runs inside the transaction that marks its row done ----


def deliver_email(message_id: int, payload: Mapping[str, Any]) -> None:
    recipient = User.objects.get(pk=payload["recipient"])
    EmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        to=[recipient.email],
        headers={"Message-ID": f"<outbox-{message_id}@ecobureau>"},
    ).send()
    Delivery.objects.create(
        channel=Delivery.Channel.EMAIL,
        outbox_id=message_id,
        recipient_id=recipient.pk,
        address_hint=_mask_email(recipient.email),
    )


def deliver_sms(message_id: int, payload: Mapping[str, Any]) -> None:
    recipient = User.objects.get(pk=payload["recipient"])
    provider_id = sms.backend().send(
        phone=recipient.phone, text=payload["text"], reference=f"outbox-{message_id}"
    )
    Delivery.objects.create(
        channel=Delivery.Channel.SMS,
        outbox_id=message_id,
        recipient_id=recipient.pk,
        address_hint=_mask_phone(recipient.phone),
        provider_reference=provider_id[:100],
    )


def _mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def _mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"
