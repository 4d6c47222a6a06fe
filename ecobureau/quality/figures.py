"""The four imports of figures received from elsewhere (see imports.py): district
emission totals by month, noise results, hazardous-waste figures by enterprise
and year, other cities' published figures."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import waste

from . import imports, noise, selectors
from .imports import Cells, RowCheck, Spec
from .models import (
    CityFigure,
    EmissionActual,
    ImportBatch,
    NoiseResult,
    Pollutant,
    WasteRecord,
)

POLLUTANT_NAMES = {
    **{p.label: p.value for p in Pollutant},
    **{p.value: p.value for p in Pollutant},
    "COD": Pollutant.COD,
    "NH3-N": Pollutant.NH3N,
    "SO2": Pollutant.SO2,
    "NOx": Pollutant.NOX,
}

# --- District emission totals (X3) ---------------------------------------------------

EMISSION_HEADERS = ("年度", "月份", "区县", "污染物", "排放量", "数据来源")


def _parse_emission(actor: User, cells: Cells) -> RowCheck:
    problems: list[str] = []
    year = imports.integer(cells, "年度", problems, 2000, 2100)
    month = imports.integer(cells, "月份", problems, 1, 12)
    district = imports.district(actor, cells, problems)
    raw = imports.text(cells, "污染物", problems)
    pollutant = POLLUTANT_NAMES.get(raw)
    if raw and pollutant is None:
        problems.append(f"污染物“{raw}”应为化学需氧量、氨氮、二氧化硫或氮氧化物")
    tonnes = imports.number(cells, "排放量", problems)
    source = imports.text(cells, "数据来源", problems)
    return RowCheck(
        values={
            "year": year,
            "month": month,
            "district": district,
            "pollutant": pollutant,
            "tonnes": tonnes,
            "source": source[:100],
        },
        problems=problems,
        key=(year, month, district.pk if district else None, pollutant),
    )


def _write_emissions(rows: list[dict[str, Any]], batch: ImportBatch) -> int:
    for row in rows:
        EmissionActual.objects.update_or_create(
            year=row["year"],
            month=row["month"],
            district=row["district"],
            pollutant=row["pollutant"],
            defaults={"tonnes": row["tonnes"], "source": row["source"], "batch": batch},
        )
    return len(rows)


EMISSIONS = Spec(
    kind=ImportBatch.Kind.EMISSIONS,
    required=EMISSION_HEADERS,
    optional=(),
    parse=_parse_emission,
    write=_write_emissions,
    action="quality.emissions_import",
)

# --- Noise results ----------------------------------------------------------------------

NOISE_KINDS = {label: value for value, label in NoiseResult.Kind.choices}
NOISE_KINDS.update({"功能区": "functional", "区域": "regional", "道路交通": "traffic"})
NOISE_HEADERS = ("类型", "区县", "点位编码", "点位名称", "监测日期", "数据来源")
NOISE_OPTIONAL = ("功能区类别", "昼间Ld", "夜间Ln", "路段长度")


def _parse_noise(actor: User, cells: Cells) -> RowCheck:
    problems: list[str] = []
    raw_kind = imports.text(cells, "类型", problems)
    kind = NOISE_KINDS.get(raw_kind)
    if raw_kind and kind is None:
        problems.append(f"类型“{raw_kind}”应为功能区、区域或道路交通")
    district = imports.district(actor, cells, problems)
    code = imports.text(cells, "点位编码", problems)[:30]
    name = imports.text(cells, "点位名称", problems)[:80]
    on = imports.day(cells, "监测日期", problems)
    area = imports.text(cells, "功能区类别", problems, required=False)
    area = area.removesuffix("类").lower()
    if kind == "functional" and area not in noise.LIMITS:
        problems.append("功能区点位须填功能区类别（0、1、2、3、4a、4b）")
    kw = {"places": 1, "required": False, "high": 200}
    day_leq = imports.number(cells, "昼间Ld", problems, **kw)  # type: ignore[arg-type]
    night_leq = imports.number(cells, "夜间Ln", problems, **kw)  # type: ignore[arg-type]
    if day_leq is None and night_leq is None:
        problems.append("昼间Ld和夜间Ln至少填一项")
    length = imports.number(cells, "路段长度", problems, required=kind == "traffic")
    return RowCheck(
        values={
            "kind": kind,
            "district": district,
            "point_code": code,
            "point_name": name,
            "area_class": area if kind == "functional" else "",
            "measured_on": on,
            "day_leq": day_leq,
            "night_leq": night_leq,
            "length_km": length,
            "source": imports.text(cells, "数据来源", problems)[:100],
        },
        problems=problems,
        key=(kind, code, on),
    )


def _write_noise(rows: list[dict[str, Any]], batch: ImportBatch) -> int:
    for row in rows:
        keys = {k: row.pop(k) for k in ("kind", "point_code", "measured_on")}
        NoiseResult.objects.update_or_create(**keys, defaults={**row, "batch": batch})
    return len(rows)


NOISE = Spec(
    kind=ImportBatch.Kind.NOISE,
    required=NOISE_HEADERS,
    optional=NOISE_OPTIONAL,
    parse=_parse_noise,
    write=_write_noise,
    action="quality.noise_import",
)

# --- Hazardous waste (X3 "危险废物全部实现安全处置") ------------------------------------

WASTE_HEADERS = (
    "年度", "统一社会信用代码", "上年末贮存量", "产生量", "利用量", "处置量",
    "年末贮存量", "数据来源",
)  # fmt: skip


def _parse_waste(actor: User, cells: Cells) -> RowCheck:
    problems: list[str] = []
    year = imports.integer(cells, "年度", problems, 2000, 2100)
    code = imports.text(cells, "统一社会信用代码", problems).upper()
    enterprise = Enterprise.objects.filter(credit_code=code).first() if code else None
    if code and enterprise is None:
        problems.append(f"统一社会信用代码“{code}”不在企业名录中")
    elif enterprise and not selectors.can_manage_district(
        actor, enterprise.district_id
    ):
        problems.append(f"企业“{enterprise.name}”不在您的辖区")
    amounts = {
        field: imports.number(cells, header, problems)
        for field, header in (
            ("opening_stock", "上年末贮存量"),
            ("generated", "产生量"),
            ("utilised", "利用量"),
            ("disposed", "处置量"),
            ("closing_stock", "年末贮存量"),
        )
    }
    if None not in amounts.values():
        # Mass balance of the declaration (申报登记), the same rule the
        # declaration form applies (lib.waste).
        problem = waste.balance_problem(**amounts)  # type: ignore[arg-type]
        if problem:
            problems.append(problem)
    return RowCheck(
        values={
            "year": year,
            "enterprise": enterprise,
            **amounts,
            "source": imports.text(cells, "数据来源", problems)[:100],
        },
        problems=problems,
        key=(year, code),
    )


def _write_waste(rows: list[dict[str, Any]], batch: ImportBatch) -> int:
    for row in rows:
        keys = {"year": row.pop("year"), "enterprise": row.pop("enterprise")}
        WasteRecord.objects.update_or_create(**keys, defaults={**row, "batch": batch})
    return len(rows)


WASTE = Spec(
    kind=ImportBatch.Kind.WASTE,
    required=WASTE_HEADERS,
    optional=(),
    parse=_parse_waste,
    write=_write_waste,
    action="quality.waste_import",
)

# --- Other cities' published figures (provincial rankings) -------------------------------

INDICATORS = {
    label.split("（")[0]: value for value, label in CityFigure.Indicator.choices
}
INDICATORS.update({value: value for value in CityFigure.Indicator.values})
INDICATORS.update({"PM2.5": "pm25", "CWQI": "cwqi", "城市水质指数": "cwqi"})
CITY_HEADERS = ("年度", "截至月份", "城市", "指标", "数值", "数据来源")


def _parse_city(actor: User, cells: Cells) -> RowCheck:
    problems: list[str] = []
    if not (actor.is_superuser or actor.scope == User.Scope.CITY):
        problems.append("外市通报数据由市局导入")
    year = imports.integer(cells, "年度", problems, 2000, 2100)
    month = imports.integer(cells, "截至月份", problems, 1, 12)
    city = imports.text(cells, "城市", problems)[:40]
    raw = imports.text(cells, "指标", problems)
    indicator = INDICATORS.get(raw)
    if raw and indicator is None:
        problems.append(
            f"指标“{raw}”应为PM2.5平均浓度、优良天数比例、城市水质指数或优良水体比例"
        )
    value = imports.number(cells, "数值", problems, places=3)
    if indicator in ("good_ratio", "good_water") and value is not None and value > 100:
        problems.append("比例不能超过100")
    return RowCheck(
        values={
            "year": year,
            "last_month": month,
            "city": city,
            "indicator": indicator,
            "value": value,
            "source": imports.text(cells, "数据来源", problems)[:100],
        },
        problems=problems,
        key=(year, month, city, indicator),
    )


def _write_cities(rows: list[dict[str, Any]], batch: ImportBatch) -> int:
    for row in rows:
        keys = {k: row.pop(k) for k in ("year", "last_month", "city", "indicator")}
        CityFigure.objects.update_or_create(**keys, defaults={**row, "batch": batch})
    return len(rows)


CITIES = Spec(
    kind=ImportBatch.Kind.CITIES,
    required=CITY_HEADERS,
    optional=(),
    parse=_parse_city,
    write=_write_cities,
    action="quality.cities_import",
)

SPECS = {"emissions": EMISSIONS, "noise": NOISE, "waste": WASTE, "cities": CITIES}
# Marked for translation only (pages show them with {% translate %}); the
# workbook's sheet names stay Chinese.
TITLES = {
    "emissions": gettext_noop("区县月度排放量"),
    "noise": gettext_noop("声环境监测结果"),
    "waste": gettext_noop("危险废物产生与处置"),
    "cities": gettext_noop("外市通报数据（全省排名）"),
}


def import_figures(
    kind: str, *, actor: User, content: bytes, filename: str
) -> ImportBatch:
    return imports.run(SPECS[kind], actor=actor, content=content, filename=filename)
