"""Rectification at volume: the overview (/rectification/), the task ledger export
and the weekly report (Excel) for the city office and the 铁东 sub-bureau head.

    DATABASE_URL=sqlite:////tmp/rectification_bench.sqlite3 \\
        python -m bench.rectification_pages [--tasks 5000] [--cases 5000] [--requests 10]

Migrates the database of DATABASE_URL and loads the reference data, then tops it
up with bulk inserts: `--tasks` tasks with two measures each and `--cases` petition
cases, spread over the districts and the steps of their processes. Then requests
each page `--requests` times in process with the test client (view + template +
SQL, no HTTP server) and counts SQL queries. p50/p95/max in ms. Results go to
bench/results/rectification-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import timedelta

from bench.enforcement_pages import RESULTS, measure, setup

BATCH = 2000


def _people() -> dict[str, object]:
    """The two bench users, created once (a rerun on the same database reuses
    them, as it reuses the generated rows)."""
    from ecobureau.accounts.models import Unit, User
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.core.models import Division

    def person(username: str, **fields: object) -> object:
        return User.objects.filter(username=username).first() or UserFactory(
            username=username, **fields
        )

    return {
        "office": person(
            "bench-rect-office",
            unit=Unit.objects.get(code="bureau"),
            scope=User.Scope.CITY,
            role_codes=["section_head"],
        ),
        "district head": person(
            "bench-rect-tiedong",
            unit=Unit.objects.get(code="sub-210302"),
            scope=User.Scope.DIVISION,
            scope_division=Division.objects.get(code="210302"),
            role_codes=["sub_bureau_head"],
        ),
    }


def generate(tasks: int, cases: int, rng: random.Random) -> None:
    """Bulk-insert the rows in one transaction (one commit, not one per batch):
    a few seconds for thousands of rows, even on a busy machine."""
    from django.db import transaction

    with transaction.atomic():
        _generate(tasks, cases, rng)


def _generate(tasks: int, cases: int, rng: random.Random) -> None:
    from django.utils import timezone

    from ecobureau.core.models import Division
    from ecobureau.rectification.models import (
        Measure,
        PetitionCase,
        RectificationTask,
    )

    districts = list(Division.objects.filter(level=2).values_list("pk", flat=True))
    today = timezone.localdate()
    task_steps = [
        "draft",
        "rectifying",
        "rectifying",
        "completed",
        "published",
        "filed",
    ]
    have = RectificationTask.objects.count()
    while have < tasks:
        batch = min(BATCH, tasks - have)
        made = RectificationTask.objects.bulk_create(
            [
                RectificationTask(
                    number=f"BENCH-T{have + n:06d}",
                    round=rng.choice(
                        ["第一轮中央环境保护督察", "第二轮中央生态环境保护督察"]
                    ),
                    source="central",
                    problem="基准测试问题",
                    target="基准测试目标",
                    responsible_units="基准测试单位",
                    deadline=today + timedelta(days=rng.randint(-200, 400)),
                    status=(status := rng.choice(task_steps)),
                    completed_on=today if status in ("published", "filed") else None,
                    district_id=rng.choice(districts),
                )
                for n in range(batch)
            ],
            batch_size=1000,
        )
        Measure.objects.bulk_create(
            [
                Measure(
                    task=t, seq=s, kind=rng.choice(Measure.Kind.values), content="措施"
                )
                for t in made
                for s in (1, 2)
            ],
            batch_size=2000,
        )
        have += batch
        print(f"  {have} tasks", file=sys.stderr)
    have = PetitionCase.objects.count()
    case_steps = ["handling", "acceptance", "reviewing", "published", "filed"]
    while have < cases:
        batch = min(BATCH, cases - have)
        PetitionCase.objects.bulk_create(
            [
                PetitionCase(
                    number=f"BENCH-C{have + n:06d}",
                    round="第二轮中央生态环境保护督察",
                    source="central",
                    received_on=today - timedelta(days=30),
                    content="基准测试举报",
                    category=rng.choice(PetitionCase.Category.values),
                    responsible_units="基准测试单位",
                    deadline=today + timedelta(days=rng.randint(-100, 200)),
                    status=rng.choice(case_steps),
                    district_id=rng.choice(districts),
                )
                for n in range(batch)
            ],
            batch_size=1000,
        )
        have += batch
        print(f"  {have} cases", file=sys.stderr)


PAGES = [
    ("overview", "/rectification/"),
    ("task ledger export", "/rectification/export/tasks/"),
    ("weekly report xlsx", "/rectification/reports/week.xlsx"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    generate(args.tasks, args.cases, random.Random(20261122))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    people = _people()
    print(f"data ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    results: dict[str, dict[str, dict[str, float | int]]] = {}
    for who in ("office", "district head"):
        client = Client()
        client.force_login(people[who])  # type: ignore[arg-type]
        results[who] = {}
        for label, path in PAGES:
            results[who][label] = row = measure(client, path, args.requests)
            print(
                f"{who:14} {label:20} p50 {row['p50_ms']:8.1f} ms  p95 "
                f"{row['p95_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms  "
                f"{row['queries']} queries"
            )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"rectification-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {
                "tasks": args.tasks,
                "cases": args.cases,
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
