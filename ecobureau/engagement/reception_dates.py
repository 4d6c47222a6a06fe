"""The reception day's date rule (企业环保接待日, seed 000 与企业互动（四）).

"每月第二周的周二" — the Tuesday of the month's second week, which is not always the
month's second Tuesday: which week counts as the first is `rules.reception_week_rule()`.
Pure functions; no database.
"""

from __future__ import annotations

from datetime import date, timedelta

TUESDAY = 1  # date.weekday()


def reception_day(year: int, month: int, rule: str) -> date:
    first = date(year, month, 1)
    if rule == "calendar":
        week_one_monday = first - timedelta(days=first.weekday())
        return week_one_monday + timedelta(days=7 + TUESDAY)
    if rule == "full":
        week_one_monday = first + timedelta(days=(7 - first.weekday()) % 7)
        return week_one_monday + timedelta(days=7 + TUESDAY)
    if rule == "second_tuesday":
        first_tuesday = first + timedelta(days=(TUESDAY - first.weekday()) % 7)
        return first_tuesday + timedelta(days=7)
    raise ValueError(f"unknown reception week rule: {rule}")


def next_reception_day(today: date, rule: str) -> date:
    """This month's day if it is today or later, else next month's."""
    day = reception_day(today.year, today.month, rule)
    if day >= today:
        return day
    year, month = (
        (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    )
    return reception_day(year, month, rule)


def is_reception_day(day: date, rule: str) -> bool:
    return reception_day(day.year, day.month, rule) == day
