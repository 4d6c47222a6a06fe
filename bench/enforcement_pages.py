"""Enforcement lists at volume: the inspection list (/enforcement/), the case
list (/enforcement/cases/) and the overdue 挂牌督办 list (one case in five listed)
for an officer, the head of the enforcement team (city
scope) and the 铁东 sub-bureau head (one district).

    DATABASE_URL=sqlite:////tmp/enforcement_bench.sqlite3 \\
        python -m bench.enforcement_pages [--inspections 50000] [--cases 10000] [--requests 30]

Migrates the database of DATABASE_URL and loads the reference data, then tops it
up with bulk inserts: `--enterprises` enterprises (bench.generate), 200 approved
ad-hoc reasons, `--inspections` inspections on them (two of 40 officers each, the
benchmark officer on about one in twenty), `--cases` cases (same officers). Then
requests each page `--requests` times in process with the test client (no HTTP
server: the figures are view + template + SQL) and counts SQL queries per page.
p50/p95/max in ms. Results go to bench/results/enforcement-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BATCH = 5000
OFFICERS = 40


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("STATIC_ROOT", str(RESULTS / "static"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _people() -> dict[str, object]:
    from ecobureau.accounts.models import Unit, User
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.core.models import Division

    bureau = Unit.objects.get(code="bureau")
    tiedong = Division.objects.get(code="210302")
    officers = [
        UserFactory(
            username=f"bench-enf-officer-{n}",
            full_name=f"基准测试执法员{n}",
            unit=bureau,
            scope=User.Scope.CITY,
            credential_no=f"2103{n:07d}",
            role_codes=["enforcement_officer"],
        )
        for n in range(OFFICERS)
    ]
    return {
        "officers": officers,
        "officer": officers[0],
        "head": UserFactory(
            username="bench-enf-head",
            unit=bureau,
            scope=User.Scope.CITY,
            credential_no="21030000999",
            role_codes=["enforcement_head"],
        ),
        "district head": UserFactory(
            username="bench-enf-tiedong",
            unit=Unit.objects.get(code="sub-210302"),
            scope=User.Scope.DIVISION,
            scope_division=tiedong,
            role_codes=["sub_bureau_head"],
        ),
    }


def _pair(rng: random.Random, officers: list[object]) -> list[object]:
    # the benchmark officer is on about one in twenty
    if rng.random() < 0.05:
        return [officers[0], rng.choice(officers[1:])]
    return rng.sample(officers[1:], 2)


def generate(
    people: dict[str, object], inspections: int, cases: int, rng: random.Random
) -> None:
    from django.utils import timezone

    from ecobureau.enforcement.models import (
        EnforcementCase,
        Inspection,
        InspectionReason,
    )
    from ecobureau.enterprises.models import Enterprise

    head = people["head"]
    officers: list[object] = people["officers"]  # type: ignore[assignment]
    enterprises = list(
        Enterprise.objects.filter(name__startswith="基准测试").values_list(
            "pk", "district_id", "township_id"
        )
    )
    now = timezone.now()
    reasons = list(InspectionReason.objects.filter(requested_by=head))
    if not reasons:
        picked = rng.sample(enterprises, 200)
        reasons = InspectionReason.objects.bulk_create(
            InspectionReason(
                enterprise_id=pk,
                source=InspectionReason.Source.SUPERIOR,
                reference=f"基准测试交办{n}",
                reason="基准测试",
                requested_by=head,  # type: ignore[misc]
                district_id=district,
                township_id=township,
            )
            for n, (pk, district, township) in enumerate(picked)
        )
    by_reason = {r.pk: (r.enterprise_id, r.district_id, r.township_id) for r in reasons}
    steps = ["planned", "on_site", "done", "done", "done", "cancelled"]
    have = Inspection.objects.count()
    Through = Inspection.officers.through
    while have < inspections:
        batch = min(BATCH, inspections - have)
        rows = []
        for _ in range(batch):
            reason = rng.choice(reasons)
            enterprise, district, township = by_reason[reason.pk]
            status = rng.choice(steps)
            created = now - timedelta(days=rng.randint(0, 1000))
            rows.append(
                Inspection(
                    enterprise_id=enterprise,
                    year=created.year,
                    basis="reason",
                    reason=reason,
                    created_by=head,  # type: ignore[misc]
                    status=status,
                    district_id=district,
                    township_id=township,
                    arrived_at=created if status in ("on_site", "done") else None,
                )
            )
        made = Inspection.objects.bulk_create(rows, batch_size=1000)
        Through.objects.bulk_create(
            [
                Through(inspection_id=i.pk, user_id=u.pk)  # type: ignore[attr-defined]
                for i in made
                for u in _pair(rng, officers)
            ],
            batch_size=2000,
        )
        have += batch
        print(f"  {have} inspections", file=sys.stderr)
    have = EnforcementCase.objects.count()
    CaseThrough = EnforcementCase.officers.through
    case_steps = ["registered", "investigating", "investigated", "not_filed"]
    while have < cases:
        batch = min(BATCH, cases - have)
        rows = []
        for n in range(batch):
            pk, district, township = rng.choice(enterprises)
            rows.append(
                EnforcementCase(
                    enterprise_id=pk,
                    source=EnforcementCase.Source.TRANSFER,
                    reference=f"基准测试{have + n}",
                    start_reason="基准测试",
                    facts="基准测试",
                    created_by=head,  # type: ignore[misc]
                    status=rng.choice(case_steps),
                    district_id=district,
                    township_id=township,
                )
            )
        made_cases = EnforcementCase.objects.bulk_create(rows, batch_size=1000)
        CaseThrough.objects.bulk_create(
            [
                CaseThrough(enforcementcase_id=c.pk, user_id=u.pk)  # type: ignore[attr-defined]
                for c in made_cases
                for u in _pair(rng, officers)
            ],
            batch_size=2000,
        )
        have += batch
        print(f"  {have} cases", file=sys.stderr)


def supervisions(people: dict[str, object], rng: random.Random) -> None:
    """挂牌督办 on one case in five, deadlines from 60 days ago to 60 days ahead,
    one in four lifted: the overdue list filters listed ones past the deadline."""
    from django.utils import timezone

    from ecobureau.enforcement.models import EnforcementCase, ListedSupervision

    if ListedSupervision.objects.exists():
        return
    today = timezone.localdate()
    rows = []
    for n, case_id in enumerate(
        EnforcementCase.objects.order_by("pk").values_list("pk", flat=True)[::5]
    ):
        deadline = today + timedelta(days=rng.randint(-60, 60))
        lifted = rng.random() < 0.25
        rows.append(
            ListedSupervision(
                case_id=case_id,
                authority="辽宁省生态环境厅",
                reference=f"辽环督〔2026〕{n}号",
                listed_on=deadline - timedelta(days=30),
                deadline=deadline,
                matter="基准测试督办事项",
                status="lifted" if lifted else "listed",
                lifted_on=today if lifted else None,
                recorded_by=people["head"],  # type: ignore[misc]
                recorded_at=timezone.now(),
            )
        )
    ListedSupervision.objects.bulk_create(rows, batch_size=2000)
    print(f"  {len(rows)} supervisions", file=sys.stderr)


PAGES = [
    ("inspection list", "/enforcement/"),
    ("inspection list, page 50", "/enforcement/?page=50"),
    ("inspection list, done", "/enforcement/?status=done"),
    ("case list", "/enforcement/cases/"),
    ("case list, page 20", "/enforcement/cases/?page=20"),
    ("case list, investigating", "/enforcement/cases/?status=investigating"),
    ("overdue 挂牌督办 list", "/enforcement/supervision/overdue/"),
]


def measure(client: object, path: str, n: int) -> dict[str, float | int]:
    from django.db import connection

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)  # type: ignore[attr-defined]
    assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(path)  # type: ignore[attr-defined]
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--inspections", type=int, default=50_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.generate import _context, _enterprises

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rng = random.Random(20261122)
    _enterprises(_context(), args.enterprises, rng)
    people = _people()
    generate(people, args.inspections, args.cases, rng)
    supervisions(people, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    results: dict[str, dict[str, dict[str, float | int]]] = {}
    for who in ("officer", "head", "district head"):
        client = Client()
        client.force_login(people[who])  # type: ignore[arg-type]
        results[who] = {}
        for label, path in PAGES:
            results[who][label] = row = measure(client, path, args.requests)
            print(
                f"{who:14} {label:28} p50 {row['p50_ms']:7.1f} ms  p95 "
                f"{row['p95_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms  "
                f"{row['queries']} queries"
            )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"enforcement-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {
                "inspections": args.inspections,
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
