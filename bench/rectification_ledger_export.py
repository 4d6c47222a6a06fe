"""The rectification ledger exports at volume (issue 11): the task ledger (three
sheets, 整改任务 + 整改措施 + 时间节点) for 10,000 tasks with 20,000 measures, and the petition
ledger (one sheet), for the city office and the 铁东 sub-bureau head.

    DATABASE_URL=sqlite:////tmp/rectification_ledger_export.sqlite3 \\
        python -m bench.rectification_ledger_export [--tasks 10000] [--cases 2000] \\
        [--runs 3] [--label now]

Migrates the database of DATABASE_URL (a rerun on the same file only applies new
migrations), tops it up once with bench/rectification_pages.py's bulk inserts
(two measures a task), then requests each export `--runs` times in process with
the test client (view + selector + writer, no HTTP server): p50/max wall time and
p50 CPU time of the process in ms, SQL queries, the file's size. Each file is opened with openpyxl afterwards and its
sheets' row counts checked against the database, so a fast but wrong file does
not pass. Run it with `--label before` on the previous writer and `--label after`
on the new one against the same file. Results go to
bench/results/rectification-ledger-export-<engine>-<label>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from typing import Any

from bench.enforcement_pages import RESULTS, setup

EXPORTS = [
    ("task ledger", "/rectification/export/tasks/"),
    ("case ledger", "/rectification/export/cases/"),
]


def _expected(user: Any) -> dict[str, dict[str, int]]:
    """The rows each export must hold for `user`, counted by the database."""
    from ecobureau.rectification import selectors
    from ecobureau.rectification.models import Measure, Milestone

    tasks = selectors.task_list_for_user(user)
    return {
        "task ledger": {
            "整改任务": tasks.count(),
            "整改措施": Measure.objects.filter(task__in=tasks.values("pk")).count(),
            "时间节点": Milestone.objects.filter(task__in=tasks.values("pk")).count(),
        },
        "case ledger": {"信访案件": selectors.case_list_for_user(user).count()},
    }


def _export(client: Any, path: str, runs: int) -> tuple[dict[str, Any], bytes]:
    from django.db import connection

    counted = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted[0] += 1
        return execute(sql, params, many, context)

    times: list[float] = []
    cpu: list[float] = []
    content = b""
    for run in range(runs):
        counted[0] = 0
        with connection.execute_wrapper(count):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path)
            content = response.content
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        if run == 0:
            queries = counted[0]
    return {
        "p50_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "runs_ms": [round(t, 1) for t in times],
        # CPU time of this process (SQLite runs in it): what the export costs,
        # less sensitive than wall time to other work on a shared machine.
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": queries,
        "bytes": len(content),
    }, content


def _check(content: bytes, expected: dict[str, int]) -> None:
    """Every sheet of the file holds a header and the expected rows."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    for title, rows in expected.items():
        found = sum(1 for _ in book[title].iter_rows(values_only=True)) - 1
        assert found == rows, (title, found, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10000)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--label", default="now")
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.rectification_pages import _people, generate
    from ecobureau.rectification.models import RectificationTask

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if not RectificationTask.objects.exists():
        call_command("load_reference", verbosity=0)
    if RectificationTask.objects.count() < args.tasks:
        generate(args.tasks, args.cases, random.Random(20261123))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    people = _people()
    print(f"prepared in {time.monotonic() - started:.0f} s", file=sys.stderr)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for who in ("office", "district head"):
        client = Client()
        client.force_login(people[who])  # type: ignore[arg-type]
        expected = _expected(people[who])
        results[who] = {}
        for label, path in EXPORTS:
            row, content = _export(client, path, args.runs)
            _check(content, expected[label])
            row["rows"] = expected[label]
            results[who][label] = row
            print(
                f"{who:14} {label:12} p50 {row['p50_ms']:9.1f} ms  max "
                f"{row['max_ms']:9.1f} ms  CPU p50 {row['cpu_p50_ms']:9.1f} ms  "
                f"{row['queries']} queries  "
                f"{row['bytes'] / 1e6:.1f} MB  {row['rows']}"
            )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"rectification-ledger-export-{connection.vendor}-{args.label}.json"
    out.write_text(
        json.dumps(
            {
                "tasks": args.tasks,
                "cases": args.cases,
                "runs": args.runs,
                "exports": results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"total {time.monotonic() - started:.0f} s → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
