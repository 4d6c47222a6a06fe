from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ecobureau.core import outbox
from ecobureau.core.models import OutboxMessage
from ecobureau.notifications import services as notifications
from ecobureau.notifications.models import Delivery, Notification
from ecobureau.notifications.sms import MemorySmsBackend

pytestmark = pytest.mark.django_db


def test_send_writes_the_inbox_copy_and_queues_email_and_sms(
    district_a_officer, settings, django_capture_on_commit_callbacks
) -> None:
    settings.SMS_ENABLED = True
    district_a_officer.email, district_a_officer.phone = (
        "zhang@example.invalid",
        "13800001111",
    )
    district_a_officer.save()
    MemorySmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send(
            recipients=[district_a_officer],
            title="新待办：受理审查",
            url="/workbench/",
            channels=["inbox", "email", "sms"],
            dedupe_key="t1",
        )
    assert Notification.objects.get().title == "新待办：受理审查"
    # the immediate task backend delivered both after commit
    assert OutboxMessage.objects.filter(status="done").count() == 2
    assert mail.outbox[0].to == ["zhang@example.invalid"]
    assert MemorySmsBackend.outbox[0]["reference"].startswith("outbox-")
    assert set(Delivery.objects.values_list("address_hint", flat=True)) == {
        "z***@example.invalid",
        "138****1111",
    }


def test_the_same_dedupe_key_queues_once(district_a_officer) -> None:
    district_a_officer.email = "zhang@example.invalid"
    district_a_officer.save()
    for _ in range(2):
        notifications.send(
            recipients=[district_a_officer],
            title="x",
            channels=["email"],
            dedupe_key="same",
        )
    assert OutboxMessage.objects.count() == 1


def test_a_failing_effect_backs_off_and_keeps_its_error(
    district_a_officer, settings
) -> None:
    district_a_officer.email = "zhang@example.invalid"
    district_a_officer.save()
    settings.EMAIL_BACKEND = "ecobureau.core.tests.test_outbox.BrokenEmailBackend"
    message = outbox.enqueue(
        kind="notifications.email",
        payload={"recipient": district_a_officer.pk, "subject": "s", "body": "b"},
    )
    assert message is not None
    assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1
    assert "SMTP down" in message.last_error and message.available_at > timezone.now()
    assert (
        not Delivery.objects.exists()
    )  # the effect rolled back with the failed attempt


def test_the_sweep_takes_back_a_row_whose_worker_died(
    district_a_officer, settings
) -> None:
    district_a_officer.email = "zhang@example.invalid"
    district_a_officer.save()
    message = outbox.enqueue(
        kind="notifications.email",
        payload={"recipient": district_a_officer.pk, "subject": "s", "body": "b"},
    )
    assert message is not None
    # a worker claimed it and was killed before finishing
    assert outbox.claim(message.pk) is not None
    assert outbox.sweep() == 0  # still within its lease
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    )
    assert outbox.sweep() == 1
    assert Delivery.objects.filter(outbox_id=message.pk).count() == 1
    assert outbox.sweep() == 0


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(LookupError):
        outbox.enqueue(kind="nobody.handles.this", payload={})


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP down")
