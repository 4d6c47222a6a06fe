"""Leadership pages on a year of data: the city page, a district page, a drill-down
and the quarterly assessment, for the city leader and the 铁东 sub-bureau head.

    DATABASE_URL=sqlite:////tmp/leadership_bench.sqlite3 \\
        python -m bench.leadership_pages [--complaints 20000] [--clues 5000] [--requests 10]

Migrates the database of DATABASE_URL and loads the reference data, then tops it
up with bulk inserts spread over the past year and the districts: `--complaints`
complaints (closed, rated, some repeats), `--clues` monitoring clues, and
`--incidents` environmental incidents (each with its initial report, on time or
late) and as many opinion events (each with its reply clock, met or missed), and
`--demands` enterprises' demands (reply clocks, ratings), as many visits, and
commissioners for a quarter of their enterprises, and (`bench/leadership_data.py`,
`--scale`) applications, inspections, cases and fines, instruments, the city's
air days and scored forecasts with a station per district, rectification tasks
and petition cases, last year's credit grades and environmental quality
(sections sampled monthly, emission caps and totals). Then
requests each page `--requests` times in process with the test client (view +
template + SQL) and counts SQL queries, and (unless `--no-http`) `--http-requests`
times over HTTP against the platform in its own process (gunicorn, 2 workers x 2
threads, DEBUG off, `bench.permits_pages.start_server`), logged in through the
log-in page like a person; last month's ranking is confirmed and published first,
so the public results page (`leadership:public`) and the portal's list
(`/disclosure/assessment/`) are measured as an anonymous visitor. p50/p95/max in
ms. Results go to bench/results/leadership-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import timedelta
from typing import Any

from bench.enforcement_pages import RESULTS, measure, setup
from bench.leadership_data import generate_more

BATCH = 2000


def _people() -> dict[str, object]:
    from ecobureau.accounts.models import Unit, User
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.core.models import Division

    def person(username: str, **fields: object) -> object:
        return User.objects.filter(username=username).first() or UserFactory(
            username=username, **fields
        )

    return {
        "city leader": person(
            "bench-lead-city",
            unit=Unit.objects.get(code="bureau"),
            scope=User.Scope.CITY,
            role_codes=["bureau_leader"],
        ),
        "district head": person(
            "bench-lead-tiedong",
            unit=Unit.objects.get(code="sub-210302"),
            scope=User.Scope.DIVISION,
            scope_division=Division.objects.get(code="210302"),
            role_codes=["sub_bureau_head"],
        ),
    }


def generate(complaints: int, clues: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from ecobureau.accounts.models import Unit
    from ecobureau.complaints.models import Complaint
    from ecobureau.core.models import Division
    from ecobureau.monitoring.models import Clue

    if Complaint.objects.filter(tracking_code__startswith="BL").exists():
        return  # a rerun on the same database reuses the rows
    now = timezone.now()
    districts = list(Division.objects.filter(level=2))
    units = {u.division_id: u for u in Unit.objects.filter(kind="sub_bureau")}
    with transaction.atomic():
        rows = []
        for n in range(complaints):
            d = rng.choice(districts)
            received = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            due = received + timedelta(days=15)
            closed = received + timedelta(days=rng.randrange(1, 25))
            done = closed < now
            rows.append(
                Complaint(
                    tracking_code=f"BL{n:010d}",
                    channel="phone_12369",
                    received_at=received,
                    text="基准测试投诉",
                    place="基准测试地点",
                    status="closed" if done else "dispatched",
                    district=d,
                    unit=units.get(d.pk),
                    handling_due_at=due,
                    closed_at=closed if done else None,
                    satisfaction=rng.choice(["satisfied", "basic", "unsatisfied"])
                    if done
                    else "",
                    satisfaction_at=closed + timedelta(days=1) if done else None,
                    repeat_visit=rng.random() < 0.03,
                )
            )
            if len(rows) == BATCH:
                Complaint.objects.bulk_create(rows)
                rows = []
        Complaint.objects.bulk_create(rows)
        rows2 = []
        for n in range(clues):
            d = rng.choice(districts)
            detected = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            status = rng.choice(["new", "dismissed", "referred"])
            rows2.append(
                Clue(
                    number=f"BL{n:08d}",
                    source="exceedance",
                    title="基准测试线索",
                    detected_at=detected,
                    status=status,
                    decided_at=None
                    if status == "new"
                    else detected + timedelta(days=1),
                    district=d,
                )
            )
        Clue.objects.bulk_create(rows2, batch_size=BATCH)


def generate_emergencies(incidents: int, rng: random.Random) -> None:
    """Incidents with their initial reports, and opinion events with their reply
    clocks, spread over the past year and the districts (bulk inserts: the
    emergencies services would take minutes for this many)."""
    from django.db import transaction
    from django.utils import timezone

    from ecobureau.casework.models import Clock
    from ecobureau.core.models import Division
    from ecobureau.emergencies.models import Incident, OpinionEvent, Report

    if Incident.objects.filter(title__startswith="基准测试事件").exists():
        return
    now = timezone.now()
    districts = list(Division.objects.filter(level=2))
    grades = ["general", "general", "general", "larger", "major", ""]
    with transaction.atomic():
        rows = []
        for n in range(incidents):
            received = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            rows.append(
                Incident(
                    title=f"基准测试事件{n}",
                    source="monitoring",
                    place="基准测试地点",
                    summary="基准测试",
                    received_at=received,
                    grade=rng.choice(grades),
                    status=rng.choice(["received", "responding", "closed", "reviewed"]),
                    district=rng.choice(districts),
                )
            )
        made = Incident.objects.bulk_create(rows, batch_size=BATCH)
        reports = []
        for i in made:
            due = i.received_at + timedelta(hours=4)
            late = rng.random() < 0.1
            reports.append(
                Report(
                    incident=i,
                    kind="initial",
                    due_at=due,
                    submitted_at=due + timedelta(hours=2 if late else -1),
                )
            )
        Report.objects.bulk_create(reports, batch_size=BATCH)
        events = []
        for n in range(incidents):
            found = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            events.append(
                OpinionEvent(
                    title=f"基准测试舆情{n}",
                    channel="weibo",
                    content="基准测试",
                    grade="general",
                    discovered_at=found,
                    replied_at=found + timedelta(hours=rng.randrange(1, 36)),
                    status="closed",
                    district=rng.choice(districts),
                )
            )
        made_events = OpinionEvent.objects.bulk_create(events, batch_size=BATCH)
        clocks = []
        for e in made_events:
            due = e.discovered_at + timedelta(hours=24)
            replied = e.replied_at or now
            clocks.append(
                Clock(
                    target_type="emergencies.opinionevent",
                    target_id=e.pk,
                    step="reply",
                    label="舆情回复时限",
                    amount=24,
                    unit="hours",
                    started_at=e.discovered_at,
                    due_at=due,
                    due_soon_at=due - timedelta(hours=4),
                    state="met" if replied <= due else "missed",
                    stopped_at=replied,
                    district=e.district,
                )
            )
        Clock.objects.bulk_create(clocks, batch_size=BATCH)


def generate_engagement(demands: int, rng: random.Random) -> None:
    """Enterprises' demands with their reply clocks (answered on time or late,
    some rated), a visit for every demand (a third of them 百名干部), and a
    commissioner for every fourth enterprise (bulk inserts, as above)."""
    from django.db import transaction
    from django.utils import timezone

    from ecobureau.accounts.models import Unit, User
    from ecobureau.casework.models import Clock
    from ecobureau.core.models import Division
    from ecobureau.engagement.models import Commissioner, Demand, Visit
    from ecobureau.enterprises.models import Enterprise

    if Enterprise.objects.filter(name__startswith="基准测试企业").exists():
        return
    now = timezone.now()
    districts = list(Division.objects.filter(level=2))
    units = {u.division_id: u for u in Unit.objects.filter(kind="sub_bureau")}
    with transaction.atomic():
        enterprises = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    credit_code=f"91210300BENCH{n:05d}",
                    name=f"基准测试企业{n}",
                    address="基准测试地址",
                    district=rng.choice(districts),
                )
                for n in range(max(1, demands // 4))
            ],
            batch_size=BATCH,
        )
        cadres = User.objects.bulk_create(
            [
                User(
                    username=f"bench-cadre-{n}",
                    full_name=f"基准干部{n}",
                    unit=units.get(rng.choice(districts).pk),
                )
                for n in range(100)
            ]
        )
        Commissioner.objects.bulk_create(
            [
                Commissioner(
                    enterprise=e,
                    commissioner=rng.choice(cadres),
                    rank="deputy",
                    started_on=(now - timedelta(days=rng.randrange(400))).date(),
                    district=e.district,
                )
                for e in enterprises[::4]
            ],
            batch_size=BATCH,
        )
        rows, visits = [], []
        for n in range(demands):
            e = rng.choice(enterprises)
            filed = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            answered = filed + timedelta(days=rng.randrange(1, 20))
            done = answered < now
            rated = done and rng.random() < 0.6
            rows.append(
                Demand(
                    status="answered" if done else "handling",
                    enterprise=e,
                    title=f"基准测试诉求{n}",
                    content="基准测试",
                    category="technology",
                    channel="platform",
                    filed_at=filed,
                    answered_at=answered if done else None,
                    answer="基准测试答复" if done else "",
                    rating=rng.choice([2, 3, 4, 5]) if rated else None,
                    district=e.district,
                    unit=units.get(e.district_id),
                )
            )
            cadre = rng.choice(cadres)
            visits.append(
                Visit(
                    enterprise=e,
                    kind="cadres" if n % 3 == 0 else "commissioner",
                    visitor=cadre,
                    visited_on=filed.date(),
                    difficulties="基准测试",
                    district=e.district,
                    unit=cadre.unit,
                )
            )
        made = Demand.objects.bulk_create(rows, batch_size=BATCH)
        Visit.objects.bulk_create(visits, batch_size=BATCH)
        clocks = []
        for d in made:
            due = d.filed_at + timedelta(days=14)  # 10 working days, near enough
            stopped = d.answered_at
            clocks.append(
                Clock(
                    target_type="engagement.demand",
                    target_id=d.pk,
                    step="reply",
                    label="诉求答复时限",
                    amount=10,
                    unit="workdays",
                    started_at=d.filed_at,
                    due_at=due,
                    due_soon_at=due - timedelta(days=2),
                    state=("met" if stopped <= due else "missed")
                    if stopped
                    else ("overdue" if due < now else "running"),
                    stopped_at=stopped,
                    district=d.district,
                )
            )
        Clock.objects.bulk_create(clocks, batch_size=BATCH)


def publish_last_month(leader: Any) -> None:
    """Last month's ranking, confirmed and published through the services (as the
    demo does), so the public pages show a realistic result."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from ecobureau.leadership import selectors, services
    from ecobureau.leadership.models import Assessment

    today = timezone.localdate()
    month = selectors.period_containing("month", today.replace(day=1)).previous()
    found = Assessment.objects.filter(kind="month", period_start=month.start).first()
    try:
        if found is None:
            found = services.assessment_confirm(
                kind="month", period=month, by=leader, note="基准测试"
            )
        if found.status == Assessment.Status.CONFIRMED:
            services.assessment_publish(assessment=found, by=leader)
    except ValidationError as error:
        print(f"no published assessment: {error.messages}", file=sys.stderr)


