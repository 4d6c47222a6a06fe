"""The stored daily totals behind the public discharge page (D14): the page's
figures equal a from-scratch computation on the same data (full rebuild, then
hourly refreshes with new and late data), the page says when they were computed,
costs the same few queries for one enterprise or many, and shows no personal
data."""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from ecobureau.enterprises.models import Enterprise, Permit
from ecobureau.enterprises.tests.factories import EnterpriseFactory
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import discharge, selectors, selectors_discharge, services
from ecobureau.monitoring.models import (
    DischargeDayTotal,
    DischargeSummaryState,
    DischargeYearTotal,
    Instrument,
    SummaryReading,
)

pytestmark = pytest.mark.django_db

# Early in the morning of 2 January: the stretch covers a year boundary, a
# partial day (today) and yesterday's daily packet not yet sent.
NOW = datetime(2026, 1, 2, 7, 30, tzinfo=SHANGHAI)
FIRST = datetime(2025, 12, 20, tzinfo=SHANGHAI)


def _rows(
    instrument: Instrument, cn: int, at: datetime, values: dict[tuple[str, str], float]
) -> list[SummaryReading]:
    return [
        SummaryReading(
            instrument=instrument,
            code=code,
            cn=cn,
            data_time=at,
            pno=0,
            field=field,
            value=value,
            flag="N",
            received_at=at + timedelta(minutes=5),
        )
        for (code, field), value in values.items()
    ]


def _history(instrument: Instrument, rng: random.Random, *, daily: bool) -> None:
    """Hourly data from FIRST to NOW (water: COD, NH3-N and flow in L/s; gas: SO2
    and flow in m³/s; a 2005 code among them) and, when `daily`, daily data
    for every finished day but the last (its packet is late) and one more."""
    water = instrument.system_code == "32"
    rows: list[SummaryReading] = []
    at = FIRST
    while at < NOW + timedelta(hours=3):  # a device clock ahead: not counted
        if water:
            values = {
                ("w01018", "Avg"): rng.uniform(10, 80),
                ("060", "Avg"): rng.uniform(0.5, 5),  # NH3-N, 2005 code
                ("w00000", "Avg"): rng.uniform(5, 20),
            }
        else:
            values = {
                ("a21026", "Avg"): rng.uniform(5, 50),
                ("a00000", "Avg"): rng.uniform(20, 60),
            }
        rows += _rows(instrument, 2061, at, values)
        at += timedelta(hours=1)
    if daily:
        day = FIRST
        while day < NOW - timedelta(days=2):
            if day != FIRST + timedelta(days=4):  # one daily packet lost
                rows += _rows(
                    instrument,
                    2031,
                    day,
                    {
                        ("w01018", "Avg"): rng.uniform(10, 80),
                        ("w21003", "Avg"): rng.uniform(0.5, 5),
                        ("w00000", "Cou"): rng.uniform(500, 1500),
                    }
                    if water
                    else {
                        ("a21026", "Avg"): rng.uniform(5, 50),
                        ("a00000", "Cou"): rng.uniform(1e6, 5e6),
                    },
                )
            day += timedelta(days=1)
    SummaryReading.objects.bulk_create(rows)


def _allow(enterprise: Enterprise, *codes: str) -> None:
    permit = Permit.objects.create(
        enterprise=enterprise,
        kind=Permit.Kind.DISCHARGE,
        number=f"P{enterprise.pk:06d}",
        valid_until=date(2030, 12, 31),
    )
    for code in codes:
        permit_allowance(permit, code)


def permit_allowance(permit: Permit, code: str) -> None:
    from ecobureau.monitoring.models import DischargeAllowance

    DischargeAllowance.objects.create(
        permit=permit,
        enterprise=permit.enterprise,
        pollutant_code=code,
        pollutant_name=code,
        yearly_tonnes=Decimal("100"),
        method="continuous",
        route="direct",
    )


def _scratch(year: int, until: datetime) -> dict[tuple[int, str], Decimal]:
    """Every enterprise's yearly totals computed from the data, as the page
    used to on each request."""
    by_enterprise: dict[int, list[Instrument]] = {}
    for instrument in Instrument.objects.order_by("pk"):
        by_enterprise.setdefault(instrument.enterprise_id, []).append(instrument)
    return {
        (enterprise_id, code): total.tonnes_decimal
        for enterprise_id, own in by_enterprise.items()
        for code, total in discharge.year_totals(own, year, until=until).items()
    }


def _stored(year: int) -> dict[tuple[int, str], Decimal]:
    ids = list(Instrument.objects.values_list("enterprise_id", flat=True))
    return {
        (enterprise_id, code): tonnes
        for enterprise_id, codes in selectors_discharge._actual_stored(
            ids, year
        ).items()
        for code, tonnes in codes.items()
    }


@pytest.fixture
def three_enterprises(
    instrument_a: Instrument, gas_instrument_a: Instrument, instrument_b: Instrument
) -> list[Instrument]:
    """A: a water and a gas instrument, both with daily data; B: water, hourly
    data only."""
    rng = random.Random(20261123)
    _history(instrument_a, rng, daily=True)
    _history(gas_instrument_a, rng, daily=True)
    _history(instrument_b, rng, daily=False)
    return [instrument_a, gas_instrument_a, instrument_b]


