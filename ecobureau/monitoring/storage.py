"""The monitoring data tables at the SQL level: their DDL for each engine, the
monthly partitions on PostgreSQL, and the bulk writes of the gateway's group
commit (COPY into a staging table, then INSERT … ON CONFLICT DO NOTHING on
PostgreSQL; batched INSERT OR IGNORE on SQLite).

Used by migration 0002 (tables and the first partitions), the gateway's writer,
the partition job and the retention job. Everything here runs inside the
caller's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from ecobureau.lib.dates import SHANGHAI

FRAME_TABLE = "monitoring_frame"
READING_TABLE = "monitoring_reading"
SUMMARY_TABLE = "monitoring_summary"
PARTITIONED = (FRAME_TABLE, READING_TABLE, SUMMARY_TABLE)

FRAME_COLUMNS = (
    "instrument_id",
    "cn",
    "data_time",
    "pno",
    "qn",
    "raw",
    "received_at",
    "peer",
)
READING_COLUMNS = (
    "instrument_id",
    "code",
    "cn",
    "data_time",
    "pno",
    "field",
    "value",
    "text",
    "flag",
    "received_at",
)

_FRAME_BODY = """
    instrument_id bigint NOT NULL,
    cn smallint NOT NULL,
    data_time {ts} NOT NULL,
    pno smallint NOT NULL,
    qn varchar(20) NULL,
    raw text NOT NULL,
    received_at {ts} NOT NULL,
    peer varchar(64) NOT NULL,
    PRIMARY KEY (instrument_id, cn, data_time, pno)
"""
# The key leads with instrument and code so that a chart (one instrument, one
# pollutant, one kind of data, a time range) reads one contiguous range.
_READING_BODY = """
    instrument_id bigint NOT NULL,
    code varchar(20) NOT NULL,
    cn smallint NOT NULL,
    data_time {ts} NOT NULL,
    pno smallint NOT NULL,
    field varchar(12) NOT NULL,
    value double precision NULL,
    text varchar(1000) NULL,
    flag varchar(4) NOT NULL,
    received_at {ts} NOT NULL,
    PRIMARY KEY (instrument_id, code, cn, data_time, pno, field)
"""


def _body(table: str, ts: str) -> str:
    return (_FRAME_BODY if table == FRAME_TABLE else _READING_BODY).format(ts=ts)


def create_tables(connection: BaseDatabaseWrapper, *, now: datetime) -> None:
    """The three data tables; on PostgreSQL partitioned by month of data time,
    with a default partition so no insert ever fails for want of a partition."""
    with connection.cursor() as cursor:
        for table in PARTITIONED:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE TABLE {table} ({_body(table, 'timestamptz')})"
                    " PARTITION BY RANGE (data_time)"
                )
                cursor.execute(
                    f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT"
                )
            else:
                cursor.execute(
                    f"CREATE TABLE {table} ({_body(table, 'datetime')}) WITHOUT ROWID"
                )
    if connection.vendor == "postgresql":
        ensure_partitions(connection, now=now, months_ahead=3)


def drop_tables(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table in PARTITIONED:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


# --- Partitions (PostgreSQL) -----------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _bound(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def partition_name(table: str, month: date) -> str:
    return f"{table}_p{month:%Y%m}"


_PARTITION = re.compile(r"_p(\d{4})(\d{2})$")


def partitions(connection: BaseDatabaseWrapper, table: str) -> list[tuple[str, date]]:
    """The monthly partitions of `table` (name, first day), oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid"
            " JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [table],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = []
    for name in names:
        match = _PARTITION.search(name)
        if match:
            found.append((name, date(int(match[1]), int(match[2]), 1)))
    return sorted(found, key=lambda item: item[1])


def ensure_partitions(
    connection: BaseDatabaseWrapper, *, now: datetime, months_ahead: int
) -> list[str]:
    """Create the partitions from last month to `months_ahead` months ahead.

    Rows that already landed in the default partition for such a month (an
    instrument with a wrong clock) are moved into the new partition in the same
    transaction, so attaching it never fails. Returns the partitions created.
    """
    if connection.vendor != "postgresql":
        return []
    this_month = month_start(now.astimezone(SHANGHAI).date())
    months = [add_months(this_month, offset) for offset in range(-1, months_ahead + 1)]
    created = []
    for table in PARTITIONED:
        existing = {name for name, _ in partitions(connection, table)}
        for month in months:
            name = partition_name(table, month)
            if name in existing:
                continue
            _create_partition(connection, table, name, month)
            created.append(name)
    return created


def _create_partition(
    connection: BaseDatabaseWrapper, table: str, name: str, month: date
) -> None:
    low, high = _bound(month), _bound(add_months(month, 1))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS)")
        cursor.execute(
            f"WITH moved AS (DELETE FROM {table}_default"  # noqa: S608 (own table names)
            " WHERE data_time >= %s AND data_time < %s RETURNING *)"
            f" INSERT INTO {name} SELECT * FROM moved",
            [low, high],
        )
        cursor.execute(
            f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)",
            [low, high],
        )


