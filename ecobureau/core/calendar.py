"""The platform's working-day calendar: the bundled official calendar plus what
administrators entered in CalendarYear and CalendarDay (reference/rules.md 4.4).

`current()` is what every deadline computation uses. The calendar is cached in
the process and re-read when this process changes the tables (the model signals
below and the services) and at least every `MAX_AGE_SECONDS`, so other processes
(web workers, the task worker) pick up an administrator's entry soon after.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from ecobureau.lib.workdays import Calendar

from .models import CalendarDay, CalendarYear

MAX_AGE_SECONDS = 60.0

_cache: tuple[float, Calendar] | None = None
# Per thread (one database connection each): a calendar change made in a
# transaction that has not committed yet. Such a transaction must not fill the
# shared cache with rows that may still be rolled back.
_local = threading.local()
_warned_missing = False


def current() -> Calendar:
    """The working-day calendar in force now."""
    global _cache
    if not connection.in_atomic_block:
        _local.dirty = False
    dirty = getattr(_local, "dirty", False)
    cached = _cache
    fresh = cached is not None and time.monotonic() - cached[0] < MAX_AGE_SECONDS
    if cached is not None and fresh and not dirty:
        return cached[1]
    calendar = _load()
    if not dirty:
        _cache = (time.monotonic(), calendar)
    return calendar


def invalidate() -> None:
    """Forget the cached calendar; again when the current transaction commits."""
    global _cache
    _cache = None
    if connection.in_atomic_block:
        _local.dirty = True
        transaction.on_commit(_committed)


def _committed() -> None:
    global _cache
    _local.dirty = False
    _cache = None


def _load() -> Calendar:
    if not _tables_exist():
        _warn_missing()
        return Calendar()
    overrides: dict[date, bool] = {}
    names: dict[date, str] = {}
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        overrides[day] = kind == CalendarDay.Kind.WORK
        if name:
            names[day] = name
    years = CalendarYear.objects.values_list("year", flat=True)
    return Calendar(overrides=overrides, names=names, entered_years=years)


def _tables_exist() -> bool:
    # Checked rather than caught: on PostgreSQL a failed query would abort the
    # caller's transaction.
    tables = set(connection.introspection.table_names())
    return {CalendarDay._meta.db_table, CalendarYear._meta.db_table} <= tables


def _warn_missing() -> None:
    # CONTRACTS.md: a rule that would read a table the database lacks falls back
    # to its bundled data and says so on standard error.
    global _warned_missing
    if _warned_missing:
        return
    _warned_missing = True
    sys.stderr.write(
        "注意：数据库中没有节假日表（尚未执行 migrate），"
        "使用内置官方日历（chinesecalendar），不含管理员录入的放假安排。\n"
    )


@receiver(post_save, sender=CalendarDay, dispatch_uid="calendar_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="calendar_day_deleted")
@receiver(post_save, sender=CalendarYear, dispatch_uid="calendar_year_saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="calendar_year_deleted")
def _table_changed(**kwargs: Any) -> None:
    invalidate()


@receiver(post_migrate, dispatch_uid="calendar_after_migrate_or_flush")
def _database_reset(**kwargs: Any) -> None:
    # `migrate` and `flush` (the test harness empties tables with it) change the
    # tables without model signals.
    invalidate()
