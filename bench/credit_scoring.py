"""Credit scoring for a whole city's evaluation year (issue 12).

    DATABASE_URL=sqlite:///bench/results/credit.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///bench/results/credit.sqlite3 \\
        python -m bench.credit_scoring [--enterprises 577]

Writes `--enterprises` bench enterprises (基准测试, 示例数据; default 577 = seed 004's
147 key + 430 general), each with 3 exceedance clues, 1 anomaly clue and, for one
in four, a complaint found true, all in the rated year. Then reads every
enterprise's facts with `credit.facts.facts_for` (what pre-scoring and the scope
suggestion do) and scores them all with the pure `credit.scoring.score`, counting
queries. Results go to results/credit-scoring-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timedelta

from bench.generate import RESULTS, setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=577)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ecobureau.complaints.models import Complaint
    from ecobureau.core.models import Division
    from ecobureau.credit import facts, scoring, selectors, services
    from ecobureau.credit.models import Scheme
    from ecobureau.enterprises.models import Enterprise
    from ecobureau.lib.dates import SHANGHAI
    from ecobureau.monitoring.models import Clue

    district = Division.objects.filter(level=2).first() or Division.objects.create(
        code="219902", name="基准测试区", kind="district", level=2
    )
    prefix = "91BENCHCREDIT"
    existing = Enterprise.objects.filter(credit_code__startswith=prefix).count()
    start = datetime(args.year, 3, 1, 10, tzinfo=SHANGHAI)
    if existing < args.enterprises:
        made = Enterprise.objects.bulk_create(
            Enterprise(
                credit_code=f"{prefix}{n:05d}",
                name=f"基准测试信用企业{n}（示例数据）",
                address="基准测试",
                district=district,
            )
            for n in range(existing, args.enterprises)
        )
        clues = []
        complaints = []
        for e in made:
            for k in range(4):
                clues.append(
                    Clue(
                        number=f"BC{e.pk:07d}{k}",
                        source=Clue.Source.ANOMALY
                        if k == 3
                        else Clue.Source.EXCEEDANCE,
                        enterprise=e,
                        title="基准测试线索",
                        detected_at=start + timedelta(days=30 * k),
                    )
                )
            if e.pk % 4 == 0:
                complaints.append(
                    Complaint(
                        tracking_code=f"BC{e.pk:010d}",
                        channel=Complaint.Channel.PORTAL,
                        received_at=start,
                        text="基准测试",
                        place="基准测试",
                        enterprise=e,
                        finding=Complaint.Finding.TRUE,
                        handled_at=start + timedelta(days=5),
                        status=Complaint.Status.CLOSED,
                    )
                )
        Clue.objects.bulk_create(clues, batch_size=2000)
        Complaint.objects.bulk_create(complaints, batch_size=2000)

    services.schemes_install()
    spec = selectors.scheme_spec(
        Scheme.objects.prefetch_related("indicators", "grades", "vetoes").get(
            code="liaoning-2022"
        )
    )
    ids = list(
        Enterprise.objects.filter(credit_code__startswith=prefix).values_list(
            "pk", flat=True
        )[: args.enterprises]
    )
    with CaptureQueriesContext(connection) as queries:
        t0 = time.process_time()
        found = facts.facts_for(ids, args.year)
        t1 = time.process_time()
        results = [scoring.score(spec, found.get(pk, [])) for pk in ids]
        t2 = time.process_time()
    result = {
        "engine": connection.vendor,
        "enterprises": len(ids),
        "facts": sum(len(v) for v in found.values()),
        "queries": len(queries),
        "facts_cpu_seconds": round(t1 - t0, 3),
        "scoring_cpu_seconds": round(t2 - t1, 3),
        "lines": sum(len(r.lines) for r in results),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"credit-scoring-{connection.vendor}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
