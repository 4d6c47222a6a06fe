"""Emission totals from online-monitoring Cou values at volume: a year of hourly
data for `--enterprises` enterprises, each with a waste-water instrument (COD,
NH3-N) and a flue-gas instrument (SO2, NOx) — 4 pollutants an enterprise.

    DATABASE_URL=sqlite:////tmp/quality_em.sqlite3 \\
        python -m bench.quality_emissions [--enterprises 200] [--days 365]

Migrates the database of DATABASE_URL, then (once) fills monitoring_summary with
hourly `-Cou` rows through monitoring.storage.write (the gateway's own bulk
write), leaving 1 % of the hours out at random so the gaps are real. Measures
in process `emissions.ledger` for the year (best of 3) twice: first from the
hourly rows (no roll-up run: one grouped query, then the gaps and district
totals in Python), then — after timing `rollup_emissions` over the year
(services.emissions_rollup month by month) — from the daily roll-up; checks that
both give the same figures and the total equals a plain SUM over the table.
`--skip-live` leaves out the first. Results go to
bench/results/quality-emissions-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
YEAR = 2025
CODES = {"32": ("w01018", "w21003"), "31": ("a21026", "a21002")}


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n: int, days: int) -> int:
    from django.db import connection, transaction

    from ecobureau.core.models import Division
    from ecobureau.enterprises.models import EmissionLimit, Enterprise, Outlet
    from ecobureau.lib.dates import SHANGHAI
    from ecobureau.monitoring import storage
    from ecobureau.monitoring.models import Instrument

    district = Division.objects.filter(level=2).first() or Division.objects.create(
        code="999901", name="基准区", kind="district", level=2
    )
    rng = random.Random(11)
    start = datetime(YEAR, 1, 1, tzinfo=SHANGHAI)
    received = start + timedelta(days=days)
    written = 0
    have = Enterprise.objects.filter(credit_code__startswith="BENCHQ").count()
    for i in range(have, n):
        enterprise = Enterprise.objects.create(
            credit_code=f"BENCHQ{i:012d}", name=f"基准企业{i}（基准数据）",
            district=district,
        )  # fmt: skip
        for st, codes in CODES.items():
            kind = "water" if st == "32" else "gas"
            outlet = Outlet.objects.create(
                enterprise=enterprise, code=f"D{st}", name="排放口", kind=kind
            )
            for code in codes:
                EmissionLimit.objects.create(
                    outlet=outlet, pollutant_code=code, pollutant_name=code,
                    limit_value=50, unit="mg/L", basis="measured",
                    effective_from=start.date(),
                )  # fmt: skip
            instrument = Instrument.objects.create(
                mn=f"BENCHQ{i:08d}{st}", enterprise=enterprise, outlet=outlet,
                system_code=st,
            )  # fmt: skip
            rows = [
                (instrument.pk, code, 2061, start + timedelta(hours=h), 0, "Cou",
                 round(rng.uniform(0.1, 5.0), 4), None, "N", received)
                for h in range(days * 24)
                if rng.random() > 0.01
                for code in codes
            ]  # fmt: skip
            with transaction.atomic():
                storage.write(connection, frames=[], readings=[], summaries=rows)
            written += len(rows)
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--skip-live", action="store_true")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ecobureau.lib.dates import SHANGHAI
    from ecobureau.monitoring.models import Instrument
    from ecobureau.quality import emissions

    t0 = time.perf_counter()
    written = populate(args.enterprises, args.days)
    fill = time.perf_counter() - t0
    instruments = list(
        Instrument.objects.filter(mn__startswith="BENCHQ")
        .select_related("enterprise__district", "outlet")
        .prefetch_related("outlet__limits")
    )
    now = datetime(YEAR, 1, 1, tzinfo=SHANGHAI) + timedelta(days=args.days)

    def measure() -> tuple[list[float], int, emissions.Ledger]:
        timings = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                book = emissions.ledger(year=YEAR, instruments=instruments, now=now)
                timings.append(time.perf_counter() - t)
        return timings, len(queries.captured_queries), book

    def figures(book: emissions.Ledger) -> list[tuple]:
        return [(e.enterprise_id, e.pollutant, e.kg, e.hours, e.missing_hours,
                 e.gaps_text) for e in book.enterprises]  # fmt: skip

    from django.utils import timezone

    from ecobureau.quality import services
    from ecobureau.quality.models import EmissionDay, EmissionRollup

    EmissionDay.objects.all().delete()
    EmissionRollup.objects.all().delete()
    live: list[float] = []
    live_queries = 0
    if not args.skip_live:
        live, live_queries, live_book = measure()
    t = time.perf_counter()
    first = datetime(YEAR, 1, 1, tzinfo=SHANGHAI).date()
    last = (now - timedelta(days=1)).astimezone(SHANGHAI).date()
    rolled_rows = 0
    for a, b in services.rollup_spans(first, last):
        run = services.emissions_rollup(first_day=a, last_day=b, now=timezone.now())
        rolled_rows += run.rows
    rollup_seconds = time.perf_counter() - t
    timings, query_count, book = measure()
    same = None if args.skip_live else figures(book) == figures(live_book)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(value) FROM monitoring_summary"
            " WHERE cn = 2061 AND field = 'Cou'"
        )
        rows, total = cursor.fetchone()
    ledger_total = sum(float(e.kg) for e in book.enterprises)
    result = {
        "engine": connection.vendor,
        "enterprises": args.enterprises,
        "instruments": len(instruments),
        "days": args.days,
        "hourly_cou_rows": rows,
        "rows_written_this_run": written,
        "fill_seconds": round(fill, 1),
        "live_ledger_seconds_best_of_3": round(min(live), 2) if live else None,
        "live_ledger_seconds_all": [round(t, 2) for t in live],
        "live_sql_queries": live_queries,
        "rollup_seconds": round(rollup_seconds, 1),
        "rollup_rows": rolled_rows,
        "ledger_seconds_best_of_3": round(min(timings), 2),
        "ledger_seconds_all": [round(t, 2) for t in timings],
        "sql_queries": query_count,
        "same_figures_as_live": same,
        "series": sum(len(e.series) for e in book.enterprises),
        "missing_hours": sum(e.missing_hours for e in book.enterprises),
        "ledger_kg": round(ledger_total, 1),
        "table_sum_kg": round(float(total or 0), 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"quality-emissions-{connection.vendor}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
