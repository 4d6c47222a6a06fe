"""Duplicate lookup against a million stored complaints.

    DATABASE_URL=sqlite:///bench/results/complaints.sqlite3 \\
        python manage.py migrate
    DATABASE_URL=sqlite:///bench/results/complaints.sqlite3 \\
        python -m bench.complaints_duplicates [--complaints 1000000] [--probes 500]

Tops the database of DATABASE_URL up to `--complaints` stored complaints (基准测试
complaints, tracking codes BENCH…, spread over five years: most closed, the last
weeks open), each indexed under its keys exactly as intake indexes them
(`services.intake.own_keys`). The spread is a city's, not uniform: 20,000
enterprises named with a long tail (a few plants draw many complaints), 900
roads, 1,500 villages and 2,000 residential areas, points clustered on the urban
districts, six kinds of matter written in several ways.

How the figures in docs/modules/complaints.md were made (shared 2-core machine):
`--complaints 115000` generated one by one, then `--replicate --complaints 1000000`
copies them in SQL to new random times (see `_replicate`), then the timing below.

Then it times, for `--probes` new complaints (half re-tell a complaint of the last
month at the same plant or place, half are new), with the stored volume in place:

1. `candidates`: the indexed lookup of every complaint sharing a key with the new
   one inside the longer (repeat) window, 365 days by default;
2. `find_duplicate`: the lookup plus the `complaint-match` rule on each candidate,
   which is what a new complaint costs at intake.

p50/p95/max in milliseconds, and how many probes found their original. Results go
to results/complaints-duplicates-<engine>.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bench.generate import RESULTS, SEED, setup

YEARS = 5
BATCH = 5_000
BRAND_CHARS = (
    "华信鑫丰恒达盛泰宏远金诚瑞祥广源永兴天成东方新宇中鼎海鹏博凯荣昌隆德汇通富"
    "嘉利安康泽润晟弘铭顺祥和佳"
)
INDUSTRIES = [
    ("化工", "air"),
    ("钢铁", "air"),
    ("耐火材料", "air"),
    ("铸造", "air"),
    ("橡胶制品", "air"),
    ("食品加工", "water"),
    ("屠宰", "water"),
    ("造纸", "water"),
    ("电镀", "water"),
    ("建材", "air"),
    ("混凝土搅拌", "noise"),
    ("机械加工", "noise"),
    ("汽车修理", "air"),
    ("养殖", "water"),
    ("再生资源回收", "waste"),
]
MATTERS = {
    "air": [
        "晚上排放刺鼻气味，窗户都不敢开",
        "烟囱冒黑烟，一冒就是一上午",
        "料场露天堆放不苫盖，刮风漫天灰",
        "喷漆味道特别大，孩子一直咳嗽",
        "半夜偷偷排废气，臭味熏得睡不着觉",
    ],
    "water": [
        "夜里偷排废水，排水沟里的水发黑",
        "污水直接排进雨水井，河沟都臭了",
        "粪水直接排到河沟里，苍蝇成群",
        "下雨天趁机往河里放污水，水面全是泡沫",
    ],
    "noise": [
        "风机噪音太大，整宿嗡嗡响",
        "夜间施工打桩，声音太大吵得睡不着",
        "切割机白天晚上都响，震得玻璃直颤",
    ],
    "waste": [
        "厂外倾倒废渣，堆得像小山",
        "危险废物随意堆放，没有任何防护",
        "把废油桶扔在路边，流得满地都是",
    ],
}
OPENINGS = ["", "我是附近居民，", "反映一下，", "多次反映了，", "举报：", "你好，"]
ENDINGS = ["", "希望尽快处理。", "请环保部门管一管！", "已经好几个月了。", "谢谢。"]
ROAD_SUFFIX = ["路", "街", "大道", "道"]
DISTRICTS = ["铁东区", "铁西区", "立山区", "千山区", "海城市", "台安县", "岫岩县"]
# Urban clusters (lat, lng, spread in degrees, weight): points are not uniform.
CLUSTERS = [
    (41.108, 122.994, 0.03, 40),  # 铁东区
    (41.120, 122.950, 0.03, 20),  # 铁西区
    (41.150, 123.010, 0.03, 15),  # 立山区
    (41.050, 123.050, 0.06, 10),  # 千山区
    (40.850, 122.750, 0.08, 10),  # 海城市
    (41.400, 122.430, 0.08, 5),  # 台安县
]


def _names(rng: random.Random, count: int, width: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        name = "".join(rng.choice(BRAND_CHARS) for _ in range(width))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


class City:
    """The pools the complaints are drawn from, the same for every run."""

    def __init__(self, rng: random.Random) -> None:
        brands = _names(rng, 20_000, 3)
        self.enterprises = [
            (f"鞍山市{brand}{industry}有限公司", category)
            for brand, (industry, category) in zip(
                brands, rng.choices(INDUSTRIES, k=len(brands)), strict=True
            )
        ]
        self.roads = [
            f"{name}{rng.choice(ROAD_SUFFIX)}" for name in _names(rng, 900, 2)
        ]
        self.villages = [f"{name}村" for name in _names(rng, 1_500, 2)]
        self.areas = [f"{name}小区" for name in _names(rng, 2_000, 2)]
        # A long tail: the first plants draw far more complaints than the last.
        self.enterprise_weights = list(
            itertools.accumulate(1 / (i + 10) for i in range(len(self.enterprises)))
        )
        self.cluster_weights = list(itertools.accumulate(c[3] for c in CLUSTERS))

    def complaint(self, rng: random.Random) -> dict[str, object]:
        kind = rng.random()
        enterprise = ""
        if kind < 0.4:
            enterprise, category = rng.choices(
                self.enterprises, cum_weights=self.enterprise_weights
            )[0]
            place = f"{rng.choice(DISTRICTS)}{rng.choice(self.roads)}{rng.randint(1, 300)}号"
        elif kind < 0.7:
            category = rng.choice(list(MATTERS))
            place = f"{rng.choice(DISTRICTS)}{rng.choice(self.areas)}"
        elif kind < 0.85:
            category = rng.choice(list(MATTERS))
            place = f"{rng.choice(DISTRICTS)}{rng.choice(self.villages)}"
        else:
            category = rng.choice(list(MATTERS))
            one, other = rng.sample(self.roads, 2)
            place = f"{one}与{other}交叉口"
        data: dict[str, object] = {
            "text": self.text(rng, category),
            "place": place,
            "enterprise_name": enterprise,
            "category": category,
        }
        if rng.random() < 0.6:
            lat, lng, spread, _ = rng.choices(
                CLUSTERS, weights=[c[3] for c in CLUSTERS]
            )[0]
            data["latitude"] = Decimal(f"{rng.gauss(lat, spread):.6f}")
            data["longitude"] = Decimal(f"{rng.gauss(lng, spread):.6f}")
        return data

    @staticmethod
    def text(rng: random.Random, category: str) -> str:
        return (
            rng.choice(OPENINGS) + rng.choice(MATTERS[category]) + rng.choice(ENDINGS)
        )


def _stored() -> int:
    from ecobureau.complaints.models import Complaint

    return Complaint.objects.filter(tracking_code__startswith="BENCH").count()


def _fill(city: City, count: int, end: datetime) -> None:
    """Top the stored complaints up to `count`. Rows go in with plain batched
    INSERTs (explicit ids, every column prepared by its model field, as the ORM
    would), and each complaint's keys are the ones intake computes
    (`services.intake.own_keys`) — only the ORM's per-object overhead is saved."""

    have = _stored()
    if have >= count:
        return
    _fill_batches(city, have, count, end)


