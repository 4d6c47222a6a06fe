"""Emission totals from the online-monitoring Cou values (X3): reconcile with the
stored values to the unit, gaps counted and listed, Shanghai days at the year's
boundary, district totals against the targets, rankings, who sees what, and the
import of district figures (every bad row listed, nothing written)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.enterprises.models import EmissionLimit, Outlet
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services as monitoring_services
from ecobureau.monitoring import storage
from ecobureau.monitoring.models import SummaryReading
from ecobureau.quality import emissions, figures, services
from ecobureau.quality.models import EmissionActual

from .conftest import workbook

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 4, 0, 0, tzinfo=SHANGHAI)  # 72 hours into the year
RECEIVED = datetime(2026, 1, 4, 1, 0, tzinfo=SHANGHAI)


def _instrument(enterprise, *, outlet_code, kind, codes, mn, st):
    outlet = Outlet.objects.create(
        enterprise=enterprise, code=outlet_code, name=f"{outlet_code}排放口", kind=kind
    )
    for code in codes:
        EmissionLimit.objects.create(
            outlet=outlet, pollutant_code=code, pollutant_name=code,
            limit_value=D(50), unit="mg/L", basis="measured",
            effective_from=date(2015, 1, 1),
        )  # fmt: skip
    return monitoring_services.instrument_register(
        outlet=outlet,
        data=monitoring_services.InstrumentData(mn=mn, system_code=st),
        by=None,
    )


def _store(rows: list[tuple]) -> None:
    """Hourly rows (instrument, code, local hour, field, value), as the gateway
    stores them."""
    summaries = [
        (
            i.pk,
            code,
            2061,
            at.astimezone(SHANGHAI),
            0,
            field,
            value,
            None,
            "N",
            RECEIVED,
        )
        for i, code, at, field, value in rows
    ]
    with transaction.atomic():
        storage.write(connection, frames=[], readings=[], summaries=summaries)


def _hours(first: datetime, n: int) -> list[datetime]:
    return [first + timedelta(hours=h) for h in range(n)]


@pytest.fixture
def water_a(enterprise_a):
    return _instrument(
        enterprise_a, outlet_code="DW001", kind="water",
        codes=["w01018", "w21003"], mn="QUALITYA0000000000000001", st="32",
    )  # fmt: skip


@pytest.fixture
def gas_b(enterprise_b):
    return _instrument(
        enterprise_b, outlet_code="DA001", kind="gas",
        codes=["a21026"], mn="QUALITYB0000000000000001", st="31",
    )  # fmt: skip


@pytest.fixture
def stored(water_a, gas_b):
    """Water A, COD: 1 January 24 hours at 1.5 kg (hour 0 sent with the 2005
    code 011), 2 January nothing, 3 January hours 0–19 at 2.25 kg; NH3-N owed
    but never sent. Noise that must not count: the hour before the year (local),
    an Avg value, a daily (2031) Cou. Gas B, SO2: 10 hours at 3 kg."""
    jan1 = datetime(2026, 1, 1, tzinfo=SHANGHAI)
    rows = [(water_a, "011", jan1, "Cou", 1.5)]
    rows += [
        (water_a, "w01018", at, "Cou", 1.5)
        for at in _hours(jan1 + timedelta(hours=1), 23)
    ]
    rows += [
        (water_a, "w01018", at, "Cou", 2.25)
        for at in _hours(jan1 + timedelta(days=2), 20)
    ]
    rows += [(water_a, "w01018", jan1 - timedelta(hours=1), "Cou", 1000.0)]
    rows += [(water_a, "w01018", at, "Avg", 40.0) for at in _hours(jan1, 3)]
    rows += [(gas_b, "a21026", at, "Cou", 3.0) for at in _hours(jan1, 10)]
    _store(rows)
    daily = (water_a.pk, "w01018", 2031, jan1, 0, "Cou", 999.0, None, "N", RECEIVED)
    with transaction.atomic():
        storage.write(connection, frames=[], readings=[], summaries=[daily])
    return water_a, gas_b


def _row(ledger, name_part: str, pollutant: str):
    (row,) = [
        e
        for e in ledger.enterprises
        if name_part in e.name and e.pollutant == pollutant
    ]
    return row


def test_cou_total_reconciles_with_the_stored_values_and_counts_the_gaps(
    monitor, stored
) -> None:
    ledger = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    cod = _row(ledger, "华信", "cod")
    # 24 × 1.5 + 20 × 2.25 = 36 + 45 = 81 kg
    assert cod.kg == D("81.0000")
    assert cod.tonnes == D("0.081")
    # Reconcile with the stored rows of the year (Shanghai) to the unit (kg).
    start = datetime(2026, 1, 1, tzinfo=SHANGHAI)
    stored_sum = sum(
        SummaryReading.objects.filter(
            cn=2061, field="Cou", code__in=["w01018", "011"],
            data_time__gte=start, data_time__lt=NOW,
        ).values_list("value", flat=True)
    )  # fmt: skip
    assert cod.kg == D(repr(stored_sum)).quantize(D("0.0001"))
    # 72 hours owed; 24 + 20 sent; 2 January (24 h) and 3 January 20:00–23:00
    # (4 h) missing, listed as one run.
    assert (cod.hours, cod.missing_hours) == (44, 28)
    (gap,) = cod.series[0].gaps
    assert (gap.first.day, gap.last.day, gap.hours) == (2, 3, 28)
    assert "01月02日—01月03日缺28小时" in cod.gaps_text
    nh3n = _row(ledger, "华信", "nh3n")
    assert (nh3n.kg, nh3n.hours, nh3n.missing_hours) == (D(0), 0, 72)


def test_district_totals_against_targets_and_rankings(
    monitor, stored, district_a, district_b
) -> None:
    services.emission_target_set(
        actor=monitor, year=2026, district=district_a, pollutant="cod",
        base_tonnes=D("12"), cap_tonnes=D("10"),
    )  # fmt: skip
    ledger = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    (a_cod,) = [
        d for d in ledger.districts if d.district == district_a and d.pollutant == "cod"
    ]
    assert a_cod.online_tonnes == D("0.081") and a_cod.reported_tonnes is None
    assert a_cod.used_share == D("0.8")  # 0.081 / 10 = 0.81 % → 0.8
    # Three days of 365: the pro-rata allowance is 10 × 3/365 = 0.0822 t.
    assert a_cod.on_track is True
    # A district figure entered for January is what is set against the cap.
    services.emission_actual_set(
        actor=monitor, year=2026, month=1, district=district_a, pollutant="cod",
        tonnes=D("0.5"),
    )  # fmt: skip
    ledger = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    (a_cod,) = [
        d for d in ledger.districts if d.district == district_a and d.pollutant == "cod"
    ]
    assert a_cod.assessed_tonnes == D("0.5") and a_cod.on_track is False
    so2 = ledger.enterprise_ranking("so2")
    assert [e.name for e in so2] == ["鞍山市兴达商品混凝土有限公司"]
    assert so2[0].kg == D("30.0000")


def test_district_officer_sees_only_their_district_and_others_nothing(
    district_a_officer, district_b_officer, enterprise_user_a, citizen, stored
) -> None:
    a = emissions.ledger_for_user(district_a_officer, year=2026, now=NOW)
    assert {e.name for e in a.enterprises} == {"鞍山市华信精细化工有限公司"}
    b = emissions.ledger_for_user(district_b_officer, year=2026, now=NOW)
    assert {e.name for e in b.enterprises} == {"鞍山市兴达商品混凝土有限公司"}
    for outsider in (enterprise_user_a, citizen):
        ledger = emissions.ledger_for_user(outsider, year=2026, now=NOW)
        assert ledger.enterprises == [] and ledger.districts == []


def test_ledger_page_and_export_for_staff_refused_to_enterprise_and_public(
    client, monitor, district_b_officer, enterprise_user_a, stored
) -> None:
    client.force_login(monitor)
    url = reverse("quality:ledger")
    body = client.get(url, {"year": 2026}).content.decode()
    assert "鞍山市华信精细化工有限公司" in body and "缺" in body
    response = client.get(reverse("quality:ledger-export"), {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(district_b_officer)
    body = client.get(url, {"year": 2026}).content.decode()
    assert "华信" not in body and "兴达" in body
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 302


# --- Import of district figures ---------------------------------------------------------

HEADERS = list(figures.EMISSION_HEADERS)


def test_import_writes_all_rows_with_a_record(monitor, district_a, district_b) -> None:
    content = workbook(
        [
            [2026, 1, district_a.name, "化学需氧量", 12.5, "省厅核定"],
            [2026, 1, district_b.code, "SO2", "7.25", "省厅核定"],
        ],
        headers=HEADERS,
    )
    batch = figures.import_figures(
        "emissions", actor=monitor, content=content, filename="排放量.xlsx"
    )
    assert batch.rows == 2
    row = EmissionActual.objects.get(district=district_b, pollutant="so2")
    assert (row.tonnes, row.source, row.batch_id) == (D("7.250"), "省厅核定", batch.pk)
    assert Record.objects.filter(action="quality.emissions_import").count() == 1


def test_import_lists_every_bad_row_and_writes_nothing(monitor, district_a) -> None:
    content = workbook(
        [
            [2026, 1, district_a.name, "化学需氧量", 12.5, "省厅核定"],
            [2026, 13, district_a.name, "化学需氧量", 1, "省厅核定"],
            [2026, 2, "火星区", "汞", -1, ""],
            [2026, 1, district_a.name, "COD", 3, "省厅核定"],
        ],
        headers=HEADERS,
    )
    with pytest.raises(services.ImportFailed) as failed:
        figures.import_figures(
            "emissions", actor=monitor, content=content, filename="x.xlsx"
        )
    rows = dict(failed.value.rows)
    assert set(rows) == {3, 4, 5}
    assert "月份“13”应在1～12之间" in rows[3]
    assert any("火星区" in p for p in rows[4]) and any("汞" in p for p in rows[4])
    assert "排放量不能为负数" in rows[4] and "缺少数据来源" in rows[4]
    assert rows[5] == ["与第2行重复"]
    assert not EmissionActual.objects.exists()
    assert not Record.objects.filter(action="quality.emissions_import").exists()


def test_district_head_cannot_import_another_districts_figures(
    district_a_head, district_b, enterprise_user_a
) -> None:
    content = workbook([[2026, 1, district_b.name, "氨氮", 1, "核定"]], headers=HEADERS)
    with pytest.raises(services.ImportFailed) as failed:
        figures.import_figures(
            "emissions", actor=district_a_head, content=content, filename="x.xlsx"
        )
    assert "不在您的辖区" in failed.value.rows[0][1][0]
    with pytest.raises(PermissionDenied):
        figures.import_figures(
            "emissions", actor=enterprise_user_a, content=content, filename="x.xlsx"
        )
    assert not EmissionActual.objects.exists()
