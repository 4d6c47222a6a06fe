"""The whole-process record (执法全过程记录): one function writes it.

`append` must run inside the caller's transaction, so the entry commits or rolls
back with the change it describes. Appends are serialised so the chain never
forks: on PostgreSQL by a transaction-scoped advisory lock, on SQLite by the
IMMEDIATE transaction that already holds the database's write lock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.db import connection, models, transaction
from django.utils import timezone

from ecobureau.lib import canonical_json

from .models import Record, RecordGuard

GENESIS_HASH = "0" * 64
# Any constant unique to this lock; pg_advisory_xact_lock takes a bigint.
_CHAIN_LOCK_KEY = 0x45434F5245434F52  # "ECORECOR"


class Actor(Protocol):
    pk: Any


@dataclass(frozen=True)
class Entry:
    """What one record entry says, before it is numbered and hashed."""

    action: str
    target_type: str
    target_id: str
    actor_id: int | None = None
    unit_id: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


def target_label(target: models.Model | tuple[str, Any]) -> tuple[str, str]:
    if isinstance(target, tuple):
        return target[0], str(target[1])
    return target._meta.label_lower, str(target.pk)


def append(
    *,
    action: str,
    target: models.Model | tuple[str, Any],
    actor: Actor | None = None,
    unit_id: int | None = None,
    before: Any = None,
    after: Any = None,
    data: Mapping[str, Any] | None = None,
    sha256: Iterable[str] = (),
) -> Record:
    """Append one entry describing `action` on `target` by `actor`.

    `before`/`after` are the changed values (a status, or a dict of fields);
    `sha256` lists the hashes of files the action produced or received.
    Pass ids, never personal data.
    """
    payload_data: dict[str, Any] = dict(data or {})
    if before is not None:
        payload_data["before"] = before
    if after is not None:
        payload_data["after"] = after
    hashes = sorted(sha256)
    if hashes:
        payload_data["sha256"] = hashes
    target_type, target_id = target_label(target)
    if unit_id is None and actor is not None:
        unit_id = getattr(actor, "unit_id", None)
    entry = Entry(
        action=action,
        target_type=target_type,
        target_id=target_id,
        actor_id=actor.pk if actor is not None else None,
        unit_id=unit_id,
        data=payload_data,
    )
    return append_many([entry])[0]


def append_many(entries: list[Entry], *, at: datetime | None = None) -> list[Record]:
    """Append several entries in order, as one link of the chain each.

    Used directly by sweeps that move thousands of items in one transaction.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("records.append must run inside the caller's transaction")
    if not entries:
        return []
    lock_chain()
    head = Record.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = head if head else (0, GENESIS_HASH)
    moment = at or timezone.now()
    rows = []
    for entry in entries:
        seq += 1
        payload = canonical_json.dumps(
            {
                "seq": seq,
                "at": moment,
                "actor": entry.actor_id,
                "unit": entry.unit_id,
                "target_type": entry.target_type,
                "target_id": entry.target_id,
                "action": entry.action,
                "data": entry.data,
            }
        )
        digest = chain_hash(prev_hash, payload)
        rows.append(
            Record(
                seq=seq,
                at=moment,
                actor_id=entry.actor_id,
                unit_id=entry.unit_id,
                target_type=entry.target_type,
                target_id=entry.target_id,
                action=entry.action,
                payload=payload,
                prev_hash=prev_hash,
                hash=digest,
            )
        )
        prev_hash = digest
    return Record.objects.bulk_create(rows, batch_size=1000)


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def lock_chain() -> None:
    """Take the chain's lock now, for the rest of the transaction.

    A service that takes other locks and appends later (document numbering takes a
    counter row) calls this first, so every transaction locks in the same order
    and two of them cannot deadlock. Idempotent within a transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: the IMMEDIATE transaction holds the write lock already.


def history(target: models.Model | tuple[str, Any]) -> models.QuerySet[Record]:
    target_type, target_id = target_label(target)
    return Record.objects.filter(target_type=target_type, target_id=target_id).order_by(
        "seq"
    )


def payload_of(record: Record) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(record.payload)
    return value


# --- Verification -----------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    seq: int
    reason: str


def verify(
    *, batch_size: int = 5000, using: str = "default"
) -> tuple[int, Fault | None]:
    """Re-hash every entry in order; return (entries checked, first fault or None).

    `using` names another database (a restored backup being checked)."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        batch = list(
            Record.objects.using(using)
            .filter(seq__gt=last_seq)
            .order_by("seq")
            .values_list(
                "seq",
                "at",
                "actor_id",
                "unit_id",
                "target_type",
                "target_id",
                "action",
                "payload",
                "prev_hash",
                "hash",
            )[:batch_size]
        )
        if not batch:
            return checked, None
        for row in batch:
            fault = _check_row(row, expected_seq, prev_hash)
            if fault:
                return checked, fault
            prev_hash = row[9]
            expected_seq += 1
            checked += 1
        last_seq = batch[-1][0]


def _check_row(row: tuple[Any, ...], expected_seq: int, prev_hash: str) -> Fault | None:
    (
        seq,
        at,
        actor_id,
        unit_id,
        target_type,
        target_id,
        action,
        payload,
        prev,
        digest,
    ) = row
    if seq != expected_seq:
        return Fault(
            expected_seq, f"缺少第{expected_seq}条（下一条为第{seq}条），记录被删除"
        )
    if prev != prev_hash:
        return Fault(seq, "前一条哈希不符，链条被改动")
    if chain_hash(prev, payload) != digest:
        return Fault(seq, "内容哈希不符，记录内容被改动")
    try:
        body = json.loads(payload)
    except ValueError:
        return Fault(seq, "内容不是有效的JSON")
    columns = {
        "seq": seq,
        "at": canonical_json.dumps(at).strip('"'),
        "actor": actor_id,
        "unit": unit_id,
        "target_type": target_type,
        "target_id": target_id,
        "action": action,
    }
    for key, value in columns.items():
        if body.get(key) != value:
            return Fault(seq, f"字段“{key}”与已哈希的内容不一致，记录被改动")
    return None


# --- Guard ------------------------------------------------------------------------


def guard_mode(using: str = "default") -> str:
    guard = RecordGuard.objects.using(using).filter(pk=1).first()
    return guard.mode if guard else RecordGuard.Mode.LOCKED


def set_guard(
    *, mode: str, reason: str, actor: Actor | None = None, using: str = "default"
) -> None:
    """Switch the record's protection; the switch is itself recorded.

    Only the test harness (around its database cleanup) and the documented restore
    procedure (docs/operations.md) call this.
    """
    if mode not in RecordGuard.Mode.values:
        raise ValueError(f"unknown guard mode {mode!r}")
    with transaction.atomic(using=using):
        if using == "default":
            append(
                action="record.guard",
                target=("core.recordguard", 1),
                actor=actor,
                after=mode,
                data={"reason": reason},
            )
        RecordGuard.objects.using(using).update_or_create(
            pk=1, defaults={"mode": mode, "reason": reason[:200]}
        )
