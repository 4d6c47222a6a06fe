"""The yearly double-random draw and supervision plan at city scale: 100,000
enterprises, 2,000 credentialed inspectors.

    python manage.py load_reference
    python -m bench.grid_draw [--enterprises 100000] [--inspectors 2000]

Tops the registry up to `--enterprises` (bench.generate's 基准测试 enterprises) and
creates the inspectors (基准测试执法人员, no usable password, credential numbers,
a few hundred declared conflicts of interest and 98 positive-list enterprises, as
seed 004 has). Then it times, on DATABASE_URL:

1. the plan: every enterprise classified A/B/C by the rule, its supervision file
   and due date written, each decision a record entry (`supervision_sync`);
2. the commitment: pools frozen, seed committed (`draw_commit`);
3. the draw: lib.draw, then one inspection task per drawn enterprise with its team,
   the record entry and each inspector's notice (`draw_execute`);
4. the public re-run of the published file (`lib.draw.verify`);
5. the morning's due reminders over the whole calendar (`supervision_remind`).

Ratios are a yearly plan's: C 100 %, B 25 %, A 5 % (example configuration).
Results go to results/grid-draw-<engine>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from decimal import Decimal

from bench.generate import RESULTS, SEED, _context, _enterprises, setup

PERCENTS = {"C": Decimal(100), "B": Decimal(25), "A": Decimal(5)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--inspectors", type=int, default=2_000)
    args = parser.parse_args()
    setup()
    from django.db import connection

    rng = random.Random(SEED)
    RESULTS.mkdir(exist_ok=True)
    context = _context()
    _enterprises(context, args.enterprises, rng)
    planner, inspectors = _people(args.inspectors)
    _conflicts_and_positive_list(planner, inspectors, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report: dict[str, object] = {"engine": connection.vendor}
    report.update(_run(planner, inspectors))
    path = RESULTS / f"grid-draw-{connection.vendor}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))


def _people(count: int):  # type: ignore[no-untyped-def]
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from ecobureau.accounts.models import Role, Unit, User

    team = Unit.objects.filter(kind=Unit.Kind.TEAM).first()
    officer_role = Role.objects.get(code="enforcement_officer")
    head_role = Role.objects.get(code="enforcement_head")
    planner, _ = User.objects.update_or_create(
        username="bench-grid-planner",
        defaults={
            "full_name": "基准测试检查计划负责人",
            "kind": User.Kind.STAFF,
            "scope": User.Scope.CITY,
            "unit": team,
            "credential_no": "BENCH0000000",
            "password": UNUSABLE_PASSWORD_PREFIX,
        },
    )
    planner.roles.set([head_role])
    existing = User.objects.filter(username__startswith="bench-inspector-").count()
    User.objects.bulk_create(
        [
            User(
                username=f"bench-inspector-{n:05d}",
                full_name=f"基准测试执法人员{n:05d}",
                kind=User.Kind.STAFF,
                scope=User.Scope.CITY,
                unit=team,
                credential_no=f"BENCH{n:07d}",
                password=UNUSABLE_PASSWORD_PREFIX,
            )
            for n in range(existing, count)
        ],
        batch_size=1000,
    )
    inspectors = list(
        User.objects.filter(username__startswith="bench-inspector-")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    through = User.roles.through
    have = set(
        through.objects.filter(role=officer_role, user_id__in=inspectors).values_list(
            "user_id", flat=True
        )
    )
    through.objects.bulk_create(
        [
            through(user_id=pk, role_id=officer_role.pk)
            for pk in inspectors
            if pk not in have
        ],
        batch_size=2000,
    )
    return planner, inspectors


def _conflicts_and_positive_list(planner, inspectors, rng) -> None:  # type: ignore[no-untyped-def]
    from ecobureau.enterprises.models import Enterprise, PositiveListEntry
    from ecobureau.grid.models import InspectorConflict

    ids = list(
        Enterprise.objects.filter(name__startswith="基准测试").values_list(
            "pk", flat=True
        )
    )
    if not InspectorConflict.objects.filter(declared_by=planner).exists():
        pairs = {(rng.choice(inspectors), rng.choice(ids)) for _ in range(500)}
        InspectorConflict.objects.bulk_create(
            [
                InspectorConflict(
                    inspector_id=i,
                    enterprise_id=e,
                    reason="基准测试回避",
                    declared_by=planner,
                )
                for i, e in pairs
            ]
        )
    if not PositiveListEntry.objects.filter(added_reason="基准测试").exists():
        PositiveListEntry.objects.bulk_create(
            [
                PositiveListEntry(
                    enterprise_id=pk,
                    added_on=date(2026, 1, 1),
                    added_reason="基准测试",
                    added_by=planner,
                )
                for pk in rng.sample(ids, 98)
            ],
            ignore_conflicts=True,
        )


def _run(planner, inspectors) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from django.db.models import Count

    from ecobureau.core.models import Division, Record
    from ecobureau.grid import services
    from ecobureau.grid.models import EnterpriseSupervision, InspectionTask
    from ecobureau.lib import draw as lib_draw

    out: dict[str, object] = {}
    before = Record.objects.count()
    started = time.perf_counter()
    sync = services.supervision_sync(by=planner)
    out["plan_classify_seconds"] = round(time.perf_counter() - started, 2)
    out["plan_created"], out["plan_changed"] = sync.created, sync.changed
    out["plan_record_entries"] = Record.objects.count() - before
    out["classes"] = {
        row["klass"]: row["n"]
        for row in EnterpriseSupervision.objects.values("klass").annotate(n=Count("pk"))
    }
    rerun = time.perf_counter()
    services.supervision_sync(by=planner)
    out["plan_rerun_seconds"] = round(time.perf_counter() - rerun, 2)

    city = Division.objects.get(level=1)
    started = time.perf_counter()
    draw = services.draw_commit(
        spec=services.DrawSpec(
            title="基准测试年度双随机抽查",
            year=2026,
            division=city,
            due_by=date(2026, 12, 31),
            percents=PERCENTS,
            team_size=2,
        ),
        by=planner,
    )
    out["commit_seconds"] = round(time.perf_counter() - started, 2)
    out["pool_enterprises"] = draw.enterprise_count
    out["pool_inspectors"] = draw.inspector_count
    out["pools_json_bytes"] = len(draw.pools.encode())

    started = time.perf_counter()
    services.draw_execute(draw=draw, public_entropy="基准测试", by=planner)
    out["draw_seconds"] = round(time.perf_counter() - started, 2)
    draw.refresh_from_db()
    out["drawn"] = draw.drawn_count
    tasks = InspectionTask.objects.filter(draw=draw)
    out["tasks"] = tasks.count()
    # Fresh statistics for the tables the draw just filled: without them PostgreSQL
    # plans the per-inspector count below as a nested loop over every pair.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE grid_inspectiontask")
        cursor.execute("ANALYZE grid_inspectiontask_inspectors")
    loads = list(
        InspectionTask.inspectors.through.objects.filter(inspectiontask__draw=draw)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
    out["inspector_load_min_max"] = [min(loads), max(loads)] if loads else []

    data = json.loads(draw.result)
    started = time.perf_counter()
    problems = lib_draw.verify(data)
    out["public_verify_seconds"] = round(time.perf_counter() - started, 2)
    out["public_verify_ok"] = problems == []
    out["published_json_bytes"] = len(draw.result.encode())

    from ecobureau.accounts.models import User

    officers = list(User.objects.filter(pk__in=inspectors[:200]))
    rows = list(
        EnterpriseSupervision.objects.order_by("pk").values_list("pk", flat=True)
    )
    # Spread the calendar over 200 officers, as a bureau assigns responsibility.
    for n, officer in enumerate(officers):
        EnterpriseSupervision.objects.filter(pk__in=rows[n :: len(officers)]).update(
            officer=officer, reminded_for=None
        )
    from datetime import datetime

    from ecobureau.lib.dates import SHANGHAI

    started = time.perf_counter()
    reminded = services.supervision_remind(
        now=datetime(2027, 1, 3, 7, 30, tzinfo=SHANGHAI)
    )
    out["remind_seconds"] = round(time.perf_counter() - started, 2)
    out["reminded_enterprises"] = reminded
    started = time.perf_counter()
    again = services.supervision_remind(
        now=datetime(2027, 1, 3, 7, 30, tzinfo=SHANGHAI)
    )
    out["remind_rerun_seconds"] = round(time.perf_counter() - started, 3)
    out["remind_rerun_reminded"] = again
    return out


if __name__ == "__main__":
    sys.exit(main())
