"""C7 clock: the records the scoring reads that have arisen and are not yet
entered into the enterprise's credit record (记分登记, `FactEntry`), each due
10 working days after it arose (辽宁省企业环境信用评价管理办法 征求意见稿 第四条;
示例配置, setting CREDIT_ENTRY_WORKDAYS). Read for the credit team's page.

"Arisen" is the date the source record carries (the penalty decision's date,
the clue's detection, the complaint's handling …, `facts.facts_for`), and only
records dated up to today. Staff see enterprises inside their data scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from ecobureau.accounts.models import User
from ecobureau.core import calendar as core_calendar
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import workdays

from . import config, facts
from .models import FactEntry, Indicator
from .scoring import Fact
from .selectors import may_view


def entry_workdays() -> int:
    return max(
        1, int(getattr(settings, "CREDIT_ENTRY_WORKDAYS", config.ENTRY_WORKDAYS))
    )


def entry_basis() -> str:
    return config.ENTRY_BASIS.format(days=entry_workdays())


def entry_due(arose_on: date, calendar: workdays.Calendar | None = None) -> date:
    """The last day to enter a record that arose on `arose_on`: the n-th working
    day after it (the day itself not counted; lib.workdays, the bureau's
    calendar)."""
    return workdays.deadline(
        start=arose_on,
        amount=entry_workdays(),
        unit="workdays",
        calendar=calendar or core_calendar.current(),
    ).due


@dataclass(frozen=True)
class ClockRow:
    enterprise_id: int
    enterprise_name: str
    fact: Fact
    source_label: str
    due_on: date
    entry: FactEntry | None

    @property
    def key(self) -> str:
        """What the page posts to enter this record."""
        return f"{self.enterprise_id}|{self.fact.ref}"


@dataclass(frozen=True)
class Clock:
    year: int
    today: date
    pending: list[ClockRow]  # arisen, not entered; overdue first, then by due day
    entered: list[ClockRow]

    @property
    def overdue(self) -> list[ClockRow]:
        return [row for row in self.pending if row.due_on < self.today]

    @property
    def entered_late(self) -> list[ClockRow]:
        return [row for row in self.entered if row.entry and row.entry.late]


def _source_label(source: str) -> str:
    try:
        return str(Indicator.Source(source).label)
    except ValueError:
        return source


def arisen_facts(
    enterprise_ids: list[int], year: int, today: date
) -> dict[int, list[Fact]]:
    """The records of the year the scoring reads, dated up to `today`."""
    out: dict[int, list[Fact]] = {}
    for pk, items in facts.facts_for(enterprise_ids, year).items():
        kept = [
            f
            for f in items
            if f.on is not None
            and f.on <= today
            and f.source not in config.ENTRY_SOURCES_EXCLUDED
        ]
        if kept:
            out[pk] = kept
    return out


def fact_clock_for_user(user: User, *, year: int, today: date) -> Clock:
    """Every record of `year` of the enterprises in the user's scope: pending
    (not entered, with the due day) and entered (with the entry)."""
    if not may_view(user):
        return Clock(year, today, [], [])
    enterprises = dict(
        enterprise_selectors.enterprise_list_for_user(user).values_list("pk", "name")
    )
    found = arisen_facts(list(enterprises), year, today)
    entries = {
        e.ref: e
        for e in FactEntry.objects.filter(
            year=year, enterprise_id__in=list(found)
        ).select_related("entered_by")
    }
    calendar = core_calendar.current()
    pending: list[ClockRow] = []
    entered: list[ClockRow] = []
    for pk, items in found.items():
        for fact in items:
            assert fact.on is not None
            entry = entries.get(fact.ref)
            row = ClockRow(
                pk,
                enterprises[pk],
                fact,
                _source_label(fact.source),
                entry.due_on if entry else entry_due(fact.on, calendar),
                entry,
            )
            (entered if entry else pending).append(row)
    pending.sort(key=lambda r: (r.due_on, r.enterprise_name, r.fact.ref))
    entered.sort(key=lambda r: r.entry.entered_at if r.entry else 0, reverse=True)
    return Clock(year, today, pending, entered)


def overdue_count_for_user(user: User, *, today: date) -> int:
    """How many records of this year and last are past their entry day, for
    the flag on the credit index page."""
    return sum(
        len(fact_clock_for_user(user, year=year, today=today).overdue)
        for year in (today.year - 1, today.year)
    )
