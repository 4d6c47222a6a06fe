"""A73: the positive-list review screen shows members and candidates with their
compliance, management, emissions and online-monitoring data, and the head of
enforcement adjusts the list with reasons through the enterprises services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ecobureau.enterprises import services as enterprise_services
from ecobureau.enterprises.models import EmissionLimit, Outlet, PositiveListEntry
from ecobureau.grid import selectors, services
from ecobureau.monitoring.models import Exceedance, Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        yield


def exceed(enterprise, *, online: bool) -> None:
    outlet = Outlet.objects.create(
        enterprise=enterprise, code="DW001", name="总排口", kind="water"
    )
    limit = EmissionLimit.objects.create(
        outlet=outlet,
        pollutant_code="w01018",
        pollutant_name="化学需氧量",
        limit_value=Decimal(50),
        unit="mg/L",
        basis="measured",
        effective_from=date(2015, 1, 1),
    )
    instrument = Instrument.objects.create(
        mn=f"MN{enterprise.pk:022d}",
        enterprise=enterprise,
        outlet=outlet,
        link=Instrument.Link.ONLINE if online else Instrument.Link.OFFLINE,
    )
    start = timezone.now() - timedelta(days=30)
    Exceedance.objects.create(
        instrument=instrument,
        enterprise=enterprise,
        outlet=outlet,
        limit=limit,
        code="w01018",
        pollutant_name="化学需氧量",
        unit="mg/L",
        field="Avg",
        limit_value=Decimal(50),
        started_at=start,
        ended_at=start + timedelta(hours=3),
        hours=3,
        max_value=Decimal(80),
        max_multiple=Decimal("0.6"),
        ongoing=False,
    )


@pytest.fixture
def listed(enterprises_a, enforcement_head):
    """Members: 0 (clean), 1 (violation), 2 (exceedance, instrument offline)."""
    for enterprise in enterprises_a[:3]:
        enterprise_services.positive_list_add(
            enterprise=enterprise, reason="守法记录良好", by=enforcement_head
        )
    services.violation_record(
        enterprise=enterprises_a[1],
        occurred_on=date(2026, 3, 1),
        description="未按规定运行污染防治设施",
        by=None,
    )
    exceed(enterprises_a[2], online=False)
    services.violation_record(  # a candidate with a violation is no candidate
        enterprise=enterprises_a[5],
        occurred_on=date(2025, 5, 1),
        description="超标排放",
        by=None,
    )
    return enterprises_a


def test_members_and_candidates_carry_their_review_data(listed, enforcement_head):
    members = list(selectors.review_queryset(enforcement_head, show="members"))
    assert {e.pk for e in members} == {e.pk for e in listed[:3]}
    rows = {
        row.enterprise.pk: row
        for row in selectors.review_rows(enforcement_head, members)
    }
    clean, violator, exceeder = (rows[e.pk] for e in listed[:3])
    assert clean.flags == [] and clean.suggestion == "继续保留"
    assert violator.violations == 1 and violator.last_violation == date(2026, 3, 1)
    assert "近三年违法1次" in violator.flags and violator.suggestion == "建议研究移出"
    assert exceeder.exceedances == 1 and exceeder.exceedance_hours == 3
    assert exceeder.instruments == 1 and exceeder.instruments_offline == 1
    assert any("超标" in f for f in exceeder.flags)
    assert any("离线" in f for f in exceeder.flags)
    candidates = {
        e.pk for e in selectors.review_queryset(enforcement_head, show="candidates")
    }
    assert listed[5].pk not in candidates  # violation in three years
    assert listed[4].pk in candidates and listed[0].pk not in candidates


def test_the_page_costs_a_fixed_number_of_queries(listed, enforcement_head):
    def cost(n: int) -> int:
        page = list(selectors.review_queryset(enforcement_head, show="candidates")[:n])
        with CaptureQueriesContext(connection) as queries:
            selectors.review_rows(enforcement_head, page)
        return len(queries)

    assert cost(2) == cost(8)


def test_the_head_adjusts_with_a_reason_and_others_cannot(
    client, listed, enforcement_head, district_a_officer, district_b_officer
):
    page = reverse("grid:positive-list")
    client.force_login(enforcement_head)
    body = client.get(page).content.decode()
    assert listed[1].name in body and "建议研究移出" in body
    assert "近三年违法1次" in body
    candidates = client.get(page + "?show=candidates").content.decode()
    assert listed[4].name in candidates and "列入清单" in candidates
    refused = client.post(
        page + "?show=members",
        {"enterprise": listed[1].pk, "action": "remove", "reason": "  "},
    )
    assert refused.status_code == 400
    assert "理由" in refused.content.decode()
    assert PositiveListEntry.objects.filter(
        enterprise=listed[1], removed_on__isnull=True
    ).exists()
    done = client.post(
        page + "?show=members",
        {"enterprise": listed[1].pk, "action": "remove", "reason": "2026年3月违法"},
    )
    assert done.status_code == 302
    entry = PositiveListEntry.objects.get(enterprise=listed[1])
    assert (
        entry.removed_reason == "2026年3月违法" and entry.removed_by == enforcement_head
    )
    client.post(
        page + "?show=candidates",
        {
            "enterprise": listed[4].pk,
            "action": "add",
            "reason": "连续三年无违法、无超标",
        },
    )
    assert PositiveListEntry.objects.filter(
        enterprise=listed[4], removed_on__isnull=True
    ).exists()
    # the district's staff may look but not adjust
    client.force_login(district_a_officer)
    assert client.get(page).status_code == 200
    assert (
        client.post(
            page, {"enterprise": listed[0].pk, "action": "remove", "reason": "x"}
        ).status_code
        == 403
    )
    # another district sees none of these enterprises
    client.force_login(district_b_officer)
    assert listed[0].name not in client.get(page).content.decode()
    assert not selectors.review_queryset(district_b_officer, show="members").exists()
