"""The daily emission roll-up (排放量日汇总): rows per instrument, pollutant and
Shanghai day with the missing hours recorded, the ledger reading them with the
same figures as from the hourly rows, late uploads counted on a rerun, the run's
rules and record entry, and the nightly command."""

# ruff: noqa: F811  (the fixtures of test_emissions are imported to be used)
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import emissions, services
from ecobureau.quality.models import EmissionDay, EmissionRollup

from .test_emissions import NOW, _row, _store, gas_b, stored, water_a  # noqa: F401

pytestmark = pytest.mark.django_db

JAN1, JAN2, JAN3 = date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)


def _figures(ledger) -> list[tuple]:
    return [
        (e.name, e.pollutant, e.kg, e.hours, e.missing_hours, e.gaps_text)
        for e in ledger.enterprises
    ] + [
        (d.district.code, d.pollutant, d.online_kg, d.missing_hours)
        for d in ledger.districts
    ]


def test_rollup_stores_each_day_with_the_missing_hours(stored) -> None:
    water, gas = stored
    run = services.emissions_rollup(first_day=JAN1, last_day=JAN3, now=NOW)
    rows = {
        (r.instrument_id, r.pollutant, r.day): (r.kg, r.hours, r.missing_hours)
        for r in EmissionDay.objects.filter(instrument__in=[water, gas])
    }
    # COD of water A: 24 × 1.5 = 36 kg; 2 January nothing (a gap row of 24 h);
    # 3 January 20 × 2.25 = 45 kg, 4 h missing. The hour before the year, the
    # Avg values and the daily (2031) Cou are not counted.
    assert rows[(water.pk, "cod", JAN1)] == (36.0, 24, 0)
    assert rows[(water.pk, "cod", JAN2)] == (0.0, 0, 24)
    assert rows[(water.pk, "cod", JAN3)] == (45.0, 20, 4)
    # NH3-N is owed (a limit of the outlet) but never sent: three gap rows.
    assert [rows[(water.pk, "nh3n", d)] for d in (JAN1, JAN2, JAN3)] == [
        (0.0, 0, 24)
    ] * 3
    assert rows[(gas.pk, "so2", JAN1)] == (30.0, 10, 14)
    assert len(rows) == 9
    assert (run.rows, run.kg, run.missing_hours) == (9, 111.0, 24 + 4 + 72 + 14 + 48)
    entry = Record.objects.get(action="quality.emissions_rollup")
    assert entry.target_id == str(run.pk)


def test_ledger_from_the_rollup_equals_the_ledger_from_the_hourly_rows(
    monitor, stored
) -> None:
    live = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    assert (live.rolled_days, live.live_days) == (0, 3)
    services.emissions_rollup(first_day=JAN1, last_day=JAN3, now=NOW)
    rolled = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    assert (rolled.rolled_days, rolled.live_days) == (3, 0)
    assert rolled.rolled_through == JAN3
    assert _figures(rolled) == _figures(live)
    assert _row(rolled, "华信", "cod").kg == D("81.0000")


def test_ledger_reads_the_rollup_for_covered_days_and_the_hourly_rows_after(
    monitor, stored
) -> None:
    water, _ = stored
    live = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    services.emissions_rollup(first_day=JAN1, last_day=JAN2, now=NOW)
    mixed = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    assert (mixed.rolled_days, mixed.live_days) == (2, 1)
    assert _figures(mixed) == _figures(live)
    # The covered days come from the roll-up, not the hourly rows: a changed
    # roll-up row shows (36 + 45 → 40 + 45 kg).
    EmissionDay.objects.filter(instrument=water, pollutant="cod", day=JAN1).update(
        kg=40.0
    )
    changed = emissions.ledger_for_user(monitor, year=2026, now=NOW)
    assert _row(changed, "华信", "cod").kg == D("85.0000")


