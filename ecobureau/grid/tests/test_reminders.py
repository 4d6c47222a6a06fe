"""Supervision frequency per class, the officer's calendar and the due reminders
(seed 002 附件1 二1 "设定企业监管频次，到期动态提醒")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from ecobureau.grid import selectors, services
from ecobureau.grid.models import EnterpriseSupervision
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar_rows(cells, enterprises_a, enforcement_head, inspectors):
    """Enterprises classified on 2026-11-01 and put on inspector 1's calendar."""
    with time_machine.travel("2026-11-01 09:00 +0800", tick=False):
        services.supervision_sync(by=None)
        for row in EnterpriseSupervision.objects.all():
            services.officer_assign(
                supervision=row, officer=inspectors[0], by=enforcement_head
            )
    return {row.enterprise_id: row for row in EnterpriseSupervision.objects.all()}


def test_frequency_follows_the_class(calendar_rows, enterprises_a):
    # C monthly, B quarterly, A yearly (example configuration, rules.md §7).
    assert calendar_rows[enterprises_a[0].pk].next_due_on == date(2026, 12, 1)
    assert calendar_rows[enterprises_a[3].pk].next_due_on == date(2027, 2, 1)
    assert calendar_rows[enterprises_a[7].pk].next_due_on == date(2027, 11, 1)


def test_a_class_policy_set_by_the_bureau_applies_from_the_next_supervision(
    calendar_rows, enterprises_a, enforcement_head
):
    services.policy_update(
        klass="C",
        supervision_months=2,
        draw_percent=Decimal("30"),
        basis="本局2026年分类监管办法",
        by=enforcement_head,
    )
    assert selectors.policies()["C"].supervision_months == 2
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        row = services.supervision_mark(
            enterprise=enterprises_a[0], on=date(2026, 11, 20), how="nonsite", by=None
        )
    assert row.next_due_on == date(2027, 1, 20)


def test_officers_are_reminded_once_per_due_date(calendar_rows, inspectors, settings):
    settings.GRID_REMIND_DAYS_BEFORE = 7
    # 24 November: the three C enterprises fall due on 1 December, within 7 days.
    now = datetime(2026, 11, 24, 7, 30, tzinfo=SHANGHAI)
    assert services.supervision_remind(now=now) == 3
    message = Notification.objects.get(recipient=inspectors[0])
    assert "3家将于2026-12-01起到期" in message.title
    assert message.url == reverse("grid:calendar")
    assert services.supervision_remind(now=now) == 0  # not twice
    # Nothing else is due within a week.
    assert Notification.objects.filter(recipient=inspectors[0]).count() == 1


def test_overdue_enterprises_are_reminded_and_supervision_moves_the_date(
    calendar_rows, enterprises_a, inspectors
):
    now = datetime(2026, 12, 3, 7, 30, tzinfo=SHANGHAI)
    assert services.supervision_remind(now=now) == 3
    assert (
        "3家已超过监管期限" in Notification.objects.get(recipient=inspectors[0]).title
    )
    with time_machine.travel("2026-12-03 10:00 +0800", tick=False):
        services.nonsite_check_record(
            enterprise=enterprises_a[0],
            on=date(2026, 12, 3),
            summary="在线监控数据正常，视频巡查无异常",
            by=inspectors[0],
        )
    row = EnterpriseSupervision.objects.get(enterprise=enterprises_a[0])
    assert (row.last_supervised_on, row.next_due_on) == (
        date(2026, 12, 3),
        date(2027, 1, 3),
    )
    # The new due date is reminded again when it comes near.
    assert (
        services.supervision_remind(now=datetime(2026, 12, 28, 7, 30, tzinfo=SHANGHAI))
        >= 1
    )


def test_the_calendar_page_shows_my_enterprises_only(
    client, calendar_rows, enterprises_a, inspectors
):
    with time_machine.travel("2026-12-03 10:00 +0800", tick=False):
        client.force_login(inspectors[0])
        page = client.get(reverse("grid:calendar")).content.decode()
        assert enterprises_a[0].name in page and "已超过监管期限（3家）" in page
        client.force_login(inspectors[1])
        page = client.get(reverse("grid:calendar")).content.decode()
        assert enterprises_a[0].name not in page


def test_the_scheduled_command_reminds(calendar_rows, capsys):
    with time_machine.travel("2026-11-25 07:30 +0800", tick=False):
        call_command("remind_supervision")
    assert "企业3家" in capsys.readouterr().out