def _replicate(count: int, end: datetime) -> int:
    """Top up to `count` by copying the complaints already generated (ids 1..T,
    each with its index keys) to new random times over the five years, in SQL.
    The machine the benchmark ran on was shared and slow; generating a million
    complaints one by one in Python did not fit the time. Copies keep the
    distribution of enterprises, places, points and key fan-out of the generated
    set; only the times (and so the open / closed status) are drawn again."""
    from django.db import connection, transaction

    from ecobureau.complaints.models import Complaint

    postgres = connection.vendor == "postgresql"
    have = _stored()
    template = have
    if have >= count or template == 0:
        return 0
    table = Complaint._meta.db_table
    overridden = {"id", "tracking_code", "status", "received_at", "accepted_at"}
    overridden |= {"closed_at"}
    columns = [f.column for f in Complaint._meta.concrete_fields]
    kept = [c for c in columns if c not in overridden]
    span = int(timedelta(days=365 * YEARS).total_seconds())
    start = int((end - timedelta(seconds=span)).timestamp())
    recent = int((end - timedelta(days=45)).timestamp())
    fmt = "'%Y-%m-%d %H:%M:%S'"

    def at(seconds: str) -> str:
        if postgres:
            return f"to_timestamp({seconds})"
        return f"strftime({fmt}, {seconds}, 'unixepoch')"

    code = (
        "lpad((t.id + {o} - 1)::text, 10, '0')"
        if postgres
        else "printf('%010d', t.id + {o} - 1)"
    )
    draw = (
        "floor(random() * {span})::bigint" if postgres else "abs(random()) % {span}"
    ).format(span=span)
    started = time.monotonic()
    offset = have
    while offset < count:
        size = min(template, count - offset)
        insert = f"""
            INSERT INTO {table} (id, tracking_code, status, received_at,
                                 accepted_at, closed_at, {", ".join(kept)})
            SELECT t.id + {offset}, 'BENCH' || {code.format(o=offset)},
                   CASE WHEN t.r > {recent} THEN 'dispatched' ELSE 'closed' END,
                   {at("t.r")}, {at("t.r + 86400")},
                   CASE WHEN t.r > {recent} THEN NULL
                        ELSE {at("t.r + 20 * 86400")} END,
                   {", ".join("t." + c for c in kept)}
            FROM (SELECT *, {start} + {draw} AS r
                  FROM {table} WHERE id <= {size}) AS t
        """  # noqa: S608
        keys = f"""
            INSERT INTO complaints_complaintkey (complaint_id, key, received_at)
            SELECT k.complaint_id + {offset}, k.key, c.received_at
            FROM complaints_complaintkey AS k
            JOIN {table} AS c ON c.id = k.complaint_id + {offset}
            WHERE k.complaint_id <= {size}
        """  # noqa: S608
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(insert)
            cursor.execute(keys)
        offset += size
        rate = (offset - have) / (time.monotonic() - started)
        print(f"{offset} complaints stored by copying ({rate:.0f}/s)", file=sys.stderr)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [table, offset + 1],
            )
    return template


