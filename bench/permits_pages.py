"""Permits at volume: staff lists, statistics and export over many applications,
and the cost of the steps that issue documents.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/permits_bench \\
        python -m bench.permits_pages [--applications 100000] [--requests 50]

Writes into the database of DATABASE_URL (migrated, reference data loaded by
this script): `--applications` submitted applications spread over the online
items, districts and outcomes, each with its decision clock (met or missed), made
with bulk inserts (the services are measured separately below). Then starts the
platform in its own process (gunicorn, 2 workers x 2 threads, DEBUG off, static
files collected into bench/results/static), logs in through the log-in form as a
city-wide leader and a district head, and requests each page N times in sequence
over HTTP: p50/p95/max. SQL queries per page are counted separately, in process,
with the test client. Re-running tops up to the requested count. Results go to
bench/results/permits-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BATCH = 5000


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("STATIC_ROOT", str(RESULTS / "static"))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    """The platform in its own process, on the same database, DEBUG off."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ecobureau.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise
            time.sleep(0.3)


def _people() -> dict[str, object]:
    from ecobureau.accounts.models import Unit, User
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.core.models import Division

    tiedong = Division.objects.get(code="210302")
    return {
        "city": UserFactory(
            username="bench-permits-leader",
            unit=Unit.objects.get(code="bureau"),
            scope=User.Scope.CITY,
            role_codes=["bureau_leader"],
        ),
        "district": UserFactory(
            username="bench-permits-tiedong",
            unit=Unit.objects.get(code="sub-210302"),
            scope=User.Scope.DIVISION,
            scope_division=tiedong,
            role_codes=["sub_bureau_head"],
        ),
    }


def generate(count: int, rng: random.Random) -> int:
    """Top the applications up to `count` with bulk inserts."""
    from django.utils import timezone

    from ecobureau.accounts.models import User
    from ecobureau.casework.models import Clock
    from ecobureau.core.models import Division
    from ecobureau.permits.models import Application, ServiceItem

    have = Application.objects.count()
    if have >= count:
        return 0
    items = list(ServiceItem.objects.filter(handled_by="", is_active=True))
    districts = list(Division.objects.filter(level=2))
    author = User.objects.get(username="bench-permits-leader")
    now = timezone.now()
    outcomes = ["granted", "refused", "filed", "not_accepted", "", ""]
    made = 0
    while have + made < count:
        batch = min(BATCH, count - have - made)
        rows = []
        for n in range(batch):
            item = rng.choice(items)
            outcome = rng.choice(outcomes)
            submitted = now - timedelta(
                days=rng.randint(1, 720), hours=rng.randint(0, 23)
            )
            rows.append(
                Application(
                    item=item,
                    created_by=author,
                    applicant_name=f"基准测试企业{have + made + n}",
                    submission_key=f"bench-{have + made + n}",
                    status=outcome or "submitted",
                    outcome=outcome,
                    reasons="材料不符合要求"
                    if outcome in ("refused", "not_accepted")
                    else "",
                    supplements=rng.choice([0, 0, 0, 1, 2]),
                    district=rng.choice(districts),
                    unit=item.unit,
                    submitted_at=submitted,
                    received_at=submitted,
                    decided_at=submitted + timedelta(days=rng.randint(1, 40))
                    if outcome
                    else None,
                )
            )
        created = Application.objects.bulk_create(rows, batch_size=1000)
        Clock.objects.bulk_create(
            [
                Clock(
                    target_type="permits.application",
                    target_id=application.pk,
                    step="decision",
                    label="办理时限",
                    amount=20,
                    unit="workdays",
                    started_at=application.submitted_at,
                    due_at=application.submitted_at + timedelta(days=28),
                    due_soon_at=application.submitted_at + timedelta(days=22),
                    state=("met" if rng.random() < 0.9 else "missed")
                    if application.outcome
                    else "running",
                    district=application.district,
                )
                for application in created
            ],
            batch_size=1000,
        )
        made += batch
        print(f"  {have + made} applications", file=sys.stderr)
    return made