def test_a_late_upload_counts_once_the_day_is_rolled_up_again(monitor, stored) -> None:
    water, _ = stored
    services.emissions_rollup(first_day=JAN1, last_day=JAN3, now=NOW)
    # given: 2 January 08:00 arrives late, 5 kg
    _store([(water, "w01018", datetime(2026, 1, 2, 8, tzinfo=SHANGHAI), "Cou", 5.0)])
    assert _row(emissions.ledger_for_user(monitor, year=2026, now=NOW), "华信", "cod").kg == D("81.0000")  # fmt: skip
    # when
    services.emissions_rollup(first_day=JAN2, last_day=JAN2, now=NOW)
    # then
    row = EmissionDay.objects.get(instrument=water, pollutant="cod", day=JAN2)
    assert (row.kg, row.hours, row.missing_hours) == (5.0, 1, 23)
    assert EmissionDay.objects.filter(instrument=water, day=JAN2).count() == 2
    cod = _row(emissions.ledger_for_user(monitor, year=2026, now=NOW), "华信", "cod")
    assert (cod.kg, cod.hours, cod.missing_hours) == (D("86.0000"), 45, 27)
    assert Record.objects.filter(action="quality.emissions_rollup").count() == 2


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (JAN3, JAN2, "起始日期不能晚于结束日期"),
        (JAN1, date(2026, 1, 4), "只能汇总已结束的日期"),
        (date(2025, 10, 1), JAN3, "一次最多汇总92天"),
    ],
)
def test_rollup_refuses_unfinished_days_and_bad_spans(
    stored, first, last, message
) -> None:
    with pytest.raises(ValidationError) as error:
        services.emissions_rollup(first_day=first, last_day=last, now=NOW)
    assert message in error.value.messages[0]
    assert not EmissionDay.objects.exists() and not EmissionRollup.objects.exists()
    assert not Record.objects.filter(action="quality.emissions_rollup").exists()


def test_only_city_scope_quality_staff_may_run_it_by_hand(
    monitor, district_a_head, district_a_officer, citizen, stored
) -> None:
    for person in (district_a_head, district_a_officer, citizen):
        with pytest.raises(PermissionDenied):
            services.emissions_rollup(
                first_day=JAN1, last_day=JAN1, now=NOW, actor=person
            )
    assert not EmissionRollup.objects.exists()
    run = services.emissions_rollup(
        first_day=JAN1, last_day=JAN1, now=NOW, actor=monitor
    )
    assert run.created_by == monitor


def test_command_rolls_up_the_last_days_month_by_month(stored) -> None:
    with time_machine.travel(datetime(2026, 1, 4, 9, tzinfo=SHANGHAI), tick=False):
        call_command("rollup_emissions", "--days", "5")
    runs = list(EmissionRollup.objects.order_by("first_day"))
    # 30 December … 3 January: one run for December, one for January.
    assert [(r.first_day, r.last_day) for r in runs] == [
        (date(2025, 12, 30), date(2025, 12, 31)),
        (JAN1, JAN3),
    ]
    # 31 December 23:00 (local) is the 1000 kg hour before the year.
    assert EmissionDay.objects.get(day=date(2025, 12, 31), pollutant="cod").kg == 1000.0
    with time_machine.travel(datetime(2026, 1, 4, 9, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(CommandError, match="只能汇总已结束的日期"):
            call_command(
                "rollup_emissions", "--since", "2026-01-03", "--until", "2026-01-04"
            )
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            call_command("rollup_emissions", "--since", "3 January")


def test_ledger_page_says_which_days_come_from_the_rollup_and_keeps_the_scope(
    client, monitor, district_b_officer, stored
) -> None:
    services.emissions_rollup(first_day=JAN1, last_day=JAN2, now=NOW)
    url = reverse("quality:ledger")
    client.force_login(monitor)
    body = client.get(url, {"year": 2026}).content.decode()
    assert "2天读自排放量日汇总（汇总至2026-01-02）" in body
    assert "鞍山市华信精细化工有限公司" in body
    # The roll-up holds every district's rows; a district officer still sees
    # only their own district's enterprises.
    client.force_login(district_b_officer)
    body = client.get(url, {"year": 2026}).content.decode()
    assert "华信" not in body and "兴达" in body
