"""The clock sweep at scale: a million open clocks, 20,000 crossing a line.

    python -m bench.generate --enterprises 0 --work-items 0 --clocks 1000000 --crossing 20000
    python -m bench.sweep

Runs `clocks_mark_due` twice and reports rows per second and total time for the
first run (each moved clock gets its record entry and its notification rows) and
the time of the second run, which must find nothing to do.
"""

from __future__ import annotations

import json
import sys
import time

from bench.generate import RESULTS, setup


def main() -> None:
    setup()
    from django.db import connection

    from ecobureau.casework import services
    from ecobureau.casework.models import Clock
    from ecobureau.core import records
    from ecobureau.core.models import Record
    from ecobureau.notifications.models import Notification

    open_clocks = Clock.objects.filter(state__in=Clock.OPEN_STATES).count()
    before_records, before_notes = Record.objects.count(), Notification.objects.count()
    started = time.perf_counter()
    first = services.clocks_mark_due()
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = services.clocks_mark_due()
    second_seconds = time.perf_counter() - started
    moved = first.due_soon + first.overdue
    report = {
        "engine": connection.vendor,
        "open_clocks": open_clocks,
        "first_run": {
            "due_soon": first.due_soon,
            "overdue": first.overdue,
            "seconds": round(first_seconds, 2),
            "clocks_per_second": round(moved / first_seconds)
            if first_seconds
            else None,
            "record_entries": Record.objects.count() - before_records,
            "notifications": Notification.objects.count() - before_notes,
        },
        "second_run": {
            "moved": second.due_soon + second.overdue,
            "seconds": round(second_seconds, 3),
        },
        "chain_verifies": records.verify()[1] is None,
    }
    (RESULTS / f"sweep-{connection.vendor}.json").write_text(
        json.dumps(report, indent=2)
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.exit(main())
