"""Public-opinion events: the reply clock (示例配置 hours), a reviewed reply, the
drafter never approves their own reply, scope."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.emergencies import services
from ecobureau.emergencies.models import OpinionEvent
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)


def _event(by, district, grade="major", at=T0):
    return services.opinion_register(
        by=by,
        title="微博：某河段发黑发臭",
        channel=OpinionEvent.Channel.WEIBO,
        content="网友发帖称河水发黑发臭，转发300余次",
        spread="阅读2万，转发300",
        grade=grade,
        discovered_at=at,
        district=district,
    )


def _reply_clock(event):
    return Clock.objects.get(target_type="emergencies.opinionevent", target_id=event.pk)


def test_reviewed_reply_within_the_limit(duty_officer, city_leader, district_a):
    with time_machine.travel(T0, tick=False):
        event = _event(duty_officer, district_a)
        assert _reply_clock(event).due_at == T0 + timedelta(hours=4)
        services.opinion_transition(event=event, transition="assign", by=duty_officer)
        services.opinion_transition(
            event=event,
            transition="submit",
            by=duty_officer,
            changes={"reply_draft": "我局已派员核查，结果将及时公布。"},
        )
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        services.opinion_transition(
            event=event,
            transition="return",
            by=city_leader,
            changes={"return_note": "补充监测结果"},
        )
        services.opinion_transition(
            event=event,
            transition="submit",
            by=duty_officer,
            changes={"reply_draft": "我局已派员核查，监测结果显示……"},
        )
        services.opinion_approve(event=event, by=city_leader)
    event.refresh_from_db()
    assert event.status == "replied"
    assert event.reply_text.startswith("我局已派员核查，监测结果")
    assert event.reviewed_by == city_leader
    assert _reply_clock(event).state == Clock.State.MET


def test_late_reply_is_overdue_then_missed(duty_officer, city_leader, district_a):
    with time_machine.travel(T0, tick=False):
        event = _event(duty_officer, district_a, grade="general")
    with time_machine.travel(T0 + timedelta(hours=25), tick=False):
        casework.clocks_mark_due()
        assert _reply_clock(event).state == Clock.State.OVERDUE
        services.opinion_transition(event=event, transition="assign", by=duty_officer)
        services.opinion_transition(
            event=event,
            transition="submit",
            by=duty_officer,
            changes={"reply_draft": "回复"},
        )
        services.opinion_approve(event=event, by=city_leader)
    assert _reply_clock(event).state == Clock.State.MISSED


def test_drafter_cannot_approve_own_reply(district_a_leader, district_a):
    event = _event(district_a_leader, district_a)
    services.opinion_transition(event=event, transition="assign", by=district_a_leader)
    services.opinion_transition(
        event=event,
        transition="submit",
        by=district_a_leader,
        changes={"reply_draft": "回复"},
    )
    with pytest.raises(ValidationError, match="起草人以外"):
        services.opinion_approve(event=event, by=district_a_leader)
    event.refresh_from_db()
    assert event.status == "reviewing"


def test_other_district_cannot_see_or_act(
    client, duty_officer, district_a, district_b_officer
):
    event = _event(duty_officer, district_a)
    client.force_login(district_b_officer)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert (
        "微博：某河段"
        not in client.get(reverse("emergencies:opinion-list")).content.decode()
    )
    response = client.post(
        reverse("emergencies:opinion-act", args=[event.pk, "assign"])
    )
    assert response.status_code == 404
    event.refresh_from_db()
    assert event.status == "registered"


def test_submit_without_a_draft_keeps_the_page_with_an_error(
    client, duty_officer, district_a
):
    event = _event(duty_officer, district_a)
    services.opinion_transition(event=event, transition="assign", by=duty_officer)
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:opinion-act", args=[event.pk, "submit"]),
        {"reply_draft": ""},
    )
    assert response.status_code == 400
    assert (
        "必填" in response.content.decode() or "这个字段" in response.content.decode()
    )
    event.refresh_from_db()
    assert event.status == "handling"
