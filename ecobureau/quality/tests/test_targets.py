"""Noise compliance (GB 3096—2008 表1 limits, HJ 640 grades), hazardous-waste
disposal rate, the province ranking from imported figures, the configurable
statistics rules and the bulletin (real PDF with the embedded font, real
workbook), each with the person who must not see."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import bulletin, figures, noise, reports, services, statistics
from ecobureau.quality.models import CityFigure, NoiseResult, WasteRecord

from .conftest import workbook

pytestmark = pytest.mark.django_db


# --- Noise rules (pure) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "day", "night"),
    [("0", 50, 40), ("1", 55, 45), ("2", 60, 50), ("3", 65, 55), ("4a", 70, 55), ("4b", 70, 60)],
)  # fmt: skip
def test_gb3096_limits_are_inclusive(area, day, night) -> None:
    assert noise.complies(area, night=False, leq=D(day))
    assert not noise.complies(area, night=False, leq=D(day) + D("0.1"))
    assert noise.complies(area, night=True, leq=D(night))
    assert not noise.complies(area, night=True, leq=D(night) + D("0.1"))


def test_grades_and_length_weighted_mean() -> None:
    assert noise.grade(D("50.0"), noise.REGIONAL_DAY) == (1, "好")
    assert noise.grade(D("50.1"), noise.REGIONAL_DAY) == (2, "较好")
    assert noise.grade(D("74.1"), noise.TRAFFIC_DAY) == (5, "差")
    # (66 × 2 + 72 × 1) / 3 = 204 / 3 = 68.0
    assert noise.weighted_mean([(D(66), D(2)), (D(72), D(1))]) == D(68)


# --- Noise, waste and city-figure imports and summaries ----------------------------------

NOISE_HEADERS = [*figures.NOISE_HEADERS, *figures.NOISE_OPTIONAL]


def test_noise_import_and_compliance_rates(monitor, district_a) -> None:
    rows = [
        # type, district, code, name, date, source, class, Ld, Ln, length
        ["功能区", district_a.name, "F1", "一类区", "2026-03-15", "监测站", "1", 54.9, 45.0, None],
        ["功能区", district_a.name, "F2", "二类区", "2026-03-15", "监测站", "2类", 61.2, 49.0, None],
        ["区域", district_a.name, "G1", "网格1", "2026-04-01", "监测站", None, 52.0, 44.0, None],
        ["区域", district_a.name, "G2", "网格2", "2026-04-01", "监测站", None, 55.0, 46.0, None],
        ["道路交通", district_a.name, "R1", "路段1", "2026-04-02", "监测站", None, 66.0, 57.0, 2],
        ["道路交通", district_a.name, "R2", "路段2", "2026-04-02", "监测站", None, 72.0, 61.0, 1],
    ]  # fmt: skip
    figures.import_figures(
        "noise",
        actor=monitor,
        content=workbook(rows, headers=NOISE_HEADERS),
        filename="n.xlsx",
    )
    summary = reports.noise_summary(2026)
    # Day: F1 54.9 ≤ 55 passes, F2 61.2 > 60 fails → 1/2 = 50.0 %; night both pass.
    assert (summary.day_rate, summary.night_rate) == (D("50.0"), D("100.0"))
    assert summary.up_to_standard is False
    # Regional day (52 + 55) / 2 = 53.5 → 较好; road day (66×2 + 72×1)/3 = 68.0 → 好.
    assert summary.regional is not None and summary.traffic is not None
    assert summary.regional.day_mean == D("53.5") and summary.regional.day_grade == (
        2,
        "较好",
    )
    assert summary.traffic.day_mean == D("68.0") and summary.traffic.day_grade == (
        1,
        "好",
    )


def test_noise_import_refuses_bad_rows(monitor, district_a) -> None:
    rows = [
        ["功能区", district_a.name, "F1", "无类别", "2026-03-15", "监测站", None, 54, None, None],
        ["道路交通", district_a.name, "R1", "无长度", "2026-13-01", "监测站", None, None, None, None],
    ]  # fmt: skip
    with pytest.raises(services.ImportFailed) as failed:
        figures.import_figures(
            "noise",
            actor=monitor,
            content=workbook(rows, headers=NOISE_HEADERS),
            filename="n",
        )
    problems = dict(failed.value.rows)
    assert any("功能区类别" in p for p in problems[2])
    assert any("监测日期" in p for p in problems[3]) and "缺少路段长度" in problems[3]
    assert not NoiseResult.objects.exists()


WASTE_HEADERS = list(figures.WASTE_HEADERS)


def test_waste_rate_and_scope(
    monitor, enterprise_a, enterprise_b, district_a_officer, enterprise_user_a, citizen
) -> None:
    rows = [
        [2026, enterprise_a.credit_code, 2, 100, 60, 40, 2, "申报登记"],
        [2026, enterprise_b.credit_code, 0, 50, 30, 20, 0, "申报登记"],
    ]
    figures.import_figures("waste", actor=monitor, content=workbook(rows, headers=WASTE_HEADERS), filename="w")  # fmt: skip
    city = reports.waste_summary_for_user(monitor, 2026)
    # (60 + 40 + 30 + 20) / (2 + 100 + 0 + 50) = 150 / 152 = 98.68 % → 98.7
    assert city.rate == D("98.7")
    assert [r.enterprise for r in city.stocking] == [enterprise_a]
    own = reports.waste_summary_for_user(district_a_officer, 2026)
    assert [r.enterprise for r in own.rows] == [enterprise_a]
    for outsider in (enterprise_user_a, citizen):
        assert reports.waste_summary_for_user(outsider, 2026).rows == []


def test_waste_import_checks_the_mass_balance_and_the_directory(
    monitor, enterprise_a
) -> None:
    rows = [
        [2026, enterprise_a.credit_code, 0, 100, 10, 10, 0, "申报登记"],
        [2026, "91000000000000000X", 0, 1, 1, 0, 0, "申报登记"],
    ]
    with pytest.raises(services.ImportFailed) as failed:
        figures.import_figures("waste", actor=monitor, content=workbook(rows, headers=WASTE_HEADERS), filename="w")  # fmt: skip
    problems = dict(failed.value.rows)
    assert "相差超过1吨" in problems[2][0]
    assert "不在企业名录中" in problems[3][0]
    assert not WasteRecord.objects.exists()


def test_province_ranking_shares_ranks_and_places_the_home_city(monitor) -> None:
    rows = [
        [2026, 10, "甲市", "PM2.5", 30.0, "省厅通报"],
        [2026, 10, "乙市", "PM2.5", 34.1, "省厅通报"],
        [2026, 10, "丙市", "PM2.5", 40.0, "省厅通报"],
        [2026, 10, "甲市", "优良天数比例", 92.0, "省厅通报"],
    ]
    figures.import_figures("cities", actor=monitor, content=workbook(rows, headers=list(figures.CITY_HEADERS)), filename="c")  # fmt: skip
    ranked = reports.province_ranking(
        year=2026, last_month=10, indicator="pm25", home_name="本市",
        home_value=D("34.1"), home_source="本市",
    )  # fmt: skip
    assert [(r.city, r.rank) for r in ranked] == [
        ("甲市", 1), ("本市", 2), ("乙市", 2), ("丙市", 4),
    ]  # fmt: skip
    good = reports.province_ranking(
        year=2026, last_month=10, indicator="good_ratio", home_name="本市",
        home_value=D("89.5"), home_source="本市",
    )  # fmt: skip
    assert [(r.city, r.rank) for r in good] == [("甲市", 1), ("本市", 2)]


def test_city_figures_only_by_city_scope(district_a_head) -> None:
    rows = [[2026, 10, "甲市", "PM2.5", 30.0, "省厅通报"]]
    with pytest.raises(services.ImportFailed) as failed:
        figures.import_figures("cities", actor=district_a_head, content=workbook(rows, headers=list(figures.CITY_HEADERS)), filename="c")  # fmt: skip
    assert failed.value.rows[0][1] == ["外市通报数据由市局导入"]
    assert not CityFigure.objects.exists()


# --- Statistics rules -------------------------------------------------------------------


def test_statistics_rules_default_cited_and_overridable(settings) -> None:
    rules = statistics.rules()
    assert rules.air_annual_min_days == 324 and rules.month_minimum(2) == 25
    assert any("GB 3095—2012 表4" in line for line in rules.cite())
    # Half a year: 324 × 181/365 = 160.7 → 161.
    assert rules.annual_minimum(date(2026, 1, 1), date(2026, 6, 30)) == 161
    settings.QUALITY_STATISTICS_RULES = {"air_month_min_days": 20, "water_rule": "2020"}
    assert statistics.rules().month_minimum(3) == 20
    settings.QUALITY_STATISTICS_RULES = {"nonsense": 1}
    with pytest.raises(ImproperlyConfigured):
        statistics.rules()


def test_2020_water_rule_rounds_half_even_and_means_ph_by_hydrogen_ion() -> None:
    # NH3-N mean (0.125 + 0.125) / 2 = 0.125 → 2 decimals half-even → 0.12
    assert statistics.water_mean("nh3n", [D("0.125"), D("0.125")], "2020") == D("0.12")
    assert statistics.water_mean("nh3n", [D("0.125"), D("0.125")], "2011") == D("0.125")
    # pH 6 and 8: H⁺ mean (1e-6 + 1e-8)/2 = 5.05e-7 → pH 6.2967 → 6.30
    assert statistics.water_mean("ph", [D(6), D(8)], "2020") == D("6.30")
    assert statistics.water_mean("ph", [D(6), D(8)], "2011") == D(7)


# --- Bulletin ----------------------------------------------------------------------------


def test_bulletin_pdf_has_the_embedded_font_and_excel_lists_sources(
    client, monitor, district_a
) -> None:
    services.emission_target_set(
        actor=monitor, year=2026, district=district_a, pollutant="cod",
        base_tonnes=D(12), cap_tonnes=D(10),
    )  # fmt: skip
    services.emission_actual_set(
        actor=monitor, year=2026, month=1, district=district_a, pollutant="cod", tonnes=D(1)
    )  # fmt: skip
    items = bulletin.figures(
        monitor, year=2026, month=3, now=datetime(2026, 4, 1, tzinfo=SHANGHAI)
    )
    cod = [f for f in items if f.part == "总量减排"]
    assert cod and "控制目标10.000吨" in cod[0].value and cod[0].source
    assert all(f.source for f in items)
    client.force_login(monitor)
    response = client.get(reverse("quality:bulletin-pdf"), {"year": 2026, "month": 3})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert b"FontFile2" in response.content  # the font is embedded
    response = client.get(reverse("quality:bulletin-xlsx"), {"year": 2026, "month": 3})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == ["类别", "项目", "数值", "数据来源"]
    assert any(
        row[0] == "总量减排" for row in sheet.iter_rows(min_row=2, values_only=True)
    )


def test_bulletin_and_targets_refused_to_enterprise_and_public(
    client, enterprise_user_a, citizen, district_b_officer, district_a
) -> None:
    for user in (enterprise_user_a, citizen):
        client.force_login(user)
        for name in (
            "quality:bulletin-pdf",
            "quality:bulletin-xlsx",
            "quality:targets",
        ):
            assert client.get(reverse(name)).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("quality:bulletin-pdf")).status_code == 302
    client.force_login(district_b_officer)
    assert client.get(reverse("quality:targets"), {"year": 2026}).status_code == 200
    assert (
        client.get(reverse("quality:figure-import", args=["waste"])).status_code == 403
    )


def test_targets_page_shows_noise_waste_and_home_rank(
    client, monitor, enterprise_a
) -> None:
    WasteRecord.objects.create(
        year=2026, enterprise=enterprise_a, generated=D(10), utilised=D(6),
        disposed=D(4), closing_stock=D(0), source="申报登记",
    )  # fmt: skip
    client.force_login(monitor)
    body = client.get(
        reverse("quality:targets"), {"year": 2026, "month": 10}
    ).content.decode()
    assert 'data-testid="waste-rate">100.0%' in body and "全部实现安全处置" in body
