"""A working day under load (issue 16 item 4): 300 staff, 50 enterprises, 1,000
public visitors and 2,000 instruments against the PostgreSQL deployment on this
machine — gunicorn with deploy/gunicorn.conf.py, the task worker, the scheduler and
the HJ 212 gateway, each in its own process as systemd would run them.

    python -m bench.load_day [--minutes 4] [--steps 0.25,0.5,1] [--workers 3]

The database (default `ecobureau_load`, never the CI one) is migrated and given the
demo city at scale 1 once (`--skip-setup` reuses it). The visitors are cloned from
the demo accounts so their scopes are real: staff of every role and district,
enterprise accounts bound to 50 enterprises with online monitoring, and anonymous
visitors. Sessions are created in process (`Client.force_login`); the log-in page is
not what is measured.

Each virtual user is a coroutine of this process that requests a page chosen from
its persona's mix, sometimes follows a detail link found in the page (as a person
clicking a row would), and then thinks for an exponentially distributed time. Each
request opens its own connection (`Connection: close`), as browsers behind nginx
reach gunicorn. Instruments are `manage.py hj212 simulate` sending one real-time
packet per instrument every 30 s.

Every step runs the same population scaled by a factor for `--minutes`; the report
gives, per step, throughput, p50/p95/p99 per page, errors, and the CPU each process
group used (from /proc) — the group that reaches its share of the two cores while
latency climbs is what saturates first. Writes bench/results/load-day.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.hj212_fault import MANAGE, PYTHON, ROOT, free_port, wait_listening
from bench.hj212_gateway import Sampler, postgres_pids

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ecobureau_load"
RESULTS = ROOT / "bench/results"

STAFF = 300
ENTERPRISES = 50
VISITORS = 1000
INSTRUMENTS = 2000
PACKET_INTERVAL_S = 30
# Mean think time between two pages of one person. Staff read, type and phone
# between pages; a visitor skims. These are assumptions, quoted with the results.
THINK_S = {"staff": 45.0, "enterprise": 90.0, "public": 30.0}
FOLLOW_LINK = 0.35  # chance of opening one item of the list just seen

# (label, path, weight): what each kind of person opens.
STAFF_PAGES = [
    ("workbench", "/workbench/", 20),
    ("workbench (scope)", "/workbench/?view=scope", 6),
    ("notifications", "/notifications/", 6),
    ("complaints", "/complaints/", 10),
    ("enterprises", "/enterprises/", 8),
    ("monitoring", "/monitoring/", 6),
    ("exceedances", "/monitoring/exceedances/", 4),
    ("clues", "/monitoring/clues/", 3),
    ("air", "/air/", 4),
    ("grid", "/grid/", 4),
    ("grid problems", "/grid/problems/", 3),
    ("enforcement cases", "/enforcement/cases/", 5),
    ("applications", "/services/staff/", 4),
    ("rectification", "/rectification/", 2),
    ("credit", "/credit/", 1),
    ("quality", "/quality/", 2),
    ("emergencies", "/emergencies/", 1),
    ("leadership", "/leadership/", 2),
]
ENTERPRISE_PAGES = [
    ("my portal", "/my/", 10),
    ("my enterprise", "/enterprises/mine/", 6),
    ("my applications", "/services/my/", 5),
    ("service guide", "/services/", 3),
    ("my credit", "/credit/mine/", 2),
    ("my demands", "/engagement/my/", 2),
    ("my cases", "/enforcement/my-cases/", 1),
    ("my failures", "/monitoring/failures/", 1),
]
PUBLIC_PAGES = [
    ("home", "/", 20),
    ("air now", "/air/public/", 14),
    ("disclosure", "/disclosure/", 8),
    ("service guide", "/services/", 6),
    ("track complaint", "/complaints/track/", 3),
    ("complaint form", "/complaints/new/", 3),
    ("penalty decisions", "/enforcement/public/decisions/", 3),
    ("grid cells", "/grid/public/", 2),
    ("credit results", "/credit/public/", 2),
    ("discharge", "/monitoring/public/discharge/", 2),
    ("quality", "/quality/public/", 2),
    ("participation", "/participation/", 1),
]
# Detail pages reached from a list: /<module>/<...>/<number>/ and nothing that
# changes state or downloads.
DETAIL_LINK = re.compile(r'href="(/[a-z-]+/(?:[a-z-]+/)?\d+/)"')


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, label: str, status: int, seconds: float) -> None:
        self.latencies[label].append(seconds)
        self.statuses[label][status] += 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- The server side ------------------------------------------------------------------


def prepare(env: dict[str, str]) -> None:
    for args in (
        ("migrate", "-v", "0"),
        ("load_reference", "-v", "0"),
        ("collectstatic", "--noinput", "-v", "0"),
        ("seed_demo", "--if-empty", "--scale", "1"),
    ):
        subprocess.run([PYTHON, MANAGE, *args], cwd=ROOT, env=env, check=True)


def clone_visitors() -> dict[str, list[str]]:
    """Session cookies of the staff and enterprise visitors (created on first run)."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.test import Client

    from ecobureau.accounts.models import User
    from ecobureau.enterprises.models import Enterprise, EnterpriseAccount

    templates = list(
        User.objects.filter(kind=User.Kind.STAFF, username__startswith="demo-")
        .exclude(username="demo-admin")
        .prefetch_related("roles")
        .order_by("username")
    )
    staff = []
    for n in range(STAFF):
        template = templates[n % len(templates)]
        user, created = User.objects.get_or_create(
            username=f"load-staff-{n:03d}",
            defaults={
                "kind": User.Kind.STAFF,
                "full_name": f"压测人员{n}（{template.full_name}同权限）",
                "unit": template.unit,
                "title": template.title,
                "scope": template.scope,
                "scope_division": template.scope_division,
                "password": UNUSABLE_PASSWORD_PREFIX,
            },
        )
        if created:
            user.roles.set(template.roles.all())
        staff.append(user)
    monitored = Enterprise.objects.filter(outlets__instruments__isnull=False).distinct()
    enterprises = []
    for n, enterprise in enumerate(monitored.order_by("pk")[:ENTERPRISES]):
        user, created = User.objects.get_or_create(
            username=f"load-enterprise-{n:02d}",
            defaults={
                "kind": User.Kind.ENTERPRISE,
                "full_name": enterprise.name,
                "password": UNUSABLE_PASSWORD_PREFIX,
            },
        )
        if created:
            EnterpriseAccount.objects.create(
                enterprise=enterprise, user=user, verified=True
            )
        enterprises.append(user)

    def cookie(user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return {
        "staff": [cookie(user) for user in staff],
        "enterprise": [cookie(user) for user in enterprises],
    }


def start(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=handle, stderr=handle)


def machine_busy_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot, from /proc/stat: other
    work on a shared machine shows up as busy time outside the groups measured."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except FileNotFoundError:
        return []


# --- The client side ------------------------------------------------------------------


async def fetch(
    port: int, path: str, cookie: str | None, body: bytes | None = None
) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [
        f"{'POST' if body is not None else 'GET'} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Connection: close",
        "Accept-Language: zh-hans",
        "User-Agent: ecobureau-load-day",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if body is not None:
        lines += [
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body)}",
            f"Referer: http://127.0.0.1:{port}{path}",
        ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


async def person(
    kind: str,
    cookie: str | None,
    pages: list[tuple[str, str, int]],
    port: int,
    until: float,
    tally: Tally,
    rng: random.Random,
) -> None:
    labels = [(label, path) for label, path, _ in pages]
    weights = [weight for _, _, weight in pages]
    header = f"sessionid={cookie}" if cookie else None
    # Arrivals are spread over the first think time rather than all at once.
    await asyncio.sleep(rng.uniform(0, min(THINK_S[kind], until - time.monotonic())))
    while time.monotonic() < until:
        label, path = rng.choices(labels, weights)[0]
        body = await timed(port, f"{kind}: {label}", path, header, tally)
        links = DETAIL_LINK.findall(body.decode("utf-8", "replace")) if body else []
        if links and rng.random() < FOLLOW_LINK:
            await asyncio.sleep(rng.expovariate(1 / 5))
            await timed(
                port, f"{kind}: {label} → item", rng.choice(links), header, tally
            )
        # A think time past the step's end would stretch the step's wall time.
        think = rng.expovariate(1 / THINK_S[kind])
        await asyncio.sleep(max(0.0, min(think, until - time.monotonic())))


async def timed(
    port: int, label: str, path: str, cookie: str | None, tally: Tally
) -> bytes:
    started = time.perf_counter()
    try:
        status, body = await asyncio.wait_for(fetch(port, path, cookie), 60)
    except (TimeoutError, OSError) as error:
        tally.failures[f"{label}: {type(error).__name__}"] += 1
        return b""
    tally.add(label, status, time.perf_counter() - started)
    return body


async def crowd(
    factor: float, sessions: dict[str, list[str]], port: int, seconds: float
) -> Tally:
    tally = Tally()
    rng = random.Random(212)
    until = time.monotonic() + seconds
    people = []
    for n in range(round(STAFF * factor)):
        cookie = sessions["staff"][n % len(sessions["staff"])]
        people.append(person("staff", cookie, STAFF_PAGES, port, until, tally, rng))
    for n in range(round(ENTERPRISES * factor)):
        cookie = sessions["enterprise"][n % len(sessions["enterprise"])]
        people.append(
            person("enterprise", cookie, ENTERPRISE_PAGES, port, until, tally, rng)
        )
    for _ in range(round(VISITORS * factor)):
        people.append(person("public", None, PUBLIC_PAGES, port, until, tally, rng))
    await asyncio.gather(*people)
    return tally


def summarise(tally: Tally, seconds: float) -> dict[str, Any]:
    pages = {}
    total = 0
    for label in sorted(tally.latencies):
        values = tally.latencies[label]
        total += len(values)
        pages[label] = {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.50) * 1000),
            "p95_ms": round(percentile(values, 0.95) * 1000),
            "p99_ms": round(percentile(values, 0.99) * 1000),
            "statuses": dict(tally.statuses[label]),
        }
    every = [v for values in tally.latencies.values() for v in values]
    errors = sum(
        count
        for statuses in tally.statuses.values()
        for status, count in statuses.items()
        if status >= 500 or status == 0
    )
    return {
        "requests": total,
        "throughput_rps": round(total / seconds, 1),
        "p50_ms": round(percentile(every, 0.50) * 1000) if every else None,
        "p95_ms": round(percentile(every, 0.95) * 1000) if every else None,
        "p99_ms": round(percentile(every, 0.99) * 1000) if every else None,
        "server_errors": errors,
        "client_failures": dict(tally.failures),
        "pages": pages,
    }


