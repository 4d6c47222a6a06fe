"""Generate benchmark volumes: enterprises, open work items, open clocks.

    python -m bench.generate --enterprises 100000 --work-items 1000000 [--clocks 0]

Writes into the database of DATABASE_URL (reference data must be loaded first:
`python manage.py load_reference`). Everything generated is labelled 基准测试数据
(benchmark data) in its name or title. The spread is realistic rather than uniform:
districts get different shares (the busiest, 铁东区, holds about 16 %), items spread
over the sub-bureaus and sections, and urgencies follow a working bureau (most items
running, some due soon, a few overdue or paused).

Staff for the benchmark are created with a random password written to
bench/results/logins.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import django

RESULTS = Path(__file__).resolve().parent / "results"
SEED = 20261122

# Shares of the city's enterprises and work by level-2 division code (Anshan).
DISTRICT_WEIGHTS = {
    "210302": 16,
    "210303": 13,
    "210304": 11,
    "210311": 10,
    "210321": 9,
    "210323": 7,
    "210381": 20,
    "2103Z1": 7,
    "2103Z2": 2,
    "2103Z3": 5,
}


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecobureau.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    django.setup()


def serve_in_process() -> None:
    """Settings for pages requested in-process with the test client: its host
    allowed, and plain static URLs (no collectstatic manifest needed)."""
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--work-items", type=int, default=1_000_000)
    parser.add_argument(
        "--clocks", type=int, default=0, help="open clocks (sweep benchmark)"
    )
    parser.add_argument(
        "--crossing", type=int, default=20_000, help="clocks past their line"
    )
    args = parser.parse_args()
    setup()
    rng = random.Random(SEED)
    RESULTS.mkdir(exist_ok=True)
    started = time.monotonic()
    context = _context()
    logins = _staff(context, rng)
    if args.enterprises:
        _enterprises(context, args.enterprises, rng)
    if args.work_items:
        _work_items(context, args.work_items, rng, logins)
    if args.clocks:
        _clocks(context, args.clocks, args.crossing, rng)
    _analyze()
    from django.db import connection

    (RESULTS / f"logins-{connection.vendor}.json").write_text(
        json.dumps(logins, ensure_ascii=False, indent=2)
    )
    print(f"generated in {time.monotonic() - started:.1f} s", file=sys.stderr)


def _context() -> dict[str, object]:
    from ecobureau.accounts.models import Unit
    from ecobureau.core.models import Division

    districts = {d.code: d for d in Division.objects.filter(level=2)}
    missing = set(DISTRICT_WEIGHTS) - set(districts)
    if missing:
        raise SystemExit(f"load_reference first (missing divisions {sorted(missing)})")
    townships: dict[int, list[int]] = {}
    for pk, parent in Division.objects.filter(level=3).values_list("pk", "parent_id"):
        townships.setdefault(parent, []).append(pk)
    sub_bureaus = {
        u.division_id: u for u in Unit.objects.filter(kind=Unit.Kind.SUB_BUREAU)
    }
    sections = list(Unit.objects.filter(kind__in=[Unit.Kind.SECTION, Unit.Kind.TEAM]))
    return {
        "districts": districts,
        "townships": townships,
        "sub_bureaus": sub_bureaus,
        "sections": sections,
    }


def _weighted_district(context: dict, rng: random.Random):  # type: ignore[no-untyped-def]
    codes = list(DISTRICT_WEIGHTS)
    code = rng.choices(codes, weights=[DISTRICT_WEIGHTS[c] for c in codes])[0]
    return context["districts"][code]


def _staff(context: dict, rng: random.Random) -> dict[str, dict[str, str]]:
    """Benchmark personas: a city-wide leader and the 铁东区 sub-bureau head, plus
    officers in every sub-bureau to carry assigned items."""
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

    from ecobureau.accounts.models import Role, User

    password = f"Bench-{secrets.token_urlsafe(8)}9a"
    leader_role = Role.objects.get(code="bureau_leader")
    head_role = Role.objects.get(code="sub_bureau_head")
    staff_role = Role.objects.get(code="sub_bureau_staff")
    tiedong = context["districts"]["210302"]
    personas = {
        "bench-city-leader": (User.Scope.CITY, None, leader_role, None),
        "bench-tiedong-head": (
            User.Scope.DIVISION,
            tiedong,
            head_role,
            context["sub_bureaus"].get(tiedong.pk),
        ),
    }
    for username, (scope, division, role, unit) in personas.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": f"基准测试{username}",
                "kind": User.Kind.STAFF,
                "scope": scope,
                "scope_division": division,
                "unit": unit,
            },
        )
        user.set_password(password)
        user.save()
        user.roles.set([role])
    if not User.objects.filter(username__startswith="bench-officer-").exists():
        officers = []
        for district in context["districts"].values():
            unit = context["sub_bureaus"].get(district.pk)
            for n in range(200):
                officers.append(
                    User(
                        username=f"bench-officer-{district.code}-{n}",
                        full_name=f"基准测试人员{n}",
                        kind=User.Kind.STAFF,
                        unit=unit,
                        scope=User.Scope.DIVISION,
                        scope_division=district,
                        password=UNUSABLE_PASSWORD_PREFIX,  # never logs in
                    )
                )
        User.objects.bulk_create(officers, batch_size=1000)
        through = User.roles.through
        through.objects.bulk_create(
            [
                through(user_id=u.pk, role_id=staff_role.pk)
                for u in User.objects.filter(username__startswith="bench-officer-")
            ],
            batch_size=2000,
        )
    return {name: {"username": name, "password": password} for name in personas}


def _enterprises(context: dict, count: int, rng: random.Random) -> None:
    from ecobureau.enterprises.models import Enterprise
    from ecobureau.lib import credit_code

    existing = Enterprise.objects.filter(name__startswith="基准测试").count()
    now = datetime.now(UTC)
    rows = []
    for n in range(existing, count):
        district = _weighted_district(context, rng)
        townships = context["townships"].get(district.pk) or [None]
        body = f"91{district.code[:6].replace('Z', '9')}{n:09d}"
        body = body[:17]
        code = body + credit_code.check_character(body)
        unit = context["sub_bureaus"].get(district.pk)
        rows.append(
            (
                code,
                f"基准测试企业{n:06d}有限公司",
                f"基准测试路{n % 997}号",
                district.pk,
                rng.choice(townships),
                rng.choice(["large", "medium", "small", "small", "micro", "micro"]),
                rng.choice(["", "", "", "", "municipal", "provincial", "national"]),
                rng.choice(["operating"] * 8 + ["suspended", "closed"]),
                unit.pk if unit else None,
                now,
                now,
            )
        )
    columns = [
        "credit_code",
        "name",
        "address",
        "district_id",
        "township_id",
        "size",
        "key_source",
        "status",
        "supervising_unit_id",
        "created_at",
        "updated_at",
    ]
    defaults = {
        "industry_code": "",
        "industry_name": "",
        "legal_representative": "",
        "contact_name": "",
        "contact_phone": "",
        "permit_category": "",
        "note": "",
        "longitude": None,
        "latitude": None,
    }
    _bulk_insert(Enterprise._meta.db_table, columns, rows, defaults)


def _work_items(context: dict, count: int, rng: random.Random, logins: dict) -> None:
    from ecobureau.accounts.models import User
    from ecobureau.casework.models import WorkItem

    officers: dict[int, list[int]] = {}
    for pk, division in User.objects.filter(
        username__startswith="bench-officer-"
    ).values_list("pk", "scope_division_id"):
        officers.setdefault(division, []).append(pk)
    existing = WorkItem.objects.filter(title__startswith="基准测试").count()
    now = datetime.now(UTC)
    kinds = [
        "permits.application",
        "complaints.complaint",
        "enforcement.case",
        "grid.transfer",
        "rectification.item",
    ]
    urgencies = [1] * 82 + [2] * 10 + [3] * 5 + [0] * 3
    rows = []
    for n in range(existing, count):
        district = _weighted_district(context, rng)
        townships = context["townships"].get(district.pk) or [None]
        urgency = rng.choice(urgencies)
        offset_days = {3: -rng.randint(1, 40), 2: rng.randint(0, 3)}.get(
            urgency, rng.randint(4, 90)
        )
        due = now + timedelta(days=offset_days, minutes=rng.randint(0, 1440))
        assigned = rng.random() < 0.7
        unit = (
            context["sub_bureaus"].get(district.pk)
            if rng.random() < 0.8
            else rng.choice(context["sections"])
        )
        rows.append(
            (
                rng.choice(kinds),
                "bench.target",
                n,
                f"基准测试事项{n:07d}",
                "review",
                "open",
                urgency,
                due,
                rng.choice(officers.get(district.pk, [None])) if assigned else None,
                unit.pk if unit else None,
                district.pk,
                rng.choice(townships),
                now,
            )
        )
    columns = [
        "kind",
        "target_type",
        "target_id",
        "title",
        "step",
        "state",
        "urgency",
        "due_at",
        "assignee_id",
        "unit_id",
        "district_id",
        "township_id",
        "created_at",
    ]
    _bulk_insert(
        WorkItem._meta.db_table,
        columns,
        rows,
        {"clock_id": None, "closed_at": None, "step_label": "审查"},
    )


def _clocks(context: dict, count: int, crossing: int, rng: random.Random) -> None:
    """Open clocks with a responsible officer and unit: `crossing` of them past
    their due-soon (half) or overdue (half) line now, the rest weeks away."""
    from ecobureau.accounts.models import User
    from ecobureau.casework.models import Clock

    officers: dict[int, list[int]] = {}
    for pk, division in User.objects.filter(
        username__startswith="bench-officer-"
    ).values_list("pk", "scope_division_id"):
        officers.setdefault(division, []).append(pk)
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        district = _weighted_district(context, rng)
        unit = context["sub_bureaus"].get(district.pk)
        if n < crossing // 2:  # past the deadline
            due = now - timedelta(hours=rng.randint(1, 48))
            due_soon = due - timedelta(days=4)
        elif n < crossing:  # inside the due-soon window
            due = now + timedelta(hours=rng.randint(2, 48))
            due_soon = now - timedelta(minutes=rng.randint(1, 600))
        else:
            due = now + timedelta(days=rng.randint(10, 120))
            due_soon = due - timedelta(days=4)
        rows.append(
            (
                "bench.target",
                n,
                "review",
                "基准测试时限",
                "",
                20,
                "days",
                due - timedelta(days=20),
                due,
                due_soon,
                False,
                "running",
                district.pk,
                rng.choice(officers.get(district.pk, [None])),
                unit.pk if unit else None,
                now,
                now,
            )
        )
    columns = [
        "target_type",
        "target_id",
        "step",
        "label",
        "basis",
        "amount",
        "unit",
        "started_at",
        "due_at",
        "due_soon_at",
        "provisional",
        "state",
        "district_id",
        "responsible_id",
        "responsible_unit_id",
        "created_at",
        "updated_at",
    ]
    _bulk_insert(
        Clock._meta.db_table,
        columns,
        rows,
        {
            "target_amount": None,
            "end_time": None,
            "target_due_at": None,
            "stopped_at": None,
            "township_id": None,
        },
    )


def _bulk_insert(
    table: str, columns: list[str], rows: list[tuple], defaults: dict[str, object]
) -> None:
    from django.db import connection, transaction

    all_columns = columns + list(defaults)
    started = time.monotonic()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                copy_sql = f"COPY {table} ({', '.join(all_columns)}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row((*row, *defaults.values()))
        else:
            placeholders = ", ".join(["%s"] * len(all_columns))
            sql = f"INSERT INTO {table} ({', '.join(all_columns)}) VALUES ({placeholders})"  # noqa: S608
            with connection.cursor() as cursor:
                for start in range(0, len(rows), 5000):
                    cursor.executemany(
                        sql,
                        [
                            (*row, *defaults.values())
                            for row in rows[start : start + 5000]
                        ],
                    )
    print(
        f"{table}: {len(rows)} rows in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
