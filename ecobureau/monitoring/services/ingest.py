"""Storing what the HJ 212 gateway received: one group commit per batch of
decoded packets, the raw packet beside its values, and the pieces it refused.

The gateway acknowledges (9014) a packet only after `frames_store` returned,
i.e. after the transaction holding it committed (STYLE.md §9 item 3).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ecobureau.lib import hj212, hj212_codes

from .. import storage
from ..models import GatewayState, Instrument, RejectedFrame

# Commands whose values go to the high-volume table (real-time, running state,
# minute data); every other upload goes to the summary table.
DETAIL_COMMANDS = frozenset({2011, 2021, 2051})


@dataclass(frozen=True)
class Received:
    """One authenticated upload, ready to store."""

    instrument_id: int
    packet: hj212.Packet
    received_at: datetime
    peer: str


@dataclass(frozen=True)
class Refused:
    """A piece the gateway did not store as data, and why."""

    received_at: datetime
    peer: str
    reason: str  # RejectedFrame.Reason
    packet: hj212.Packet


def data_time_of(packet: hj212.Packet, received_at: datetime) -> datetime:
    """The time a packet's data is about: DataTime, else the time in its QN
    (uploads without DataTime, e.g. some 3019/3020 answers), else arrival."""
    if packet.data_time is not None:
        return packet.data_time
    if packet.qn is not None and len(packet.qn) >= 14:
        try:
            return hj212._time(packet.qn[:14], "QN", False)
        except hj212._Unreadable:
            pass
    return received_at


def rows_of(item: Received) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], bool]:
    """The frame row, the value rows, and whether they go to the detail table."""
    packet = item.packet
    cn = int(packet.cn or 0)
    data_time = data_time_of(packet, item.received_at)
    pno = packet.pno or 0
    frame = (
        item.instrument_id,
        cn,
        data_time,
        pno,
        packet.qn,
        packet.raw.decode("utf-8", "replace"),
        item.received_at,
        item.peer[:64],
    )
    old_codes = packet.version == hj212.VERSION_2005
    values = []
    for value in packet.values:
        code = hj212_codes.code_2017(value.code) if old_codes else value.code
        values.append(
            (
                item.instrument_id,
                code[:20],
                cn,
                data_time,
                pno,
                value.field[:12],
                value.number,
                None if value.number is not None else value.text[:1000],
                value.flag or "",
                item.received_at,
            )
        )
    return frame, values, cn in DETAIL_COMMANDS


def frames_store(
    items: Sequence[Received], *, seen: Iterable[int] = (), now: datetime | None = None
) -> storage.Written:
    """Store a batch of uploads in one transaction (the group commit).

    1. Split each packet into its frame row and its value rows.
    2. Insert them, skipping rows whose key (instrument, command, data time,
       sub-packet[, code, field]) is stored already: a resent packet is stored
       once.
    3. Move `last_seen_at` forward for the instruments in `seen` (the gateway
       names each instrument at most once a minute).
    On SQLite the writer's connection runs with synchronous=FULL, so a commit
    has reached the disk before the gateway acknowledges it.
    """
    frames: list[tuple[Any, ...]] = []
    readings: list[tuple[Any, ...]] = []
    summaries: list[tuple[Any, ...]] = []
    for item in items:
        frame, values, detail = rows_of(item)
        frames.append(frame)
        (readings if detail else summaries).extend(values)
    moment = now or timezone.now()
    _durable(connection)
    with transaction.atomic():
        written = storage.write(
            connection, frames=frames, readings=readings, summaries=summaries
        )
        seen_ids = sorted(set(seen))
        if seen_ids:
            Instrument.objects.filter(pk__in=seen_ids).filter(
                Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=moment)
            ).update(last_seen_at=moment)
    return written


_DURABLE: set[int] = set()


def _durable(conn: Any) -> None:
    """SQLite in WAL mode with synchronous=NORMAL (the platform's setting) may
    lose the last commits on power failure; the gateway promises more, so its
    connection commits with synchronous=FULL. PostgreSQL's default is durable."""
    if conn.vendor != "sqlite" or conn.in_atomic_block:
        return
    conn.ensure_connection()
    key = id(conn.connection)
    if key not in _DURABLE:
        with conn.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
        _DURABLE.add(key)


def rejected_store(items: Sequence[Refused]) -> int:
    """Keep refused pieces for diagnosis and later replay."""
    rows = []
    for item in items:
        packet = item.packet
        rows.append(
            RejectedFrame(
                received_at=item.received_at,
                peer=item.peer[:64],
                reason=item.reason,
                status=packet.status,
                error=(packet.error or _reason_text(item.reason))[:300],
                mn=(packet.mn or "")[:64],
                cn=(packet.cn or "")[:4],
                raw=bytes(packet.raw[: hj212.MAX_PACKET]),
            )
        )
    RejectedFrame.objects.bulk_create(rows)
    return len(rows)


def _reason_text(reason: str) -> str:
    return str(RejectedFrame.Reason(reason).label)


def gateway_beat(
    *, name: str, started_at: datetime, connections: int, counters: dict[str, int]
) -> None:
    """A gateway process says it is alive (the dashboard shows it)."""
    GatewayState.objects.update_or_create(
        name=name,
        defaults={
            "started_at": started_at,
            "beat_at": timezone.now(),
            "connections": connections,
            "counters": counters,
        },
    )


@dataclass(frozen=True)
class Credential:
    instrument_id: int
    salt: str
    digest: str
    active: bool


def credentials_load(mns: Iterable[str] | None = None) -> dict[str, Credential]:
    """MN → credential, for the gateway's cache (all instruments, or some)."""
    instruments = Instrument.objects.exclude(password_hash="")
    if mns is not None:
        instruments = instruments.filter(mn__in=list(mns))
    return {
        mn: Credential(pk, salt, digest, status == Instrument.Status.ACTIVE)
        for pk, mn, salt, digest, status in instruments.values_list(
            "pk", "mn", "password_salt", "password_hash", "status"
        )
    }
