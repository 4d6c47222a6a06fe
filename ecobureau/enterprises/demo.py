"""Demo step (after the personas): the enterprise registry of a city Anshan's size (示例数据).

Seed 004 gives 147 key and 430 general enterprises under supervision but no
registry total; the demo states one: 2,000 enterprises, the other 1,423 being
small and micro units on the registration list (requirements S1). Names, people
and phone numbers are invented; every row's note says 示例数据.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib import credit_code
from ecobureau.lib.dates import local_date

from . import services
from .models import Enterprise

ORDER = 20
REGISTRY_SIZE = 2000
KEY_SOURCES = ["national"] * 12 + ["provincial"] * 35 + ["municipal"] * 100  # 147
GENERAL = 430

# Where enterprises are (shares) and a point near each area's centre (WGS-84).
AREAS = {
    "210302": (12, "41.110", "123.010"),
    "210303": (14, "41.120", "122.960"),
    "210304": (10, "41.150", "123.030"),
    "210311": (9, "41.070", "123.050"),
    "210321": (9, "41.410", "122.430"),
    "210323": (6, "40.290", "123.280"),
    "210381": (25, "40.880", "122.750"),
    "2103Z1": (8, "41.100", "123.090"),
    "2103Z2": (1, "41.030", "123.130"),
    "2103Z3": (6, "41.050", "122.970"),
}
PLACE_NAMES = {
    "210302": "鞍山市",
    "210303": "鞍山市",
    "210304": "鞍山市",
    "210311": "鞍山市",
    "210321": "台安县",
    "210323": "岫岩满族自治县",
    "210381": "海城市",
    "2103Z1": "鞍山市",
    "2103Z2": "鞍山市",
    "2103Z3": "鞍山市",
}
# (GB/T 4754 code, industry, name ending, weight for key sources)
INDUSTRIES = [
    ("3110", "炼铁", "钢铁", 3),
    ("3120", "炼钢", "特钢", 2),
    ("3089", "耐火陶瓷制品制造", "耐火材料", 6),
    ("3091", "石墨及碳素制品制造", "碳素", 2),
    ("3011", "水泥制造", "水泥", 2),
    ("3021", "水泥制品制造", "商品混凝土", 3),
    ("4411", "火力发电", "热电", 2),
    ("2614", "有机化学原料制造", "精细化工", 4),
    ("2631", "化学农药制造", "农药", 1),
    ("2710", "化学药品原料药制造", "制药", 1),
    ("1713", "棉印染精加工", "印染", 1),
    ("1391", "淀粉及淀粉制品制造", "淀粉", 1),
    ("3130", "钢压延加工", "轧钢", 2),
    ("1031", "镁矿采选", "菱镁矿业", 3),
    ("4620", "污水处理及其再生利用", "污水处理", 2),
    ("7820", "环境卫生管理", "垃圾处理", 1),
    ("8111", "汽车修理与维护", "汽车维修", 0),
    ("3360", "金属表面处理及热处理加工", "表面处理", 1),
    ("2921", "塑料薄膜制造", "塑料", 0),
    ("1511", "酒精制造", "酒业", 0),
    ("2411", "文具制造", "文具", 0),
]
BRANDS = list(
    "华信兴达鑫丰恒源宏泰金鼎东方正阳隆盛瑞祥天成汇通永安广利聚德丰华新兴博远"
)
SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗")
GIVEN = [
    "建华",
    "志强",
    "秀英",
    "国庆",
    "丽娟",
    "海波",
    "春生",
    "桂兰",
    "德明",
    "晓东",
    "玉珍",
    "振宇",
]

# Demo limits for key sources (standards named; values are the usual ones for the
# standard and industry, labelled 示例数据 — a bureau enters each permit's own limits).
WATER_LIMITS = [("w01018", "化学需氧量", "50", "mg/L"), ("w21003", "氨氮", "5", "mg/L")]
GAS_LIMITS = [
    ("a21026", "二氧化硫", "35", "mg/m³"),
    ("a21002", "氮氧化物", "50", "mg/m³"),
    ("a34013", "颗粒物", "10", "mg/m³"),
]


def build(city: DemoCity) -> None:
    by = city.people["admin"]
    size = max(60, int(REGISTRY_SIZE * city.shared.get("scale", 1.0)))
    key_count = (
        min(len(KEY_SOURCES), size // 8) if size < REGISTRY_SIZE else len(KEY_SOURCES)
    )
    general_count = min(GENERAL, size // 4) if size < REGISTRY_SIZE else GENERAL
    plan = KEY_SOURCES[:key_count] + ["general"] * general_count
    plan += ["registry"] * (size - len(plan))
    names: set[str] = set()
    created: list[Enterprise] = []
    for n, role in enumerate(plan):
        created.append(_enterprise(city, n, role, names, by))
    city.shared["enterprises"] = created
    for enterprise in created[: len(KEY_SOURCES)]:
        if enterprise.key_source:
            _outlets_and_permit(city, enterprise, by)
    _accounts(city, created)
    _positive_list(city, created)
    _facilities(city, created, by)


def _enterprise(city: DemoCity, n: int, role: str, names: set[str], by) -> Enterprise:
    rng = city.rng
    codes = list(AREAS)
    district_code = rng.choices(codes, weights=[AREAS[c][0] for c in codes])[0]
    if n == 0:
        district_code = "210302"  # the complaint-match examples: 华信 in 铁东区
    elif n == 1:
        district_code = "210303"
    district = city.divisions[district_code]
    townships = city.townships(district)
    keyish = role not in ("general", "registry")
    industry = rng.choices(
        INDUSTRIES, weights=[w + (0 if keyish else 2) for *_, w in INDUSTRIES]
    )[0]
    name = _name(n, district_code, industry, names, rng)
    # 91 (enterprise) + the division's 6 digits (zones, which have none, use 21039x)
    # + 9 digits: 17 characters before the GB 32100 check character.
    division6 = (
        district_code if district_code.isdigit() else f"21039{district_code[-1]}"
    )
    body = f"91{division6}{n + 1:09d}"
    lat = Decimal(AREAS[district_code][1]) + Decimal(rng.randint(-300, 300)) / 10000
    lng = Decimal(AREAS[district_code][2]) + Decimal(rng.randint(-300, 300)) / 10000
    size = (
        rng.choice(["large", "medium", "medium"])
        if keyish
        else rng.choice(["small", "small", "micro", "medium"])
    )
    data = services.EnterpriseData(
        credit_code=body + credit_code.check_character(body),
        name=name,
        address=f"{district.name}{rng.choice(['建设', '胜利', '工业', '新华', '园区', '人民'])}路{rng.randint(1, 399)}号",
        district=district,
        township=rng.choice(townships) if townships else None,
        longitude=lng.quantize(Decimal("0.000001")),
        latitude=lat.quantize(Decimal("0.000001")),
        industry_code=industry[0],
        industry_name=industry[1],
        size=size,
        legal_representative=rng.choice(SURNAMES) + rng.choice(GIVEN),
        contact_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        contact_phone=f"0412-{rng.randint(2000000, 8999999)}",
        key_source="" if role in ("general", "registry") else role,
        permit_category="key"
        if keyish
        else ("simplified" if role == "general" else "registration"),
        status=Enterprise.Status.OPERATING
        if rng.random() > 0.05
        else Enterprise.Status.SUSPENDED,
        supervising_unit=city.units.get(f"sub-{district_code}"),
        note=DEMO_LABEL,
    )
    return services.enterprise_create(data=data, by=by)


def _name(n: int, district_code: str, industry: tuple, names: set[str], rng) -> str:
    if n == 0:
        name = "鞍山市华信精细化工有限公司"
    elif n == 1:
        name = "鞍山市兴达商品混凝土有限公司"
    else:
        name = ""
        while not name or name in names:
            brand = "".join(rng.sample(BRANDS, 2))
            name = f"{PLACE_NAMES[district_code]}{brand}{industry[2]}有限公司"
    names.add(name)
    return name


def _outlets_and_permit(city: DemoCity, enterprise: Enterprise, by) -> None:
    rng = city.rng
    kinds = rng.choice([["water"], ["gas"], ["water", "gas"], ["gas", "gas"]])
    for index, kind in enumerate(kinds, start=1):
        prefix = "DW" if kind == "water" else "DA"
        outlet = services.outlet_add(
            enterprise=enterprise,
            by=by,
            code=f"{prefix}{index:03d}",
            name=("废水总排口" if kind == "water" else f"{index}号废气排放口"),
            kind=kind,
        )
        for code, pollutant, value, unit in (
            WATER_LIMITS if kind == "water" else GAS_LIMITS
        ):
            services.emission_limit_add(
                outlet=outlet,
                by=by,
                pollutant_code=code,
                pollutant_name=pollutant,
                limit_value=Decimal(value),
                unit=unit,
                effective_from=date(2024, 1, 1),
                basis="measured" if kind == "water" else "converted",
                standard=f"排污许可证载明限值（{DEMO_LABEL}）",
            )
    services.permit_add(
        enterprise=enterprise,
        by=by,
        kind="discharge",
        number=f"{enterprise.credit_code}001{'V' if enterprise.key_source else 'Q'}",
        issuer="鞍山市生态环境局",
        issued_on=date(2023, rng.randint(1, 12), rng.randint(1, 28)),
        valid_until=date(2028, rng.randint(1, 12), rng.randint(1, 28)),
    )


def _accounts(city: DemoCity, created: list[Enterprise]) -> None:
    from ecobureau.accounts import services as account_services

    for key, enterprise in (("enterprise-a", created[0]), ("enterprise-b", created[1])):
        user = account_services.enterprise_register(
            code=enterprise.credit_code,
            password=city.password,
            name=enterprise.name,
            phone="0412-5550000",
        )
        services.enterprise_account_link(user=user, by=city.people["admin"])
        city.people[key] = user
        city.logins.append(
            (user.username, "enterprise", f"{enterprise.name}的企业账户")
        )


def _positive_list(city: DemoCity, created: list[Enterprise]) -> None:
    """Seed 004: the positive list grew from 88 to 98 enterprises, adjusted as it
    went. Here 88 were listed in 2024; in 2025 twelve were added and two removed."""
    rng = city.rng
    head = city.people["team-head"]
    candidates = [e for e in created[2:] if e.permit_category in ("key", "simplified")]
    rng.shuffle(candidates)
    first, later = candidates[:88], candidates[88:100]
    if len(candidates) < 100:  # a small demo (browser tests) lists a tenth
        first, later = candidates[:9], candidates[9:11]
    for enterprise in first:
        services.positive_list_add(
            enterprise=enterprise,
            by=head,
            on=date(2024, 3, 1),
            reason=f"近三年无环境违法记录，在线监测稳定达标，环境管理规范（{DEMO_LABEL}）",
        )
    for enterprise in later:
        services.positive_list_add(
            enterprise=enterprise,
            by=head,
            on=date(2025, 6, 30),
            reason=f"年度复核：治污设施运行稳定，自行监测和信息公开完整（{DEMO_LABEL}）",
        )
    for enterprise in first[:2]:
        services.positive_list_remove(
            enterprise=enterprise,
            by=head,
            on=date(2025, 6, 30),
            reason=f"年度复核：在线监测数据出现超标时段，调出清单（{DEMO_LABEL}）",
        )


# Pollution-control facilities per outlet kind (requirement A92): the processes
# usual for the outlet's kind, capacities invented, all labelled 示例数据.
FACILITIES = {
    "water": [
        ("污水处理站", "化学需氧量、氨氮", "调节+A/O生化+混凝沉淀", "t/d", 200, 2000),
    ],
    "gas": [
        ("脱硫塔", "二氧化硫", "石灰石-石膏湿法脱硫", "m³/h", 50000, 300000),
        ("布袋除尘器", "颗粒物", "脉冲袋式除尘", "m³/h", 50000, 300000),
    ],
}


def _facilities(city: DemoCity, created: list[Enterprise], by) -> None:
    """A facility or two behind each outlet of the key sources; a few stopped for
    maintenance, with the reason the law asks for (环境保护法 第四十二条).

    Draws from its own generator, so adding facilities changes none of the other
    steps' draws."""
    rng = random.Random(f"{city.seed}-facilities")  # noqa: S311 (reproducible demo)
    today = local_date(timezone.now())
    for enterprise in created[: len(KEY_SOURCES)]:
        if not enterprise.key_source:
            continue
        for outlet in enterprise.outlets.order_by("code"):
            for name, pollutants, process, unit, low, high in FACILITIES[outlet.kind]:
                built = date(rng.randint(2012, 2022), rng.randint(1, 12), 1)
                commissioned = date(built.year + 1, built.month, 15)
                facility = services.facility_add(
                    enterprise=enterprise,
                    data=services.FacilityData(
                        name=f"{outlet.code} {name}",
                        kind=outlet.kind,
                        pollutants=pollutants,
                        process=f"{process}（{DEMO_LABEL}）",
                        capacity=Decimal(rng.randrange(low, high, 50)),
                        capacity_unit=unit,
                        outlet=outlet,
                        built_on=built,
                        commissioned_on=commissioned,
                    ),
                    status="running",
                    on=commissioned,
                    by=by,
                )
                if rng.random() < 0.05:
                    services.facility_status_change(
                        facility=facility,
                        status="stopped",
                        on=today - timedelta(days=rng.randint(5, 120)),
                        reason=f"计划检修，已报告并同步限产（{DEMO_LABEL}）",
                        by=by,
                    )
