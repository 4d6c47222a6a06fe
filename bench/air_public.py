"""The public air page (portal 空气质量) with "air quality now" for a city of 10
stations and four years of hourly history (issue 15 item 2).

    python manage.py migrate && python manage.py load_reference
    python -m bench.air_public [--stations 10] [--requests 50]

Uses the city of `bench.air_forecast` (基准测试城市, the Beijing research stations of
shared data/air, ≈ 350,000 hourly rows), importing it first if it is not there.
Times, on DATABASE_URL, in-process:

1. `air.selectors.city_aqi_now` (the latest hour received and the day's 24 hours,
   the moving averages over the day before);
2. the whole public page through the test client (anonymous visitor: now, the
   daily AQI, forecast, six-month calendar, station map), with its SQL queries.

Results go to results/air-public-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.air_forecast import CODE, DEFAULT_DATA
from bench.generate import RESULTS, serve_in_process, setup


def _timed(run: Callable[[], object], n: int) -> dict[str, float]:
    run()  # warm up
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
        "max_ms": round(timings[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=10)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup()
    serve_in_process()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from ecobureau.air import selectors, services
    from ecobureau.air.models import City, Observation

    city = City.objects.filter(code=CODE).first()
    if city is None:
        city = services.city_create(
            code=CODE, name="基准测试城市", by=None, label="北京研究数据（UCI）"
        )
    if not Observation.objects.filter(station__city=city).exists():
        files = sorted(args.data.glob("PRSA_Data_*.csv.gz"))[: args.stations]
        result = services.observations_import(
            city=city, paths=files, by=None, create_stations=True
        )
        if not result.ok:
            raise SystemExit("\n".join(result.errors[:20]))
    rows = Observation.objects.filter(station__city=city).count()
    now, _hours = selectors.city_aqi_now(city)
    if now is None:
        raise SystemExit("基准城市没有可计算AQI的小时")
    client = Client()
    url = reverse("air:public") + f"?city={CODE}"

    def page() -> None:
        response = client.get(url)
        if response.status_code != 200 or b'data-testid="aqi-now"' not in (
            response.content
        ):
            raise SystemExit(f"{url}: HTTP {response.status_code} or no now section")

    # Counted by a wrapper: the request_started signal resets connection.queries.
    queries: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (
            queries.append(sql) or execute(sql, params, many, context)
        )
    ):
        page()
    report = {
        "engine": connection.vendor,
        "stations": city.stations.count(),
        "hourly_rows": rows,
        "latest_hour": now.at.isoformat(),
        "city_aqi_now": _timed(lambda: selectors.city_aqi_now(city), args.requests),
        "public_page": _timed(page, args.requests),
        "public_page_queries": len(queries),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"air-public-{connection.vendor}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
