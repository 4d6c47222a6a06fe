"""Quality statistics at volume: the year's water summary (period means, class of
every section, city CWQI this year and last) and the all-or-nothing sample import.

    DATABASE_URL=sqlite:////tmp/quality_bench.sqlite3 \\
        python -m bench.quality_stats [--sections 300] [--import-rows 2000]

Migrates the database of DATABASE_URL, then tops it up to `--sections` national
sections with 24 monthly samples each (last year and this year) of the 21 counted
items, by bulk inserts. Measures in process: `selectors.water_summary` for the
year (best of 3, with its SQL query count), and `services.samples_import` of a
workbook of `--import-rows` rows (one run; the rows are new days, then rolled
back). Results go to bench/results/quality-<engine>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n: int, year: int) -> None:
    from ecobureau.core.models import Division
    from ecobureau.quality import water_class as wc
    from ecobureau.quality.models import Measurement, Sample, Section

    district = Division.objects.filter(level=2).first() or Division.objects.create(
        code="999901", name="基准区", kind="district", level=2
    )
    rng = random.Random(7)
    have = Section.objects.filter(code__startswith="BENCH").count()
    for i in range(have, n):
        section = Section.objects.create(
            code=f"BENCH{i:05d}", name=f"基准断面{i}", level="national",
            water_body="lake" if i % 5 == 0 else "river", district=district,
        )  # fmt: skip
        samples = Sample.objects.bulk_create(
            [
                Sample(section=section, sampled_on=date(y, m, 10))
                for y in (year - 1, year)
                for m in range(1, 13)
            ]
        )
        rows = []
        for sample in samples:
            for key in wc.COUNTED:
                limit = (
                    Decimal(7)
                    if key == "ph"
                    else wc.limits_for(key, section.water_body)[2]
                )
                value = (
                    limit * Decimal(str(round(rng.uniform(0.3, 1.4), 3)))
                ).quantize(Decimal("0.000001"))
                rows.append(
                    Measurement(sample_id=sample.pk, parameter=key, value=value)
                )
        Measurement.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sections", type=int, default=300)
    parser.add_argument("--import-rows", type=int, default=2000)
    args = parser.parse_args()
    setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from openpyxl import Workbook

    from ecobureau.accounts.models import User
    from ecobureau.quality import selectors, services
    from ecobureau.quality import water_class as wc
    from ecobureau.quality.models import Measurement, Section

    year = 2026
    populate(args.sections, year)
    measurements = Measurement.objects.count()
    summary_seconds = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            summary = selectors.water_summary(year=year, last_month=12)
            summary_seconds.append(time.perf_counter() - start)
    assert len(summary.assessed) >= args.sections

    actor, _ = User.objects.get_or_create(
        username="bench-quality", defaults={"is_superuser": True, "scope": "city"}
    )
    codes = list(
        Section.objects.filter(code__startswith="BENCH").values_list("code", flat=True)
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["断面编码", "采样日期", *(wc.NAMES[k] for k in wc.COUNTED)])
    for i in range(args.import_rows):
        sheet.append(
            [
                codes[i % len(codes)],
                f"{year + 1}-{i // len(codes) % 12 + 1:02d}-{i // len(codes) // 12 + 1:02d}",
                *([0.1] * 21),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    start = time.perf_counter()
    with transaction.atomic():
        batch = services.samples_import(
            actor=actor, content=out.getvalue(), filename="bench.xlsx"
        )
        import_seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    result = {
        "engine": connection.vendor,
        "sections": args.sections,
        "measurements": measurements,
        "water_summary_best_s": round(min(summary_seconds), 3),
        "water_summary_queries": len(queries.captured_queries),
        "import_rows": batch.rows,
        "import_s": round(import_seconds, 3),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"quality-{connection.vendor}.json").write_text(
        json.dumps(result, indent=2)
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
