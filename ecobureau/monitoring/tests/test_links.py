"""Online/offline state from the last data received: an alarm to the monitoring
staff covering the enterprise and the heads of its supervising unit when data
stops, never to another district's staff, and once however often the job runs."""

from datetime import datetime, timedelta

import pytest

from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services
from ecobureau.monitoring.models import Instrument, LinkEvent
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 12, tzinfo=SHANGHAI)


def test_data_stopping_raises_one_alarm_and_coming_back_is_recorded(
    instrument_a, monitoring_staff, district_a_leader, sub_bureau_b, district_b
) -> None:
    other_district = UserFactory(
        username="tiexi-monitor",
        unit=sub_bureau_b,
        scope="division",
        scope_division=district_b,
        role_codes=["monitoring_staff"],
    )
    Instrument.objects.filter(pk=instrument_a.pk).update(
        last_seen_at=NOW - timedelta(minutes=10)
    )
    assert services.links_sweep(now=NOW).online == 1
    Instrument.objects.filter(pk=instrument_a.pk).update(
        last_seen_at=NOW - timedelta(minutes=61)
    )
    first = services.links_sweep(now=NOW)
    again = services.links_sweep(now=NOW + timedelta(minutes=5))
    assert (first.offline, again.offline) == (1, 0)
    instrument_a.refresh_from_db()
    assert instrument_a.link == Instrument.Link.OFFLINE
    alarmed = set(
        Notification.objects.filter(title__startswith="自动监控离线报警").values_list(
            "recipient__username", flat=True
        )
    )
    assert alarmed == {monitoring_staff.username, district_a_leader.username}
    assert other_district.username not in alarmed
    Instrument.objects.filter(pk=instrument_a.pk).update(last_seen_at=NOW)
    assert services.links_sweep(now=NOW + timedelta(minutes=10)).online == 1
    kinds = list(
        LinkEvent.objects.filter(instrument=instrument_a)
        .order_by("at", "pk")
        .values_list("kind", flat=True)
    )
    assert kinds == ["online", "offline", "online"]
