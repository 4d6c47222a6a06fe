"""`manage.py hj212 simulate`: N data acquisition instruments (数采仪) talking
HJ 212-2017 over real TCP to a gateway, as deployed instruments do.

Each device keeps one connection, sends an upload and waits for its 9014;
without an answer within `timeout` it sends the same packet again (HJ 212-2017
6.2: 超时重发), after `retries` resends it reconnects and goes on resending, so
nothing it generated is skipped. Two ways to run:

- live (`make run`): every `interval` seconds a real-time packet (2011) stamped
  with the device's clock, each minute a minute packet (2051), each hour an
  hourly packet (2061), each day a daily packet (2031); now and then an
  exceedance, a flat line, zeros while discharging, a maintenance period or a
  drifting clock, so the evaluation has something to find;
- counted (`--count`, `--rate`, `--duration`): real-time packets with
  consecutive data times 30 s apart, as fast as asked, measuring the time from
  first sending to the 9014 — the fault test and the benchmark.

Pure asyncio; no database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from ecobureau.lib import hj212
from ecobureau.lib.dates import SHANGHAI

WATER_ITEMS = [
    # code, base value, limit (None: no limit), converted?
    ("w01018", 28.0, 50.0, False),
    ("w21003", 1.8, 5.0, False),
    ("w01001", 7.3, None, False),
    ("w00000", 12.0, None, False),
]
GAS_ITEMS = [
    ("a21026", 18.0, 35.0, True),
    ("a21002", 30.0, 50.0, True),
    ("a34013", 4.5, 10.0, True),
    ("a19001", 10.5, None, False),
    ("a01012", 62.0, None, False),
    ("a00000", 45.0, None, False),
]
FLOW = frozenset({"w00000", "a00000"})
EVENTS = ("exceed", "flat", "zero", "maintenance", "drift")


@dataclass
class Item:
    code: str
    base: float
    limit: float | None = None
    converted: bool = False


@dataclass
class Device:
    mn: str
    pw: str
    st: str = "32"
    items: list[Item] = field(default_factory=list)


def default_items(st: str) -> list[Item]:
    rows = GAS_ITEMS if st == "31" else WATER_ITEMS
    return [Item(code, base, limit, converted) for code, base, limit, converted in rows]


def load_devices(path: Path, limit: int | None = None) -> list[Device]:
    """Devices from a credentials file: [{"mn", "pw", "st", "items": [...]}]."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    devices = []
    for row in rows[:limit] if limit else rows:
        items = [
            Item(i["code"], float(i["base"]), i.get("limit"), bool(i.get("converted")))
            for i in row.get("items", [])
        ] or default_items(row.get("st", "32"))
        devices.append(Device(row["mn"], row["pw"], row.get("st", "32"), items))
    return devices


def write_devices(path: Path, devices: list[Device]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "mn": d.mn,
            "pw": d.pw,
            "st": d.st,
            "items": [
                {
                    "code": i.code,
                    "base": i.base,
                    "limit": i.limit,
                    "converted": i.converted,
                }
                for i in d.items
            ],
        }
        for d in devices
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


# --- Values --------------------------------------------------------------------------


class Signal:
    """A device's values: a daily cycle, noise, and the current hour's event."""

    def __init__(self, device: Device, seed: int) -> None:
        self.device = device
        self.rng = random.Random(seed)  # noqa: S311 (simulated data, not security)
        self.events: dict[datetime, str] = {}
        self.event_chance = 0.0

    def event(self, hour: datetime) -> str:
        if hour not in self.events:
            previous = self.events.get(hour - timedelta(hours=1), "")
            if previous and self.rng.random() < 0.6:  # events last a few hours
                self.events[hour] = previous
            elif self.rng.random() < self.event_chance:
                self.events[hour] = self.rng.choice(EVENTS)
            else:
                self.events[hour] = ""
            if len(self.events) > 72:
                self.events.pop(min(self.events))
        return self.events[hour]

    def value(
        self, item: Item, at: datetime, *, noise: float = 0.05
    ) -> tuple[float, str]:
        hour = at.replace(minute=0, second=0, microsecond=0)
        event = self.event(hour)
        cycle = 1 + 0.15 * math.sin((at.hour + at.minute / 60) / 24 * 2 * math.pi)
        value = item.base * cycle * (1 + self.rng.uniform(-noise, noise))
        flag = "N"
        if event == "exceed" and item.limit and item.code not in FLOW:
            value = item.limit * self.rng.uniform(1.05, 1.4)
        elif event == "flat" and item.code not in FLOW:
            value = round(item.base, 1)
        elif event == "zero" and item.limit:
            value = 0.0
        elif event == "maintenance":
            flag = "M"
        return round(value, 3), flag

    def converted(self, item: Item, value: float) -> float:
        # Converted to the reference O2 of the standard: a steady factor here.
        return round(value * 1.18, 3)

    def clock_offset(self, at: datetime) -> timedelta:
        hour = at.replace(minute=0, second=0, microsecond=0)
        return timedelta(minutes=25) if self.event(hour) == "drift" else timedelta(0)


