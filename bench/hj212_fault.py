"""Fault test of the HJ 212 gateway: nothing acknowledged is lost, nothing is
stored twice, while the gateway process is killed with SIGKILL again and again.

1. Registers N simulated instruments (`hj212 provision`, prefix FLT) and empties
   their data from earlier runs.
2. Starts the gateway (`hj212 listen`) and the simulator (`hj212 simulate
   --count`), which sends real-time packets and, as a deployed instrument does,
   sends a packet again until it gets its 9014 (reconnecting when the connection
   drops). The simulator appends every 9014 it receives to an ack log.
3. While the simulator runs, kills the gateway with SIGKILL at random moments
   (mid-batch: at these rates a group commit is nearly always in flight) and
   starts it again after a random pause, until the simulator has delivered
   every packet; then stops the last gateway with SIGTERM.
4. Reconciles the ack log with the database and prints it: every packet that
   received a 9014 must be stored exactly once (its frame row, with the QN it
   was sent with, and all its value rows), and nothing may be stored that the
   simulator did not send.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecobureau_bench \\
        .venv/bin/python -m bench.hj212_fault [--packets 100000] [--devices 200]

Runs on the database of DATABASE_URL (PostgreSQL preferred; migrated, reference
data loaded); never on the CI database. Exit status 1 when the reconciliation
fails. Logs go to bench/results/hj212-fault/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
MANAGE = str(ROOT / "manage.py")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ecobureau_bench"
SHANGHAI_OFFSET = timedelta(hours=8)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    # --skip-checks: the gateway needs no URL or template checks to start.
    command, *rest = args
    return subprocess.Popen(  # type: ignore[call-overload]
        [PYTHON, MANAGE, command, "--skip-checks", *rest], cwd=ROOT, **kwargs
    )


def wait_listening(
    port: int, process: subprocess.Popen[bytes], limit: float, host: str = "127.0.0.1"
) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process.poll() is not None:
            raise SystemExit(f"gateway exited with {process.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return time.monotonic() - started
        except OSError:
            time.sleep(0.05)
    raise SystemExit("gateway did not start listening")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packets", type=int, default=100_000)
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--rate", type=float, default=2000.0)
    parser.add_argument("--min-kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=212)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if "ecobureau_ci" in url:
        raise SystemExit("refusing to run on the CI database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from bench.hj212_reconcile import durability_settings, provision, reconcile

    rng = random.Random(args.seed)
    out = ROOT / "bench/results/hj212-fault"
    out.mkdir(parents=True, exist_ok=True)
    credentials = out / "devices.json"
    ack_log = out / "acks.csv"
    report_file = out / "simulator.json"
    gateway_log = out / "gateway.log"
    for path in (ack_log, report_file, gateway_log):
        path.unlink(missing_ok=True)

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if connection.vendor == "postgresql":
        print(f"durability settings: {durability_settings()}")

    # 1. Instruments, and no data of theirs from an earlier run.
    ids = provision(args.devices, credentials, prefix="FLT")

    # Data times from yesterday on, 30 s apart per device: inside the monthly
    # partitions the migration created.
    now_local = datetime.utcnow() + SHANGHAI_OFFSET  # noqa: DTZ003
    start = (now_local - timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    port = free_port()
    log = gateway_log.open("ab")

    def start_gateway(number: int) -> subprocess.Popen[bytes]:
        return manage(
            "hj212",
            "listen",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--name",
            f"fault-{number}",
            "--max-per-address",
            "0",
            stdout=log,
            stderr=log,
        )

    started = time.monotonic()
    gateway = start_gateway(1)
    startup = [wait_listening(port, gateway, 60)]
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
        str(args.packets),
        "--rate",
        str(args.rate),
        "--timeout",
        "5",
        "--retries",
        "1",
        "--ack-log",
        str(ack_log),
        "--report",
        str(report_file),
        "--start",
        start.isoformat(),
        stdout=subprocess.DEVNULL,
    )

    # 3. Kill the gateway at random moments until the simulator is done.
    kills = []
    number = 1
    while simulator.poll() is None:
        alive = rng.uniform(5, 20)  # seconds listening before the kill
        deadline = time.monotonic() + alive
        while time.monotonic() < deadline and simulator.poll() is None:
            time.sleep(0.05)
        if simulator.poll() is not None:
            break
        gateway.send_signal(signal.SIGKILL)
        gateway.wait()
        down = rng.uniform(0.2, 3.0)
        acked_so_far = _lines(ack_log)
        kills.append(
            {
                "at_s": round(time.monotonic() - started, 1),
                "acked_so_far": acked_so_far,
                "down_s": round(down, 1),
            }
        )
        print(
            f"SIGKILL gateway #{number} at {kills[-1]['at_s']} s "
            f"({acked_so_far} acknowledged so far); down {down:.1f} s",
            flush=True,
        )
        time.sleep(down)
        number += 1
        gateway = start_gateway(number)
        startup.append(wait_listening(port, gateway, 60))
        if simulator.poll() is None and len(kills) >= 50:
            break
    simulator.wait()
    gateway.send_signal(signal.SIGTERM)
    gateway.wait(60)
    log.close()
    elapsed = time.monotonic() - started

    # 4. Reconcile.
    result, check = reconcile(ids, credentials, ack_log, report_file, args.packets)
    result = {
        "elapsed_s": round(elapsed, 1),
        "gateway_sigkills": len(kills),
        "gateway_startup_s": [round(s, 1) for s in startup],
        **result,
    }
    ok = check.ok and len(kills) >= args.min_kills
    print("reconciliation:")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    check.print_firsts()
    (out / "reconciliation.json").write_text(
        json.dumps({"kills": kills, **result, "ok": ok}, indent=1), encoding="utf-8"
    )
    print(
        "PASS: every acknowledged packet is stored exactly once"
        if ok
        else "FAIL: see above"
    )
    sys.exit(0 if ok else 1)


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
    except FileNotFoundError:
        return 0


if __name__ == "__main__":
    main()
