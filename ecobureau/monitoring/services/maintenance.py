"""Keeping the data tables in shape: monthly partitions made ahead, old data
removed after its retention period, and a decoder fix replayed over the raw
packets kept beside the values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ecobureau.lib import hj212, hj212_codes
from ecobureau.lib.dates import SHANGHAI

from .. import storage
from ..models import Frame, RejectedFrame, password_digest
from . import ingest


def partitions_ensure(*, now: datetime | None = None) -> list[str]:
    """Create the monthly partitions up to HJ212_PARTITION_MONTHS_AHEAD months
    ahead (default 3), so an insert never lands in the default partition for
    want of one. Nothing to do on SQLite."""
    ahead = int(getattr(settings, "HJ212_PARTITION_MONTHS_AHEAD", 3))
    with transaction.atomic():
        return storage.ensure_partitions(
            connection, now=now or timezone.now(), months_ahead=ahead
        )


# Retention (settings, in months; 0 keeps forever). Defaults are 示例配置: the
# bureau sets them to what its records rules require.
RETENTION_SETTINGS = {
    storage.READING_TABLE: ("HJ212_DETAIL_RETENTION_MONTHS", 13),
    storage.SUMMARY_TABLE: ("HJ212_SUMMARY_RETENTION_MONTHS", 0),
    storage.FRAME_TABLE: ("HJ212_FRAME_RETENTION_MONTHS", 13),
}
REJECTED_RETENTION_DAYS = 90


@dataclass
class RetentionResult:
    pruned: list[storage.Pruned] = field(default_factory=list)
    rejected: int = 0

    def summary(self) -> str:
        parts = [
            f"{p.table}：删除分区{len(p.dropped)}个、行{p.deleted}" for p in self.pruned
        ]
        parts.append(f"未入库报文{self.rejected}条")
        return "；".join(parts)


def retention_prune(*, now: datetime | None = None) -> RetentionResult:
    """Remove data older than each table's retention, whole months at a time."""
    now = now or timezone.now()
    this_month = storage.month_start(now.astimezone(SHANGHAI).date())
    result = RetentionResult()
    for table, (name, default) in RETENTION_SETTINGS.items():
        months = int(getattr(settings, name, default))
        if months <= 0:
            continue
        with transaction.atomic():
            result.pruned.append(
                storage.prune(
                    connection, table, before=storage.add_months(this_month, -months)
                )
            )
    cutoff = now - timedelta(days=REJECTED_RETENTION_DAYS)
    result.rejected, _ = RejectedFrame.objects.filter(received_at__lt=cutoff).delete()
    return result


@dataclass
class ReplayResult:
    frames: int = 0
    values_new: int = 0
    rejected_seen: int = 0
    rejected_stored: int = 0
    still_rejected: int = 0

    def summary(self) -> str:
        return (
            f"重放已入库报文{self.frames}个（新增数值{self.values_new}条）；"
            f"重放未入库报文{self.rejected_seen}个，入库{self.rejected_stored}个，"
            f"仍不能入库{self.still_rejected}个"
        )


def replay(
    *,
    since: datetime,
    until: datetime | None = None,
    mn: str | None = None,
    rejected: bool = True,
    strict: bool = False,
    batch: int = 500,
) -> ReplayResult:
    """Decode archived packets again with the current decoder and store what it
    now reads: values a fixed decoder finds in stored frames (their keys make
    this idempotent), and refused pieces that now decode and authenticate."""
    until = until or timezone.now()
    result = ReplayResult()
    frames = Frame.objects.filter(data_time__gte=since, data_time__lt=until)
    if mn:
        frames = frames.filter(instrument__mn=mn)
    pending: list[ingest.Received] = []
    for instrument_id, raw, received_at, peer in frames.values_list(
        "instrument_id", "raw", "received_at", "peer"
    ).iterator(chunk_size=batch):
        packet = hj212.decode_frame(raw.encode("utf-8"), strict=strict)
        result.frames += 1
        if packet.ok:
            pending.append(ingest.Received(instrument_id, packet, received_at, peer))
        if len(pending) >= batch:
            result.values_new += ingest.frames_store(pending).readings
            pending = []
    if pending:
        result.values_new += ingest.frames_store(pending).readings
    if rejected:
        _replay_rejected(since, until, mn, strict, result)
    return result


def _replay_rejected(
    since: datetime, until: datetime, mn: str | None, strict: bool, result: ReplayResult
) -> None:
    pieces = RejectedFrame.objects.filter(
        received_at__gte=since, received_at__lt=until, replayed_at__isnull=True
    )
    if mn:
        pieces = pieces.filter(mn=mn)
    credentials = ingest.credentials_load()
    for piece in pieces.order_by("received_at", "pk").iterator(chunk_size=500):
        result.rejected_seen += 1
        packet = hj212.decode_frame(bytes(piece.raw), strict=strict)
        credential = credentials.get(packet.mn or "") if packet.ok else None
        authentic = (
            credential is not None
            and credential.active
            and packet.pw is not None
            and password_digest(credential.salt, packet.pw) == credential.digest
        )
        if not authentic or packet.cn not in hj212_codes.DATA_COMMANDS:
            result.still_rejected += 1
            continue
        assert credential is not None
        ingest.frames_store(
            [
                ingest.Received(
                    credential.instrument_id, packet, piece.received_at, piece.peer
                )
            ]
        )
        RejectedFrame.objects.filter(pk=piece.pk).update(replayed_at=timezone.now())
        result.rejected_stored += 1
