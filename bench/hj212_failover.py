"""Failover test of the HJ 212 gateways across hosts (issue 16 item 2): three hosts
built from Linux network namespaces on this machine, two gateways sharing one
PostgreSQL behind a TCP balancer; one gateway host is killed under load and every
acknowledged packet must be found stored exactly once after the instruments
reconnect.

    host "db" (the root namespace, 10.212.0.1)  PostgreSQL, reached by the gateways
                                                 over the bridge at 10.212.0.1:5432
    host "gw1" (netns eco-gw1, 10.212.0.11)     hj212 listen, port 9212
    host "gw2" (netns eco-gw2, 10.212.0.12)     hj212 listen, port 9212
    root namespace, 127.0.0.1:<free port>       the balancer (bench.tcp_relay, round
                                                 robin, next backend on failure) and
                                                 the simulated instruments

1. Provisions N simulated instruments (prefix FOV) and empties their old data.
2. Starts both gateways, the balancer and the simulator (`hj212 simulate --count`,
   which resends each packet until its 9014 and reconnects when the connection
   drops or stays silent, as instruments do: HJ 212-2017 6.2).
3. When a share of the packets (`--kill-at`) has been acknowledged, kills gw1 with
   SIGKILL and takes its host's link down, so the host is gone, not just the
   process: its open connections go silent, new ones time out.
4. When the simulator has every packet acknowledged, stops gw2 and reconciles the
   ack log with the database (bench.hj212_reconcile): every acknowledged packet
   stored exactly once, nothing stored that was not sent; it also requires that
   both gateways stored packets and the instruments reconnected.

Needs root (network namespaces), `ip` (iproute2) and PostgreSQL on 127.0.0.1
(the gateways reach it through a relay on the bridge address, so PostgreSQL's
`listen_addresses` need not change). Runs on DATABASE_URL's database, never the
CI one; logs and the reconciliation go to bench/results/hj212-failover/. Exit
status 1 when the reconciliation fails.

    make hj212-failover          # or
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecobureau_bench \\
        .venv/bin/python -m bench.hj212_failover [--packets 30000] [--devices 200]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from bench.hj212_fault import free_port, wait_listening
from bench.hj212_reconcile import MANAGE, PYTHON, ROOT

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ecobureau_bench"
SHANGHAI_OFFSET = timedelta(hours=8)
BRIDGE = "ecobr0"
DB_HOST = "10.212.0.1"
GATEWAYS = {"gw1": "10.212.0.11", "gw2": "10.212.0.12"}
GATEWAY_PORT = 9212


def ip(*args: str, check: bool = True) -> None:
    subprocess.run(["ip", *args], check=check, capture_output=not check)


def build_hosts() -> None:
    """The bridge in the root namespace (the database host) and one namespace per
    gateway host, each joined to the bridge by a veth pair."""
    tear_down_hosts()
    ip("link", "add", BRIDGE, "type", "bridge")
    ip("addr", "add", f"{DB_HOST}/24", "dev", BRIDGE)
    ip("link", "set", BRIDGE, "up")
    for name, address in GATEWAYS.items():
        ns = f"eco-{name}"
        ip("netns", "add", ns)
        ip(
            "link",
            "add",
            f"eco-{name}-h",
            "type",
            "veth",
            "peer",
            "name",
            "eth0",
            "netns",
            ns,
        )
        ip("link", "set", f"eco-{name}-h", "master", BRIDGE)
        ip("link", "set", f"eco-{name}-h", "up")
        ip("-n", ns, "addr", "add", f"{address}/24", "dev", "eth0")
        ip("-n", ns, "link", "set", "eth0", "up")
        ip("-n", ns, "link", "set", "lo", "up")


def tear_down_hosts() -> None:
    for name in GATEWAYS:
        ip("netns", "del", f"eco-{name}", check=False)
        ip("link", "del", f"eco-{name}-h", check=False)
    ip("link", "del", BRIDGE, check=False)


def gateway_url(url: str) -> str:
    """DATABASE_URL as seen from a gateway host: the database host's bridge
    address instead of 127.0.0.1."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0] + "@" if len(netloc) == 2 else ""
    return urlunsplit(parts._replace(netloc=f"{user}{DB_HOST}:5432"))


