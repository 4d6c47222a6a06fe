"""The rectification ledger at realistic volume — 2,000 tasks (4,000 measures)
and 10,000 petition cases — for the three things the office runs every day or
month: the overview list, the warning sweep (check_rectification, with the
notifications it sends) and the monthly report (Excel).

    DATABASE_URL=sqlite:////tmp/rectification_ledger.sqlite3 \\
        python -m bench.rectification_ledger [--tasks 2000] [--cases 10000] [--runs 3]

Data as bench/rectification_pages.py generates it (bulk inserts, spread over
districts, steps and deadlines from 200 days late to 400 days ahead). The sweep
is timed from a clean slate each run (flags, automatic warnings and their
notifications removed first), so every run flags the same items. Results go to
bench/results/rectification-ledger-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from typing import Any

from bench.enforcement_pages import RESULTS, measure, setup
from bench.rectification_pages import _people, generate


def _sweep(runs: int) -> dict[str, float | int]:
    from django.db import connection

    from ecobureau.notifications.models import Notification
    from ecobureau.rectification import services
    from ecobureau.rectification.models import (
        PetitionCase,
        RectificationTask,
        Supervision,
    )

    times, queries, flagged, told = [], 0, 0, 0
    # Counted through an execute wrapper: the sweep runs more queries than
    # CaptureQueriesContext keeps (9,000).
    counted = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted[0] += 1
        return execute(sql, params, many, context)

    for _ in range(runs):
        RectificationTask.objects.update(late_flagged_at=None, at_risk_flagged_at=None)
        PetitionCase.objects.update(late_flagged_at=None, at_risk_flagged_at=None)
        Supervision.objects.filter(automatic=True).delete()
        Notification.objects.filter(title__startswith="督察整改").delete()
        counted[0] = 0
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            result = services.check_late_and_at_risk()
            times.append((time.perf_counter() - started) * 1000)
        queries = counted[0]
        flagged = result.late + result.at_risk
        told = Notification.objects.filter(title__startswith="督察整改").count()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "queries": queries,
        "flagged": flagged,
        "notifications": told,
    }


PAGES = [
    ("overview", "/rectification/"),
    ("monthly report xlsx", "/rectification/reports/month.xlsx"),
    ("monthly report pdf", "/rectification/reports/month.pdf"),
    ("case ledger export", "/rectification/export/cases/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    prepared = time.monotonic()
    generate(args.tasks, args.cases, random.Random(20261123))
    generated = time.monotonic() - prepared
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    people = _people()
    print(
        f"schema and reference data {prepared - started:.0f} s, "
        f"rows generated in {generated:.1f} s",
        file=sys.stderr,
    )
    client = Client()
    client.force_login(people["office"])  # type: ignore[arg-type]
    results: dict[str, dict[str, float | int]] = {}
    for label, path in PAGES:
        results[label] = row = measure(client, path, args.runs)
        print(
            f"{label:22} p50 {row['p50_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms  "
            f"{row['queries']} queries"
        )
    results["warning sweep"] = row = _sweep(args.runs)
    print(
        f"{'warning sweep':22} p50 {row['p50_ms']:8.1f} ms  max {row['max_ms']:8.1f} ms"
        f"  {row['queries']} queries, {row['flagged']} items flagged, "
        f"{row['notifications']} notifications"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"rectification-ledger-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {
                "tasks": args.tasks,
                "cases": args.cases,
                "runs": args.runs,
                "generate_s": round(generated, 1),
                **results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"total {time.monotonic() - started:.0f} s → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
