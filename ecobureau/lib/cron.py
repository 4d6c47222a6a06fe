"""Cron expressions (minute hour day-of-month month day-of-week), evaluated in
local time. Supports `*`, numbers, lists `a,b`, ranges `a-b` and steps `*/n`,
`a-b/n`. Day of week: 0 or 7 is Sunday, as in cron."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

_BOUNDS = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


class CronError(ValueError):
    pass


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday (Python's numbering)
    day_restricted: bool
    weekday_restricted: bool

    def matches(self, moment: datetime) -> bool:
        if moment.minute not in self.minutes or moment.hour not in self.hours:
            return False
        if moment.month not in self.months:
            return False
        day_ok = moment.day in self.days
        weekday_ok = moment.weekday() in self.weekdays
        # Cron's rule: when both day fields are restricted, either may match.
        if self.day_restricted and self.weekday_restricted:
            return day_ok or weekday_ok
        return day_ok and weekday_ok

    def slots(self, after: datetime, until: datetime) -> list[datetime]:
        """Matching minutes in (after, until], at whole minutes, in their time zone."""
        moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        found = []
        while moment <= until:
            if self.matches(moment):
                found.append(moment)
            moment += timedelta(minutes=1)
        return found


def parse(expression: str) -> Cron:
    fields = expression.split()
    if len(fields) != 5:
        raise CronError(
            f"a cron expression has 5 fields, not {len(fields)}: {expression!r}"
        )
    values = [
        _field(text, low, high)
        for text, (low, high) in zip(fields, _BOUNDS, strict=True)
    ]
    cron_weekdays = values[4]
    # cron: 0/7 Sunday, 1 Monday … 6 Saturday → Python: 0 Monday … 6 Sunday.
    weekdays = frozenset((day - 1) % 7 for day in cron_weekdays)
    return Cron(
        minutes=values[0],
        hours=values[1],
        days=values[2],
        months=values[3],
        weekdays=weekdays,
        day_restricted=fields[2] != "*",
        weekday_restricted=fields[4] != "*",
    )


def _field(text: str, low: int, high: int) -> frozenset[int]:
    result: set[int] = set()
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            step = _number(step_text, 1, high)
        if part == "*":
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start, end = _number(first, low, high), _number(last, low, high)
            if start > end:
                raise CronError(f"range {part!r} runs backwards")
        else:
            start = end = _number(part, low, high)
        result.update(range(start, end + 1, step))
    return frozenset(result)


def _number(text: str, low: int, high: int) -> int:
    if not text.isdigit():
        raise CronError(f"not a number: {text!r}")
    value = int(text)
    if not low <= value <= high:
        raise CronError(f"{value} is outside {low}–{high}")
    return value
