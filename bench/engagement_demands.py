"""Enterprise demands at volume: the staff demand list (/engagement/) for a city-wide
coordinator and a district head, filtered by status and deep in the pages, and the
enterprise's own list (/engagement/my/) for an enterprise with many demands.

    DATABASE_URL=sqlite:////tmp/engagement_bench.sqlite3 \\
        python -m bench.engagement_demands [--demands 50000] [--requests 30]

Migrates the database of DATABASE_URL, loads the reference data, tops it up with
`--enterprises` enterprises (bench.generate) and `--demands` demands by bulk insert
(about 15 % green channel, statuses spread, the benchmark enterprise holding 1 in
100). Each page is requested `--requests` times in process with the test client
(view + template + SQL; no HTTP server); SQL queries per page are counted, and the
plan of the list's page query is printed to show which index serves the ordering
(-green_channel, -filed_at, -id). Results: bench/results/engagement-<engine>.json.
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
STATUSES = ["submitted", "handling", "handling", "answered", "answered", "answered"]


def _people() -> dict[str, object]:
    from ecobureau.accounts.models import Unit, User
    from ecobureau.accounts.tests.factories import UserFactory
    from ecobureau.core.models import Division
    from ecobureau.enterprises.models import Enterprise, EnterpriseAccount

    bureau = Unit.objects.get(code="bureau")
    tiedong = Division.objects.get(code="210302")
    own = Enterprise.objects.filter(
        name__startswith="基准测试", district=tiedong
    ).first()
    assert own is not None
    account: User | None = User.objects.filter(
        username=f"bench-eng-{own.credit_code}"
    ).first()
    if account is None:
        account = UserFactory(  # type: ignore[assignment]
            username=f"bench-eng-{own.credit_code}",
            kind=User.Kind.ENTERPRISE,
            role_codes=["enterprise"],
        )
        assert account is not None
        EnterpriseAccount.objects.create(enterprise=own, user=account, verified=True)

    def staff(username: str, **extra: object) -> object:
        return User.objects.filter(username=username).first() or UserFactory(
            username=username, **extra
        )

    return {
        "enterprise": own,
        "coordinator (city)": staff(
            "bench-eng-coord",
            unit=bureau,
            scope=User.Scope.CITY,
            role_codes=["section_staff"],
        ),
        "district head": staff(
            "bench-eng-tiedong",
            unit=Unit.objects.get(code="sub-210302"),
            scope=User.Scope.DIVISION,
            scope_division=tiedong,
            role_codes=["sub_bureau_head"],
        ),
        "enterprise account": account,
    }


def generate(people: dict[str, object], demands: int, rng: random.Random) -> None:
    from django.utils import timezone

    from ecobureau.engagement.models import Demand
    from ecobureau.enterprises.models import Enterprise

    own = people["enterprise"]
    enterprises = list(
        Enterprise.objects.filter(name__startswith="基准测试").values_list(
            "pk", "district_id", "township_id"
        )
    )
    own_row = (own.pk, own.district_id, own.township_id)  # type: ignore[attr-defined]
    now = timezone.now()
    have = Demand.objects.count()
    categories = Demand.Category.values
    while have < demands:
        batch = min(BATCH, demands - have)
        rows = []
        for n in range(batch):
            pk, district, township = (
                own_row if rng.random() < 0.01 else rng.choice(enterprises)
            )
            status = rng.choice(STATUSES)
            filed = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
            rows.append(
                Demand(
                    enterprise_id=pk,
                    title=f"基准测试诉求{have + n}",
                    content="基准测试",
                    category=rng.choice(categories),
                    channel=Demand.Channel.PLATFORM,
                    green_channel=rng.random() < 0.15,
                    filed_at=filed,
                    status=status,
                    district_id=district,
                    township_id=township,
                    answered_at=filed + timedelta(days=3)
                    if status == "answered"
                    else None,
                    answer="已答复" if status == "answered" else "",
                )
            )
        Demand.objects.bulk_create(rows, batch_size=1000)
        have += batch
        print(f"  {have} demands", file=sys.stderr)


PAGES = {
    "coordinator (city)": [
        ("demand list", "/engagement/"),
        ("demand list, page 100", "/engagement/?page=100"),
        ("demand list, handling", "/engagement/?status=handling"),
    ],
    "district head": [
        ("demand list", "/engagement/"),
        ("demand list, page 20", "/engagement/?page=20"),
        ("demand list, submitted", "/engagement/?status=submitted"),
    ],
    "enterprise account": [("own demands", "/engagement/my/")],
}


def plan(user: object) -> list[str]:
    """The database's plan for the first page of the user's demand list."""
    from django.db import connection

    from ecobureau.engagement import selectors

    qs = selectors.demand_list_for_user(user)[:50]  # type: ignore[arg-type]
    sql, params = qs.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--demands", type=int, default=50_000)
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
    rng = random.Random(20261123)
    _enterprises(_context(), args.enterprises, rng)
    people = _people()
    generate(people, args.demands, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"data ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    results: dict[str, object] = {}
    for who, pages in PAGES.items():
        client = Client()
        client.force_login(people[who])  # type: ignore[arg-type]
        rows: dict[str, object] = {}
        results[who] = rows
        for label, path in pages:
            row = measure(client, path, args.requests)
            rows[label] = row
            print(
                f"{who:20} {label:26} p50 {row['p50_ms']:7.1f} ms  p95 "
                f"{row['p95_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms  "
                f"{row['queries']} queries"
            )
        plan_rows = plan(people[who])
        rows["plan"] = plan_rows
        print("  plan: " + " | ".join(plan_rows))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"engagement-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {"demands": args.demands, "requests": args.requests, "pages": results},
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"total {time.monotonic() - started:.0f} s → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