def over_http(
    pages: dict[str, list[tuple[str, str]]],
    people: dict[str, object],
    n: int,
) -> dict[str, dict[str, dict[str, float]]]:
    """p50/p95/max over HTTP against gunicorn (DEBUG off), one session per viewer."""
    import secrets

    from bench.pages import Session
    from bench.pages import measure as measure_http
    from bench.permits_pages import start_server

    password = secrets.token_urlsafe(16)
    for person in people.values():
        person.set_password(password)  # type: ignore[attr-defined]
        person.save(update_fields=["password"])  # type: ignore[attr-defined]
    server, base = start_server()
    results: dict[str, dict[str, dict[str, float]]] = {}
    try:
        for who, paths in pages.items():
            session = Session(base)
            if who in people:
                session.login(people[who].username, password)  # type: ignore[attr-defined]
            results[who] = {}
            for label, path in paths:
                results[who][label] = row = measure_http(session, path, n)
                print(
                    f"HTTP {who:14} {label:20} p50 {row['p50_ms']:8.1f} ms  p95 "
                    f"{row['p95_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--complaints", type=int, default=20000)
    parser.add_argument("--clues", type=int, default=5000)
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--demands", type=int, default=4000)
    parser.add_argument(
        "--scale",
        type=int,
        default=3000,
        help="applications; inspections 2x, cases /2, tasks /10, petitions /2",
    )
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--http-requests", type=int, default=20)
    parser.add_argument("--no-http", action="store_true", help="in process only")
    parser.add_argument(
        "--no-migrate",
        action="store_true",
        help="reuse the database as it is (a rerun while other migrations churn)",
    )
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from ecobureau.core.models import Division

    started = time.monotonic()
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    generate(args.complaints, args.clues, random.Random(20261123))
    generate_emergencies(args.incidents, random.Random(20261124))
    generate_engagement(args.demands, random.Random(20261125))
    people = _people()
    generate_more(args.scale, people["city leader"], random.Random(20261126))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    publish_last_month(people["city leader"])
    print(f"data ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    tiedong = Division.objects.get(code="210302").pk
    today = timezone.localdate()
    month = f"period=month&value={today:%Y-%m}"
    year = f"period=year&value={today:%Y}"
    quarter = f"period=quarter&value={today:%Y}-Q{(today.month - 1) // 3 + 1}"
    pages = {
        "city leader": [
            ("city (month)", f"/leadership/city/?{month}"),
            ("city (year)", f"/leadership/city/?{year}"),
            # 环境质量口径 仅本期: the quality figures of the quarter's months alone.
            ("city (quarter alone)", f"/leadership/city/?{quarter}&quality=period"),
            (
                "drill-down demands",
                f"/leadership/items/?level=city&{year}&key=demands&only=late",
            ),
            (
                "drill-down",
                f"/leadership/items/?level=city&{year}&key=complaints-closed",
            ),
            (
                "drill-down applications late",
                f"/leadership/items/?level=city&{year}&key=applications&only=late",
            ),
            ("quarter assessment", "/leadership/assessment/quarter/"),
        ],
        "district head": [
            ("district (year)", f"/leadership/districts/{tiedong}/?{year}"),
            (
                "drill-down",
                f"/leadership/items/?level=district&pk={tiedong}&{year}&key=complaints-closed",
            ),
        ],
    }
    public = {
        "anonymous": [
            ("public results", "/leadership/public/"),
            ("portal assessment list", "/disclosure/assessment/"),
        ]
    }
    results: dict[str, dict[str, dict[str, float | int]]] = {}
    for who, paths in {**pages, **public}.items():
        client = Client()
        if who in people:
            client.force_login(people[who])  # type: ignore[arg-type]
        results[who] = {}
        for label, path in paths:
            results[who][label] = row = measure(client, path, args.requests)
            print(
                f"{who:14} {label:20} p50 {row['p50_ms']:8.1f} ms  p95 "
                f"{row['p95_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms  "
                f"{row['queries']} queries"
            )
    http = (
        {}
        if args.no_http
        else over_http({**pages, **public}, people, args.http_requests)
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"leadership-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {
                "complaints": args.complaints,
                "clues": args.clues,
                "incidents": args.incidents,
                "demands": args.demands,
                "scale": args.scale,
                "requests": args.requests,
                "pages": results,
                "http_requests": 0 if args.no_http else args.http_requests,
                "http": http,
                "server": "gunicorn 2 workers x 2 threads, DEBUG off, over HTTP",
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"written {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
