"""The 14:00 forecast job for a city of 10 stations with three years of hourly
history (issue 8).

    python manage.py migrate && python manage.py load_reference
    python -m bench.air_forecast [--stations 10] [--data DIR]

Imports 10 of the Beijing research stations (shared data/air, 4 years × 24 h each,
≈ 350,000 hourly rows) into a city 基准测试城市（北京研究数据） on DATABASE_URL, then
times on that database:

1. the import itself (all or nothing, daily values recomputed, one record entry);
2. the first 14:00 job of an issue day with no model yet: the job reads the
   city's three years of history, trains both lead-day models and drafts the
   7-day forecast with its clock and work item (`services.forecasts_run`);
3. the ordinary 14:00 job on the following days, with the model already trained
   (retraining happens only when the model is older than AIR_MODEL_MAX_AGE_DAYS).

Results go to results/air-forecast-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.generate import RESULTS, setup

CODE = "bench-air-10"
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared/data/air"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stations", type=int, default=10)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--issue", default="2017-02-10", help="first issue day")
    parser.add_argument("--days", type=int, default=5, help="ordinary job runs")
    args = parser.parse_args()
    setup()
    from django.db import connection

    from ecobureau.air import services
    from ecobureau.air.models import (
        City,
        DailyValue,
        Forecast,
        ForecastModel,
        Observation,
    )
    from ecobureau.lib.dates import SHANGHAI

    files = sorted(args.data.glob("PRSA_Data_*.csv.gz"))[: args.stations]
    if len(files) < args.stations:
        raise SystemExit(f"需要{args.stations}个站点文件，只找到{len(files)}个")
    report: dict[str, object] = {
        "engine": connection.vendor,
        "stations": len(files),
    }
    # Only the benchmark city is forecast.
    City.objects.exclude(code=CODE).update(forecast_enabled=False)
    city = City.objects.filter(code=CODE).first()
    if city is None:
        city = services.city_create(
            code=CODE, name="基准测试城市", by=None, label="北京研究数据（UCI）"
        )
    if not Observation.objects.filter(station__city=city).exists():
        started = time.monotonic()
        result = services.observations_import(
            city=city, paths=files, by=None, create_stations=True
        )
        if not result.ok:
            raise SystemExit("\n".join(result.errors[:20]))
        seconds = time.monotonic() - started
        report["import"] = {
            "rows": result.rows,
            "daily_values_days": result.days,
            "seconds": round(seconds, 1),
            "rows_per_second": round(result.rows / seconds),
        }
    report["hourly_rows"] = Observation.objects.filter(station__city=city).count()
    report["daily_rows"] = DailyValue.objects.filter(city=city).count()
    # A clean slate of forecasts and models for the benchmark city.
    Forecast.objects.filter(city=city).delete()
    ForecastModel.objects.filter(city=city).delete()

    first = date.fromisoformat(args.issue)

    def job(day: date) -> tuple[float, Forecast]:
        now = datetime(day.year, day.month, day.day, 14, tzinfo=SHANGHAI)
        started = time.monotonic()
        (forecast,) = services.forecasts_run(now=now)
        return time.monotonic() - started, forecast

    seconds, forecast = job(first)
    report["first_job_with_training"] = {
        "issue": str(first),
        "seconds": round(seconds, 2),
        "method": forecast.method_note,
        "training_days": ForecastModel.objects.filter(city=city)
        .latest("pk")
        .training_days,
    }
    runs = []
    for offset in range(1, args.days + 1):
        seconds, forecast = job(first + timedelta(days=offset))
        runs.append(seconds)
    report["ordinary_job"] = {
        "runs": len(runs),
        "median_seconds": round(statistics.median(runs), 3),
        "max_seconds": round(max(runs), 3),
        "method": forecast.method_note,
    }
    path = RESULTS / f"air-forecast-{connection.vendor}.json"
    RESULTS.mkdir(exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
