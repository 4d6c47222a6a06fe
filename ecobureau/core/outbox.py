"""Effects that must happen: written in the caller's transaction, delivered after.

`enqueue` writes a row and, after commit, asks the task worker to deliver it. A
handler runs inside the transaction that marks its row done, so an effect that is
a database write happens exactly once even if the worker is killed mid-way: the
killed attempt rolls back, the lease expires, the sweep hands the row out again.
An effect outside the database (an e-mail, an SMS) is delivered at least once;
the row id travels with it as an idempotency reference for the gateway.

Handlers are registered by kind with a dotted path, imported lazily (STYLE.md §3).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8

HANDLERS: dict[str, str] = {
    "notifications.email": "ecobureau.notifications.services.deliver_email",
    "notifications.sms": "ecobureau.notifications.services.deliver_sms",
}


def register(kind: str, dotted_path: str) -> None:
    HANDLERS[kind] = dotted_path


def enqueue(
    *, kind: str, payload: Mapping[str, Any], dedupe_key: str | None = None
) -> OutboxMessage | None:
    """Queue an effect in the current transaction; None if `dedupe_key` was queued."""
    if kind not in HANDLERS:
        raise LookupError(f"no outbox handler for {kind!r}")
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                payload=dict(payload),
                dedupe_key=dedupe_key,
                available_at=timezone.now(),
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    transaction.on_commit(lambda: _enqueue_task(message.pk))
    return message


def _enqueue_task(message_id: int) -> None:
    from . import tasks

    try:
        tasks.deliver_outbox_message.enqueue(message_id=message_id)
    except Exception:
        # The sweep will deliver it; never fail the request that queued it.
        logger.exception("could not enqueue outbox message %s", message_id)


def claim(message_id: int) -> str | None:
    """Claim a pending row (or one whose lease expired); return the claim token."""
    now = timezone.now()
    token = secrets.token_hex(16)
    claimed = OutboxMessage.objects.filter(_deliverable(now), pk=message_id).update(
        status=OutboxMessage.Status.CLAIMED, claimed_at=now, claim_token=token
    )
    return token if claimed else None


def _deliverable(now: datetime) -> Q:
    """Rows a worker may take now: pending ones, and claimed ones past their lease."""
    lease_expired = now - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    pending = Q(status=OutboxMessage.Status.PENDING)
    abandoned = Q(status=OutboxMessage.Status.CLAIMED, claimed_at__lt=lease_expired)
    return (pending | abandoned) & Q(available_at__lte=now)


def deliver(message_id: int) -> bool:
    """Claim, perform and mark done one message. Return True if this call did it."""
    token = claim(message_id)
    if token is None:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    handler: Callable[[int, Mapping[str, Any]], None] = import_string(
        HANDLERS[message.kind]
    )
    try:
        with transaction.atomic():
            handler(message.pk, message.payload)
            done = OutboxMessage.objects.filter(
                pk=message.pk, claim_token=token
            ).update(
                status=OutboxMessage.Status.DONE,
                done_at=timezone.now(),
                attempts=message.attempts + 1,
            )
            if not done:
                # The lease expired and another worker took the row: undo this attempt.
                raise _LeaseLost
    except _LeaseLost:
        return False
    except Exception as error:
        _record_failure(message, token, error)
        return False
    return True


class _LeaseLost(Exception):
    pass


def _record_failure(message: OutboxMessage, token: str, error: Exception) -> None:
    attempts = message.attempts + 1
    failed = attempts >= MAX_ATTEMPTS
    backoff = timedelta(seconds=min(3600, 30 * 2**attempts))
    logger.warning("outbox %s (%s) failed: %s", message.pk, message.kind, error)
    OutboxMessage.objects.filter(pk=message.pk, claim_token=token).update(
        status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
        attempts=attempts,
        available_at=timezone.now() + backoff,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        claim_token="",
    )


def sweep(*, limit: int = 1000) -> int:
    """Deliver what is due: pending rows, and claimed rows whose lease expired."""
    due = list(
        OutboxMessage.objects.filter(_deliverable(timezone.now()))
        .order_by("available_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for message_id in due if deliver(message_id))