PAGES = [
    ("staff list", "/services/staff/"),
    ("staff list, page 100", "/services/staff/?page=100"),
    ("staff list, one item", "/services/staff/?item=night-construction"),
    ("statistics", "/services/staff/statistics/"),
    ("statistics export (xlsx)", "/services/staff/statistics/?format=xlsx"),
    ("guide list", "/services/"),
    ("guide search", "/services/?q=%E5%8D%B1%E9%99%A9%E5%BA%9F%E7%89%A9"),  # 危险废物
]


def measure(session: object, client: object, path: str, n: int) -> dict[str, float]:
    """Latency over HTTP (`session`, a bench.pages.Session); queries in process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session.get(path)  # type: ignore[attr-defined]  # warm up
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        status, _body = session.get(path)  # type: ignore[attr-defined]
        timings.append((time.perf_counter() - started) * 1000)
        assert status == 200, (path, status)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == 200, (path, response.status_code)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "max_ms": round(timings[-1], 1),
        "queries": len(captured.captured_queries),
    }


def document_steps(n: int) -> dict[str, float]:
    """Acceptance issues a numbered PDF: seconds per acceptance (and per submit)."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    from ecobureau.accounts.models import User
    from ecobureau.core.models import Division
    from ecobureau.enterprises.models import Enterprise
    from ecobureau.permits import services
    from ecobureau.permits.models import ServiceItem

    window = User.objects.filter(roles__code="service_staff").first()
    if window is None:
        from ecobureau.accounts.models import Unit
        from ecobureau.accounts.tests.factories import UserFactory

        window = UserFactory(
            username="bench-permits-window",
            unit=Unit.objects.get(code="service-centre"),
            scope="city",
            role_codes=["service_staff"],
        )
    enterprise = Enterprise.objects.exclude(district=None).first()
    district = (
        enterprise.district
        if enterprise
        else Division.objects.filter(level=2).order_by("code").first()
    )
    item = ServiceItem.objects.get(code="medical-waste-waterway")
    submit, accept = [], []
    with transaction.atomic():
        for k in range(n):
            started = time.perf_counter()
            application, _ = services.application_register(
                item=item,
                by=window,
                submission_key=f"bench-doc-{time.time()}-{k}",
                channel="window",
                applicant_name="基准测试",
                contact_name="联系人",
                contact_phone="0412-5550000",
                district=district,
                answers={"route": "营口港", "reason": "基准测试"},
            )
            for material in services.missing_materials(application):
                services.material_add(
                    application=application,
                    material=material,
                    file=ContentFile(
                        b"%PDF-1.4\n%%EOF\n" + str(k).encode(), name="a.pdf"
                    ),
                    by=window,
                )
            services.application_submit(application=application, by=window)
            submit.append(time.perf_counter() - started)
            started = time.perf_counter()
            services.application_act(
                application=application, transition="accept", by=window
            )
            accept.append(time.perf_counter() - started)
        transaction.set_rollback(True)
    return {
        "submit_with_two_files_s": round(statistics.median(submit), 3),
        "accept_with_notice_pdf_s": round(statistics.median(accept), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.pages import Session
    from ecobureau.permits.models import Application

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    people = _people()
    started = time.perf_counter()
    made = generate(args.applications, random.Random(20261122))
    generated_s = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE permits_application; ANALYZE casework_clock;")
    report: dict[str, object] = {
        "engine": connection.vendor,
        "applications": Application.objects.count(),
        "generated": made,
        "generate_s": generated_s,
        "requests_per_page": args.requests,
        "personas": {},
    }
    password = secrets.token_urlsafe(16)
    for person in people.values():
        person.set_password(password)  # type: ignore[attr-defined]
        person.save(update_fields=["password"])  # type: ignore[attr-defined]
    call_command("collectstatic", interactive=False, verbosity=0)
    server, base = start_server()
    try:
        for key in ("city", "district"):
            session = Session(base)
            session.login(people[key].username, password)  # type: ignore[attr-defined]
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(people[key])  # type: ignore[arg-type]
            report["personas"][key] = {  # type: ignore[index]
                name: measure(session, client, path, args.requests)
                for name, path in PAGES
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
    report["server"] = "gunicorn 2 workers x 2 threads, DEBUG off, over HTTP"
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"permits-{connection.vendor}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    report["documents"] = document_steps(5)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
