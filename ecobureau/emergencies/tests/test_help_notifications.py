"""The enterprise is told when its help request is registered and answered
(helper named, help concluded): its own accounts only, in-app and by e-mail
through the outbox in the same transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ecobureau.accounts.models import User
from ecobureau.core.models import OutboxMessage
from ecobureau.emergencies import enterprise_help, services
from ecobureau.emergencies.models import HelpAction, OpinionEvent
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


def test_the_enterprise_is_told_and_no_other_enterprise(
    duty_officer: User,
    district_a_officer: User,
    district_a,
    enterprise_a: Enterprise,
    enterprise_user_a: User,
    enterprise_user_b: User,
) -> None:
    # given an opinion event about enterprise A; its account has an e-mail address
    enterprise_user_a.email = "hb@huaxin.example"
    enterprise_user_a.save(update_fields=["email"])
    enterprise_user_b.email = "hb@xingda.example"
    enterprise_user_b.save(update_fields=["email"])
    event = services.opinion_register(
        by=duty_officer,
        title="短视频：某企业夜间偷排",
        channel=OpinionEvent.Channel.NEW_MEDIA,
        content="网传视频称企业夜间偷排污水",
        grade="major",
        discovered_at=T0,
        district=district_a,
        enterprise=enterprise_a,
    )

    # when the request is registered, answered with a helper, and concluded
    record = enterprise_help.help_request(
        event=event,
        enterprise=enterprise_a,
        by=duty_officer,
        requested_at=T0 + timedelta(hours=1),
        request="请求协助核实视频来源",
    )
    enterprise_help.help_assign(
        help_record=record, by=duty_officer, helper=district_a_officer
    )
    for kind in (HelpAction.Kind.ANALYSIS, HelpAction.Kind.MEASURE):
        enterprise_help.help_action_add(
            help_record=record,
            by=duty_officer,
            kind=kind,
            taken_at=T0 + timedelta(hours=2),
            description="会同企业研判",
        )
    enterprise_help.help_conclude(
        help_record=record, by=duty_officer, outcome="发布核查情况，舆情平息"
    )

    # then enterprise A's account has the three messages in its inbox …
    titles = list(
        Notification.objects.filter(recipient=enterprise_user_a)
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles == [
        "您单位的舆情帮扶求助已登记",
        "您单位的舆情帮扶求助已受理",
        "您单位的舆情帮扶已结束",
    ]
    bodies = "".join(
        Notification.objects.filter(recipient=enterprise_user_a).values_list(
            "body", flat=True
        )
    )
    assert "短视频：某企业夜间偷排" in bodies
    assert district_a_officer.display_name in bodies
    assert "发布核查情况，舆情平息" in bodies
    # … and three e-mails queued in the outbox, all to enterprise A's account
    mails = OutboxMessage.objects.filter(kind="notifications.email")
    assert sorted(m.payload["recipient"] for m in mails) == [enterprise_user_a.pk] * 3
    # enterprise B's account receives nothing
    assert not Notification.objects.filter(recipient=enterprise_user_b).exists()


def test_an_unverified_or_inactive_account_is_not_told(
    duty_officer: User, district_a, enterprise_a: Enterprise, enterprise_user_a: User
) -> None:
    enterprise_a.accounts.update(verified=False)
    event = services.opinion_register(
        by=duty_officer,
        title="舆情",
        channel=OpinionEvent.Channel.NEW_MEDIA,
        content="内容",
        grade="major",
        discovered_at=T0,
        district=district_a,
        enterprise=enterprise_a,
    )
    enterprise_help.help_request(
        event=event,
        enterprise=enterprise_a,
        by=duty_officer,
        requested_at=T0,
        request="请求协助",
    )
    assert not Notification.objects.filter(recipient=enterprise_user_a).exists()
