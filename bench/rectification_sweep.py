"""The rectification warning sweep (`check_rectification`) alone, at the ledger
bench's volume — 2,000 tasks (4,000 measures) and 10,000 petition cases.

    DATABASE_URL=sqlite:////tmp/rectification_sweep.sqlite3 \\
        python -m bench.rectification_sweep [--tasks 2000] [--cases 10000] [--runs 3]

Migrates the database of DATABASE_URL (a rerun on the same file only applies new
migrations), generates the rows once (bench/rectification_pages.py's bulk
inserts; skipped when the bench tasks are already there), then times
`services.check_late_and_at_risk()` from a clean slate each run: flags, automatic
warnings and their notifications removed first, so every run flags the same
items. Queries are counted through an execute wrapper (the per-item sweep ran
more than CaptureQueriesContext keeps). Checks that each flagged item got one
warning and one record entry. Results go to
bench/results/rectification-sweep-<engine>-<label>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from typing import Any

from bench.enforcement_pages import RESULTS, setup


def _sweep(runs: int) -> dict[str, float | int]:
    from django.db import connection

    from ecobureau.core.models import Record
    from ecobureau.notifications.models import Notification
    from ecobureau.rectification import services
    from ecobureau.rectification.models import (
        PetitionCase,
        RectificationTask,
        Supervision,
    )

    times: list[float] = []
    counted = [0]
    row: dict[str, float | int] = {}

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted[0] += 1
        return execute(sql, params, many, context)

    for _ in range(runs):
        RectificationTask.objects.update(late_flagged_at=None, at_risk_flagged_at=None)
        PetitionCase.objects.update(late_flagged_at=None, at_risk_flagged_at=None)
        Supervision.objects.filter(automatic=True).delete()
        Notification.objects.filter(title__startswith="督察整改").delete()
        records_before = Record.objects.filter(
            action__in=("rectification.late", "rectification.at_risk")
        ).count()
        counted[0] = 0
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            result = services.check_late_and_at_risk()
            times.append((time.perf_counter() - started) * 1000)
        flagged = result.late + result.at_risk
        entries = (
            Record.objects.filter(
                action__in=("rectification.late", "rectification.at_risk")
            ).count()
            - records_before
        )
        warnings = Supervision.objects.filter(automatic=True).count()
        assert entries == flagged == warnings, (entries, flagged, warnings)
        row = {
            "queries": counted[0],
            "flagged": flagged,
            "late": result.late,
            "at_risk": result.at_risk,
            "record_entries": entries,
            "notifications": Notification.objects.filter(
                title__startswith="督察整改"
            ).count(),
        }
        rerun_started = time.perf_counter()
        again = services.check_late_and_at_risk()
        row["rerun_ms"] = round((time.perf_counter() - rerun_started) * 1000, 1)
        assert again.late + again.at_risk == 0
    return {
        "p50_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "runs_ms": [round(t, 1) for t in times],  # type: ignore[dict-item]
        **row,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--label", default="now")
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.rectification_pages import _people, generate
    from ecobureau.rectification.models import RectificationTask

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if not RectificationTask.objects.exists():
        call_command("load_reference", verbosity=0)
        generate(args.tasks, args.cases, random.Random(20261123))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The city office (section_head) is told about items with no unit or
    # assignee, as in bench/rectification_ledger.py: the notifications are part
    # of what the sweep does.
    _people()
    print(f"prepared in {time.monotonic() - started:.0f} s", file=sys.stderr)
    row = _sweep(args.runs)
    print(json.dumps(row, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"rectification-sweep-{connection.vendor}-{args.label}.json"
    out.write_text(
        json.dumps(
            {"tasks": args.tasks, "cases": args.cases, "runs": args.runs, **row},
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"→ {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
