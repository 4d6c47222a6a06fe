"""A district's air figures at volume: `quality.selectors.air_summary` for one
district, computed on reading from its stations' stored daily values
(`air.selectors.daily_district`), this year to date and last year to the same day.

    DATABASE_URL=sqlite:////tmp/district_air_bench.sqlite3 \\
        python -m bench.quality_district_air [--stations 6] [--districts 7]

Migrates the database of DATABASE_URL, then tops it up to `--districts` districts
with `--stations` stations each and a station daily value for every day of last
year and this year to 22 November (bulk inserts; every pollutant present so each
day's AQI publishes). Measures `air_summary(district_id=…)` best of 3 with its SQL
query count, beside the city figure from the stored city rows. Results go to
bench/results/quality-district-air-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
THROUGH = date(2026, 11, 22)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(districts: int, stations: int) -> tuple[int, int]:
    """The first bench district's id and the number of station daily rows."""
    from ecobureau.air.models import City, DailyValue, Station
    from ecobureau.core.models import Division

    city_division = Division.objects.filter(level=1).first() or Division.objects.create(
        code="999900", name="基准市", kind="city", level=1
    )
    # "0BENCH" sorts first, so the bench city is the home city the figures read.
    city = City.objects.filter(code="0BENCH").first() or City.objects.create(
        code="0BENCH", name="基准市", division=city_division
    )
    rng = random.Random(7)
    start = date(THROUGH.year - 1, 1, 1)
    days = (THROUGH - start).days + 1
    first = None
    for d in range(districts):
        district, _ = Division.objects.get_or_create(
            code=f"9999{d:02d}",
            defaults={"name": f"基准区{d}", "kind": "district", "level": 2},
        )
        first = first or district.pk
        for s in range(stations):
            station, created = Station.objects.get_or_create(
                code=f"BENCH-{d}-{s}",
                defaults={"city": city, "name": f"基准站{d}-{s}", "district": district},
            )
            if not created:
                continue
            DailyValue.objects.bulk_create(
                (
                    DailyValue(
                        city=city,
                        station=station,
                        date=start + timedelta(days=i),
                        standard="HJ633-2026",
                        so2=rng.uniform(5, 40),
                        no2=rng.uniform(10, 60),
                        pm10=rng.uniform(20, 150),
                        co=rng.uniform(0.3, 2),
                        o3_1h=rng.uniform(40, 200),
                        o3_8h=rng.uniform(30, 180),
                        pm25=rng.uniform(10, 110),
                    )
                    for i in range(days)
                    if rng.random() > 0.03  # a few station-days missing
                ),
                batch_size=5000,
            )
    rows = DailyValue.objects.filter(station__code__startswith="BENCH-").count()
    assert first is not None
    return first, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=7)
    parser.add_argument("--stations", type=int, default=6)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ecobureau.air import selectors as air_selectors
    from ecobureau.quality import selectors

    district_id, rows = populate(args.districts, args.stations)
    home = air_selectors.home_city()
    assert home is not None and home.code == "0BENCH", home
    timings = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            summary = selectors.air_summary(
                year=THROUGH.year, through=THROUGH, district_id=district_id
            )
            timings.append(time.perf_counter() - began)
    current = summary.current
    assert current is not None
    result = {
        "engine": connection.vendor,
        "station_daily_rows": rows,
        "district_stations": args.stations,
        "best_seconds": round(min(timings), 3),
        "queries": len(queries),
        "valid_days": current.valid_days,
        "pm25_mean": current.pm25_mean,
        "good_ratio": round(current.good_ratio or 0, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"quality-district-air-{connection.vendor}.json").write_text(
        json.dumps(result, indent=2)
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
