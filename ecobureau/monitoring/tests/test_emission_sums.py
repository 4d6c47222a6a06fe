"""The daily emission sums other modules read (`selectors.emission_daily_sums`):
Σ hourly Cou per instrument, pollutant and Shanghai day, 2005 codes folded in,
whatever the flag; hours owed from acceptance and the missing hours counted,
with a row for an owed day that sent nothing; enterprise and outlet carried."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection, transaction

from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import selectors, storage
from ecobureau.monitoring.models import Instrument

pytestmark = pytest.mark.django_db

DAY = datetime(
    2026, 3, 1, tzinfo=SHANGHAI
)  # Shanghai midnight = 16:00 UTC the day before
RECEIVED = datetime(2026, 3, 5, tzinfo=SHANGHAI)
COD, NH3N = "w01018", "w21003"


def _store(rows: list[tuple[Instrument, str, int, datetime, str, float, str]]) -> None:
    """Rows (instrument, code, cn, local time, field, value, flag) as the gateway
    stores them."""
    summaries = [
        (i.pk, code, cn, at, 0, field, value, None, flag, RECEIVED)
        for i, code, cn, at, field, value, flag in rows
    ]
    with transaction.atomic():
        storage.write(connection, frames=[], readings=[], summaries=summaries)


def _hour(n: int) -> datetime:
    return DAY + timedelta(hours=n)


def test_sums_per_shanghai_day_with_2005_codes_and_any_flag(instrument_a):
    # given: day 1 — 20 hours of COD at 1.5 kg (one hour flagged D, maintenance),
    # one of them sent under the 2005 code "011"; day 2 — 2 hours at 2.25 kg,
    # the first at 00:00 Shanghai (16:00 UTC of day 1: a UTC day would be wrong).
    rows = [(instrument_a, COD, 2061, _hour(h), "Cou", 1.5, "N") for h in range(19)]
    rows.append((instrument_a, "011", 2061, _hour(19), "Cou", 1.5, "D"))
    rows += [(instrument_a, COD, 2061, _hour(24 + h), "Cou", 2.25, "N") for h in (0, 1)]
    # not counted: an Avg value, a daily (2031) Cou, another pollutant not asked
    rows.append((instrument_a, COD, 2061, _hour(20), "Avg", 40.0, "N"))
    rows.append((instrument_a, COD, 2031, _hour(0), "Cou", 999.0, "N"))
    rows.append((instrument_a, "a21026", 2061, _hour(0), "Cou", 7.0, "N"))
    _store(rows)

    # when
    sums = selectors.emission_daily_sums(
        codes=[COD, NH3N], start=DAY, end=DAY + timedelta(days=2)
    )

    # then: 20 × 1.5 = 30 kg in 20 hours (4 missing); 2 × 2.25 = 4.5 kg in 2 (22 missing)
    assert [
        (s.code, s.day, s.kg, s.hours, s.owed_hours, s.missing_hours) for s in sums
    ] == [
        (COD, date(2026, 3, 1), 30.0, 20, 24, 4),
        (COD, date(2026, 3, 2), 4.5, 2, 24, 22),
    ]
    assert {(s.instrument_id, s.enterprise_id, s.outlet_id) for s in sums} == {
        (instrument_a.pk, instrument_a.enterprise_id, instrument_a.outlet_id)
    }


def test_owed_days_without_data_and_hours_before_acceptance(instrument_a, instrument_b):
    # given: A accepted on 2 March sends one hour on 1 March (before acceptance)
    # and nothing after; B sends one hour on 2 March.
    Instrument.objects.filter(pk=instrument_a.pk).update(accepted_on=date(2026, 3, 2))
    _store(
        [
            (instrument_a, COD, 2061, _hour(5), "Cou", 1.0, "N"),
            (instrument_b, COD, 2061, _hour(30), "Cou", 3.0, "N"),
        ]
    )
    end = DAY + timedelta(days=2, hours=3)  # 03:00 on 3 March: 3 hours owed that day

    # when: A owes NH3-N too (among its outlet's limits) though it sent none
    sums = selectors.emission_daily_sums(
        codes=[COD, NH3N], start=DAY, end=end, owed={instrument_a.pk: [NH3N, "x"]}
    )

    # then
    got = {
        (s.instrument_id, s.code, s.day): (s.kg, s.hours, s.missing_hours) for s in sums
    }
    assert got == {
        # before acceptance: counted, nothing owed
        (instrument_a.pk, COD, date(2026, 3, 1)): (1.0, 1, 0),
        (instrument_a.pk, COD, date(2026, 3, 2)): (0.0, 0, 24),
        (instrument_a.pk, COD, date(2026, 3, 3)): (0.0, 0, 3),
        (instrument_a.pk, NH3N, date(2026, 3, 2)): (0.0, 0, 24),
        (instrument_a.pk, NH3N, date(2026, 3, 3)): (0.0, 0, 3),
        # B has no acceptance or installation date: owes from the start
        (instrument_b.pk, COD, date(2026, 3, 1)): (0.0, 0, 24),
        (instrument_b.pk, COD, date(2026, 3, 2)): (3.0, 1, 23),
        (instrument_b.pk, COD, date(2026, 3, 3)): (0.0, 0, 3),
    }
    assert selectors.owed_hours_by_day(
        Instrument.objects.get(pk=instrument_a.pk), DAY, end
    ) == {date(2026, 3, 2): 24, date(2026, 3, 3): 3}


def test_only_the_instruments_asked(instrument_a, instrument_b):
    _store(
        [
            (instrument_a, COD, 2061, _hour(1), "Cou", 1.0, "N"),
            (instrument_b, COD, 2061, _hour(1), "Cou", 2.0, "N"),
        ]
    )
    end = DAY + timedelta(days=1)
    only_b = selectors.emission_daily_sums(
        codes=[COD], start=DAY, end=end, instrument_ids=[instrument_b.pk],
        owed={instrument_a.pk: [COD]},
    )  # fmt: skip
    assert [(s.instrument_id, s.kg) for s in only_b] == [(instrument_b.pk, 2.0)]
    assert selectors.emission_daily_sums(codes=[COD], start=DAY, end=end, instrument_ids=[]) == []  # fmt: skip
    assert selectors.emission_daily_sums(codes=[], start=DAY, end=end) == []