@dataclass(frozen=True)
class Pruned:
    table: str
    dropped: list[str]
    deleted: int


def prune(connection: BaseDatabaseWrapper, table: str, *, before: date) -> Pruned:
    """Remove data of months before `before` (a month's first day).

    PostgreSQL drops whole monthly partitions (no row-by-row delete, no bloat)
    and deletes the few old rows the default partition may hold; SQLite deletes
    in batches of 10,000 rows.
    """
    cutoff = _bound(month_start(before))
    dropped: list[str] = []
    deleted = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, month in partitions(connection, table):
                if add_months(month, 1) <= month_start(before):
                    cursor.execute(f"DROP TABLE {name}")
                    dropped.append(name)
            cursor.execute(
                f"DELETE FROM {table}_default WHERE data_time < %s",  # noqa: S608
                [cutoff],
            )
            deleted = cursor.rowcount
        else:
            adapted = connection.ops.adapt_datetimefield_value(cutoff)
            key = "instrument_id, cn, data_time, pno"
            if table != FRAME_TABLE:
                key = "instrument_id, code, cn, data_time, pno, field"
            while True:
                cursor.execute(
                    f"DELETE FROM {table} WHERE ({key}) IN (SELECT {key} FROM {table}"  # noqa: S608
                    " WHERE data_time < %s LIMIT 10000)",
                    [adapted],
                )
                deleted += cursor.rowcount
                if cursor.rowcount < 10000:
                    break
    return Pruned(table, dropped, deleted)


# --- Bulk writes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    frames: int  # new frames (a resent packet's frame counts 0)
    readings: int  # new value rows in both reading tables


def write(
    connection: BaseDatabaseWrapper,
    *,
    frames: Sequence[tuple[Any, ...]],
    readings: Sequence[tuple[Any, ...]],
    summaries: Sequence[tuple[Any, ...]],
) -> Written:
    """Insert rows (in FRAME_COLUMNS / READING_COLUMNS order), skipping any whose
    key is stored already. Must run inside a transaction."""
    if connection.vendor == "postgresql":
        new_frames = _copy(connection, FRAME_TABLE, FRAME_COLUMNS, frames)
        new_readings = _copy(connection, READING_TABLE, READING_COLUMNS, readings)
        new_readings += _copy(connection, SUMMARY_TABLE, READING_COLUMNS, summaries)
    else:
        new_frames = _insert_ignore(
            connection, FRAME_TABLE, FRAME_COLUMNS, frames, (2, 6)
        )
        dates = (3, 9)
        new_readings = _insert_ignore(
            connection, READING_TABLE, READING_COLUMNS, readings, dates
        )
        new_readings += _insert_ignore(
            connection, SUMMARY_TABLE, READING_COLUMNS, summaries, dates
        )
    return Written(new_frames, new_readings)


def _copy(
    connection: BaseDatabaseWrapper,
    table: str,
    columns: tuple[str, ...],
    rows: Iterable[tuple[Any, ...]],
) -> int:
    rows = list(rows)
    if not rows:
        return 0
    stage = f"stage_{table}"
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        raw_cursor = cursor.cursor
        # A session-private staging table, emptied at every commit: COPY cannot
        # skip duplicates, INSERT … SELECT … ON CONFLICT can. Created in every
        # batch (a no-op once it exists): a rolled-back batch also rolls back
        # the table's creation, so remembering it per session would make every
        # later batch of that session fail.
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table})"
            " ON COMMIT DELETE ROWS"
        )
        with raw_cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage}"  # noqa: S608
            " ON CONFLICT DO NOTHING"
        )
        inserted = cursor.rowcount
        # A test's transaction may write twice before its commit empties it.
        cursor.execute(f"DELETE FROM {stage}")  # noqa: S608
    return int(inserted)


def _insert_ignore(
    connection: BaseDatabaseWrapper,
    table: str,
    columns: tuple[str, ...],
    rows: Iterable[tuple[Any, ...]],
    datetime_positions: tuple[int, ...],
) -> int:
    adapt = connection.ops.adapt_datetimefield_value
    prepared = []
    for row in rows:
        values = list(row)
        for position in datetime_positions:
            values[position] = adapt(values[position])
        prepared.append(values)
    if not prepared:
        return 0
    placeholders = ", ".join(["%s"] * len(columns))
    inserted = 0
    with connection.cursor() as cursor:
        before = _changes(cursor)
        cursor.executemany(
            f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"  # noqa: S608
            f" VALUES ({placeholders})",
            prepared,
        )
        inserted = _changes(cursor) - before
    return inserted


def _changes(cursor: Any) -> int:
    cursor.execute("SELECT total_changes()")
    return int(cursor.fetchone()[0])
