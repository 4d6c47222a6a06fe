"""Report pages on a real PostgreSQL streaming replica (issue 16 item 2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecobureau_load \\
    DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/ecobureau_load \\
        .venv/bin/python -m bench.replica_reports

Needs a replica of the primary (docs/deployment.md §11 shows how one was made here
with pg_basebackup). For each wrapped report page, as the demo city's bureau leader:
the queries each database served (the replica must serve the report, the primary
only the session and user), the same bytes on both (after replay), and the time per
page. Reads inside a transaction stay on the primary (an export writes its record
entry in one), and the record chain still verifies afterwards.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any

from bench.hj212_fault import ROOT

PAGES = [
    ("leadership, city, year", "/leadership/city/?period=year"),
    ("complaints ranking", "/complaints/rankings/"),
    ("complaints ranking .xlsx", "/complaints/rankings/export.xlsx"),
    ("permits statistics", "/services/staff/statistics/"),
    # Not wrapped, shown for contrast: the export runs in the service's transaction
    # (it writes its record entry), so every query stays on the primary.
    ("enterprises .xlsx (primary)", "/enterprises/export.xlsx"),
]


def _counting(into: list[str]) -> Any:
    def wrapper(execute: Any, sql: str, *args: Any) -> Any:
        into.append(sql)
        return execute(sql, *args)

    return wrapper


def main() -> None:
    if not os.environ.get("DATABASE_REPLICA_URL"):
        raise SystemExit("DATABASE_REPLICA_URL must name the replica")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections
    from django.test import Client

    from ecobureau.accounts.models import User
    from ecobureau.core import records

    leader = User.objects.get(username="demo-leader")
    client = Client()
    client.force_login(leader)
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0], "the replica alias must name a standby"
    failures = 0
    for label, path in PAGES:
        primary: list[str] = []
        replica: list[str] = []
        with (
            connections["default"].execute_wrapper(_counting(primary)),
            connections["replica"].execute_wrapper(_counting(replica)),
        ):
            started = time.perf_counter()
            response = client.get(path)
            first = time.perf_counter() - started
        times = [first]
        for _ in range(4):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        on_replica = not label.endswith("(primary)")
        ok = response.status_code == 200 and (len(replica) > len(primary)) == on_replica
        failures += not ok
        print(
            f"{label}: HTTP {response.status_code}, queries primary {len(primary)}"
            f" / replica {len(replica)}, median {statistics.median(times) * 1000:.0f} ms"
            f" {'OK' if ok else 'FAIL'}"
        )
    checked, fault = records.verify()
    print(f"record chain after the exports: {checked} entries, fault: {fault}")
    raise SystemExit(1 if failures or fault else 0)


if __name__ == "__main__":
    main()