def realtime_items(signal: Signal, at: datetime) -> list[str]:
    items = []
    for item in signal.device.items:
        value, flag = signal.value(item, at)
        text = f"{item.code}-Rtd={value}"
        if item.converted:
            text += f",{item.code}-ZsRtd={signal.converted(item, value)}"
        items.append(f"{text},{item.code}-Flag={flag}")
    return items


def period_items(signal: Signal, at: datetime, minutes: int) -> list[str]:
    """Min/Avg/Max/Cou of a period (minute, hour or day) starting at `at`."""
    items = []
    samples = max(1, min(minutes, 12))
    for item in signal.device.items:
        values = []
        flags = []
        for n in range(samples):
            value, flag = signal.value(
                item, at + timedelta(minutes=n * minutes / samples)
            )
            values.append(value)
            flags.append(flag)
        low, high = min(values), max(values)
        avg = round(sum(values) / len(values), 3)
        if signal.event(at.replace(minute=0, second=0, microsecond=0)) == "flat":
            low = high = avg
        flag = "N" if flags.count("N") >= 0.75 * len(flags) else "M"
        text = f"{item.code}-Min={low},{item.code}-Avg={avg},{item.code}-Max={high}"
        if item.converted:
            text += f",{item.code}-ZsAvg={signal.converted(item, avg)}"
        if item.code not in FLOW and item.limit:
            flow = 12.0 if signal.device.st == "32" else 45.0
            text += f",{item.code}-Cou={round(avg * flow * minutes * 60 / 1e6, 4)}"
        items.append(f"{text},{item.code}-Flag={flag}")
    return items


# --- The TCP side ---------------------------------------------------------------------


@dataclass
class Stats:
    sent: int = 0
    resent: int = 0
    acked: int = 0
    reconnects: int = 0
    refused: int = 0
    latencies: list[float] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def report(self) -> dict[str, Any]:
        lat = sorted(self.latencies)

        def pct(p: float) -> float:
            return (
                round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 1)
                if lat
                else 0.0
            )

        elapsed = time.monotonic() - self.started
        return {
            "sent": self.sent,
            "resent": self.resent,
            "acked": self.acked,
            "reconnects": self.reconnects,
            "elapsed_s": round(elapsed, 1),
            "acked_per_s": round(self.acked / elapsed, 1) if elapsed else 0,
            "latency_ms": {
                "p50": pct(0.5),
                "p95": pct(0.95),
                "p99": pct(0.99),
                "max": round(lat[-1] * 1000, 1) if lat else 0.0,
            },
        }


