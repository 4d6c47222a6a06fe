"""`manage.py hj212 decode | listen | simulate | replay | provision`.

- decode: read one TCP stream from standard input, write one JSON line per
  packet or rejected piece (CONTRACTS.md `hj212 decode`); no database needed.
- listen: the HJ 212 gateway (monitoring/gateway.py); SIGTERM stops it after
  storing and acknowledging what it holds.
- simulate: N instruments over real TCP (monitoring/simulator.py).
- replay: decode archived packets again after a decoder fix and store what the
  fixed decoder reads.
- provision: register simulated instruments (MN and password) for a fault test
  or a benchmark, and write their credentials for `simulate --credentials`.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecobureau.lib import hj212
from ecobureau.lib.dates import SHANGHAI


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


class Command(BaseCommand):
    help = "HJ 212：解码报文、运行数据网关、模拟数采仪、重放原始报文。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)

        decode = sub.add_parser("decode", help="从标准输入读取报文流，每包输出一行JSON")
        decode.add_argument("--strict", action="store_true", help="严格按标准拒收偏差")

        listen = sub.add_parser("listen", help="运行HJ 212数据网关")
        listen.add_argument("--host", default=None)
        listen.add_argument("--port", type=int, default=None)
        listen.add_argument("--name", default="")
        listen.add_argument("--strict", action="store_true")
        listen.add_argument("--batch-size", type=int, default=None)
        listen.add_argument("--batch-ms", type=int, default=None)
        listen.add_argument("--idle-timeout", type=float, default=None)
        listen.add_argument("--max-per-address", type=int, default=None)
        listen.add_argument("--reuse-port", action="store_true")

        simulate = sub.add_parser("simulate", help="模拟N台数采仪通过TCP上传数据")
        simulate.add_argument("--devices", type=int, default=10)
        simulate.add_argument("--interval", type=float, default=30.0)
        simulate.add_argument("--host", default="127.0.0.1")
        simulate.add_argument("--port", type=int, default=None)
        simulate.add_argument("--credentials", type=Path, required=True)
        simulate.add_argument(
            "--wait", action="store_true", help="凭据文件不存在时等待"
        )
        simulate.add_argument(
            "--count", type=int, default=0, help="共发送的实时数据包数"
        )
        simulate.add_argument("--rate", type=float, default=0.0, help="每秒发送包数")
        simulate.add_argument(
            "--duration", type=float, default=0.0, help="最长运行秒数"
        )
        simulate.add_argument("--timeout", type=float, default=10.0)
        simulate.add_argument("--retries", type=int, default=3)
        simulate.add_argument(
            "--events", type=float, default=0.02, help="每小时事件概率"
        )
        simulate.add_argument("--ack-log", type=Path, default=None)
        simulate.add_argument("--report", type=Path, default=None)
        simulate.add_argument("--start", default="2026-01-01T00:00:00")

        replay = sub.add_parser("replay", help="用当前解码器重放原始报文")
        replay.add_argument("--since", required=True, help="YYYY-MM-DD")
        replay.add_argument("--until", default=None)
        replay.add_argument("--mn", default=None)
        replay.add_argument("--no-rejected", action="store_true")
        replay.add_argument("--strict", action="store_true")

        provision = sub.add_parser("provision", help="登记模拟数采仪并写出凭据文件")
        provision.add_argument("--devices", type=int, required=True)
        provision.add_argument("--credentials", type=Path, required=True)
        provision.add_argument("--prefix", default="SIM")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    # --- decode ----------------------------------------------------------------------

    def _decode(self, options: dict[str, Any]) -> None:
        decoder = hj212.StreamDecoder(strict=options["strict"])
        stream = sys.stdin.buffer
        out = self.stdout
        while True:
            chunk = (
                stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
            )
            if not chunk:
                break
            for packet in decoder.feed(chunk):
                out.write(hj212.packet_json(packet))
        for packet in decoder.finish():
            out.write(hj212.packet_json(packet))

    # --- listen ----------------------------------------------------------------------

    def _listen(self, options: dict[str, Any]) -> None:
        from ecobureau.monitoring.gateway import Config, Gateway

        def pick(name: str, setting: str, default: Any) -> Any:
            value = options.get(name)
            return _setting(setting, default) if value is None else value

        config = Config(
            host=pick("host", "HJ212_HOST", "0.0.0.0"),  # noqa: S104
            port=int(pick("port", "HJ212_PORT", 9212)),
            name=options["name"],
            strict=options["strict"] or bool(_setting("HJ212_STRICT", False)),
            batch_size=int(pick("batch_size", "HJ212_BATCH_SIZE", 300)),
            batch_ms=int(pick("batch_ms", "HJ212_BATCH_MS", 20)),
            idle_timeout=float(pick("idle_timeout", "HJ212_IDLE_TIMEOUT", 600)),
            max_per_address=int(
                pick("max_per_address", "HJ212_MAX_CONNECTIONS_PER_ADDRESS", 64)
            ),
            reuse_port=options["reuse_port"],
        )
        asyncio.run(self._serve(Gateway(config)))

    async def _serve(self, gateway: Any) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, gateway.stop)
        await gateway.start()
        await gateway.serve_forever()

    # --- simulate --------------------------------------------------------------------

    def _simulate(self, options: dict[str, Any]) -> None:
        from ecobureau.monitoring import simulator

        path: Path = options["credentials"]
        if not path.exists():
            if not options["wait"]:
                raise CommandError(f"凭据文件不存在：{path}")
            self.stderr.write(f"等待凭据文件 {path}（示例数据生成后出现）……")
            asyncio.run(_wait_for(path))
        devices = simulator.load_devices(path, options["devices"])
        if not devices:
            raise CommandError("凭据文件中没有设备。")
        port = options["port"] or int(_setting("HJ212_PORT", 9212))
        ack_log = (
            options["ack_log"].open("a", encoding="utf-8")
            if options["ack_log"]
            else None
        )
        runner = simulator.Runner(
            devices,
            host=options["host"],
            port=port,
            timeout=options["timeout"],
            retries=options["retries"],
            ack_log=ack_log,
        )
        try:
            report = asyncio.run(self._simulation(runner, options))
        finally:
            if ack_log is not None:
                ack_log.close()
        if report is not None:
            text = json.dumps(report, ensure_ascii=False)
            self.stdout.write(text)
            if options["report"]:
                options["report"].write_text(text, encoding="utf-8")

    async def _simulation(self, runner: Any, options: dict[str, Any]) -> Any:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, runner.stop.set)
        if options["count"] or options["rate"]:
            start = datetime.fromisoformat(options["start"]).replace(tzinfo=SHANGHAI)
            count = options["count"] or int(
                options["rate"] * (options["duration"] or 60)
            )
            return await runner.counted(
                count=count,
                rate=options["rate"] or None,
                duration=options["duration"] or None,
                start=start,
            )
        await runner.live(interval=options["interval"], event_chance=options["events"])
        return None

    # --- replay ----------------------------------------------------------------------

    def _replay(self, options: dict[str, Any]) -> None:
        from ecobureau.monitoring import services

        since = _local_day(options["since"])
        until = _local_day(options["until"]) if options["until"] else timezone.now()
        result = services.replay(
            since=since,
            until=until,
            mn=options["mn"],
            rejected=not options["no_rejected"],
            strict=options["strict"],
        )
        self.stdout.write(result.summary())

    # --- provision -------------------------------------------------------------------

    def _provision(self, options: dict[str, Any]) -> None:
        from ecobureau.monitoring import simulator
        from ecobureau.monitoring.provision import provision_devices

        devices = provision_devices(options["devices"], prefix=options["prefix"])
        simulator.write_devices(options["credentials"], devices)
        self.stdout.write(
            f"已登记模拟数采仪{len(devices)}台，凭据写入{options['credentials']}"
        )


async def _wait_for(path: Path) -> None:
    while not path.exists():
        await asyncio.sleep(10)


def _local_day(text: str) -> datetime:
    try:
        day = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为YYYY-MM-DD：{text}") from None
    if day.tzinfo is None:
        day = day.replace(tzinfo=SHANGHAI)
    return day
