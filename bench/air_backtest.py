"""The forecast backtest on the Beijing research data (issue 8), timed.

    python -m bench.air_backtest [--data DIR]

Runs `air backtest` on the twelve stations (2013-03-01 … 2017-02-28, ≈ 420,000
hourly rows): train on 2013-03-01 … 2016-02-29, test 2016-03-01 … 2017-02-28,
every forecast issued at 14:00 from the hours before it. Three runs:

1. the headline, under the standard in force in the test year (HJ 633—2012);
2. the same under HJ 633—2026, for comparison (not the standard of 2016);
3. the labelled future-weather run (observed weather of the target days stands
   in for a forecast) — never the headline.

Each run's whole output and its wall time go to results/air-backtest.json and
results/air-backtest-<n>.txt. Needs no database rows (reads the files).
"""

from __future__ import annotations

import argparse
import json
import time
from io import StringIO
from pathlib import Path

from bench.generate import RESULTS, setup

RUNS = (
    ("headline", []),
    ("hj633-2026", ["--standard", "HJ633-2026"]),
    ("future-weather", ["--future-weather"]),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="目录：PRSA_Data_*.csv.gz")
    parser.add_argument("--only", choices=[name for name, _ in RUNS])
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    files = []
    if args.data:
        files = [str(p) for p in sorted(args.data.glob("PRSA_Data_*.csv.gz"))]
    RESULTS.mkdir(exist_ok=True)
    report: dict[str, object] = {}
    for number, (name, extra) in enumerate(RUNS, start=1):
        if args.only and name != args.only:
            continue
        out = StringIO()
        started = time.monotonic()
        call_command("air", "backtest", *files, *extra, stdout=out)
        seconds = time.monotonic() - started
        text = out.getvalue()
        (RESULTS / f"air-backtest-{number}-{name}.txt").write_text(text)
        report[name] = {
            "seconds": round(seconds, 1),
            "passed": "[未通过]" not in text,
            "timing_line": text.strip().splitlines()[-1],
        }
        print(text)
        print(f"== {name}: {seconds:.1f} s")
    (RESULTS / "air-backtest.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False)
    )
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