def test_stored_figures_equal_a_computation_from_scratch(three_enterprises) -> None:
    # when
    result = services.discharge_summary_refresh(now=NOW)

    # then: every enterprise, pollutant and year, to the 0.1 kg shown
    assert result.since == datetime(2025, 1, 1, tzinfo=SHANGHAI)  # first run: all
    for year in (2025, 2026):
        scratch = _scratch(year, NOW)
        assert scratch and _stored(year) == scratch
    assert DischargeSummaryState.objects.get().computed_at == NOW
    # Nothing after NOW is stored (the clock-ahead hours).
    assert not DischargeDayTotal.objects.filter(day__gt=NOW.date()).exists()


def test_hourly_refresh_takes_new_and_late_data(three_enterprises) -> None:
    # given the figures of 07:30
    instrument_a, _, instrument_b = three_enterprises
    services.discharge_summary_refresh(now=NOW)
    rng = random.Random(7)
    # when yesterday's daily packet, today's next hours and a resent hour of
    # the day before yesterday arrive, and the hourly job runs at 09:25
    later = NOW + timedelta(hours=2)
    SummaryReading.objects.bulk_create(
        _rows(
            instrument_a,
            2031,
            datetime(2026, 1, 1, tzinfo=SHANGHAI),
            {("w01018", "Avg"): 55.0, ("w00000", "Cou"): 900.0},
        )
    )
    SummaryReading.objects.filter(
        instrument=instrument_b,
        cn=2061,
        data_time=datetime(2025, 12, 31, 4, 0, tzinfo=SHANGHAI),
    ).update(value=rng.uniform(100, 200))
    call_command("refresh_discharge_summary", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # (the command uses the clock; recompute with the fixed time as well)
    services.discharge_summary_refresh(now=later)

    # then
    for year in (2025, 2026):
        assert _stored(year) == _scratch(year, later)
    assert DischargeSummaryState.objects.get().computed_at == later


def test_late_data_older_than_the_window_waits_for_the_nightly_run(
    three_enterprises,
) -> None:
    _, _, instrument_b = three_enterprises
    services.discharge_summary_refresh(now=NOW)
    old_hour = datetime(2025, 12, 21, 4, 0, tzinfo=SHANGHAI)
    SummaryReading.objects.filter(
        instrument=instrument_b, cn=2061, data_time=old_hour
    ).update(value=500.0)
    services.discharge_summary_refresh(now=NOW, days=2)
    assert _stored(2025) != _scratch(2025, NOW)
    services.discharge_summary_refresh(now=NOW, days=40)
    assert _stored(2025) == _scratch(2025, NOW)


def test_public_page_shows_stored_figures_and_when_computed(
    client, three_enterprises
) -> None:
    instrument_a, _, instrument_b = three_enterprises
    _allow(instrument_a.enterprise, "w01018", "w21003", "a21026", "w99999")
    _allow(instrument_b.enterprise, "w01018")
    url = reverse("monitoring:discharge-public")
    # Before the first run the page says the figures are not computed yet.
    body = client.get(url, {"year": 2025}).content.decode()
    assert "实际排放量尚未统计" in body

    services.discharge_summary_refresh(now=NOW)
    with time_machine.travel(NOW, tick=False):
        live = selectors.discharge_list_public(
            enterprise_ids=[instrument_a.enterprise_id, instrument_b.enterprise_id],
            year=2025,
            live=True,
        )
        stored = selectors.discharge_list_public(
            enterprise_ids=[instrument_a.enterprise_id, instrument_b.enterprise_id],
            year=2025,
        )
        response = client.get(url, {"year": 2025})
    assert stored == live
    body = response.content.decode()
    assert "实际排放量统计时间：2026年1月2日 07:30" in body
    for row in stored:
        for line in row.lines:
            if line.actual_tonnes is None:
                assert line.pollutant_code == "w99999"  # never sent: "—"
            else:
                assert f"{line.actual_tonnes.normalize():f}" in body


def test_public_page_costs_the_same_queries_for_one_or_many_enterprises(
    client, district_a
) -> None:
    def page_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("monitoring:discharge-public")).status_code == 200
        return len(queries.captured_queries)

    enterprise = EnterpriseFactory(district=district_a)
    _allow(enterprise, "w01018")
    services.discharge_summary_refresh(now=NOW)
    one = page_queries()
    for _ in range(4):
        _allow(EnterpriseFactory(district=district_a), "w01018", "w21003")
    assert page_queries() == one


def test_summary_holds_no_personal_data() -> None:
    common = {"id", "enterprise", "pollutant_code", "tonnes", "computed_at"}
    assert {f.name for f in DischargeDayTotal._meta.get_fields()} == common | {"day"}
    assert {f.name for f in DischargeYearTotal._meta.get_fields()} == common | {"year"}