def _fill_batches(city: City, have: int, count: int, end: datetime) -> None:
    from django.db import connection, transaction
    from django.db.models import Max

    from ecobureau.complaints.models import Complaint
    from ecobureau.complaints.services.intake import own_keys

    rng = random.Random(SEED + have)
    span = timedelta(days=365 * YEARS).total_seconds()
    start = end - timedelta(seconds=span)
    channels = [c for c, _ in Complaint.Channel.choices]
    fields = list(Complaint._meta.concrete_fields)
    by_name = {f.name: f for f in fields}
    now = datetime.now(UTC)
    prototype = Complaint(
        status="closed",
        tracking_code="",
        channel="letter",
        received_at=now,
        anonymous=True,
        created_at=now,
        updated_at=now,
    )
    base = {
        f.name: f.get_db_prep_save(getattr(prototype, f.attname), connection)
        for f in fields
    }
    columns = [f.column for f in fields]
    sql = (
        f"INSERT INTO {Complaint._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    key_sql = (
        "INSERT INTO complaints_complaintkey (complaint_id, key, received_at) "
        "VALUES (%s, %s, %s)"
    )

    def prep(name: str, value: object) -> object:
        return by_name[name].get_db_prep_save(value, connection)

    next_id = (Complaint.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    started = time.monotonic()
    for first in range(have, count, BATCH):
        rows, keys = [], []
        for n in range(first, min(first + BATCH, count)):
            # Uniform over the span in random order, so that a partial fill (an
            # interrupted run) is still a fair sample of the five years.
            received = start + timedelta(seconds=rng.random() * span)
            recent = (end - received).days < 45
            data = city.complaint(rng)
            complaint = Complaint(pk=next_id, received_at=received, **data)  # type: ignore[arg-type]
            values = dict(base)
            values.update(
                id=next_id,
                status="dispatched" if recent else "closed",
                tracking_code=f"BENCH{n:010d}",
                channel=rng.choice(channels),
                received_at=prep("received_at", received),
                accepted_at=prep("accepted_at", received + timedelta(days=1)),
                closed_at=None
                if recent
                else prep("closed_at", received + timedelta(days=20)),
                text=data["text"],
                place=data["place"],
                enterprise_name=data["enterprise_name"],
                category=data["category"],
                latitude=prep("latitude", data.get("latitude")),
                longitude=prep("longitude", data.get("longitude")),
            )
            rows.append([values[f.name] for f in fields])
            at = prep("received_at", received)
            keys.extend((next_id, key, at) for key in sorted(own_keys(complaint)))
            next_id += 1
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
            cursor.executemany(key_sql, keys)
        done = min(first + BATCH, count)
        if done % 50_000 < BATCH:
            rate = (done - have) / (time.monotonic() - started)
            print(f"{done} complaints stored ({rate:.0f}/s)", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [Complaint._meta.db_table, next_id],
            )


def _probes(city: City, count: int, end: datetime, rng: random.Random) -> list:
    """New complaints (not saved): half re-tell one of the last month's."""
    from ecobureau.complaints.models import Complaint

    recent = list(
        Complaint.objects.filter(
            tracking_code__startswith="BENCH",
            received_at__gte=end - timedelta(days=30),
        )
        .exclude(enterprise_name="")
        .values_list(
            "pk", "enterprise_name", "place", "category", "latitude", "longitude"
        )[:5000]
    )
    probes = []
    for n in range(count):
        at = end + timedelta(minutes=n)
        if n % 2 == 0 and recent:
            pk, enterprise, place, category, lat, lng = rng.choice(recent)
            probe = Complaint(
                text=city.text(rng, category),
                place=place,
                enterprise_name=enterprise,
                category=category,
                latitude=lat,
                longitude=lng,
                received_at=at,
            )
            probe.bench_original = pk  # type: ignore[attr-defined]
        else:
            probe = Complaint(received_at=at, **city.complaint(rng))  # type: ignore[arg-type]
            probe.bench_original = None  # type: ignore[attr-defined]
        probes.append(probe)
    return probes


def _quantiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=500)
    parser.add_argument(
        "--replicate",
        action="store_true",
        help="top up by copying the complaints already generated (see _replicate)",
    )
    args = parser.parse_args()
    setup()
    from django.db import connection

    from ecobureau.complaints.services import intake

    rng = random.Random(SEED)
    city = City(rng)
    RESULTS.mkdir(exist_ok=True)
    end = datetime(2026, 11, 20, 8, tzinfo=UTC)
    started = time.monotonic()
    generated = None
    if args.replicate:
        generated = _replicate(args.complaints, end) or None
    else:
        _fill(city, args.complaints, end)
    fill_s = time.monotonic() - started
    # Statistics as a running installation has them (autovacuum / a nightly
    # ANALYZE); also run when the volume was already there.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    probes = _probes(city, args.probes, end, random.Random(SEED + 1))
    window = max(intake.duplicate_window_days(), intake.repeat_window_days())
    # Warm the caches once, as a running server has them.
    for probe in probes[:20]:
        intake.find_duplicate(probe)
    lookup, full, sizes = [], [], []
    found = expected = 0
    for probe in probes:
        t0 = time.perf_counter()
        cands = intake.candidates(probe, within_days=window)
        lookup.append(time.perf_counter() - t0)
        sizes.append(len(cands))
        t0 = time.perf_counter()
        result = intake.find_duplicate(probe)
        full.append(time.perf_counter() - t0)
        if probe.bench_original is not None:
            expected += 1
            found += bool(result)
    from ecobureau.complaints.models import ComplaintKey

    report = {
        "engine": connection.vendor,
        "complaints": _stored(),
        "index_rows": ComplaintKey.objects.count(),
        "fill_seconds": round(fill_s, 1),
        "generated_then_copied_from": generated,
        "probes": len(probes),
        "window_days": window,
        "candidates": _quantiles(lookup),
        "find_duplicate": _quantiles(full),
        "candidates_per_probe": {
            "p50": statistics.median(sizes),
            "max": max(sizes),
        },
        "retold_probes_linked": f"{found}/{expected}",
    }
    path = RESULTS / f"complaints-duplicates-{connection.vendor}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
