"""Every write of the core module: the working-day calendar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.lib import workdays

from . import calendar, records, signals
from .models import CalendarDay, CalendarYear


@transaction.atomic
def calendar_year_enter(
    *,
    year: int,
    source: str,
    rest_days: Sequence[tuple[date, str]],
    work_days: Sequence[tuple[date, str]],
    by: records.Actor | None,
) -> CalendarYear:
    """Enter (or enter again) the official holiday schedule of `year`.

    1. Check the days: each in `year`, or in the adjacent December or January
       (a notice may begin 元旦 on 12-31, or place a make-up day there), and none
       listed twice.
    2. Replace every entered day dated in `year` with the given days.
    3. Mark the year known, so its deadlines stop being provisional.
    4. Append a record entry and send `calendar_changed`, so provisional
       deadlines are recomputed in this same transaction.
    """
    source = source.strip()
    calendar_year_check(year=year, source=source, days=[*rest_days, *work_days])
    CalendarDay.objects.filter(date__year=year).delete()
    for day, name in rest_days:
        _put_day(day=day, kind=CalendarDay.Kind.REST, name=name)
    for day, name in work_days:
        _put_day(day=day, kind=CalendarDay.Kind.WORK, name=name)
    entry, created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={"source": source, "entered_by_id": by.pk if by else None},
    )
    touched = sorted({year} | {day.year for day, _ in [*rest_days, *work_days]})
    records.append(
        action="calendar.year_enter",
        target=entry,
        actor=by,
        after="entered" if created else "re-entered",
        data={
            "year": year,
            "source": source,
            "rest_days": sorted(day.isoformat() for day, _ in rest_days),
            "work_days": sorted(day.isoformat() for day, _ in work_days),
        },
    )
    _changed(touched, by)
    return entry


@transaction.atomic
def calendar_year_remove(*, year: int, by: records.Actor | None) -> None:
    """Forget an entered year and its days dated in that year; its deadlines become
    provisional again unless the bundled calendar knows the year."""
    entry = CalendarYear.objects.filter(year=year).first()
    if entry is None:
        raise ValidationError(f"{year}年的放假安排未录入，无需删除。")
    removed = CalendarDay.objects.filter(date__year=year).delete()[0]
    records.append(
        action="calendar.year_remove",
        target=entry,
        actor=by,
        before="entered",
        after="removed",
        data={"year": year, "days_removed": removed},
    )
    entry.delete()
    _changed([year], by)


@transaction.atomic
def calendar_day_set(
    *, day: date, kind: str, name: str, by: records.Actor | None
) -> CalendarDay:
    """Set one day as a rest day or a make-up working day (e.g. a special extension
    of a holiday announced on its own), overriding every other source."""
    if kind not in CalendarDay.Kind.values:
        raise ValidationError(f"类型应为{'、'.join(CalendarDay.Kind.labels)}之一。")
    _check_day_in_range(day)
    old = CalendarDay.objects.filter(date=day).values_list("kind", flat=True).first()
    entry = _put_day(day=day, kind=kind, name=name)
    records.append(
        action="calendar.day_set",
        target=entry,
        actor=by,
        before=old,
        after=kind,
        data={"date": day.isoformat(), "name": entry.name},
    )
    _changed([day.year], by)
    return entry


@transaction.atomic
def calendar_day_remove(*, day: date, by: records.Actor | None) -> None:
    """Remove an administrator's entry for one day; the day follows the other
    sources again."""
    entry = CalendarDay.objects.filter(date=day).first()
    if entry is None:
        raise ValidationError(f"{day}没有录入的放假或调休安排。")
    records.append(
        action="calendar.day_remove",
        target=entry,
        actor=by,
        before=entry.kind,
        after="removed",
        data={"date": day.isoformat()},
    )
    entry.delete()
    _changed([day.year], by)


def _put_day(*, day: date, kind: str, name: str) -> CalendarDay:
    entry, _ = CalendarDay.objects.update_or_create(
        date=day, defaults={"kind": kind, "name": name.strip()[:40]}
    )
    return entry


def _changed(years: list[int], by: records.Actor | None) -> None:
    calendar.invalidate()
    signals.calendar_changed.send(sender=CalendarYear, years=years, by=by)


def calendar_year_check(
    *, year: int, source: str, days: Sequence[tuple[date, str]]
) -> None:
    """Raise ValidationError listing what is wrong with a year's schedule.

    Forms call it to show the messages before anything is written.
    """
    if not workdays.FIRST_YEAR <= year <= workdays.LAST_YEAR:
        raise ValidationError(
            f"年度应在{workdays.FIRST_YEAR}至{workdays.LAST_YEAR}之间，收到{year}。"
        )
    errors = []
    if not source.strip():
        errors.append("请填写依据文件（如国务院办公厅关于该年部分节假日安排的通知）。")
    first, last = date(year - 1, 12, 1), date(year + 1, 1, 31)
    seen: set[date] = set()
    for day, _ in days:
        if not first <= day <= last:
            errors.append(f"{day}不属于{year}年的放假安排。")
        if day in seen:
            errors.append(f"{day}重复出现（同一天只能是放假或上班之一）。")
        seen.add(day)
    if errors:
        raise ValidationError(errors)


def _check_day_in_range(day: date) -> None:
    if not workdays.FIRST_YEAR <= day.year <= workdays.LAST_YEAR:
        raise ValidationError(
            f"日期应在{workdays.FIRST_YEAR}至{workdays.LAST_YEAR}年之间，收到{day}。"
        )
