"""The hourly evaluation on data stored as the gateway stores it: exceedance
episodes (hourly means against hourly limits, the converted value where the
limit is on it, data flags respected), the minor-violation pre-check, anomalies,
and one clue per episode or anomaly."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from ecobureau.lib import hj212
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services
from ecobureau.monitoring.models import Anomaly, AnomalyRule, Clue, Exceedance
from ecobureau.monitoring.services import ingest

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 11, 20, tzinfo=SHANGHAI)
NOW = DAY + timedelta(hours=12, minutes=30)


def store_hours(instrument, code: str, rows: list[tuple[str, ...]], **kw) -> None:
    """Hourly packets (2061) from 00:00 on: (Avg, flag, extra items) per hour."""
    items_of = kw.get("items_of")
    received = []
    for offset, row in enumerate(rows):
        avg, flag = row[0], row[1]
        at = DAY + timedelta(hours=offset)
        low = high = avg
        if not kw.get("flat"):
            low, high = str(Decimal(avg) - 1), str(Decimal(avg) + 1)
        item = f"{code}-Min={low},{code}-Avg={avg},{code}-Max={high}"
        if len(row) > 2 and row[2]:
            item += f",{code}-ZsAvg={row[2]}"
        items = [f"{item},{code}-Flag={flag}"]
        if items_of:
            items += items_of(offset)
        (segment,) = hj212.data_segments(
            qn=f"2026112000000{offset:04d}",
            st=instrument.system_code,
            cn="2061",
            pw="x",
            mn=instrument.mn,
            data_time=at,
            items=items,
        )
        packet = hj212.decode_frame(hj212.frame(segment))
        assert packet.ok, packet.error
        received.append(
            ingest.Received(instrument.pk, packet, at + timedelta(minutes=2), "test")
        )
    services.frames_store(received, seen=[instrument.pk], now=NOW)


def disable_anomaly_rules() -> None:
    services.anomaly_rules_ensure()
    AnomalyRule.objects.update(enabled=False)


def test_episodes_respect_data_flags_and_carry_the_minor_violation_check(
    instrument_a,
) -> None:
    disable_anomaly_rules()
    # COD limit 50 mg/L (measured). 01:00–03:00 exceed by at most 0.1 times;
    # 03:00 is flagged F (instrument stopped): not an exceedance, ends the
    # episode; 04:00 is flagged T (above range): an exceedance; M and D hours
    # far above the limit are not.
    store_hours(
        instrument_a,
        "w01018",
        [
            ("40", "N"),
            ("54", "N"),
            ("55", "N"),
            ("90", "F"),
            ("80", "T"),
            ("45", "N"),
            ("95", "M"),
            ("99", "D"),
            ("120", "C"),
            ("30", "N"),
        ],
    )
    result = services.evaluate(now=NOW)
    episodes = list(Exceedance.objects.order_by("started_at"))
    assert [(e.started_at, e.hours, e.max_value) for e in episodes] == [
        (DAY + timedelta(hours=1), 2, Decimal("55")),
        (DAY + timedelta(hours=4), 1, Decimal("80")),
    ]
    first, second = episodes
    assert first.ended_at == DAY + timedelta(hours=3)
    assert first.max_multiple == Decimal("0.1")
    assert not first.ongoing and not first.saturated
    # First time, 2 hours, 0.1 times: item 3's conditions hold.
    assert first.minor_eligible is True
    assert first.minor["prior_episodes"] == 0
    # The second is not the first time, and above 0.1 times.
    assert second.saturated is True
    assert second.max_multiple == Decimal("0.6")
    assert second.minor_eligible is False
    assert second.minor["prior_episodes"] == 1
    # One clue per episode, on the workbench for the enterprise.
    clues = Clue.objects.filter(exceedance__isnull=False)
    assert clues.count() == 2 == result.clues
    assert {c.enterprise_id for c in clues} == {instrument_a.enterprise_id}
    assert result.exceedances_opened == 2


def test_the_hours_are_evaluated_once(instrument_a) -> None:
    disable_anomaly_rules()
    store_hours(instrument_a, "w01018", [("60", "N"), ("70", "N")])
    services.evaluate(now=NOW)
    again = services.evaluate(now=NOW)
    assert again.instruments == 0 and again.clues == 0
    assert Exceedance.objects.count() == 1
    assert Clue.objects.count() == 1


def test_an_episode_continues_across_runs(instrument_a) -> None:
    disable_anomaly_rules()
    store_hours(instrument_a, "w01018", [("60", "N"), ("70", "N"), ("65", "N")])
    services.evaluate(now=DAY + timedelta(hours=2, minutes=20))  # hours 0 and 1
    episode = Exceedance.objects.get()
    assert (episode.hours, episode.ongoing) == (2, True)
    services.evaluate(now=NOW)
    episode.refresh_from_db()
    assert (episode.hours, episode.max_value, episode.ongoing) == (
        3,
        Decimal("70"),
        False,
    )
    assert Clue.objects.count() == 1


def test_a_limit_on_the_converted_value_is_judged_on_zsavg(gas_instrument_a) -> None:
    disable_anomaly_rules()
    # SO2 limit 35 mg/m³ on the converted concentration.
    store_hours(
        gas_instrument_a,
        "a21026",
        [("30", "N", "40"), ("40", "N", "30"), ("20", "N", "20")],
    )
    services.evaluate(now=NOW)
    episode = Exceedance.objects.get()
    assert episode.field == "ZsAvg"
    assert (episode.started_at, episode.max_value) == (DAY, Decimal("40"))


def test_flat_line_becomes_an_anomaly_with_its_reason_and_a_clue(
    instrument_a,
) -> None:
    services.anomaly_rules_ensure()
    AnomalyRule.objects.exclude(kind=AnomalyRule.Kind.FLAT_LINE).update(enabled=False)
    store_hours(instrument_a, "w01018", [("31.2", "N")] * 6 + [("33", "N")], flat=True)
    result = services.evaluate(now=NOW)
    anomaly = Anomaly.objects.get()
    assert anomaly.kind == AnomalyRule.Kind.FLAT_LINE
    assert anomaly.started_at == DAY
    assert anomaly.reason  # the configured reason is kept with the finding
    assert Clue.objects.get().anomaly == anomaly
    assert result.anomalies[AnomalyRule.Kind.FLAT_LINE] == 1
    assert Exceedance.objects.count() == 0


def test_maintenance_hours_are_not_flat_lines(instrument_a) -> None:
    services.anomaly_rules_ensure()
    AnomalyRule.objects.exclude(kind=AnomalyRule.Kind.FLAT_LINE).update(enabled=False)
    store_hours(instrument_a, "w01018", [("31.2", "M")] * 6, flat=True)
    services.evaluate(now=NOW)
    assert Anomaly.objects.count() == 0
