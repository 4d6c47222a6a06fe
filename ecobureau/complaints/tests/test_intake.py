"""Intake: every channel through one service; anonymous; tracking code told."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from ecobureau.casework.models import Clock, WorkItem
from ecobureau.complaints.models import Complaint
from ecobureau.core.models import OutboxMessage, Record
from ecobureau.notifications.sms import MemorySmsBackend

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_a_phone_record_starts_the_15_day_acceptance_clock_and_tells_the_code(
    desk, district_a, desk_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(
            district=district_a, by=desk_officer, contact_email="z@example.cn"
        )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED
    assert complaint.unit == desk
    assert len(complaint.tracking_code) == 10
    clock = Clock.objects.get(
        target_type="complaints.complaint", target_id=complaint.pk
    )
    assert (clock.label, clock.amount, clock.unit) == ("受理告知期限", 15, "days")
    assert WorkItem.objects.filter(
        target_id=complaint.pk, state="open", unit=desk
    ).exists()
    assert Record.objects.filter(
        action="complaints.complaint.create", target_id=str(complaint.pk)
    ).exists()
    # The outbox delivered the SMS and the e-mail to the contact on the complaint.
    assert any(complaint.tracking_code in m["text"] for m in MemorySmsBackend.outbox)
    assert MemorySmsBackend.outbox[0]["phone"] == "13900000001"
    assert complaint.tracking_code in mail.outbox[0].body
    # No personal data in the outbox row or the record.
    message = OutboxMessage.objects.get(kind="complaints.complainant_message")
    assert "13900000001" not in str(message.payload)
    assert not Record.objects.filter(payload__contains="13900000001").exists()
    assert not Record.objects.filter(payload__contains="张三").exists()


def test_anonymous_complaints_keep_no_contact_and_send_nothing(desk, desk_officer):
    complaint = submit(anonymous=True, by=desk_officer, wants_written_reply=True)
    complaint.refresh_from_db()
    assert (
        complaint.contact_name,
        complaint.contact_phone,
        complaint.wants_written_reply,
    ) == ("", "", False)
    assert not OutboxMessage.objects.filter(
        kind="complaints.complainant_message"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": " "}, "请填写诉求内容。"),
        ({"place": ""}, "请填写地点。"),
        ({"latitude": 41}, "地图位置须同时有经度和纬度。"),
        ({"contact_phone": "138abc"}, "联系电话应为数字"),
        ({"contact_email": "not-an-email"}, "电子邮箱格式不正确。"),
        ({"channel": "fax"}, "请选择来源渠道。"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(desk, overrides, message):
    with pytest.raises(ValidationError) as caught:
        submit(**overrides)
    assert any(message in m for m in caught.value.messages)
    assert not Complaint.objects.exists()


def test_a_transfer_number_is_registered_once(desk):
    submit(channel="hotline_8890", channel_reference="8890-001")
    with pytest.raises(ValidationError, match="已登记过"):
        submit(channel="hotline_8890", channel_reference="8890-001", text="另一件")
    assert Complaint.objects.count() == 1


def test_inspection_transfers_are_marked(desk):
    complaint = submit(channel="inspection_central", channel_reference="ZY-1")
    assert complaint.is_inspection_transfer and complaint.is_transfer
