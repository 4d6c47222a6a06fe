"""Daily emission sums from the hourly emission amounts (排放量, the `-Cou` field of
hourly data CN 2061; HJ 212—2017 6.3.3, kg for a pollutant, Appendix B), per
instrument — and so per enterprise and outlet — pollutant and Shanghai calendar
day, with the hours that sent nothing counted.

This is the one place that reads `monitoring_summary` for emission totals on
behalf of other modules (quality's Cou ledger and its daily roll-up), so the
grouped SQL over the partitioned data table stays in the module that owns it
(STYLE §3: other modules read through `selectors`). Re-exported by
`monitoring.selectors`.

Not scoped to a person: callers pass the instruments they have already scoped
(`quality.emissions.instruments_for_user`) or, for the scheduled roll-up that
stores figures and shows nothing, every instrument (`instrument_ids=None`).

Rules:
- a value counts whatever its flag (a maintenance hour still discharged);
- 2005 codes (HJ/T 212—2005) are folded into their 2017 code, their hours added;
- hours owed: every whole hour from the instrument's acceptance (验收) date, else
  its installation date, else the start, up to `end` (示例配置, as quality's
  rule table states; no HJ 75 substitution: missing hours are counted, never
  filled).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection

from ecobureau.lib import hj212_codes
from ecobureau.lib.dates import SHANGHAI

from .models import Instrument

HOURLY_CN = 2061


@dataclass(frozen=True)
class EmissionDaySum:
    """One instrument's emission of one pollutant on one Shanghai day."""

    instrument_id: int
    enterprise_id: int
    outlet_id: int
    code: str  # the HJ 212—2017 code
    day: date
    kg: float  # Σ hourly Cou
    hours: int  # hours with a Cou value
    owed_hours: int  # hours of the day the instrument owed data

    @property
    def missing_hours(self) -> int:
        return max(self.owed_hours - self.hours, 0)


def owed_from(
    accepted_on: date | None, installed_on: date | None, start: datetime, end: datetime
) -> datetime | None:
    """The first hour an instrument owes data in start..end, or None."""
    since = accepted_on or installed_on
    first = start
    if since is not None:
        first = max(start, datetime.combine(since, datetime.min.time(), SHANGHAI))
    return first if first < end else None


def owed_hours_by_day(
    instrument: Instrument, start: datetime, end: datetime
) -> dict[date, int]:
    """Whole hours the instrument owes on each Shanghai day of start ≤ t < end."""
    first = owed_from(instrument.accepted_on, instrument.installed_on, start, end)
    return _hours_by_day(first, end) if first is not None else {}


def _hours_by_day(first: datetime, end: datetime) -> dict[date, int]:
    out: dict[date, int] = {}
    at = first.astimezone(SHANGHAI)
    stop = end.astimezone(SHANGHAI)
    while at < stop:
        day_end = datetime.combine(
            at.date() + timedelta(days=1), datetime.min.time(), SHANGHAI
        )
        upto = min(day_end, stop)
        out[at.date()] = int((upto - at).total_seconds() // 3600)
        at = day_end
    return out


def _day_sql() -> str:
    """The Shanghai calendar day of a UTC data time (UTC+8 all year, no DST)."""
    if connection.vendor == "postgresql":
        return "(data_time AT TIME ZONE 'Asia/Shanghai')::date"
    return "date(data_time, '+8 hours')"


def _grouped(
    instrument_ids: list[int] | None,
    sent: dict[str, str],
    start: datetime,
    end: datetime,
) -> Iterable[tuple[int, str, date, float, int]]:
    """(instrument, 2017 code, day, kg, hours) from one grouped query: sum and
    count per instrument, code as sent and Shanghai day — a year of hourly rows
    is never loaded into Python."""
    adapt = connection.ops.adapt_datetimefield_value
    day = _day_sql()
    ids = instrument_ids or []
    only = f" AND instrument_id IN ({', '.join(['%s'] * len(ids))})" if ids else ""
    sql = (
        f"SELECT instrument_id, code, {day} AS day, SUM(value),"  # noqa: S608
        " COUNT(DISTINCT data_time) FROM monitoring_summary"
        " WHERE cn = %s AND field = 'Cou' AND value IS NOT NULL"
        f" AND code IN ({', '.join(['%s'] * len(sent))}){only}"
        " AND data_time >= %s AND data_time < %s"
        f" GROUP BY instrument_id, code, {day}"
    )
    params = [HOURLY_CN, *sent, *ids, adapt(start), adapt(end)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for instrument_id, code, on, kg, hours in cursor.fetchall():
            if isinstance(on, str):
                on = date.fromisoformat(on)
            yield instrument_id, sent[code], on, float(kg or 0), int(hours)


def emission_daily_sums(
    *,
    codes: Iterable[str],
    start: datetime,
    end: datetime,
    instrument_ids: list[int] | None = None,
    owed: Mapping[int, Iterable[str]] | None = None,
) -> list[EmissionDaySum]:
    """Daily emission sums for start ≤ t < end of the given 2017 pollutant codes
    (their 2005 codes included): a row for every (instrument, code, day) with a
    Cou value, and — for every pair that sent something or that `owed` names
    (instrument id → codes it owes even if it sent nothing) — a row for every
    day it owed hours, with 0 kg where nothing came. Every instrument when
    `instrument_ids` is None; nothing for an empty list. Sorted by instrument,
    code and day. Two queries."""
    wanted = set(codes)
    if (instrument_ids is not None and not instrument_ids) or not wanted:
        return []
    sent = {code: code for code in wanted} | {
        old: new for old, new in hj212_codes.CODES_2005_TO_2017.items() if new in wanted
    }
    only = set(instrument_ids) if instrument_ids is not None else None
    present: dict[tuple[int, str], dict[date, tuple[float, int]]] = defaultdict(dict)
    for iid, code, on, kg, hours in _grouped(instrument_ids, sent, start, end):
        was_kg, was_hours = present[(iid, code)].get(on, (0.0, 0))
        present[(iid, code)][on] = (was_kg + kg, was_hours + hours)
    for iid, owed_codes in (owed or {}).items():
        if only is None or iid in only:
            for code in set(owed_codes) & wanted:
                present.setdefault((iid, code), {})
    instruments = Instrument.objects.only(
        "pk", "enterprise_id", "outlet_id", "accepted_on", "installed_on"
    ).in_bulk({iid for iid, _ in present})
    out: list[EmissionDaySum] = []
    for (iid, code), by_day in sorted(present.items()):
        instrument = instruments.get(iid)
        if instrument is None:  # data of an MN no longer registered
            continue
        owed_days = owed_hours_by_day(instrument, start, end)
        for on in sorted(set(owed_days) | set(by_day)):
            kg, hours = by_day.get(on, (0.0, 0))
            out.append(
                EmissionDaySum(
                    instrument_id=iid,
                    enterprise_id=instrument.enterprise_id,
                    outlet_id=instrument.outlet_id,
                    code=code,
                    day=on,
                    kg=kg,
                    hours=hours,
                    owed_hours=owed_days.get(on, 0),
                )
            )
    return out
