"""Gateway benchmark: the HJ 212 gateway on PostgreSQL with its default
durability settings and the simulator on the same machine.

Phases (each a separate simulator process, the gateway kept running):
1. main: N instruments (default 1,000) at a fixed total rate (default 2,000
   real-time packets/s) for a fixed time (default 5 minutes); acknowledgement
   latency = from the first sending of a packet to its 9014 (p50/p95/p99/max);
2. saturate: the same instruments, each sending its next packet as soon as
   the previous one is acknowledged (closed loop, no rate limit), for
   `--step-seconds`: the highest rate the gateway keeps up with here;
3. verify: a fixed rate at 90 % of what phase 2 reached, for `--step-seconds`,
   to check that rate is sustained with p99 under 1 s.

During each phase the CPU time of the gateway, the simulator, the PostgreSQL
backends serving this database and all PostgreSQL processes is sampled from
/proc (on a shared machine other work shows up in the last figure); the
gateway's resident memory is read before the instruments connect and while
they are connected, which gives the memory per 1,000 connections.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecobureau_bench \\
        .venv/bin/python -m bench.hj212_gateway [--devices 1000] [--rate 2000] \\
        [--seconds 300] [--step-seconds 60]

Never on the CI database. Writes bench/results/hj212-gateway.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from bench.hj212_fault import (
    DEFAULT_URL,
    MANAGE,
    PYTHON,
    ROOT,
    SHANGHAI_OFFSET,
    free_port,
    manage,
    wait_listening,
)

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def postgres_pids() -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm", encoding="ascii") as handle:
                    if handle.read().strip() == "postgres":
                        pids.append(int(entry))
            except OSError:
                continue
    return pids


class Sampler:
    """CPU seconds of each group, summed over its processes, at start and end
    of a phase (a backend that exits mid-phase is counted up to its last sample)."""

    def __init__(self, groups: dict[str, Any]) -> None:
        self.groups = groups  # name -> callable returning pids
        self.last: dict[int, float] = {}
        self.first: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.members: dict[str, set[int]] = {name: set() for name in groups}

    def _sample(self) -> None:
        for name, pids in self.groups.items():
            for pid in pids():
                value = cpu_seconds(pid)
                self.members[name].add(pid)
                self.first.setdefault(pid, value)
                if value:
                    self.last[pid] = value

    def _run(self) -> None:
        while not self.stop.wait(1.0):
            self._sample()

    def __enter__(self) -> Sampler:
        self.started = time.monotonic()
        self._sample()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self._sample()
        self.wall = time.monotonic() - self.started

    def split(self) -> dict[str, Any]:
        out: dict[str, Any] = {"wall_s": round(self.wall, 1)}
        for name, pids in self.members.items():
            used = sum(self.last.get(p, 0) - self.first.get(p, 0) for p in pids)
            out[name] = {
                "cpu_s": round(used, 1),
                "cores": round(used / self.wall, 2),
            }
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=2000.0)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--step-seconds", type=float, default=60.0)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if "ecobureau_ci" in url:
        raise SystemExit("refusing to run on the CI database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from ecobureau.monitoring.models import Instrument

    out = ROOT / "bench/results"
    (out / "hj212-gateway").mkdir(parents=True, exist_ok=True)
    credentials = out / "hj212-gateway/devices.json"
    gateway_log = out / "hj212-gateway/gateway.log"
    result: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "load_average_before": open("/proc/loadavg").read().split()[:3],  # noqa: SIM115
        },
        "devices": args.devices,
    }
    with connection.cursor() as cursor:
        shown = {}
        for name in (
            "server_version",
            "fsync",
            "synchronous_commit",
            "full_page_writes",
            "wal_sync_method",
            "shared_buffers",
            "max_wal_size",
            "commit_delay",
        ):
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]
    result["postgresql_settings"] = shown
    print(f"database {connection.settings_dict['NAME']}: {shown}", flush=True)

    subprocess.run(
        [
            PYTHON,
            MANAGE,
            "hj212",
            "--skip-checks",
            "provision",
            "--devices",
            str(args.devices),
            "--credentials",
            str(credentials),
            "--prefix",
            "BEN",
        ],
        cwd=ROOT,
        check=True,
    )
    ids = list(
        Instrument.objects.filter(mn__startswith="BEN").values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        for table in ("monitoring_frame", "monitoring_reading", "monitoring_summary"):
            cursor.execute(
                f"DELETE FROM {table} WHERE instrument_id = ANY(%s)",  # noqa: S608
                [ids],
            )
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]

    def backends() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s"
                " AND pid <> pg_backend_pid()",
                [database],
            )
            return [row[0] for row in cursor.fetchall()]

    port = free_port()
    log = gateway_log.open("ab")
    gateway = manage(
        "hj212",
        "listen",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--name",
        "bench",
        "--max-per-address",
        "0",
        stdout=log,
        stderr=log,
    )
    wait_listening(port, gateway, 60)
    time.sleep(2)
    result["gateway_rss_mib_idle"] = round(rss_mib(gateway.pid), 1)

    now_local = datetime.utcnow() + SHANGHAI_OFFSET  # noqa: DTZ003
    base = (now_local - timedelta(days=3)).replace(minute=0, second=0, microsecond=0)

    def phase(
        name: str, rate: float, seconds: float, start: datetime
    ) -> dict[str, Any]:
        report_file = out / f"hj212-gateway/{name}.json"
        report_file.unlink(missing_ok=True)
        count = int(rate * seconds) if rate else args.devices * 100_000
        simulator = manage(
            "hj212",
            "simulate",
            "--devices",
            str(args.devices),
            "--credentials",
            str(credentials),
            "--port",
            str(port),
            "--count",
            str(count),
            "--rate",
            str(rate),
            "--duration",
            str(seconds),
            "--timeout",
            "10",
            "--retries",
            "3",
            "--report",
            str(report_file),
            "--start",
            start.isoformat(),
            stdout=subprocess.DEVNULL,
        )
        rss = []
        print(f"phase {name}: rate {rate or 'unlimited'}, {seconds} s", flush=True)
        with Sampler(
            {
                "gateway": lambda: [gateway.pid],
                "simulator": lambda: [simulator.pid],
                "postgres_backends_of_this_database": backends,
                "postgres_all_processes": postgres_pids,
            }
        ) as sampler:
            while simulator.poll() is None:
                time.sleep(2)
                if simulator.poll() is None:
                    rss.append((rss_mib(gateway.pid), rss_mib(simulator.pid)))
        report = json.loads(report_file.read_text(encoding="utf-8"))
        report["cpu"] = sampler.split()
        if rss:
            report["gateway_rss_mib_max"] = round(max(r[0] for r in rss), 1)
            report["simulator_rss_mib_max"] = round(max(r[1] for r in rss), 1)
        print(json.dumps(report), flush=True)
        return report

    result["main"] = phase("main", args.rate, args.seconds, base)
    result["gateway_rss_mib_per_1000_connections"] = round(
        (result["main"]["gateway_rss_mib_max"] - result["gateway_rss_mib_idle"])
        * 1000
        / args.devices,
        1,
    )
    saturate = phase("saturate", 0, args.step_seconds, base + timedelta(hours=24))
    result["saturate"] = saturate
    verify_rate = round(saturate["acked_per_s"] * 0.9, -1)
    result["verify"] = phase(
        "verify", verify_rate, args.step_seconds, base + timedelta(hours=48)
    )
    result["verify"]["rate"] = verify_rate
    gateway.send_signal(signal.SIGTERM)
    gateway.wait(60)
    log.close()
    result["machine"]["load_average_after"] = open("/proc/loadavg").read().split()[:3]  # noqa: SIM115
    (out / "hj212-gateway.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
