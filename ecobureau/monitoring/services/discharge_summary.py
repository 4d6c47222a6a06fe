"""The stored daily totals behind the public discharge page (requirements D14).

The public page used to compute each enterprise's actual totals of the year from
the monitoring data on every request (about 0.13 CPU-seconds a page for a month
of data, growing with the year). `discharge_summary_refresh` computes the same
figures once per enterprise and day (`discharge.totals_between`, the arithmetic
the page used) into `DischargeDayTotal`, and each year's exact sum of them into
`DischargeYearTotal`; the page reads those in one query and says when they
were computed.

A day's figure depends only on that day's data, so a run recomputes only the
recent days (`days`, by default today and the two days before: daily packets of
yesterday and hourly packets resent after an outage). The nightly run looks 40
days back; `full=True` (first run, after `hj212 replay` of old data, after an
instrument is moved) recomputes every day there is data for. Safe to run twice
and side by side: each enterprise's days are replaced in one transaction under
a lock on the enterprise row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import SHANGHAI

from .. import discharge
from ..models import (
    DischargeDayTotal,
    DischargeSummaryState,
    DischargeYearTotal,
    Instrument,
    SummaryReading,
)

DEFAULT_DAYS = 2


@dataclass(frozen=True)
class SummaryResult:
    enterprises: int
    enterprise_days: int
    computed_at: datetime
    since: datetime


def discharge_summary_refresh(
    *, days: int = DEFAULT_DAYS, full: bool = False, now: datetime | None = None
) -> SummaryResult:
    """Recompute the stored daily totals of every enterprise with instruments
    from local midnight `days` days before `now` up to `now` (everything when
    `full`, or when no full run has been made yet), then record `now` as the
    moment the figures were computed."""
    now = now or timezone.now()
    state = DischargeSummaryState.objects.filter(pk=1).first()
    full = full or state is None or state.rebuilt_at is None
    today = now.astimezone(SHANGHAI).date()
    since = datetime.combine(
        today - timedelta(days=max(days, 0)), datetime.min.time(), SHANGHAI
    )
    if full:
        first = SummaryReading.objects.filter(
            cn__in=(discharge.DAILY_CN, discharge.HOURLY_CN)
        ).aggregate(first=Min("data_time"))["first"]
        if first is not None:
            since = min(
                since,
                datetime(first.astimezone(SHANGHAI).year, 1, 1, tzinfo=SHANGHAI),
            )
    instruments: dict[int, list[Instrument]] = defaultdict(list)
    for instrument in Instrument.objects.order_by("enterprise_id", "pk"):
        instruments[instrument.enterprise_id].append(instrument)
    written = 0
    for enterprise_id, own in instruments.items():
        written += _refresh_one(enterprise_id, own, since=since, now=now)
    if full:
        DischargeDayTotal.objects.exclude(enterprise_id__in=list(instruments)).delete()
        DischargeYearTotal.objects.exclude(enterprise_id__in=list(instruments)).delete()
    DischargeSummaryState.objects.update_or_create(
        pk=1,
        defaults={"computed_at": now} | ({"rebuilt_at": now} if full else {}),
    )
    return SummaryResult(
        enterprises=len(instruments),
        enterprise_days=written,
        computed_at=now,
        since=since,
    )


@transaction.atomic
def _refresh_one(
    enterprise_id: int, instruments: list[Instrument], *, since: datetime, now: datetime
) -> int:
    """Replace one enterprise's days from `since` with figures computed now,
    then the sums of the years those days belong to."""
    # Serialises two runs on the same enterprise (PostgreSQL); SQLite's
    # IMMEDIATE transactions already do.
    list(Enterprise.objects.select_for_update().filter(pk=enterprise_id).values("pk"))
    totals = discharge.totals_between(instruments, since, now)
    rows = [
        DischargeDayTotal(
            enterprise_id=enterprise_id,
            day=day,
            pollutant_code=code,
            tonnes=tonnes,
            computed_at=now,
        )
        for code, total in totals.items()
        for day, tonnes in total.by_day.items()
    ]
    first_day = since.astimezone(SHANGHAI).date()
    DischargeDayTotal.objects.filter(
        enterprise_id=enterprise_id, day__gte=first_day
    ).delete()
    DischargeDayTotal.objects.bulk_create(rows, batch_size=1000)
    # The years touched: their sums from all their stored days.
    days: dict[tuple[int, str], list[float]] = defaultdict(list)
    for day, code, tonnes in DischargeDayTotal.objects.filter(
        enterprise_id=enterprise_id, day__gte=date(first_day.year, 1, 1)
    ).values_list("day", "pollutant_code", "tonnes"):
        days[(day.year, code)].append(tonnes)
    DischargeYearTotal.objects.filter(
        enterprise_id=enterprise_id, year__gte=first_day.year
    ).delete()
    DischargeYearTotal.objects.bulk_create(
        DischargeYearTotal(
            enterprise_id=enterprise_id,
            year=year,
            pollutant_code=code,
            tonnes=discharge.sum_days(values),
            computed_at=now,
        )
        for (year, code), values in days.items()
    )
    return len({row.day for row in rows})