class Link:
    """One device's connection: sends packets, matches 9014s by QN, answers the
    host's 1012 (set time) with 9011 and 9012."""

    def __init__(self, host: str, port: int, device: Device, stats: Stats) -> None:
        self.host, self.port, self.device, self.stats = host, port, device, stats
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.waiting: dict[str, asyncio.Future[None]] = {}
        self.reading: asyncio.Task[None] | None = None
        self.on_set_time: Callable[[], None] | None = None
        self.greeting: Callable[[], bytes] | None = None

    async def connect(self, stop: asyncio.Event) -> bool:
        delay = 0.1
        while not stop.is_set():
            try:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port
                )
            except OSError:
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            self.reading = asyncio.create_task(self._read())
            if self.greeting is not None:
                self.writer.write(self.greeting())
            return True
        return False

    async def close(self) -> None:
        if self.reading is not None:
            self.reading.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reading
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        for waiter in self.waiting.values():
            if not waiter.done():
                waiter.set_exception(ConnectionError("closed"))
        self.waiting.clear()
        self.reader = self.writer = self.reading = None

    async def _read(self) -> None:
        assert self.reader is not None
        decoder = hj212.StreamDecoder()
        while True:
            data = await self.reader.read(4096)
            if not data:
                break
            for packet in decoder.feed(data):
                if not packet.ok:
                    continue
                if packet.cn == "9014" and packet.qn in self.waiting:
                    waiter = self.waiting.pop(packet.qn)
                    if not waiter.done():
                        waiter.set_result(None)
                elif packet.cn == "1012" and self.writer is not None:
                    self.writer.write(hj212.reply(packet, "9011", "QnRtn=1"))
                    self.writer.write(hj212.reply(packet, "9012", "ExeRtn=1"))
                    if self.on_set_time is not None:
                        self.on_set_time()
        for waiter in self.waiting.values():
            if not waiter.done():
                waiter.set_exception(ConnectionError("closed by the gateway"))

    async def send(self, frames: list[bytes], qns: list[str], timeout: float) -> None:
        """Send the frames and wait for every 9014; raise on timeout or loss."""
        assert self.writer is not None
        loop = asyncio.get_running_loop()
        waiters = []
        for qn in qns:
            waiter: asyncio.Future[None] = loop.create_future()
            self.waiting[qn] = waiter
            waiters.append(waiter)
        for data in frames:
            self.writer.write(data)
        await self.writer.drain()
        try:
            await asyncio.wait_for(asyncio.gather(*waiters), timeout)
        finally:
            for qn in qns:
                self.waiting.pop(qn, None)
            # gather reports the first failure only: mark the others seen, or
            # asyncio logs "Future exception was never retrieved".
            for waiter in waiters:
                if waiter.done() and not waiter.cancelled():
                    waiter.exception()


@dataclass
class Upload:
    cn: str
    data_time: datetime
    frames: list[bytes]
    qns: list[str]
    first_sent: float = 0.0


def build_upload(
    device: Device, cn: str, data_time: datetime, items: list[str], qn_clock: datetime
) -> Upload:
    qn = hj212.qn_now(qn_clock)
    segments = hj212.data_segments(
        qn=qn,
        st=device.st,
        cn=cn,
        pw=device.pw,
        mn=device.mn,
        data_time=data_time,
        items=items,
    )
    frames = [hj212.frame(segment) for segment in segments]
    qns = [segment.split(";", 1)[0].removeprefix("QN=") for segment in segments]
    return Upload(cn, data_time, frames, qns)


