"""Actual discharge totals (requirements D14) from a year of stored data.

    DATABASE_URL=sqlite:///bench/results/totals.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///bench/results/totals.sqlite3 \\
        python -m bench.monitoring_totals [--instruments 4]

Writes, for one bench enterprise (基准测试, 示例数据), `--instruments` waste-water
instruments with a year of daily data (2031: COD, NH3-N, flow) and, for the
last instrument, a year of hourly data only (2061) — the worst case, where every
day falls back to the hourly rows. Then times `discharge.year_totals` (what the
public page and the daily check do per enterprise) and counts its queries.
Rows go straight into the data table as the gateway's commit leaves them.
Results go to results/monitoring-totals-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timedelta

from bench.generate import RESULTS, setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instruments", type=int, default=4)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ecobureau.core.models import Division
    from ecobureau.enterprises.models import Enterprise, Outlet
    from ecobureau.lib.dates import SHANGHAI
    from ecobureau.monitoring import discharge
    from ecobureau.monitoring.models import Instrument, SummaryReading

    district = Division.objects.filter(level=2).first() or Division.objects.create(
        code="219901", name="基准测试区", kind="district", level=2
    )
    enterprise, _ = Enterprise.objects.get_or_create(
        credit_code="91BENCHTOTALS00001",
        defaults={
            "name": "基准测试排污单位（示例数据）",
            "address": "基准测试",
            "district": district,
        },
    )
    start = datetime(args.year, 1, 1, tzinfo=SHANGHAI)
    instruments = []
    for n in range(args.instruments):
        outlet, _ = Outlet.objects.get_or_create(
            enterprise=enterprise,
            code=f"DW9{n:02d}",
            defaults={"name": "基准测试", "kind": "water"},
        )
        instrument, created = Instrument.objects.get_or_create(
            mn=f"BENCHTOTALS{n:013d}",
            defaults={"enterprise": enterprise, "outlet": outlet, "system_code": "32"},
        )
        instruments.append(instrument)
        if not created:
            continue
        hourly_only = n == args.instruments - 1
        rows = []
        steps = 365 * 24 if hourly_only else 365
        step = timedelta(hours=1) if hourly_only else timedelta(days=1)
        for k in range(steps):
            at = start + k * step
            for code, field, value in (
                ("w01018", "Avg", 35.0),
                ("w21003", "Avg", 2.5),
                ("w00000", "Avg", 12.0),
                ("w00000", "Cou", None if hourly_only else 1036.8),
            ):
                if value is None:
                    continue
                rows.append(
                    SummaryReading(
                        instrument=instrument,
                        code=code,
                        cn=2061 if hourly_only else 2031,
                        data_time=at,
                        pno=0,
                        field=field,
                        value=value,
                        flag="N",
                        received_at=at,
                    )
                )
        SummaryReading.objects.bulk_create(rows, batch_size=5000)
    runs = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            cpu = time.process_time()
            totals = discharge.year_totals(instruments, args.year)
            runs.append(
                {
                    "seconds": round(time.perf_counter() - began, 3),
                    "cpu_seconds": round(time.process_time() - cpu, 3),
                    "queries": len(queries.captured_queries),
                }
            )
    result = {
        "engine": connection.vendor,
        "instruments": args.instruments,
        "hourly_only_instruments": 1,
        "tonnes": {code: round(t.tonnes, 4) for code, t in totals.items()},
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"monitoring-totals-{connection.vendor}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