# --- The run ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument("--steps", default="0.25,0.5,1")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if "ecobureau_ci" in url:
        raise SystemExit("refusing to run on the CI database")
    out = RESULTS / "load-day"
    out.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ecobureau.settings",
        DEBUG="false",
        DEMO_DATA="true",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(out / "static"),
        MEDIA_ROOT=str(out / "media"),
    )
    os.environ.update(env)
    if not args.skip_setup:
        prepare(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    sessions = clone_visitors()
    connection.close()
    credentials = out / "devices.json"
    subprocess.run(
        [PYTHON, MANAGE, "hj212", "--skip-checks", "provision", "--devices",
         str(INSTRUMENTS), "--credentials", str(credentials), "--prefix", "LOAD"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip

    web_port, gateway_port = free_port(), free_port()
    web_env = dict(
        env,
        GUNICORN_BIND=f"127.0.0.1:{web_port}",
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_THREADS=str(args.threads),
    )
    web = start(
        [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "ecobureau.wsgi",
         "--access-logfile", "/dev/null"],
        web_env, out / "web.log",
    )  # fmt: skip
    worker = start(
        [PYTHON, MANAGE, "db_worker", "--interval", "1", "--no-startup-delay"],
        env, out / "worker.log",
    )  # fmt: skip
    scheduler = start([PYTHON, MANAGE, "run_schedule"], env, out / "scheduler.log")
    gateway = start(
        [PYTHON, MANAGE, "hj212", "listen", "--host", "127.0.0.1", "--port",
         str(gateway_port), "--name", "load", "--max-per-address", "0"],
        env, out / "gateway.log",
    )  # fmt: skip
    processes = [web, worker, scheduler, gateway]
    try:
        wait_listening(web_port, web, 120)
        wait_listening(gateway_port, gateway, 120)
        result = run_steps(args, sessions, web, worker, scheduler, gateway, web_port,
                           gateway_port, credentials, env, out)  # fmt: skip
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
    (RESULTS / "load-day.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"written {RESULTS / 'load-day.json'}")


def run_steps(
    args: argparse.Namespace,
    sessions: dict[str, list[str]],
    web: subprocess.Popen[bytes],
    worker: subprocess.Popen[bytes],
    scheduler: subprocess.Popen[bytes],
    gateway: subprocess.Popen[bytes],
    web_port: int,
    gateway_port: int,
    credentials: Path,
    env: dict[str, str],
    out: Path,
) -> dict[str, Any]:
    seconds = args.minutes * 60
    result: dict[str, Any] = {
        "machine": {"cores": os.cpu_count()},
        "population": {
            "staff": STAFF,
            "enterprises": ENTERPRISES,
            "visitors": VISITORS,
            "instruments": INSTRUMENTS,
            "packet_interval_s": PACKET_INTERVAL_S,
            "think_s": THINK_S,
            "follow_link": FOLLOW_LINK,
        },
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "steps": [],
    }
    for factor in (float(step) for step in args.steps.split(",")):
        instruments = round(INSTRUMENTS * factor)
        simulator = start(
            [PYTHON, MANAGE, "hj212", "simulate", "--devices", str(instruments),
             "--credentials", str(credentials), "--port", str(gateway_port),
             "--rate", str(instruments / PACKET_INTERVAL_S),
             "--count", str(10**9), "--duration", str(seconds),
             "--report", str(out / f"simulator-{factor}.json")],
            env, out / "simulator.log",
        )  # fmt: skip
        groups = {
            "web (gunicorn)": lambda: [web.pid, *children(web.pid)],
            "worker": lambda: [worker.pid],
            "scheduler": lambda: [scheduler.pid],
            "gateway": lambda: [gateway.pid],
            "instrument simulator": lambda pid=simulator.pid: [pid],
            "load generator": lambda: [os.getpid()],
            "postgresql": postgres_pids,
        }
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        print(f"step ×{factor}: {round(STAFF * factor)} staff, "
              f"{round(ENTERPRISES * factor)} enterprises, "
              f"{round(VISITORS * factor)} visitors, {instruments} instruments",
              flush=True)  # fmt: skip
        busy_before, total_before = machine_busy_ticks()
        with Sampler(groups) as sampler:
            tally = asyncio.run(crowd(factor, sessions, web_port, seconds))
        busy_after, total_after = machine_busy_ticks()
        cores = os.cpu_count() or 1
        machine_busy = (busy_after - busy_before) / (total_after - total_before)
        try:
            # It stops by itself after the step and writes its report.
            simulator.wait(90)
        except subprocess.TimeoutExpired:
            simulator.terminate()
            simulator.wait(30)
        report_file = out / f"simulator-{factor}.json"
        packets = (
            json.loads(report_file.read_text(encoding="utf-8"))
            if report_file.exists()
            else None
        )
        step = {
            "factor": factor,
            "load_average_before": load_before,
            **summarise(tally, sampler.wall),
            "cpu": sampler.split(),
            "machine_busy_cores": round(machine_busy * cores, 2),
            "instruments": packets,
        }
        result["steps"].append(step)
        print(json.dumps({k: v for k, v in step.items() if k != "pages"},
                         ensure_ascii=False), flush=True)  # fmt: skip
    return result


if __name__ == "__main__":
    main()
