"""Emergencies at volume: the incident list, the opinion list, the statistics page
and its Excel export, for the city's duty officer (应急值守) and the 铁东
sub-bureau head.

    DATABASE_URL=sqlite:////tmp/emergencies_bench.sqlite3 \\
        python -m bench.emergencies_pages [--incidents 20000] [--opinions 50000] \\
        [--requests 10]

Migrates the database of DATABASE_URL and loads the reference data, then tops it
up with bulk inserts: `--incidents` incidents and `--opinions` opinion events,
spread over the districts, the steps of their processes, the grades, the sources
and the last 24 months (so a year's statistics cover about half of them). Then
requests each page `--requests` times in process with the test client (view +
template + SQL, no HTTP server) and counts SQL queries. p50/p95/max in ms.
Results go to bench/results/emergencies-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import timedelta

from bench.enforcement_pages import RESULTS, measure, setup

BATCH = 5000


def _people() -> dict[str, object]:
    from ecobureau.accounts.models import Unit, User
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.core.models import Division

    return {
        "duty (city)": UserFactory(
            username="bench-emerg-duty",
            unit=Unit.objects.get(code="bureau"),
            scope=User.Scope.CITY,
            role_codes=["emergency_staff"],
        ),
        "district head": UserFactory(
            username="bench-emerg-tiedong",
            unit=Unit.objects.get(code="sub-210302"),
            scope=User.Scope.DIVISION,
            scope_division=Division.objects.get(code="210302"),
            role_codes=["sub_bureau_head"],
        ),
    }


def generate(incidents: int, opinions: int, rng: random.Random) -> None:
    from django.utils import timezone

    from ecobureau.core.models import Division
    from ecobureau.emergencies import grading
    from ecobureau.emergencies.models import Incident, OpinionEvent

    districts = list(Division.objects.filter(level=2).values_list("pk", flat=True))
    now = timezone.now()
    steps = ["received", "responding", "closed", "reviewed", "reviewed", "dismissed"]
    grades = ["", *grading.GRADES[:3], grading.GENERAL, grading.GENERAL]
    have = Incident.objects.count()
    while have < incidents:
        batch = min(BATCH, incidents - have)
        Incident.objects.bulk_create(
            [
                Incident(
                    title=f"基准测试事件{have + n}",
                    source=rng.choice(Incident.Source.values),
                    place="基准测试地点",
                    received_at=now - timedelta(minutes=rng.randint(60, 730 * 1440)),
                    summary="基准测试",
                    grade=rng.choice(grades),
                    status=rng.choice(steps),
                    district_id=rng.choice(districts),
                )
                for n in range(batch)
            ],
            batch_size=1000,
        )
        have += batch
        print(f"  {have} incidents", file=sys.stderr)
    have = OpinionEvent.objects.count()
    opinion_steps = ["registered", "handling", "reviewing", "replied", "closed"]
    while have < opinions:
        batch = min(BATCH, opinions - have)
        OpinionEvent.objects.bulk_create(
            [
                OpinionEvent(
                    title=f"基准测试舆情{have + n}",
                    channel=rng.choice(OpinionEvent.Channel.values),
                    content="基准测试",
                    grade=rng.choice(["general", "general", "larger", "major"]),
                    discovered_at=now - timedelta(minutes=rng.randint(60, 730 * 1440)),
                    status=rng.choice(opinion_steps),
                    district_id=rng.choice(districts),
                )
                for n in range(batch)
            ],
            batch_size=1000,
        )
        have += batch
        print(f"  {have} opinions", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--opinions", type=int, default=50000)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    generate(args.incidents, args.opinions, random.Random(20261123))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    people = _people()
    year = timezone.localdate().year - 1  # a full year of data
    pages = [
        ("incident list", "/emergencies/"),
        ("incident list p50", "/emergencies/?page=50"),
        ("opinion list", "/emergencies/opinions/"),
        ("statistics", f"/emergencies/statistics/?year={year}"),
        ("statistics xlsx", f"/emergencies/statistics/excel/?year={year}"),
    ]
    print(f"data ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    results: dict[str, dict[str, dict[str, float | int]]] = {}
    for who in people:
        client = Client()
        client.force_login(people[who])  # type: ignore[arg-type]
        results[who] = {}
        for label, path in pages:
            results[who][label] = row = measure(client, path, args.requests)
            print(
                f"{who:14} {label:18} p50 {row['p50_ms']:8.1f} ms  p95 "
                f"{row['p95_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms  "
                f"{row['queries']} queries"
            )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"emergencies-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {
                "incidents": args.incidents,
                "opinions": args.opinions,
                "requests": args.requests,
                "pages": results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"total {time.monotonic() - started:.0f} s → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