def start_gateway(name: str, url: str, log: IO[bytes]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": gateway_url(url)}
    return subprocess.Popen(
        [
            "ip", "netns", "exec", f"eco-{name}",
            PYTHON, MANAGE, "hj212", "--skip-checks", "listen",
            "--host", GATEWAYS[name], "--port", str(GATEWAY_PORT),
            "--name", f"failover-{name}", "--max-per-address", "0",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip


def relay(listen: str, backends: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    targets = [arg for backend in backends for arg in ("--to", backend)]
    return subprocess.Popen(
        [PYTHON, "-m", "bench.tcp_relay", "--listen", listen, *targets],
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )


def acked(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
    except FileNotFoundError:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packets", type=int, default=30_000)
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--kill-at", type=float, default=0.3)
    args = parser.parse_args()

    if os.geteuid() != 0 or not shutil.which("ip"):
        raise SystemExit("需要 root 权限和 iproute2（ip netns）才能建立三台主机")
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if "ecobureau_ci" in url:
        raise SystemExit("refusing to run on the CI database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from bench.hj212_reconcile import durability_settings, provision, reconcile
    from ecobureau.monitoring.models import GatewayState

    if connection.vendor != "postgresql":
        raise SystemExit("the failover test needs PostgreSQL (DATABASE_URL)")
    out = ROOT / "bench/results/hj212-failover"
    out.mkdir(parents=True, exist_ok=True)
    credentials, ack_log = out / "devices.json", out / "acks.csv"
    report_file = out / "simulator.json"
    for path in (ack_log, report_file):
        path.unlink(missing_ok=True)
    print(f"database: {connection.settings_dict['NAME']} {durability_settings()}")
    ids = provision(args.devices, credentials, prefix="FOV")
    GatewayState.objects.filter(name__startswith="failover-").delete()
    connection.close()

    logs = {
        name: (out / f"{name}.log").open("wb")
        for name in ("gw1", "gw2", "db-relay", "balancer")
    }
    processes: list[subprocess.Popen[bytes]] = []
    build_hosts()
    try:
        db_relay = relay(f"{DB_HOST}:5432", ["127.0.0.1:5432"], logs["db-relay"])
        processes.append(db_relay)
        wait_listening(5432, db_relay, 30, host=DB_HOST)
        gateways = {name: start_gateway(name, url, logs[name]) for name in GATEWAYS}
        processes.extend(gateways.values())
        for name, process in gateways.items():
            seconds = wait_listening(GATEWAY_PORT, process, 90, host=GATEWAYS[name])
            print(
                f"{name} listening on {GATEWAYS[name]}:{GATEWAY_PORT} after {seconds:.1f} s"
            )
        port = free_port()
        backends = [f"{address}:{GATEWAY_PORT}" for address in GATEWAYS.values()]
        balancer = relay(f"127.0.0.1:{port}", backends, logs["balancer"])
        processes.append(balancer)
        wait_listening(port, balancer, 30)
        now_local = datetime.utcnow() + SHANGHAI_OFFSET  # noqa: DTZ003
        start = (now_local - timedelta(days=1)).replace(
            minute=0, second=0, microsecond=0
        )
        started = time.monotonic()
        simulator = subprocess.Popen(
            [
                PYTHON, MANAGE, "hj212", "--skip-checks", "simulate",
                "--devices", str(args.devices), "--credentials", str(credentials),
                "--host", "127.0.0.1", "--port", str(port),
                "--count", str(args.packets), "--rate", str(args.rate),
                "--timeout", "5", "--retries", "1",
                "--ack-log", str(ack_log), "--report", str(report_file),
                "--start", start.isoformat(),
            ],
            cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        processes.append(simulator)

        kill_after = int(args.packets * args.kill_at)
        while simulator.poll() is None and acked(ack_log) < kill_after:
            time.sleep(0.1)
        killed_at = {
            "at_s": round(time.monotonic() - started, 1),
            "acked_so_far": acked(ack_log),
        }
        gateways["gw1"].send_signal(signal.SIGKILL)
        gateways["gw1"].wait()
        ip("link", "set", "eco-gw1-h", "down")
        print(
            f"gw1 killed (SIGKILL, link down) at {killed_at['at_s']} s, {killed_at['acked_so_far']} packets acknowledged so far",
            flush=True,
        )

        simulator.wait()
        elapsed = time.monotonic() - started
        gateways["gw2"].send_signal(signal.SIGTERM)
        gateways["gw2"].wait(60)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
        tear_down_hosts()
        for handle in logs.values():
            handle.close()

    result, check = reconcile(ids, credentials, ack_log, report_file, args.packets)
    states = {
        state.name: state.counters
        for state in GatewayState.objects.filter(name__startswith="failover-")
    }
    packets_by_gateway = {
        name: counters.get("packets", 0) for name, counters in states.items()
    }
    reconnects = result["simulator"].get("reconnects", 0)
    result = {
        "hosts": {"db": DB_HOST, **GATEWAYS},
        "elapsed_s": round(elapsed, 1),
        "gw1_killed": killed_at,
        "packets_received_by_gateway": packets_by_gateway,
        **result,
    }
    ok = (
        check.ok
        and reconnects > 0
        and all(packets_by_gateway.get(f"failover-{name}", 0) > 0 for name in GATEWAYS)
    )
    print("reconciliation:")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    check.print_firsts()
    (out / "reconciliation.json").write_text(
        json.dumps({**result, "ok": ok}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(
        "PASS: every acknowledged packet is stored exactly once after failover"
        if ok
        else "FAIL: see above"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
