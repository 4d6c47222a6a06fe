"""The HJ 212 gateway (`manage.py hj212 listen`): an asyncio TCP server that
loses nothing it acknowledged.

Three small pieces (STYLE.md §9 item 3, example 9):
- each connection splits its stream with the pure decoder (`lib.hj212`),
  checks MN and password, and queues uploads for the writer;
- one writer takes what is queued — up to `batch_size` packets or `batch_ms`
  milliseconds — and stores it in one transaction (`services.frames_store`,
  COPY on PostgreSQL) on its own thread with its own database connection;
- only after that commit does the connection send each 9014, in the order the
  packets arrived, one per packet (so one per sub-packet).

An instrument that gets no 9014 sends again (HJ 212-2017 6.2; hj212.md 5.1), and
the tables' unique keys store a resent packet once; so a killed gateway loses
nothing it acknowledged and stores nothing twice. Buffers are bounded (one
maximum packet per connection, a bounded queue to the writer), idle connections
are closed, connections per address are capped, and malformed input is logged,
counted and skipped while the connection stays open.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import socket
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import close_old_connections
from django.utils import timezone

from ecobureau.lib import hj212, hj212_codes

from .models import RejectedFrame, password_digest
from .services import ingest

log = logging.getLogger("ecobureau.monitoring.gateway")

# Uploads the gateway stores and answers with 9014 when their Flag asks.
UPLOADS = hj212_codes.DATA_COMMANDS
# Answers an instrument sends to the host's own requests: logged, not answered.
ANSWERS = frozenset({"9011", "9012", "9013", "9014"})


@dataclass(frozen=True)
class Config:
    host: str = "0.0.0.0"  # noqa: S104 (instruments connect from outside)
    port: int = 9212
    name: str = ""
    strict: bool = False
    batch_size: int = 300
    batch_ms: int = 20
    idle_timeout: float = 600.0
    max_per_address: int = 64  # 0: no cap (behind a balancer that hides addresses)
    max_pending: int = 64  # uploads of one connection waiting for their commit
    queue_size: int = 20_000  # uploads of all connections waiting for the writer
    read_size: int = 4096
    refused_per_second: float = 20.0  # refused pieces kept in the database
    reuse_port: bool = False
    credentials_ttl: float = 30.0


@dataclass
class _Upload:
    received: ingest.Received
    done: asyncio.Future[None]


@dataclass
class _Stats:
    counters: Counter[str] = field(default_factory=Counter)
    latencies: deque[float] = field(default_factory=lambda: deque(maxlen=10_000))


class Credentials:
    """MN → credential, refreshed from the database every `ttl` seconds; an MN
    not in the cache is looked up once and remembered (also when unknown) until
    the next refresh, so a flood of unknown MNs costs one query each per ttl."""

    def __init__(self, load: Callable[..., dict[str, ingest.Credential]], ttl: float):
        self._load = load
        self._ttl = ttl
        self._known: dict[str, ingest.Credential] = {}
        self._unknown: set[str] = set()
        self._loaded = 0.0

    def refresh(self) -> None:
        self._known = self._load()
        self._unknown = set()
        self._loaded = time.monotonic()

    @property
    def stale(self) -> bool:
        return time.monotonic() - self._loaded > self._ttl

    def cached(self, mn: str) -> tuple[bool, ingest.Credential | None]:
        """(answered from the cache?, credential)."""
        if mn in self._known:
            return True, self._known[mn]
        if mn in self._unknown or len(self._unknown) > 100_000:
            return True, None
        return False, None

    def fetch(self, mn: str) -> ingest.Credential | None:
        found = self._load([mn]).get(mn)
        if found is None:
            self._unknown.add(mn)
        else:
            self._known[mn] = found
        return found


class Gateway:
    def __init__(
        self,
        config: Config,
        *,
        store: Callable[..., Any] = ingest.frames_store,
        refuse: Callable[..., Any] = ingest.rejected_store,
        beat: Callable[..., Any] = ingest.gateway_beat,
        credentials: Callable[
            ..., dict[str, ingest.Credential]
        ] = ingest.credentials_load,
    ) -> None:
        self.config = config
        self.name = config.name or f"{socket.gethostname()}:{os.getpid()}"
        self._store = store
        self._refuse = refuse
        self._beat = beat
        self.credentials = Credentials(credentials, config.credentials_ttl)
        self.stats = _Stats()
        self._queue: asyncio.Queue[_Upload] = asyncio.Queue(config.queue_size)
        self._refused: list[ingest.Refused] = []
        self._refused_budget = config.refused_per_second
        self._per_address: Counter[str] = Counter()
        self._connections: set[asyncio.Task[None]] = set()
        self._seen: dict[int, float] = {}
        self._stopping = asyncio.Event()
        self._server: asyncio.Server | None = None
        self.started_at = timezone.now()
        # One thread for the writer's transactions, one for everything else the
        # gateway reads or writes, each with its own database connection.
        self._writer_thread = ThreadPoolExecutor(1, thread_name_prefix="hj212-writer")
        self._db_thread = ThreadPoolExecutor(1, thread_name_prefix="hj212-db")

    # --- Running ------------------------------------------------------------------

    async def start(self) -> asyncio.Server:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._db_thread, self.credentials.refresh)
        self._server = await asyncio.start_server(
            self._connection,
            self.config.host,
            self.config.port,
            limit=self.config.read_size,
            reuse_port=self.config.reuse_port or None,
        )
        self._tasks = [
            asyncio.create_task(self._writer(), name="hj212-writer"),
            asyncio.create_task(self._housekeeping(), name="hj212-housekeeping"),
        ]
        log.info("HJ 212 网关 %s 开始监听 %s:%s", self.name, *self.address)
        return self._server

    @property
    def address(self) -> tuple[str, int]:
        assert self._server is not None
        sockname = self._server.sockets[0].getsockname()
        return sockname[0], sockname[1]

    async def serve_forever(self) -> None:
        await self._stopping.wait()
        await self._shutdown()

    def stop(self) -> None:
        """SIGTERM: stop accepting, store what is in hand, acknowledge it, close."""
        self._stopping.set()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        deadline = time.monotonic() + 10
        while not self._queue.empty() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._flush_refused()
        await self._report()
        self._writer_thread.shutdown(wait=True)
        self._db_thread.shutdown(wait=True)
        log.info("HJ 212 网关 %s 已停止：%s", self.name, dict(self.stats.counters))

    # --- One connection -----------------------------------------------------------

    async def _connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        peername = writer.get_extra_info("peername") or ("?", 0)
        address = str(peername[0])
        peer = f"{address}:{peername[1]}"
        cap = self.config.max_per_address
        if cap and self._per_address[address] >= cap:
            self.stats.counters["refused_connections"] += 1
            log.warning("拒绝连接 %s：该地址已有%d个连接（上限）", peer, cap)
            writer.close()
            return
        self._per_address[address] += 1
        self._connections.add(task)
        self.stats.counters["connections"] += 1
        pending: asyncio.Queue[tuple[asyncio.Future[None] | None, bytes]] = (
            asyncio.Queue(self.config.max_pending)
        )
        answering = asyncio.create_task(self._answer(writer, pending, peer))
        decoder = hj212.StreamDecoder(strict=self.config.strict)
        try:
            await self._read(reader, decoder, pending, peer)
        except (ConnectionError, asyncio.IncompleteReadError) as error:
            log.info("连接 %s 断开：%s", peer, error)
        except asyncio.CancelledError:
            pass
        finally:
            with contextlib.suppress(asyncio.QueueFull):
                pending.put_nowait((None, b""))
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(answering, 15)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            self.stats.counters["garbage_bytes"] += decoder.garbage
            self._per_address[address] -= 1
            if not self._per_address[address]:
                del self._per_address[address]
            self._connections.discard(task)

    async def _read(
        self,
        reader: asyncio.StreamReader,
        decoder: hj212.StreamDecoder,
        pending: asyncio.Queue[tuple[asyncio.Future[None] | None, bytes]],
        peer: str,
    ) -> None:
        while True:
            try:
                data = await asyncio.wait_for(
                    reader.read(self.config.read_size), self.config.idle_timeout
                )
            except TimeoutError:
                self.stats.counters["idle_closed"] += 1
                log.info("连接 %s 空闲超过%d秒，关闭", peer, self.config.idle_timeout)
                return
            if not data:
                for packet in decoder.finish():
                    await self._packet(packet, peer, pending)
                return
            for packet in decoder.feed(data):
                await self._packet(packet, peer, pending)

    async def _answer(
        self,
        writer: asyncio.StreamWriter,
        pending: asyncio.Queue[tuple[asyncio.Future[None] | None, bytes]],
        peer: str,
    ) -> None:
        """Send replies in arrival order; a 9014 only once its packet committed."""
        while True:
            done, reply = await pending.get()
            if done is None and not reply:
                return
            if done is not None:
                try:
                    await done
                except Exception as error:
                    # The batch failed (logged by the writer): no 9014, so the
                    # instrument sends the packet again.
                    log.debug("连接 %s 的报文未应答：%s", peer, error)
                    continue
            if reply:
                try:
                    writer.write(reply)
                    await writer.drain()
                except (ConnectionError, RuntimeError):
                    self.stats.counters["answers_lost"] += 1
                    log.info("连接 %s 已断开，应答未送达", peer)
                    return

    # --- One packet ---------------------------------------------------------------

    async def _packet(
        self,
        packet: hj212.Packet,
        peer: str,
        pending: asyncio.Queue[tuple[asyncio.Future[None] | None, bytes]],
    ) -> None:
        counters = self.stats.counters
        counters["packets"] += 1
        now = timezone.now()
        if not packet.ok:
            counters[f"rejected_{packet.status}"] += 1
            log.warning(
                "来自 %s 的报文被拒收（%s）：%s", peer, packet.status, packet.error
            )
            self._refuse_later(now, peer, RejectedFrame.Reason.DECODE, packet)
            return
        mn = packet.mn or ""
        credential = await self._credential(mn)
        reason = self._check(credential, packet)
        if reason is not None:
            counters[f"refused_{reason}"] += 1
            log.warning(
                "来自 %s 的报文未入库：%s（MN=%s，CN=%s）",
                peer,
                RejectedFrame.Reason(reason).label,
                mn,
                packet.cn,
            )
            self._refuse_later(now, peer, reason, packet)
            return
        assert credential is not None
        cn = packet.cn or ""
        if cn in UPLOADS:
            if packet.data_time is None and packet.qn is None:
                counters["refused_no_data_time"] += 1
                self._refuse_later(now, peer, RejectedFrame.Reason.NO_DATA_TIME, packet)
                return
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            received = ingest.Received(credential.instrument_id, packet, now, peer)
            await self._queue.put(_Upload(received, done))
            reply = hj212.data_ack(packet) if packet.wants_answer else b""
            await pending.put((done, reply))
        elif cn in ("1013", "9015"):
            # 1013 asks for the host's time (C.5): answer 9013, then set it with
            # 1012. 9015 is the HJ 212-2025 heartbeat, answered with 9013.
            counters[f"cn_{cn}"] += 1
            await pending.put((None, hj212.notice_ack(packet)))
            if cn == "1013":
                await pending.put((None, hj212.set_time_request(packet, now)))
        elif cn in ANSWERS:
            counters["answers_received"] += 1
            log.debug("来自 %s 的应答 CN=%s QN=%s", peer, cn, packet.qn)
        elif packet.wants_answer:
            # A request only the host sends: refuse it (QnRtn=2, Table 7).
            counters["requests_refused"] += 1
            await pending.put((None, hj212.reply(packet, "9011", "QnRtn=2")))

    def _check(
        self, credential: ingest.Credential | None, packet: hj212.Packet
    ) -> str | None:
        if credential is None:
            return RejectedFrame.Reason.UNKNOWN_MN
        digest = password_digest(credential.salt, packet.pw or "")
        if packet.pw is None or digest != credential.digest:
            return RejectedFrame.Reason.BAD_PASSWORD
        if not credential.active:
            return RejectedFrame.Reason.RETIRED
        return None

    async def _credential(self, mn: str) -> ingest.Credential | None:
        answered, credential = self.credentials.cached(mn)
        if answered:
            return credential
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db_thread, self.credentials.fetch, mn)

    def _refuse_later(
        self, now: datetime, peer: str, reason: str, packet: hj212.Packet
    ) -> None:
        # Kept at most `refused_per_second` per second: a flood of garbage is
        # counted and logged, not written to the database without bound.
        if self._refused_budget < 1:
            self.stats.counters["refused_not_kept"] += 1
            return
        self._refused_budget -= 1
        self._refused.append(ingest.Refused(now, peer, reason, packet))

    # --- The writer (group commit) -----------------------------------------------

    async def _writer(self) -> None:
        loop = asyncio.get_running_loop()
        size, delay = self.config.batch_size, self.config.batch_ms / 1000
        while True:
            first = await self._queue.get()
            batch = [first]
            deadline = loop.time() + delay
            while len(batch) < size:
                while len(batch) < size and not self._queue.empty():
                    batch.append(self._queue.get_nowait())
                remaining = deadline - loop.time()
                if len(batch) >= size or remaining <= 0:
                    break
                await asyncio.sleep(min(remaining, 0.002))
            await self._commit(loop, batch)

    async def _commit(
        self, loop: asyncio.AbstractEventLoop, batch: list[_Upload]
    ) -> None:
        seen = self._seen_now([upload.received.instrument_id for upload in batch])
        items = [upload.received for upload in batch]
        started = time.monotonic()
        try:
            written = await loop.run_in_executor(
                self._writer_thread, _store_in_thread, self._store, items, seen
            )
        except Exception as error:
            self.stats.counters["batches_failed"] += 1
            log.error("写入失败（%d个报文未应答，设备将重发）：%s", len(batch), error)
            for upload in batch:
                if not upload.done.done():
                    upload.done.set_exception(error)
            await asyncio.sleep(1)  # the database may be restarting
            return
        elapsed = time.monotonic() - started
        counters = self.stats.counters
        counters["batches"] += 1
        counters["stored"] += len(batch)
        counters["frames_new"] += written.frames
        counters["values_new"] += written.readings
        self.stats.latencies.append(elapsed)
        for upload in batch:
            if not upload.done.done():
                upload.done.set_result(None)

    def _seen_now(self, instrument_ids: list[int]) -> list[int]:
        now = time.monotonic()
        due = []
        for instrument_id in set(instrument_ids):
            if now - self._seen.get(instrument_id, -1e9) >= 60:
                self._seen[instrument_id] = now
                due.append(instrument_id)
        return due

    # --- Housekeeping -----------------------------------------------------------

    async def _housekeeping(self) -> None:
        beat = 0.0
        while True:
            await asyncio.sleep(1)
            self._refused_budget = self.config.refused_per_second
            await self._flush_refused()
            if self.credentials.stale:
                loop = asyncio.get_running_loop()
                with contextlib.suppress(Exception):
                    await loop.run_in_executor(
                        self._db_thread, _in_thread, self.credentials.refresh
                    )
            if time.monotonic() - beat >= 10:
                beat = time.monotonic()
                await self._report()

    async def _flush_refused(self) -> None:
        if not self._refused:
            return
        batch, self._refused = self._refused, []
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._db_thread, _in_thread, self._refuse, batch)
        except Exception as error:
            log.error("未入库报文的记录写入失败：%s", error)

    async def _report(self) -> None:
        loop = asyncio.get_running_loop()
        counters = dict(self.stats.counters)
        try:
            beat = functools.partial(
                self._beat,
                name=self.name,
                started_at=self.started_at,
                connections=len(self._connections),
                counters=counters,
            )
            await loop.run_in_executor(self._db_thread, _in_thread, beat)
        except Exception as error:
            log.error("网关状态写入失败：%s", error)
        log.info("网关 %s：连接%d，%s", self.name, len(self._connections), counters)


def _store_in_thread(
    store: Callable[..., Any], items: list[ingest.Received], seen: list[int]
) -> Any:
    try:
        return store(items, seen=seen)
    except Exception:
        # A broken connection (database restarted) is replaced on the next try.
        close_old_connections()
        raise


def _in_thread(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except Exception:
        close_old_connections()
        raise