class Runner:
    def __init__(
        self,
        devices: list[Device],
        *,
        host: str,
        port: int,
        timeout: float = 10.0,
        retries: int = 3,
        ack_log: TextIO | None = None,
        seed: int = 212,
    ) -> None:
        self.devices = devices
        self.host, self.port = host, port
        self.timeout, self.retries = timeout, retries
        self.ack_log = ack_log
        self.stats = Stats()
        self.stop = asyncio.Event()
        self.seed = seed

    async def deliver(self, link: Link, upload: Upload) -> bool:
        """Send until acknowledged (or stopped): resend after each timeout,
        reconnect after `retries` resends or a lost connection."""
        attempts = 0
        while not self.stop.is_set():
            if link.writer is None:
                if not await link.connect(self.stop):
                    return False
                self.stats.reconnects += 1
            if not upload.first_sent:
                upload.first_sent = time.monotonic()
                self.stats.sent += 1
            else:
                self.stats.resent += 1
            try:
                await link.send(upload.frames, upload.qns, self.timeout)
            except (TimeoutError, ConnectionError, OSError):
                attempts += 1
                if (
                    attempts > self.retries
                    or link.reading is None
                    or link.reading.done()
                ):
                    await link.close()
                    attempts = 0
                continue
            self.stats.acked += 1
            self.stats.latencies.append(time.monotonic() - upload.first_sent)
            if self.ack_log is not None:
                for pno, qn in enumerate(
                    upload.qns, start=1 if len(upload.qns) > 1 else 0
                ):
                    local = upload.data_time.astimezone(SHANGHAI)
                    self.ack_log.write(
                        f"{link.device.mn},{upload.cn},{local:%Y%m%d%H%M%S},{pno},{qn}\n"
                    )
            return True
        return False

    # Counted mode: the fault test and the benchmark.
    async def counted(
        self, *, count: int, rate: float | None, duration: float | None, start: datetime
    ) -> dict[str, Any]:
        per_device = [count // len(self.devices)] * len(self.devices)
        for index in range(count % len(self.devices)):
            per_device[index] += 1
        if duration:
            asyncio.get_running_loop().call_later(duration, self.stop.set)
        await asyncio.gather(
            *(
                self._count_device(device, n, rate, start, index)
                for index, (device, n) in enumerate(
                    zip(self.devices, per_device, strict=True)
                )
            )
        )
        return self.stats.report()

    async def _count_device(
        self, device: Device, n: int, rate: float | None, start: datetime, index: int
    ) -> None:
        link = Link(self.host, self.port, device, self.stats)
        signal = Signal(device, self.seed + index)
        period = len(self.devices) / rate if rate else 0.0
        began = time.monotonic() + (index / len(self.devices)) * period
        qn_base = datetime(2026, 1, 1, tzinfo=SHANGHAI) + timedelta(seconds=index * 7)
        try:
            for k in range(n):
                if self.stop.is_set():
                    break
                if period:
                    delay = began + k * period - time.monotonic()
                    if delay > 0:
                        await asyncio.sleep(delay)
                data_time = start + timedelta(seconds=30 * k)
                upload = build_upload(
                    device,
                    "2011",
                    data_time,
                    realtime_items(signal, data_time),
                    qn_base + timedelta(milliseconds=k),
                )
                if not await self.deliver(link, upload):
                    break
        finally:
            await link.close()

    # Live mode: `make run`.
    async def live(self, *, interval: float, event_chance: float) -> None:
        await asyncio.gather(
            *(
                self._live_device(device, index, interval, event_chance)
                for index, device in enumerate(self.devices)
            )
        )

    async def _live_device(
        self, device: Device, index: int, interval: float, event_chance: float
    ) -> None:
        link = Link(self.host, self.port, device, self.stats)
        signal = Signal(device, self.seed + index)
        signal.event_chance = event_chance
        drift_fixed = [False]
        link.on_set_time = lambda: drift_fixed.__setitem__(0, True)
        # On connecting, ask the host for its time (1013, a notification: the
        # host answers 9013 and then sets the clock with 1012).
        link.greeting = lambda: hj212.frame(
            f"QN={hj212.qn_now(datetime.now(SHANGHAI))};ST={device.st};CN=1013;"
            f"PW={device.pw};MN={device.mn};Flag=4;CP=&&&&"
        )
        await asyncio.sleep(index * interval / max(1, len(self.devices)))
        last = datetime.now(SHANGHAI).replace(second=0, microsecond=0)
        while not self.stop.is_set():
            now = datetime.now(SHANGHAI)
            clock = now + (timedelta(0) if drift_fixed[0] else signal.clock_offset(now))
            uploads = [
                build_upload(device, "2011", clock, realtime_items(signal, now), clock)
            ]
            minute = now.replace(second=0, microsecond=0)
            if minute > last:
                previous = minute - timedelta(minutes=1)
                uploads.append(
                    build_upload(
                        device,
                        "2051",
                        previous,
                        period_items(signal, previous, 1),
                        clock,
                    )
                )
                if minute.minute == 0:
                    hour = minute - timedelta(hours=1)
                    uploads.append(
                        build_upload(
                            device, "2061", hour, period_items(signal, hour, 60), clock
                        )
                    )
                    if minute.hour == 0:
                        day = minute - timedelta(days=1)
                        uploads.append(
                            build_upload(
                                device,
                                "2031",
                                day,
                                period_items(signal, day, 1440),
                                clock,
                            )
                        )
                last = minute
            for upload in uploads:
                if not await self.deliver(link, upload):
                    return
            await asyncio.sleep(interval)
        await link.close()
