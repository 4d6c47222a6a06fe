"""The enterprise answers its own help record (舆情帮扶, seed 000 与企业互动（七）):
only its own record, only while the help is open; the reply goes on the record of
the opinion event and shows on the staff page's timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies import enterprise_help
from ecobureau.emergencies.models import EnterpriseHelp, HelpReply
from ecobureau.enterprises.models import EnterpriseAccount
from ecobureau.notifications.models import Notification

from .test_enterprise_help_pages import _help

pytestmark = pytest.mark.django_db
REPLY = "企业已在官网发布监测数据，视频中排口为雨水排口。\n请协助联系发帖人。"


@pytest.fixture
def help_a(duty_officer, district_a_officer, enterprise_a, district_a):
    """Enterprise A's open help record; 铁东分局's officer helps."""
    return _help(
        duty_officer, district_a_officer, enterprise_a, district_a, "华信偷排视频"
    )


def _reply_url(record: EnterpriseHelp) -> str:
    return reverse("emergencies:my-help-reply", args=[record.pk])


def test_the_enterprise_replies_and_staff_see_it_in_the_timeline(
    client: Client,
    enterprise_user_a: User,
    district_a_officer: User,
    duty_officer: User,
    help_a: EnterpriseHelp,
) -> None:
    client.force_login(enterprise_user_a)
    detail_url = reverse("emergencies:my-help-detail", args=[help_a.pk])
    page = client.get(detail_url).content.decode()
    assert _reply_url(help_a) in page and "尚未回复" in page

    # when: the enterprise posts its reply through its page
    response = client.post(_reply_url(help_a), {"text": REPLY})

    # then: back to its page, which shows the reply
    assert response.status_code == 302 and response["Location"] == detail_url
    reply = HelpReply.objects.get()
    assert (reply.help_id, reply.by, reply.text) == (
        help_a.pk,
        enterprise_user_a,
        REPLY,
    )
    body = client.get(detail_url).content.decode()
    assert "企业已在官网发布监测数据" in body and "已提交回复" in body
    # the record entry on the opinion event: ids only, not the text
    entry = Record.objects.get(action="emergencies.help.reply")
    assert (entry.target_type, entry.target_id) == (
        "emergencies.opinionevent",
        str(help_a.event_id),
    )
    assert entry.actor_id == enterprise_user_a.pk
    data = records.payload_of(entry)["data"]["after"]
    assert data == {"help": help_a.pk, "reply": reply.pk}
    assert "雨水排口" not in entry.payload
    assert records.verify() == (Record.objects.count(), None)
    # the helper is told in the inbox, linking to the staff page
    note = Notification.objects.get(
        recipient=district_a_officer, title="企业对舆情帮扶作了回复"
    )
    assert note.url == help_a.get_absolute_url()

    # staff see the reply in the help page's timeline, and the event's history
    client.force_login(duty_officer)
    body = client.get(help_a.get_absolute_url()).content.decode()
    assert 'data-testid="help-reply"' in body
    assert "企业回复" in body and "视频中排口为雨水排口。<br>请协助联系发帖人。" in body
    body = client.get(help_a.event.get_absolute_url()).content.decode()
    assert "企业回复舆情帮扶" in body


def test_refused_replies_answer_400_and_keep_the_text(
    client: Client,
    enterprise_user_a: User,
    duty_officer: User,
    help_a: EnterpriseHelp,
) -> None:
    client.force_login(enterprise_user_a)
    # empty
    response = client.post(_reply_url(help_a), {"text": "   "})
    assert response.status_code == 400
    assert "必填" in response.content.decode()
    # too long: refused, what was typed is shown again
    long_text = "说明" * 1001
    response = client.post(_reply_url(help_a), {"text": long_text})
    assert response.status_code == 400
    body = response.content.decode()
    assert long_text in body and "2000" in body
    # the help concluded: refused with the reason, the text kept
    enterprise_help.help_conclude(
        help_record=help_a, by=duty_officer, outcome="发布核查情况，舆情平息"
    )
    response = client.post(_reply_url(help_a), {"text": REPLY})
    assert response.status_code == 400
    body = response.content.decode()
    assert "帮扶已结束，不能再回复" in body and "视频中排口为雨水排口" in body
    # and the page of a concluded record offers no form
    page = client.get(reverse("emergencies:my-help-detail", args=[help_a.pk]))
    assert _reply_url(help_a) not in page.content.decode()
    assert not HelpReply.objects.exists()
    assert not Record.objects.filter(action="emergencies.help.reply").exists()


def test_who_must_not_reply(
    client: Client,
    help_a: EnterpriseHelp,
    enterprise_user_a: User,
    enterprise_user_b: User,
    citizen: User,
    duty_officer: User,
    district_b_officer: User,
) -> None:
    url = _reply_url(help_a)
    # anonymous: to the log-in
    response = client.post(url, {"text": REPLY})
    assert response.status_code == 302 and "login" in response["Location"]
    # another enterprise: not found
    client.force_login(enterprise_user_b)
    assert client.post(url, {"text": REPLY}).status_code == 404
    with pytest.raises(PermissionDenied):
        enterprise_help.help_reply(help_record=help_a, by=enterprise_user_b, text="x")
    # a citizen, staff (even the duty officer who sees the record): not their page
    for user in (citizen, duty_officer, district_b_officer):
        client.force_login(user)
        assert client.post(url, {"text": REPLY}).status_code == 403
    with pytest.raises(PermissionDenied):
        enterprise_help.help_reply(help_record=help_a, by=duty_officer, text="x")
    # enterprise A's account once no longer verified
    EnterpriseAccount.objects.filter(user=enterprise_user_a).update(verified=False)
    client.force_login(enterprise_user_a)
    assert client.post(url, {"text": REPLY}).status_code == 403
    assert not HelpReply.objects.exists()
    assert not Record.objects.filter(action="emergencies.help.reply").exists()
