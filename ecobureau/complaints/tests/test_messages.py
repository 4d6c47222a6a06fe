"""Messages on the Weibo / WeChat accounts and 民心网 (A89, D17): entered as
complaints of their channel, assigned by the designated collector to a unit, the
reply drafted, reviewed and approved (casework approvals) before it is published,
within the reply limit (a setting; the seed gives none, 示例配置)."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework import services as casework
from ecobureau.casework.models import Approval, Clock
from ecobureau.complaints import services
from ecobureau.complaints.models import MessageReply
from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI

from .conftest import submit

pytestmark = pytest.mark.django_db
MON = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)  # Monday


@pytest.fixture
def message(district_a):
    return submit(
        channel="weibo",
        channel_reference="WB-20261102-001",
        text="胜利路化工厂晚上味道很大，有没有人管？",
        place="铁东区胜利路",
        district=district_a,
        anonymous=True,
    )


def _clock(complaint):
    return Clock.objects.get(
        target_type="complaints.complaint", target_id=complaint.pk, step="message_reply"
    )


def test_assign_draft_approve_publish(
    client,
    settings,
    message,
    desk_officer,
    sub_bureau_a,
    district_a_officer,
    district_a_leader,
    city_leader,
):
    settings.COMPLAINT_MESSAGE_REPLY_WORKDAYS = 3
    client.force_login(desk_officer)
    listed = client.get(reverse("complaints:message-list")).content.decode()
    assert message.tracking_code in listed and "待分配" in listed
    with time_machine.travel(MON, tick=False):
        response = client.post(
            reverse("complaints:message-assign", args=[message.pk]),
            {"unit": sub_bureau_a.pk},
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.message_unit == sub_bureau_a
    clock = _clock(message)
    assert (clock.amount, clock.unit) == (3, "workdays")
    assert clock.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-05"
    assert "示例配置" in clock.basis

    client.force_login(district_a_officer)
    detail = reverse("complaints:message-detail", args=[message.pk])
    assert client.get(detail).status_code == 200
    empty = client.post(
        reverse("complaints:message-reply", args=[message.pk]), {"text": " "}
    )
    assert empty.status_code == 400
    response = client.post(
        reverse("complaints:message-reply", args=[message.pk]),
        {"text": "您好，铁东分局已安排执法人员夜间核查，结果将及时反馈。"},
    )
    assert response.status_code == 302
    reply = MessageReply.objects.get()
    assert reply.status == "approving"
    # Not publishable before approval.
    with pytest.raises(ValidationError):
        services.message_reply_publish(
            reply=reply, where="微博评论区", by=district_a_officer
        )
    approval = Approval.objects.get(
        target_type="complaints.messagereply", target_id=reply.pk
    )
    casework.approval_review(
        approval=approval, opinion="内容属实，同意", by=district_a_leader
    )
    casework.approval_decide(
        approval=approval, decision="approve", opinion="同意发布", by=city_leader
    )
    page = client.get(detail).content.decode()
    assert "已批准待发布" in page
    with time_machine.travel(MON.replace(day=4), tick=False):
        response = client.post(
            reverse("complaints:message-publish", args=[message.pk, reply.pk]),
            {"where": "“鞍山生态环境”微博评论区"},
        )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.status == "published" and reply.published_by == district_a_officer
    assert _clock(message).state == Clock.State.MET
    assert Record.objects.filter(
        action="complaints.message.publish", target_id=message.pk
    ).exists()
    # Published once: no second draft, no reassignment.
    with pytest.raises(PermissionDenied):
        services.message_reply_draft(
            complaint=message, text="再次回复", by=district_a_officer
        )
    with pytest.raises(ValidationError):
        services.message_assign(complaint=message, unit=sub_bureau_a, by=desk_officer)


def test_a_returned_reply_is_drafted_again(
    message,
    desk_officer,
    sub_bureau_a,
    district_a_officer,
    district_a_leader,
    city_leader,
):
    services.message_assign(complaint=message, unit=sub_bureau_a, by=desk_officer)
    reply = services.message_reply_draft(
        complaint=message, text="已收到。", by=district_a_officer
    )
    approval = Approval.objects.get(
        target_type="complaints.messagereply", target_id=reply.pk
    )
    casework.approval_review(
        approval=approval, opinion="过于简单", by=district_a_leader
    )
    casework.approval_decide(
        approval=approval, decision="return", opinion="请写明核查安排", by=city_leader
    )
    with pytest.raises(ValidationError):
        services.message_reply_publish(reply=reply, where="微博", by=district_a_officer)
    assert services.message_reply_settle(reply=reply).status == "returned"
    again = services.message_reply_draft(
        complaint=message, text="已安排夜间核查，结果另行反馈。", by=district_a_officer
    )
    assert again.status == "approving"


def test_only_the_collector_assigns_and_outsiders_see_nothing(
    client,
    message,
    desk_officer,
    sub_bureau_a,
    enforcement_officer,
    district_b_officer,
    citizen,
    complaint_a,
):
    with pytest.raises(PermissionDenied):
        services.message_assign(
            complaint=message, unit=sub_bureau_a, by=enforcement_officer
        )
    client.force_login(enforcement_officer)
    assert client.post(
        reverse("complaints:message-assign", args=[message.pk]),
        {"unit": sub_bureau_a.pk},
    ).status_code in (403, 404)
    # A phone complaint is not a message.
    with pytest.raises(ValidationError):
        services.message_assign(
            complaint=complaint_a, unit=sub_bureau_a, by=desk_officer
        )
    services.message_assign(complaint=message, unit=sub_bureau_a, by=desk_officer)
    detail = reverse("complaints:message-detail", args=[message.pk])
    client.force_login(district_b_officer)
    assert client.get(detail).status_code == 404
    assert (
        message.tracking_code
        not in client.get(reverse("complaints:message-list")).content.decode()
    )
    with pytest.raises(PermissionDenied):
        services.message_reply_draft(complaint=message, text="x", by=district_b_officer)
    client.force_login(citizen)
    assert client.get(detail).status_code in (403, 404)


def test_messages_are_imported_from_a_file(desk_officer):
    """D17, A89: Weibo, WeChat and 民心网 messages come in by import as well."""
    content = (
        "来源渠道,来源编号,受理时间,诉求内容,地点\n"
        "微博,WB-1,2026-11-02 08:00,胜利路化工厂晚上有异味,铁东区胜利路\n"
        "民心网,MX-1,2026-11-02 09:00,兴盛路工地夜间施工扰民,铁西区兴盛路\n"
        "微信,WX-1,2026-11-02 10:00,南沙河有黑水,立山区南沙河\n"
    ).encode()
    services.complaint_import(content=content, filename="留言.csv", by=desk_officer)
    from ecobureau.complaints.models import Complaint

    assert sorted(Complaint.objects.values_list("channel", flat=True)) == [
        "minxin",
        "wechat",
        "weibo",
    ]
