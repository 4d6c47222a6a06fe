"""Help for an enterprise through a major opinion event (seed 000 与企业互动（七）):
request, helper, joint analysis and measures, outcome; scope."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record
from ecobureau.emergencies import enterprise_help, services
from ecobureau.emergencies.models import EnterpriseHelp, HelpAction, OpinionEvent
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def event(duty_officer, district_a, enterprise_a) -> OpinionEvent:
    """A major opinion event about enterprise A, in district A."""
    return services.opinion_register(
        by=duty_officer,
        title="短视频：某企业夜间偷排",
        channel=OpinionEvent.Channel.NEW_MEDIA,
        content="网传视频称企业夜间偷排污水",
        grade="major",
        discovered_at=T0,
        district=district_a,
        enterprise=enterprise_a,
    )


def _local(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_request_helper_analysis_measures_outcome(
    client, duty_officer, district_a_officer, event, enterprise_a
):
    client.force_login(duty_officer)
    # the enterprise asks for help, on the opinion event's page
    response = client.post(
        reverse("emergencies:help-request", args=[event.pk]),
        {
            "enterprise": enterprise_a.pk,
            "requested_at": _local(T0 + timedelta(hours=2)),
            "request": "视频为三年前旧视频，请求协助核实并发布权威信息",
            "contact": "环保主管 13800000009",
        },
    )
    record = EnterpriseHelp.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    act = "emergencies:help-act"
    client.post(
        reverse(act, args=[record.pk, "assign"]), {"helper": district_a_officer.pk}
    )
    record.refresh_from_db()
    assert record.status == "helping" and record.helper == district_a_officer

    # concluding before the joint analysis and the measures is refused and kept
    response = client.post(
        reverse(act, args=[record.pk, "conclude"]), {"outcome": "舆情平息"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "会同企业分析研判、研究制定解决措施" in body and "舆情平息" in body

    for kind, text in (
        ("analysis", "与企业共同比对视频画面，确认为2023年旧视频"),
        ("measure", "现场核查排口、调取在线监测数据，起草情况说明"),
    ):
        response = client.post(
            reverse(act, args=[record.pk, "action"]),
            {
                "kind": kind,
                "taken_at": _local(T0 + timedelta(hours=4)),
                "description": text,
                "participants": "局办公室、铁东分局",
            },
        )
        assert response.status_code == 302
    response = client.post(
        reverse(act, args=[record.pk, "conclude"]),
        {"outcome": "发布核查情况，舆情平息，企业正常生产"},
    )
    assert response.status_code == 302

    record.refresh_from_db()
    assert record.status == "concluded" and record.concluded_at is not None
    assert record.actions.count() == 2
    actions = Record.objects.filter(
        target_type="emergencies.opinionevent", target_id=str(event.pk)
    ).values_list("action", flat=True)
    for name in ("request", "assign", "action", "conclude"):
        assert f"emergencies.help.{name}" in actions
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'data-testid="help"' in page and "帮扶结束" in page
    assert "指定帮扶责任人" in page  # the history's label
    detail = client.get(record.get_absolute_url()).content.decode()
    assert "确认为2023年旧视频" in detail and "企业正常生产" in detail
    with pytest.raises(ValidationError, match="只有帮扶中"):
        enterprise_help.help_conclude(help_record=record, by=duty_officer, outcome="x")


def test_rules_of_the_help_record(
    client, duty_officer, district_b_officer, event, enterprise_a
):
    base = {
        "event": event,
        "enterprise": enterprise_a,
        "by": duty_officer,
        "request": "请求协助",
    }
    with pytest.raises(ValidationError, match="早于舆情发现时间"):
        enterprise_help.help_request(requested_at=T0 - timedelta(hours=1), **base)
    with pytest.raises(ValidationError, match="不能晚于当前时间"):
        enterprise_help.help_request(
            requested_at=timezone.now() + timedelta(hours=1), **base
        )
    record = enterprise_help.help_request(requested_at=T0, **base)
    with pytest.raises(ValidationError, match="已有未结束的帮扶"):
        enterprise_help.help_request(requested_at=T0, **base)
    # no action before a helper is named; a helper must see the event
    with pytest.raises(ValidationError, match="请先指定帮扶责任人"):
        enterprise_help.help_action_add(
            help_record=record,
            by=duty_officer,
            kind=HelpAction.Kind.ANALYSIS,
            taken_at=T0,
            description="研判",
        )
    with pytest.raises(ValidationError, match="能查看该舆情事件"):
        enterprise_help.help_assign(
            help_record=record, by=duty_officer, helper=district_b_officer
        )
    record.refresh_from_db()
    assert record.status == "requested" and record.helper is None
    # the page keeps what was typed when the request is refused
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:help-request", args=[event.pk]),
        {
            "enterprise": enterprise_a.pk,
            "requested_at": _local(T0),
            "request": "第二次求助内容",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "已有未结束的帮扶" in body and "第二次求助内容" in body


def test_who_must_not_see_or_act(
    client,
    duty_officer,
    event,
    enterprise_a,
    district_b_officer,
    township_official,
    citizen,
    enterprise_user_a,
):
    record = enterprise_help.help_request(
        event=event,
        enterprise=enterprise_a,
        by=duty_officer,
        requested_at=T0,
        request="请求协助",
    )
    detail = reverse("emergencies:help-detail", args=[record.pk])
    assign = reverse("emergencies:help-act", args=[record.pk, "assign"])
    new = reverse("emergencies:help-request", args=[event.pk])
    data = {"enterprise": enterprise_a.pk, "requested_at": _local(T0), "request": "x"}
    assert client.get(detail).status_code == 302  # anonymous: to the log-in
    for user in (district_b_officer, township_official):  # 404: not theirs
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert client.post(assign, {"helper": user.pk}).status_code == 404
        assert client.post(new, data).status_code == 404
    # the enterprise that asked, and the public, see no staff page
    for user in (citizen, enterprise_user_a):
        client.force_login(user)
        assert client.get(detail).status_code == 403
        assert client.post(new, data).status_code == 403
    record.refresh_from_db()
    assert record.status == "requested" and EnterpriseHelp.objects.count() == 1
