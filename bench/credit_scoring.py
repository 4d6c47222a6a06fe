"""Credit scoring for a whole city's evaluation year (issue 12).

    DATABASE_URL=sqlite:///bench/results/credit.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:///bench/results/credit.sqlite3 \\
        python -m bench.credit_scoring [--enterprises 577]

Writes `--enterprises` bench enterprises (基准测试, 示例数据; default 577 = seed 004's
147 key + 430 general; `--enterprises 3000` for a large city), each with 3 exceedance
clues, 1 anomaly clue, for one in four a complaint found true, for one in three
an enforcement case with a decided penalty (行政处罚决定), and for one in ten a graded
environmental emergency (one in twenty of them 较大: mandatory scope, C4), all in the
rated year. Then reads every
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

    from ecobureau.accounts.models import User
    from ecobureau.complaints.models import Complaint
    from ecobureau.core.models import Division
    from ecobureau.credit import facts, scoring, selectors, services
    from ecobureau.credit.models import Scheme
    from ecobureau.emergencies.models import Incident
    from ecobureau.enforcement.models import EnforcementCase, PenaltyDecision
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
        officer, _ = User.objects.get_or_create(
            username="bench-credit", defaults={"full_name": "基准测试（示例数据）"}
        )
        cases = EnforcementCase.objects.bulk_create(
            (
                EnforcementCase(
                    enterprise=e,
                    source=EnforcementCase.Source.INSPECTION,
                    start_reason="基准测试",
                    facts="基准测试",
                    created_by=officer,
                    filed_at=start,
                    status="decided",
                )
                for e in made
                if e.pk % 3 == 0
            ),
            batch_size=2000,
        )
        PenaltyDecision.objects.bulk_create(
            (
                PenaltyDecision(
                    case=case,
                    procedure=PenaltyDecision.Procedure.ORDINARY,
                    fine=60000 if case.pk % 2 else 20000,
                    facts="基准测试",
                    legal_basis="基准测试",
                    decided_at=start + timedelta(days=40),
                    created_by=officer,
                )
                for case in cases
            ),
            batch_size=2000,
        )

    if not Incident.objects.filter(title__startswith="基准测试").exists():
        Incident.objects.bulk_create(
            (
                Incident(
                    title="基准测试突发环境事件（示例数据）",
                    source=Incident.Source.MONITORING,
                    enterprise_id=pk,
                    district=district,
                    place="基准测试",
                    summary="基准测试",
                    received_at=start,
                    occurred_at=start,
                    grade="larger" if pk % 20 == 0 else "general",
                    status="responding",
                )
                for pk in Enterprise.objects.filter(
                    credit_code__startswith=prefix
                ).values_list("pk", flat=True)
                if pk % 10 == 0
            ),
            batch_size=2000,
        )

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
    from ecobureau.credit.models import EvaluationYear

    year_row = EvaluationYear(year=args.year)  # not saved: scope_candidates reads .year
    with CaptureQueriesContext(connection) as queries:
        w0, t0 = time.perf_counter(), time.process_time()
        found = facts.facts_for(ids, args.year)
        w1, t1 = time.perf_counter(), time.process_time()
        facts_queries = len(queries)
        results = [scoring.score(spec, found.get(pk, [])) for pk in ids]
        t2 = time.process_time()
        candidates = services.scope_candidates(year_row)
        w3, t3 = time.perf_counter(), time.process_time()
    result = {
        "engine": connection.vendor,
        "enterprises": len(ids),
        "facts": sum(len(v) for v in found.values()),
        "queries": len(queries),
        "facts_queries": facts_queries,
        "facts_cpu_seconds": round(t1 - t0, 3),
        "facts_wall_seconds": round(w1 - w0, 3),
        "scoring_cpu_seconds": round(t2 - t1, 3),
        "lines": sum(len(r.lines) for r in results),
        "penalty_lines": sum(
            1
            for r in results
            for line in r.lines
            if line.ref.startswith("enforcement.penalty")
        ),
        "incident_lines": sum(
            1
            for r in results
            for line in r.lines
            if line.ref.startswith("emergencies.")
        ),
        "scope_candidates": len(candidates),
        "scope_by_incident": sum(1 for _, why in candidates if "突发环境事件" in why),
        "scope_cpu_seconds": round(t3 - t2, 3),
        "total_wall_seconds": round(w3 - w0, 3),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"credit-scoring-{connection.vendor}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
