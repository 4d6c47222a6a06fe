"""Every catalogue entry with a frequency has a real date source (A90): the
quality statistics from the stored water samples, the monthly bulletin from
its latest issued revision, the
discharge totals from their last computation, the penalty decisions from their
latest publication; the 不予行政处罚清单, which records no date, shows none, is
not checked against a frequency and says why."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.lib.dates import local_date
from ecobureau.portal import disclosure

pytestmark = pytest.mark.django_db


def today() -> date:
    return local_date(timezone.now())


def rows(on: date | None = None) -> dict[str, disclosure.IndexRow]:
    return {r.entry.key: r for r in disclosure.index_rows(today=on or today())}


def month_start(day: date, back: int = 0) -> date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@pytest.fixture
def section(district_a):
    from ecobureau.quality.models import Section

    return Section.objects.create(
        code="S001", name="太子河小姐庙", level="national", water_body="river",
        district=district_a,
    )  # fmt: skip


def sample(section, sampled_on: date, stored: datetime | None = None):
    from ecobureau.quality.models import Sample

    item = Sample.objects.create(section=section, sampled_on=sampled_on)
    if stored is not None:
        Sample.objects.filter(pk=item.pk).update(created_at=stored)
    return item


def test_without_data_the_quality_lists_have_no_date_and_are_overdue():
    found = rows()
    for key in ("quality", "quality-bulletin", "discharge", "penalties"):
        assert found[key].published_on is None, key
    assert found["quality"].overdue and found["quality-bulletin"].overdue
    assert found["discharge"].overdue


def test_quality_statistics_are_dated_by_the_latest_stored_samples(section):
    sample(section, today() - timedelta(days=3))
    found = rows()
    assert found["quality"].published_on == today()
    assert not found["quality"].overdue
    assert rows(today() + timedelta(days=60))["quality"].overdue  # monthly


def test_the_bulletin_is_dated_when_its_latest_revision_was_issued(section):
    from ecobureau.quality.services import bulletin_issue

    # samples alone publish nothing: the bulletin is public once issued
    last_month = month_start(today(), 1)
    sample(section, last_month + timedelta(days=1))
    assert rows()["quality-bulletin"].published_on is None
    # issued three days ago (by the scheduler), then corrected today
    issued = timezone.now() - timedelta(days=3)
    bulletin_issue(actor=None, year=last_month.year, month=last_month.month, now=issued)
    found = rows()
    assert found["quality-bulletin"].published_on == local_date(issued)
    assert not found["quality-bulletin"].overdue
    bulletin_issue(
        actor=None,
        year=last_month.year,
        month=last_month.month,
        now=timezone.now(),
        reason="补录断面样品后更正",
    )
    assert rows()["quality-bulletin"].published_on == today()


def test_discharge_totals_are_dated_by_their_last_computation():
    from ecobureau.monitoring.models import DischargeSummaryState

    DischargeSummaryState.objects.create(
        pk=1, computed_at=timezone.now() - timedelta(days=2)
    )
    found = rows()
    assert found["discharge"].published_on == today() - timedelta(days=2)
    assert not found["discharge"].overdue
    assert rows(today() + timedelta(days=120))["discharge"].overdue  # quarterly


def test_penalty_decisions_are_dated_by_the_latest_live_publication(district_a):
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.enterprises.tests.factories import EnterpriseFactory
    from ecobureau.portal.tests.test_violators import _decision, _publish

    officer = UserFactory(username="enf")
    company = EnterpriseFactory(district=district_a)
    decision = _decision(company, officer, "案〔2026〕9号", "50000")
    published = _publish(decision, officer, "鞍环罚〔2026〕9号", "罚款")
    assert rows()["penalties"].published_on == local_date(published.published_at)
    published.withdrawn_at = timezone.now()
    published.save()
    assert rows()["penalties"].published_on is None  # nothing live on the page


def test_the_no_penalty_list_shows_no_date_and_says_why(client):
    row = rows()["four-lists"]
    assert row.url and row.published_on is None and not row.overdue
    html = client.get(reverse("portal:disclosure")).content.decode()
    assert "清单未记录制定或调整日期" in html
