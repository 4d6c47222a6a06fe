"""Periods of the leadership view: a month, a quarter or a year of local dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ecobureau.lib.dates import SHANGHAI

# --- Periods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A month, a quarter or a year of local (Asia/Shanghai) dates; `end` is the
    first day after it."""

    kind: str  # "month" | "quarter" | "year"
    start: date
    end: date

    @property
    def value(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(0, 0), tzinfo=SHANGHAI)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end, time(0, 0), tzinfo=SHANGHAI)

    def months(self) -> list[date]:
        out = []
        month = self.start
        while month < self.end:
            out.append(month)
            month = _next_month(month)
        return out

    def previous(self) -> Period:
        return period_containing(self.kind, self.start - timedelta(days=1))

    def following(self) -> Period:
        return period_containing(self.kind, self.end)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def period_containing(kind: str, day: date) -> Period:
    if kind == "year":
        return Period("year", date(day.year, 1, 1), date(day.year + 1, 1, 1))
    if kind == "quarter":
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period("quarter", first, _next_month(_next_month(_next_month(first))))
    first = day.replace(day=1)
    return Period("month", first, _next_month(first))


_VALUE = {
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}


def period_parse(kind: str | None, value: str | None, *, today: date) -> Period:
    """The period the selector asks for; the current one when absent or malformed."""
    kind = kind if kind in _VALUE else "month"
    match = _VALUE[kind].match((value or "").strip())
    if match:
        year = int(match.group(1))
        if 2000 <= year <= 2100:
            if kind == "year":
                return period_containing("year", date(year, 1, 1))
            number = int(match.group(2))
            if kind == "quarter":
                return period_containing("quarter", date(year, number * 3 - 2, 1))
            if 1 <= number <= 12:
                return period_containing("month", date(year, number, 1))
    return period_containing(kind, today)
