"""The emission drill-down's online ledger covers the period's months only
(issue 13 item 6): for a month range not starting in January, or a single
month, the enterprises' Cou totals, hours with a value, hours owed and gaps are
those months', reconciled to the unit (kg) with the stored hourly rows; the
district's reported figure and pro-rata allowance likewise. Year to the month's
end is unchanged (from 1 January)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.urls import reverse

from ecobureau.enterprises.models import EmissionLimit, Outlet
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services as monitoring_services
from ecobureau.monitoring import storage
from ecobureau.monitoring.models import SummaryReading
from ecobureau.quality import drilldown, emissions, services
from ecobureau.quality.drilldown import DrillPeriod

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 1, tzinfo=SHANGHAI)
RECEIVED = datetime(2026, 11, 1, 1, 0, tzinfo=SHANGHAI)
MAR_APR = DrillPeriod(2026, 3, 4, "range")
FEB = DrillPeriod(2026, 2, 2, "month")
YTD_APR = DrillPeriod.ytd(2026, 4)
# Hourly Cou rows of water A's COD: (first local hour, hours, kg each hour).
SENT = [
    (datetime(2026, 1, 5, tzinfo=SHANGHAI), 2, 7.0),  # 14 kg
    (datetime(2026, 2, 10, tzinfo=SHANGHAI), 3, 1.5),  # 4.5 kg
    (datetime(2026, 3, 10, tzinfo=SHANGHAI), 5, 2.0),  # 10 kg
    (datetime(2026, 4, 20, tzinfo=SHANGHAI), 4, 0.25),  # 1 kg
    (datetime(2026, 5, 1, tzinfo=SHANGHAI), 1, 100.0),  # after April: never read
]


@pytest.fixture
def water_a(monitor, enterprise_a, district_a):
    """Water A (district A), COD owed from 1 January 2026 (no acceptance or
    installation date), with the rows of SENT; district A's COD cap 40 t and
    reported figures 5 t (February) and 7 t (March)."""
    outlet = Outlet.objects.create(
        enterprise=enterprise_a, code="DW001", name="DW001排放口", kind="water"
    )
    EmissionLimit.objects.create(
        outlet=outlet, pollutant_code="w01018", pollutant_name="COD",
        limit_value=D(50), unit="mg/L", basis="measured",
        effective_from=date(2015, 1, 1),
    )  # fmt: skip
    instrument = monitoring_services.instrument_register(
        outlet=outlet,
        data=monitoring_services.InstrumentData(
            mn="QUALITYM0000000000000001", system_code="32"
        ),
        by=None,
    )
    summaries = [
        (instrument.pk, "w01018", 2061, first + timedelta(hours=h), 0, "Cou", kg,
         None, "N", RECEIVED)
        for first, n, kg in SENT
        for h in range(n)
    ]  # fmt: skip
    with transaction.atomic():
        storage.write(connection, frames=[], readings=[], summaries=summaries)
    services.emission_target_set(
        actor=monitor, year=2026, district=district_a, pollutant="cod",
        base_tonnes=D("50"), cap_tonnes=D("40"),
    )  # fmt: skip
    for month, tonnes in ((2, "5"), (3, "7")):
        services.emission_actual_set(
            actor=monitor, year=2026, month=month, district=district_a,
            pollutant="cod", tonnes=D(tonnes),
        )  # fmt: skip
    return instrument


def stored_kg(period: DrillPeriod) -> D:
    """The stored Cou values of the period's months (Shanghai), in kg."""
    start = datetime.combine(period.start, datetime.min.time(), SHANGHAI)
    end = datetime.combine(
        period.end + timedelta(days=1), datetime.min.time(), SHANGHAI
    )
    values = SummaryReading.objects.filter(
        cn=2061, field="Cou", code="w01018", data_time__gte=start, data_time__lt=end
    ).values_list("value", flat=True)
    return D(repr(sum(values))).quantize(D("0.0001"))


def firm(
    monitor, period: DrillPeriod
) -> tuple[emissions.EnterpriseTotal, emissions.DistrictTotal]:
    drill = drilldown.emission_rows(monitor, period=period, now=NOW)
    (item,) = drill.rows
    (enterprise,) = item.enterprises
    assert item.district_total is not None
    return enterprise, item.district_total


def test_a_range_from_march_lists_march_and_april_only(monitor, water_a) -> None:
    e, total = firm(monitor, MAR_APR)
    # 5 × 2.0 + 4 × 0.25 = 11 kg; January's 14, February's 4.5 and May's 100 out.
    assert e.kg == D("11.0000") == stored_kg(MAR_APR)
    assert e.tonnes == D("0.011")
    # Owed: (31 + 30) days × 24 = 1,464 hours; 5 + 4 sent; 1,455 missing, one
    # run of days from 1 March (every day misses at least one hour).
    assert (e.hours, e.series[0].expected_hours, e.missing_hours) == (9, 1464, 1455)
    assert e.gaps_text == "QUALITYM0000000000000001：03月01日—04月30日缺1455小时"
    # The district: online 11 kg; reported March 7 t (not February's 5 t) set
    # against 40 t × 61 / 365 = 6.68 t: behind.
    assert total.online_kg == D("11.0000") and total.missing_hours == 1455
    assert total.reported_tonnes == D("7.000")
    assert total.elapsed_share == D(61 * 24 * 3600) / D(365 * 24 * 3600)
    assert total.on_track is False


def test_a_single_month_lists_that_month_only(monitor, water_a) -> None:
    e, total = firm(monitor, FEB)
    # 3 × 1.5 = 4.5 kg; 28 × 24 = 672 owed, 669 missing.
    assert e.kg == D("4.5000") == stored_kg(FEB)
    assert (e.hours, e.series[0].expected_hours, e.missing_hours) == (3, 672, 669)
    assert e.gaps_text == "QUALITYM0000000000000001：02月01日—02月28日缺669小时"
    assert total.reported_tonnes == D("5.000")  # February's figure alone


def test_year_to_month_is_unchanged_from_1_january(monitor, water_a) -> None:
    e, total = firm(monitor, YTD_APR)
    # 14 + 4.5 + 10 + 1 = 29.5 kg; 120 days × 24 = 2,880 owed, 14 sent.
    assert e.kg == D("29.5000") == stored_kg(YTD_APR)
    assert (e.hours, e.series[0].expected_hours, e.missing_hours) == (14, 2880, 2866)
    # The same as the ledger's default (first month January) to 30 April.
    book = emissions.ledger_for_user(
        monitor, year=2026, now=datetime(2026, 5, 1, tzinfo=SHANGHAI)
    )
    (same,) = book.enterprises
    assert (same.kg, same.hours, same.missing_hours) == (e.kg, 14, 2866)
    assert book.start == datetime(2026, 1, 1, tzinfo=SHANGHAI)
    # 5 + 7 = 12 t ≤ 40 × 120 / 365 = 13.15 t: on schedule.
    assert total.reported_tonnes == D("12.000") and total.on_track is True


def test_the_page_shows_the_ranges_online_figures(client, monitor, water_a) -> None:
    client.force_login(monitor)
    page = client.get(reverse("quality:drill-emissions") + MAR_APR.query())
    assert page.status_code == 200
    rows = page.text.split('data-testid="enterprise-row"')[1:]
    assert len(rows) == 1
    assert "<td>0.0110</td><td>9</td><td>1455</td>" in rows[0]
    assert "03月01日—04月30日缺1455小时" in rows[0]
