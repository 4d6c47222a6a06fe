"""Demo step: environmental quality and targets of the demo city (示例数据).

1. Ten national (国考) sections, three provincial ones and two drinking-water
   sources, named 示例·…, with their assessment targets for this year and last.
2. Monthly samples of the 21 counted items for last year and this year up to last
   month, drawn from a seeded generator around each section's own level (nine of
   the ten national sections good, one class IV; last year a little worse),
   imported through the import service as one workbook.
3. Emission targets (COD, NH3-N, SO2, NOx) per district for this year and the
   districts' monthly totals so far.

The figures are invented: they only resemble the shape of seed 004's.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from ecobureau.demo.city import DemoCity
from ecobureau.lib import xlsx
from ecobureau.lib.dates import local_date

from . import services
from . import water_class as wc
from .models import Pollutant

ORDER = 75  # after air (65): the dashboard reads the air module's days

# (code, name, river, level, water body, district code, quality factor, target,
#  drinking source). The factor scales the class III limits (<1 better).
SECTIONS = (
    ("GK01", "示例·太子河下口子", "太子河", "national", "river", "210302", 0.55, "III", False),
    ("GK02", "示例·太子河小林子", "太子河", "national", "river", "210303", 0.7, "III", False),
    ("GK03", "示例·运粮河入河口", "运粮河", "national", "river", "210303", 0.8, "IV", False),
    ("GK04", "示例·杨柳河岔沟", "杨柳河", "national", "river", "210304", 0.75, "III", False),
    ("GK05", "示例·海城河牛庄", "海城河", "national", "river", "210381", 0.85, "III", False),
    ("GK06", "示例·五道河出境", "五道河", "national", "river", "210381", 1.25, "IV", False),
    ("GK07", "示例·南沙河汇入口", "南沙河", "national", "river", "210311", 0.6, "III", False),
    ("GK08", "示例·北沙河大堡出境", "北沙河", "national", "river", "2103Z1", 0.8, "III", False),
    ("GK09", "示例·辽河台安段", "辽河", "national", "river", "210321", 0.85, "III", False),
    ("GK10", "示例·汤河水库库心", "汤河水库", "national", "lake", "210311", 0.5, "III", False),
    ("SK01", "示例·万水河", "万水河", "provincial", "river", "210304", 0.9, "III", False),
    ("SK02", "示例·八里河", "八里河", "provincial", "river", "210302", 1.1, "IV", False),
    ("SK03", "示例·杨柳河新台子", "杨柳河", "provincial", "river", "210303", 1.6, "V", False),
    ("YY01", "示例·汤河水库取水口", "汤河水库", "city", "lake", "210311", 0.45, "II", True),
    ("YY02", "示例·大伙房输水鞍山取水口", "大伙房输水", "city", "river", "210302", 0.5, "II", True),
)  # fmt: skip

# Annual caps (tonnes) per district, a little under the base year.
EMISSION_BASE = {
    Pollutant.COD: Decimal("1800"),
    Pollutant.NH3N: Decimal("160"),
    Pollutant.SO2: Decimal("5200"),
    Pollutant.NOX: Decimal("7400"),
}
CUT = {
    Pollutant.COD: Decimal("0.03"),
    Pollutant.NH3N: Decimal("0.04"),
    Pollutant.SO2: Decimal("0.05"),
    Pollutant.NOX: Decimal("0.05"),
}


# Decimals kept, as the 2020 statistics rule is transcribed (reference/water.md 2.9).
DECIMALS = {"do": 1, "codmn": 1, "cod": 1, "bod5": 1, "nh3n": 2, "tp": 3, "se": 4,
            "as_": 4, "hg": 5, "cd": 5, "phenol": 4, "petroleum": 2, "las": 2}  # fmt: skip


def _value(city: DemoCity, key: str, body: str, factor: float) -> float:
    """One item's value around factor × class III limit (pH and DO apart)."""
    jitter = city.rng.uniform(0.8, 1.2)
    if key == "ph":
        return round(city.rng.uniform(7.0, 8.2), 2)
    if key == "do":
        return round(max(2.5, 9.5 - 3.5 * factor * jitter), 1)
    limit = float(wc.limits_for(key, body)[2])
    if key in ("codmn", "cod", "bod5", "nh3n", "tp"):
        return round(limit * factor * jitter, DECIMALS.get(key, 3))
    # Metals and the rest stay low everywhere.
    return round(limit * 0.15 * jitter, DECIMALS.get(key, 3))


def build(city: DemoCity) -> None:
    actor = city.people["monitoring"]
    today = local_date(timezone.now())
    year = today.year
    sections = []
    for (
        code,
        name,
        river,
        level,
        body,
        district_code,
        factor,
        target,
        drinking,
    ) in SECTIONS:
        section = services.section_create(
            actor=actor,
            code=code,
            name=name,
            river=river,
            level=level,
            water_body=body,
            district=city.divisions[district_code],
            is_drinking_source=drinking,
            is_demo=True,
        )
        for y in (year - 1, year):
            services.section_target_set(
                actor=actor, section=section, year=y, target=target
            )
        sections.append((section, factor))

    headers = ["断面编码", "采样日期", "来源", *(wc.NAMES[k] for k in wc.COUNTED)]
    rows = []
    for y, worse in ((year - 1, 1.08), (year, 1.0)):
        last_month = 12 if y < year else max(today.month - 1, 1)
        for month in range(1, last_month + 1):
            for section, factor in sections:
                day = f"{y}-{month:02d}-{10 + city.rng.randint(0, 8):02d}"
                values = [
                    _value(city, key, section.water_body, factor * worse)
                    for key in wc.COUNTED
                ]
                rows.append([section.code, day, "手工监测", *values])
    content, _ = xlsx.write(
        title="示例数据",
        headers=headers,
        widths=[12] * len(headers),
        required=[False] * len(headers),
        rows=rows,
    )
    services.samples_import(
        actor=actor, content=content, filename="示例数据-水质监测.xlsx"
    )

    for district in city.districts():
        for pollutant, base in EMISSION_BASE.items():
            share = Decimal(city.rng.choice((1, 2, 3))) / 4  # districts differ in size
            base_t = (base * share).quantize(Decimal("0.001"))
            cap = (base_t * (1 - CUT[pollutant])).quantize(Decimal("0.001"))
            services.emission_target_set(
                actor=actor,
                year=year,
                district=district,
                pollutant=pollutant,
                base_tonnes=base_t,
                cap_tonnes=cap,
                is_demo=True,
            )
            for month in range(1, max(today.month - 1, 1) + 1):
                monthly = (
                    cap / 12 * Decimal(str(round(city.rng.uniform(0.85, 1.08), 3)))
                )
                services.emission_actual_set(
                    actor=actor,
                    year=year,
                    month=month,
                    district=district,
                    pollutant=pollutant,
                    tonnes=monthly.quantize(Decimal("0.001")),
                )
