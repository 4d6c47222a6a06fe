"""The public discharge page (`/monitoring/public/discharge/`, requirements D14)
on realistic volume: time per request before and after the stored daily figures.

    DATABASE_URL=sqlite:///bench/results/monitoring_public.sqlite3 \\
        python manage.py migrate
    DATABASE_URL=sqlite:///bench/results/monitoring_public.sqlite3 \\
        python -m bench.monitoring_public [--enterprises 300] [--days 30] [--profile]

Writes (once; re-running reuses the rows) `--enterprises` bench enterprises
(基准测试, 示例数据), each with a discharge permit in force stating COD and NH3-N
totals and one waste-water instrument sending a month of hourly data (2061: COD,
NH3-N, flow Avg) up to now; two in three also send daily data (2031) for each
finished day, the others lost theirs, so their days fall back to the hourly
rows (the worst case). Then, as an anonymous visitor with the in-process test
client: the first page, page 10 and a name search — wall and CPU seconds
(median of `--runs`), SQL queries per request. When the stored summary exists
(`refresh_discharge_summary`), times a full rebuild and an hourly refresh and
checks that every enterprise's figures equal a from-scratch computation.
`--profile` prints the cProfile top 25 of one first-page request.
Results go to results/monitoring-public-<engine>.json.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from datetime import timedelta
from typing import Any

from bench.generate import RESULTS, serve_in_process, setup

PREFIX = "91BENCHPUBLIC"


def _seed(enterprises: int, days: int) -> None:
    from django.utils import timezone

    from ecobureau.core.models import Division
    from ecobureau.enterprises.models import Enterprise, Outlet, Permit
    from ecobureau.lib.dates import SHANGHAI
    from ecobureau.monitoring.models import (
        DischargeAllowance,
        Instrument,
        SummaryReading,
    )

    district = Division.objects.filter(level=2).first() or Division.objects.create(
        code="219901", name="基准测试区", kind="district", level=2
    )
    now = timezone.now().astimezone(SHANGHAI)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    first_day = today - timedelta(days=days)
    for n in range(enterprises):
        credit_code = f"{PREFIX}{n:05d}"
        if Enterprise.objects.filter(credit_code=credit_code).exists():
            continue
        enterprise = Enterprise.objects.create(
            credit_code=credit_code,
            name=f"基准测试排污单位{n:03d}（示例数据）",
            address="基准测试",
            district=district,
        )
        permit = Permit.objects.create(
            enterprise=enterprise,
            kind=Permit.Kind.DISCHARGE,
            number=f"BENCH{n:05d}",
            valid_until=today.date() + timedelta(days=365),
        )
        for code, name, tonnes in (("w01018", "化学需氧量", 40), ("w21003", "氨氮", 4)):
            DischargeAllowance.objects.create(
                permit=permit,
                enterprise=enterprise,
                pollutant_code=code,
                pollutant_name=name,
                yearly_tonnes=tonnes,
                method=DischargeAllowance.Method.CONTINUOUS,
                route=DischargeAllowance.Route.DIRECT,
            )
        outlet = Outlet.objects.create(
            enterprise=enterprise, code="DW001", name="基准测试", kind="water"
        )
        instrument = Instrument.objects.create(
            mn=f"BENCHPUBLIC{n:013d}",
            enterprise=enterprise,
            outlet=outlet,
            system_code="32",
        )
        daily = n % 3 != 2
        rows = []
        hours = int((now - first_day).total_seconds() // 3600)
        for k in range(hours):
            at = first_day + timedelta(hours=k)
            for code, value in (
                ("w01018", 30.0 + (n + k) % 11),
                ("w21003", 2.0 + (n + k) % 5 / 10),
                ("w00000", 10.0 + n % 7),
            ):
                rows.append(
                    SummaryReading(
                        instrument=instrument,
                        code=code,
                        cn=2061,
                        data_time=at,
                        pno=0,
                        field="Avg",
                        value=value,
                        flag="N",
                        received_at=at + timedelta(minutes=5),
                    )
                )
        if daily:
            for k in range(days):
                at = first_day + timedelta(days=k)
                for code, field, value in (
                    ("w01018", "Avg", 35.0 + n % 4),
                    ("w21003", "Avg", 2.5),
                    ("w00000", "Cou", 864.0 + n % 9),
                ):
                    rows.append(
                        SummaryReading(
                            instrument=instrument,
                            code=code,
                            cn=2031,
                            data_time=at,
                            pno=0,
                            field=field,
                            value=value,
                            flag="N",
                            received_at=at + timedelta(days=1, minutes=10),
                        )
                    )
        SummaryReading.objects.bulk_create(rows, batch_size=2000)


def _time(client: Any, url: str, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, cpus, queries = [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return {
        "url": url,
        "median_seconds": round(statistics.median(walls), 4),
        "max_seconds": round(max(walls), 4),
        "median_cpu_seconds": round(statistics.median(cpus), 4),
        "queries": queries,
        "rows": response.content.decode().count('data-testid="discharge-row"'),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=300)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", default="")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.test import Client

    serve_in_process()

    began = time.perf_counter()
    _seed(args.enterprises, args.days)
    seeded = round(time.perf_counter() - began, 1)
    result: dict[str, Any] = {
        "engine": connection.vendor,
        "label": args.label,
        "enterprises": args.enterprises,
        "days": args.days,
        "seed_seconds": seeded,
    }

    from ecobureau.monitoring import services

    refresh = getattr(services, "discharge_summary_refresh", None)
    if refresh is not None:
        for name, full in (("rebuild", True), ("refresh", False), ("again", False)):
            began, cpu = time.perf_counter(), time.process_time()
            outcome = refresh(full=full)
            result[f"summary_{name}"] = {
                "seconds": round(time.perf_counter() - began, 3),
                "cpu_seconds": round(time.process_time() - cpu, 3),
                "enterprise_days": outcome.enterprise_days,
            }
        result["summary_matches_scratch"] = _compare()

    client = Client()
    base = "/monitoring/public/discharge/"
    result["pages"] = [
        _time(client, base, args.runs),
        _time(client, base + "?page=10", args.runs),
        _time(client, base + "?q=" + "排污单位12", args.runs),
    ]
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(base)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        print(out.getvalue())
    RESULTS.mkdir(exist_ok=True)
    suffix = f"-{args.label}" if args.label else ""
    (RESULTS / f"monitoring-public-{connection.vendor}{suffix}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))


def _compare() -> dict[str, int]:
    """Every bench enterprise's stored actual totals against `year_totals`
    computed from scratch with the same cut-off (the last refresh)."""
    from ecobureau.monitoring import discharge, selectors, selectors_discharge
    from ecobureau.monitoring.models import Instrument

    computed_at = selectors.discharge_summary_computed_at()
    assert computed_at is not None
    year = computed_at.astimezone(discharge.SHANGHAI).year
    ids = list(
        selectors.discharge_enterprises_public().filter(credit_code__startswith=PREFIX)
    )
    stored = selectors_discharge._actual_stored(ids, year)
    checked = mismatched = 0
    for enterprise_id in ids:
        instruments = list(Instrument.objects.filter(enterprise_id=enterprise_id))
        totals = discharge.year_totals(instruments, year, until=computed_at)
        for code, total in totals.items():
            checked += 1
            mismatched += stored[enterprise_id].get(code) != total.tonnes_decimal
        mismatched += len(set(stored[enterprise_id]) - set(totals))
    return {"figures_checked": checked, "mismatched": mismatched}


if __name__ == "__main__":
    main()
