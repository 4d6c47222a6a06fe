"""Public disclosure lists at volume: the 信息公开目录, the key-discharger list
(page 1, a far page, a search) and its Excel and CSV exports, and the 挂牌督办 list
(page 1, a far page, a search, exports), read by an anonymous visitor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        python -m bench.portal_disclosure [--enterprises 20000] [--cases 10000] \
        [--requests 20]

Migrates the database of DATABASE_URL, loads the reference data, tops it up with
`--enterprises` enterprises (bench.generate: about 3 in 7 are key sources) and, for
each key source, two outlets with two limits each (bulk inserts), and `--cases`
enforcement cases with a 挂牌督办 listing on one in five (bench.enforcement_pages'
generators: about 2,000 listings, one in four lifted). Then requests each
page `--requests` times in process with the test client (view + template + SQL, no
HTTP server) and counts SQL queries per page. p50/p95/max in ms; exports are timed
once per request like the pages. Results go to bench/results/portal-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date

from bench.enforcement_pages import RESULTS, measure, setup


def _outlets() -> int:
    from ecobureau.enterprises.models import EmissionLimit, Enterprise, Outlet

    ids = list(
        Enterprise.objects.filter(name__startswith="基准测试")
        .exclude(key_source="")
        .exclude(outlets__isnull=False)
        .values_list("pk", flat=True)
    )
    outlets = [
        Outlet(
            enterprise_id=pk, code=f"D{kind[0].upper()}00{n}", name="排放口", kind=kind
        )
        for pk in ids
        for n, kind in ((1, "gas"), (2, "water"))
    ]
    Outlet.objects.bulk_create(outlets, batch_size=5000)
    limits = [
        EmissionLimit(
            outlet=outlet,
            pollutant_code=code,
            pollutant_name=name,
            limit_value=50,
            standard=standard,
            effective_from=date(2024, 1, 1),
        )
        for outlet in Outlet.objects.filter(enterprise_id__in=ids)
        for code, name, standard in (
            ("a21026", "二氧化硫", "GB 13271-2014"),
            ("w01018", "化学需氧量", "GB 8978-1996"),
        )
    ]
    EmissionLimit.objects.bulk_create(limits, batch_size=5000)
    return len(ids)


PAGES = (
    ("disclosure index", "/disclosure/"),
    ("key dischargers p1", "/disclosure/key-dischargers/"),
    ("key dischargers p100", "/disclosure/key-dischargers/?page=100"),
    ("key dischargers search", "/disclosure/key-dischargers/?q=000123"),
    ("key dischargers xlsx", "/disclosure/key-dischargers/?format=xlsx"),
    ("key dischargers csv", "/disclosure/key-dischargers/?format=csv"),
    ("officers", "/disclosure/officers/"),
    ("licences", "/disclosure/licences/"),
    ("inspection items", "/disclosure/inspection-items/"),
    ("挂牌督办 p1", "/disclosure/listed-supervision/"),
    ("挂牌督办 p50", "/disclosure/listed-supervision/?page=50"),
    ("挂牌督办 search", "/disclosure/listed-supervision/?q=%E3%80%95123%E5%8F%B7"),
    ("挂牌督办 xlsx", "/disclosure/listed-supervision/?format=xlsx"),
    ("挂牌督办 csv", "/disclosure/listed-supervision/?format=csv"),
    ("assessment results", "/disclosure/assessment/"),
)


def _supervisions(cases: int, rng: random.Random) -> None:
    from bench import enforcement_pages
    from ecobureau.enforcement.models import ListedSupervision

    if ListedSupervision.objects.exists():
        return  # a rerun on the same database reuses the rows
    people = enforcement_pages._people()
    enforcement_pages.generate(people, 0, cases, rng)
    enforcement_pages.supervisions(people, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.generate import _context, _enterprises

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off
    _enterprises(_context(), args.enterprises, random.Random(20261123))
    new = _outlets()
    _supervisions(args.cases, random.Random(20261125))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"data ready in {time.monotonic() - started:.0f} s ({new} new key sources)",
        file=sys.stderr,
    )
    client = Client()
    results = {}
    for label, path in PAGES:
        results[label] = row = measure(client, path, args.requests)
        print(
            f"{label:26} p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  "
            f"max {row['max_ms']:8.1f} ms  {row['queries']} queries"
        )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"portal-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {
                "enterprises": args.enterprises,
                "cases": args.cases,
                "requests": args.requests,
                "pages": results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"total {time.monotonic() - started:.0f} s → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
