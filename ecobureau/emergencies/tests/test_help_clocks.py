"""The bureau's response to an enterprise's help request is timed (舆情帮扶, seed
000 与企业互动（七）“及时”; limits 示例配置): naming a helper within 24 hours and the
first joint analysis or measure within 72 hours of the request, as casework clocks
in calendar hours. Just before the limit nothing is overdue; just after, the pages
and the overdue selector show it, the sweep marks and notifies it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Accountability, Clock
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies import enterprise_help, selectors, services
from ecobureau.emergencies.models import EnterpriseHelp, HelpAction, OpinionEvent
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
MINUTE = timedelta(minutes=1)


def _request(by: User, enterprise: Enterprise, district, title: str) -> EnterpriseHelp:
    """An opinion event discovered at T0 and the enterprise's request at T0."""
    with time_machine.travel(T0, tick=False):
        event = services.opinion_register(
            by=by,
            title=title,
            channel=OpinionEvent.Channel.NEW_MEDIA,
            content="网传视频称企业夜间偷排污水",
            grade="major",
            discovered_at=T0,
            district=district,
            enterprise=enterprise,
        )
        return enterprise_help.help_request(
            event=event,
            enterprise=enterprise,
            by=by,
            requested_at=T0,
            request="请求协助核实视频来源",
        )


def _reload(record: EnterpriseHelp) -> EnterpriseHelp:
    return EnterpriseHelp.objects.select_related("assign_clock", "action_clock").get(
        pk=record.pk
    )


def test_naming_a_helper_is_overdue_just_after_the_limit_not_just_before(
    client: Client,
    duty_officer: User,
    district_a_officer: User,
    district_b_officer: User,
    enterprise_a: Enterprise,
    district_a,
) -> None:
    record = _request(duty_officer, enterprise_a, district_a, "华信偷排视频")
    assign, action = record.assign_clock, record.action_clock
    assert assign is not None and action is not None
    assert (assign.started_at, assign.due_at) == (T0, T0 + timedelta(hours=24))
    assert action.due_at == T0 + timedelta(hours=72)
    assert (assign.target_type, assign.target_id) == (
        "emergencies.enterprisehelp",
        record.pk,
    )
    assert assign.unit == Clock.Unit.HOURS and "示例配置" in assign.basis
    assert assign.responsible == duty_officer
    client.force_login(duty_officer)

    # just before the limit: running, shown with its due time, not overdue
    with time_machine.travel(T0 + timedelta(hours=24) - MINUTE, tick=False):
        assert not selectors.help_list_overdue_for_user(duty_officer).exists()
        body = client.get(record.get_absolute_url()).content.decode()
        assert 'data-testid="help-clock"' in body and "2026-11-03 09:00" in body
        assert "指定帮扶责任人时限" in body and "示例配置" in body
        assert 'data-testid="help-clock-overdue"' not in body
        listing = client.get(reverse("emergencies:opinion-list")).content.decode()
        assert 'data-testid="overdue-help"' not in listing

    # just after: overdue on every page and in the selector, before any sweep
    with time_machine.travel(T0 + timedelta(hours=24) + MINUTE, tick=False):
        overdue = list(selectors.help_list_overdue_for_user(duty_officer))
        assert overdue == [record]
        assert list(selectors.help_list_overdue_for_user(district_a_officer)) == [
            record
        ]
        assert not selectors.help_list_overdue_for_user(district_b_officer).exists()
        body = client.get(record.get_absolute_url()).content.decode()
        assert 'data-testid="help-clock-overdue"' in body and "已超期" in body
        listing = client.get(reverse("emergencies:opinion-list")).content.decode()
        assert 'data-testid="overdue-help"' in listing and enterprise_a.name in listing
        event_page = client.get(record.event.get_absolute_url()).content.decode()
        assert "指定帮扶责任人时限：2026-11-03 09:00 <strong>已超期" in event_page
        # the casework sweep marks it and tells the responsible officer
        assert casework.clocks_mark_due().overdue >= 1
        assign.refresh_from_db()
        assert assign.state == Clock.State.OVERDUE
        note = Notification.objects.get(
            recipient=duty_officer, title__startswith="指定帮扶责任人时限已超期"
        )
        assert note.url == f"/workbench/clocks/{assign.pk}/"
        # the clock page reaches the help record through the registry
        assert client.get(note.url).status_code == 200
        client.force_login(district_b_officer)
        assert client.get(note.url).status_code == 404

        # naming the helper now stops the clock as missed (accountability opened)
        enterprise_help.help_assign(
            help_record=record, by=duty_officer, helper=district_a_officer
        )
    assign.refresh_from_db()
    assert assign.state == Clock.State.MISSED
    accountability = Accountability.objects.get(
        source_type="casework.clock", source_id=assign.pk
    )
    assert "企业舆情帮扶" in accountability.source_label
    now = T0 + timedelta(hours=24) + 2 * MINUTE
    assert not selectors.help_list_overdue_for_user(duty_officer, now=now).exists()
    assert records.verify() == (Record.objects.count(), None)


def test_first_analysis_at_the_limit_is_met_a_minute_later_missed(
    duty_officer: User,
    district_a_officer: User,
    enterprise_a: Enterprise,
    district_a,
) -> None:
    on_time = _request(duty_officer, enterprise_a, district_a, "视频一")
    late = _request(duty_officer, enterprise_a, district_a, "视频二")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        for record in (on_time, late):
            enterprise_help.help_assign(
                help_record=record, by=duty_officer, helper=district_a_officer
            )
    assert _reload(on_time).assign_clock.state == Clock.State.MET  # type: ignore[union-attr]
    with time_machine.travel(T0 + timedelta(hours=73), tick=False):
        # other help does not answer the seed's analysis/measure: still overdue
        enterprise_help.help_action_add(
            help_record=on_time,
            by=duty_officer,
            kind=HelpAction.Kind.OTHER,
            taken_at=T0 + timedelta(hours=2),
            description="电话了解情况",
        )
        assert set(selectors.help_list_overdue_for_user(duty_officer)) == {
            on_time,
            late,
        }
        enterprise_help.help_action_add(
            help_record=on_time,
            by=duty_officer,
            kind=HelpAction.Kind.ANALYSIS,
            taken_at=T0 + timedelta(hours=72),
            description="会同企业研判",
        )
        enterprise_help.help_action_add(
            help_record=late,
            by=duty_officer,
            kind=HelpAction.Kind.MEASURE,
            taken_at=T0 + timedelta(hours=72) + MINUTE,
            description="制定发布监测数据的措施",
        )
        assert not selectors.help_list_overdue_for_user(duty_officer).exists()
    on_clock = _reload(on_time).action_clock
    late_clock = _reload(late).action_clock
    assert on_clock is not None and late_clock is not None
    assert (on_clock.state, on_clock.stopped_at) == (
        Clock.State.MET,
        T0 + timedelta(hours=72),
    )
    assert late_clock.state == Clock.State.MISSED


def test_the_limits_are_settings(
    settings, duty_officer: User, enterprise_a: Enterprise, district_a
) -> None:
    settings.EMERGENCY_HELP_ASSIGN_HOURS = 2
    settings.EMERGENCY_HELP_FIRST_ACTION_HOURS = 8
    record = _request(duty_officer, enterprise_a, district_a, "视频三")
    assert record.assign_clock is not None and record.action_clock is not None
    assert record.assign_clock.due_at == T0 + timedelta(hours=2)
    assert record.action_clock.due_at == T0 + timedelta(hours=8)
