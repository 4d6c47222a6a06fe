"""Environmental quality on the leadership pages (issue 13 item 6): the CWQI and
its change, national sections meeting their target, the good-water share, the
drinking-water rate, PM2.5 and the good-days ratio with their changes, emissions
against the districts' caps — each equal to the quality module's own selectors
for the seeded year to October, each linked to the quality page listing its
items; a district page with the district's water, drinking water, air and
emissions, another district refused, someone without the quality module told so."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.air.models import City, DailyValue, Station
from ecobureau.leadership.selectors.quality import _fmt
from ecobureau.quality import selectors as quality_selectors
from ecobureau.quality import services as quality_services

from .test_figures import figure_counts, figure_detail

pytestmark = pytest.mark.django_db

OCT = "?period=month&value=2026-10"
KEYS = [
    "quality-cwqi",
    "quality-sections-meeting",
    "quality-good-water",
    "quality-drinking",
    "quality-pm25",
    "quality-good-days",
    "quality-emissions",
]


# The other daily concentrations (µg/m³; CO mg/m³), all low: PM2.5 sets the level.
OTHERS = {"so2": 8, "no2": 20, "pm10": 50, "co": 0.6, "o3_1h": 90, "o3_8h": 80}


@pytest.fixture
def monitor(bureau) -> User:
    """监测中心 (city scope): enters sections, samples and emission totals."""
    return UserFactory(
        username="monitor",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["monitoring_staff"],
    )


def _samples(monitor: User, rows: list[tuple[str, str, dict[str, str]]]) -> None:
    """Through the quality module's import (all or nothing)."""
    book = Workbook()
    sheet = book.active
    names = ["ph", "do", "nh3n", "tp"]
    sheet.append(["断面编码", "采样日期", "来源", "pH", "溶解氧", "氨氮", "总磷"])
    for code, day, values in rows:
        sheet.append([code, day, "手工监测", *(values.get(k) for k in names)])
    out = io.BytesIO()
    book.save(out)
    quality_services.samples_import(
        actor=monitor, content=out.getvalue(), filename="samples.xlsx"
    )


@pytest.fixture
def quality_world(monitor, world, district_a, district_b):
    """2026 to October (and 2025 for the change):
    - national sections R1 (A, river, target III), R2 (B, river, target III),
      L1 (A, lake, target III) and a provincial one (left out); R1 II, R2 IV
      (misses its target), L1 III: 2 of 3 meet, 2 of 3 good; a November sample
      of R2 would make it 劣V but lies after October;
    - drinking sources D1 (A) always II, D2 (B) IV in September: 1 of 2 comply;
    - air: the world's October days of the city (and 30 September) plus four
      days of October 2025; a station in district A with three days;
    - emissions (COD): A cap 1,140 t, 100 t a month (1,000 t by October, over
      the 950 t the months allow), B cap 1,140 t, 80 t a month (on track); a
      November total of A not counted."""
    make = quality_services.section_create
    r1 = make(actor=monitor, code="R1", name="R1断面", level="national",
              water_body="river", district=district_a)  # fmt: skip
    r2 = make(actor=monitor, code="R2", name="R2断面", level="national",
              water_body="river", district=district_b)  # fmt: skip
    lake = make(actor=monitor, code="L1", name="L1点位", level="national",
                water_body="lake", district=district_a)  # fmt: skip
    make(actor=monitor, code="P1", name="P1省考", level="provincial",
         water_body="river", district=district_a)  # fmt: skip
    make(actor=monitor, code="D1", name="一水源", level="city", water_body="river",
         district=district_a, is_drinking_source=True)  # fmt: skip
    make(actor=monitor, code="D2", name="二水源", level="city", water_body="river",
         district=district_b, is_drinking_source=True)  # fmt: skip
    for section in (r1, r2, lake):
        quality_services.section_target_set(
            actor=monitor, section=section, year=2026, target="III"
        )
    _samples(
        monitor,
        [
            ("R1", "2026-03-01", {"ph": "8", "do": "6", "nh3n": "0.5"}),  # II
            ("R2", "2026-03-01", {"ph": "7", "do": "5", "nh3n": "1.5"}),  # IV
            ("L1", "2026-03-01", {"ph": "7", "do": "5", "tp": "0.05"}),  # III
            ("P1", "2026-03-01", {"ph": "7", "do": "5", "nh3n": "3"}),  # 劣V
            ("R2", "2026-11-05", {"ph": "7", "do": "5", "nh3n": "9"}),  # after Oct
            ("R1", "2025-03-01", {"ph": "8", "do": "5", "nh3n": "1.0"}),
            ("R2", "2025-03-01", {"ph": "7", "do": "5", "nh3n": "2.0"}),
            ("L1", "2025-03-01", {"ph": "7", "do": "5", "tp": "0.1"}),
            ("D1", "2026-08-05", {"ph": "7", "nh3n": "0.3"}),
            ("D1", "2026-09-05", {"ph": "7", "nh3n": "0.4"}),
            ("D2", "2026-08-05", {"ph": "7", "nh3n": "0.3"}),
            ("D2", "2026-09-05", {"ph": "7", "nh3n": "1.2"}),  # IV
        ],
    )
    home = City.objects.get(code="210300")
    for day, pm25, aqi, level in [(1, 50, 70, 2), (2, 60, 85, 2), (3, 90, 120, 3),
                                  (4, 40, 57, 2)]:  # fmt: skip
        DailyValue.objects.create(
            city=home, date=date(2025, 10, day), standard="HJ633-2012",
            pm25=pm25, aqi=aqi, level=level, **OTHERS,
        )  # fmt: skip
    station = Station.objects.create(
        city=home, code="S-A", name="铁东点", district=district_a
    )
    for day, pm25 in [(1, 20), (2, 35), (3, 70)]:
        DailyValue.objects.create(
            city=home, station=station, date=date(2026, 10, day),
            standard="HJ633-2026", pm25=pm25, **OTHERS,
        )  # fmt: skip
    for district, monthly in ((district_a, "100"), (district_b, "80")):
        quality_services.emission_target_set(
            actor=monitor, year=2026, district=district, pollutant="cod",
            base_tonnes=Decimal("1200"), cap_tonnes=Decimal("1140"),
        )  # fmt: skip
        for month in range(1, 11):
            quality_services.emission_actual_set(
                actor=monitor, year=2026, month=month, district=district,
                pollutant="cod", tonnes=Decimal(monthly),
            )  # fmt: skip
    quality_services.emission_actual_set(
        actor=monitor, year=2026, month=11, district=district_a,
        pollutant="cod", tonnes=Decimal("500"),
    )  # fmt: skip
    return {"station": station}


def _link(html: str, key: str) -> str:
    match = re.search(rf'href="([^"]+)" data-testid="figure-{re.escape(key)}"', html)
    assert match, key
    return match.group(1).replace("&amp;", "&")


def test_city_figures_equal_the_quality_modules(client, city_leader, quality_world):
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    f = figure_counts(html)
    water = quality_selectors.water_summary(year=2026, last_month=10, level="national")
    drinking, rate = quality_selectors.drinking_summary(year=2026, last_month=10)
    air = quality_selectors.air_summary(year=2026, through=date(2026, 10, 31))
    assert air.current is not None
    rows = quality_selectors.emission_progress_for_user(
        city_leader, year=2026, last_month=10
    )
    # Water: R1 II, R2 IV, L1 III → 2 of 3 meet III, 2 of 3 good (the November
    # sample and the provincial section left out). CWQI as quality's own test:
    # rivers (7.5 − 7)/2 + 5/5.5 + 1.0/1.0 = 2.159091, lake 0 + 1 + 1 = 2,
    # city (2.159091 × 2 + 2) / 3 = 2.1061; 2025: 2.8333; change −25.67 %.
    assert f["quality-cwqi"] == (_fmt(water.cwqi, 2), 3) == ("2.11", 3)
    assert figure_detail(html, "quality-cwqi") == "上年同期 2.83，同比改善25.67%"
    assert water.cwqi_change == Decimal("-25.67")
    assert f["quality-sections-meeting"] == ("2/3", 3)
    assert (water.meeting, water.with_target) == (2, 3)
    assert (
        f["quality-good-water"] == ("66.7%", 3) == (_fmt(water.good_share, 1, "%"), 3)
    )
    # Drinking water: D1 passes, D2 fails in September → 50 %.
    assert rate == Decimal(50)
    assert f["quality-drinking"] == ("50.0%", 2)
    assert figure_detail(html, "quality-drinking") == "达标 1 / 有监测 2 个水源地"
    assert len(drinking) == 2
    # Air, 1 January to 31 October 2026: 30 September (PM2.5 25, level 1) and 1–5
    # October (22.5, 40, 47.5, 65, 80; levels 1, 2, 2, 3, 4): mean 280 / 6 =
    # 46.7; good 4 of 6 = 66.7 %. 2025: (50 + 60 + 90 + 40) / 4 = 60 →
    # improved (60 − 46.7) / 60 = 22.2 %.
    assert air.current.pm25_mean == 46.7
    assert f["quality-pm25"] == ("46.7", 6)
    assert figure_detail(html, "quality-pm25") == "同比改善22.2%"
    assert air.pm25_change == 22.2
    assert f["quality-good-days"] == ("66.7%", 6)
    assert figure_detail(html, "quality-good-days").startswith("优良 4 天 / 有效 6 天")
    # The 2025 days re-rated under HJ 633—2026 (in force on 31 October 2026) from
    # their concentrations: PM2.5 50, 60, 40 良 or better, 90 轻度 → 3 of 4 = 75 %;
    # 66.7 − 75.0 = −8.3 points.
    assert air.good_ratio_base == 75.0 and air.good_ratio_change == -8.3
    assert figure_detail(html, "quality-good-days") == (
        "优良 4 天 / 有效 6 天；同比下降8.3个百分点（统一按HJ 633—2026）"
    )
    # Emissions: A 1,000 t by October > 1,140 × 10 / 12 = 950 (behind), B 800 t.
    assert [(r.target.district.code, r.actual, r.on_track) for r in rows] == [
        ("210302", Decimal("1000"), False),
        ("210303", Decimal("800"), True),
    ]
    assert f["quality-emissions"] == ("1/2", 2)
    assert "铁东区 · 化学需氧量" in html and "1000.000" in html and "超序时进度" in html
    assert "2026年1—10月累计" in html


def test_each_figure_links_to_the_quality_page_listing_its_items(
    client, city_leader, quality_world
):
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    sections = client.get(_link(html, "quality-cwqi"))
    assert sections.status_code == 200
    for name in ("R1断面", "R2断面", "L1点位"):
        assert name in sections.text
    # … each section with the samples the figure averaged (quality's
    # drill-down), and the link to its page.
    r1 = quality_selectors.section_list_public().get(code="R1")
    assert reverse("quality:section-detail", args=[r1.pk]) in sections.text
    assert "2026-03-01" in sections.text
    assert _link(html, "quality-good-water") == _link(html, "quality-cwqi")
    assert "二水源" in client.get(_link(html, "quality-drinking")).text
    air = client.get(_link(html, "quality-pm25"))
    assert air.status_code == 200 and 'data-testid="pm25">46.7' in air.text
    # 6 days counted, the other 298 days of 1 January–31 October not (why listed)
    assert air.text.count('data-testid="day-counted"') == 6
    emissions = client.get(_link(html, "quality-emissions"))
    assert emissions.status_code == 200 and "1000.000" in emissions.text


def test_the_district_page_has_its_own_air_and_emissions(
    client, district_a_leader, district_a, quality_world
):
    client.force_login(district_a_leader)
    url = reverse("leadership:district", args=[district_a.pk]) + OCT
    html = client.get(url).text
    f = figure_counts(html)
    air = quality_selectors.air_summary(
        year=2026, through=date(2026, 10, 31), district_id=district_a.pk
    )
    assert air.current is not None
    assert air.current.valid_days == 3  # the station's three days
    assert f["quality-pm25"] == (_fmt(air.current.pm25_mean), 3)
    assert f["quality-good-days"] == (_fmt(air.current.good_ratio, 1, "%"), 3)
    assert "空气为铁东区辖区监测点位数据" in html
    # The drill-down of the district's own days; its emission rows only.
    days = client.get(_link(html, "quality-pm25"))
    assert days.status_code == 200
    assert days.text.count('data-testid="day-counted"') == 3
    rows = client.get(_link(html, "quality-emissions")).text
    assert "铁东区 · 化学需氧量" in rows and "铁西区" not in rows.split("<main")[1]
    # The district's emissions only.
    assert f["quality-emissions"] == ("0/1", 1)
    assert "铁西区 · 化学需氧量" not in html
    # Water and drinking water are the district's own (R1 and L1; D1), equal
    # to the quality module's district figures, and their drill-downs too.
    water = quality_selectors.water_summary(
        year=2026, last_month=10, level="national", district_id=district_a.pk
    )
    assert len(water.assessed) == 2
    assert f["quality-cwqi"] == (_fmt(water.cwqi, 2), 2)
    assert f["quality-sections-meeting"] == ("2/2", 2)
    assert f["quality-drinking"] == ("100.0%", 1)
    assert "地表水为铁东区辖区国考断面数据" in html
    assert "饮用水水源地为铁东区辖区水源地数据" in html
    assert "地表水、饮用水水源地为全市数据" not in html
    assert f"district={district_a.pk}" in _link(html, "quality-cwqi")
    sections = client.get(_link(html, "quality-cwqi")).text
    assert "R1断面" in sections and "R2断面" not in sections
    assert f"district={district_a.pk}" in _link(html, "quality-drinking")


def test_another_district_reader_sees_its_own_and_not_district_a(
    client, district_b_leader, district_a, district_b, quality_world
):
    client.force_login(district_b_leader)
    html = client.get(reverse("leadership:district", args=[district_b.pk]) + OCT).text
    f = figure_counts(html)
    assert f["quality-emissions"] == ("1/1", 1)
    assert "铁西区 · 化学需氧量" in html and "铁东区 · 化学需氧量" not in html
    # No station in district B: the city's air, said so.
    assert f["quality-pm25"] == ("46.7", 6)
    assert "空气为全市数据（本级无空气质量监测点位）" in html
    # District B's own water: R2 misses its target; D2 fails in September.
    assert f["quality-sections-meeting"] == ("0/1", 1)
    assert f["quality-drinking"] == ("0.0%", 1)
    assert "地表水为铁西区辖区国考断面数据" in html
    other = reverse("leadership:district", args=[district_a.pk]) + OCT
    assert client.get(other).status_code == 404
    # … nor district A's rows by a hand-made drill-down link.
    forged = (
        reverse("quality:drill-emissions")
        + f"?year=2026&month=10&district={district_a.pk}"
    )
    assert client.get(forged).status_code == 404
    rows = client.get(_link(html, "quality-emissions")).text
    assert "铁东区 · 化学需氧量" not in rows
    assert client.get(reverse("leadership:city") + OCT).status_code == 403


def test_a_unit_page_has_no_emission_caps(
    client, unit_head, sub_bureau_a, quality_world
):
    client.force_login(unit_head)
    html = client.get(reverse("leadership:unit", args=[sub_bureau_a.pk]) + OCT).text
    f = figure_counts(html)
    assert "quality-emissions" not in f
    assert f["quality-cwqi"] == ("2.11", 3)
    assert "科室、分局页面不含区县总量控制目标" in html


def test_without_the_quality_view_the_section_says_so(client, bureau, quality_world):
    head = UserFactory(
        username="enf-head", unit=bureau, scope=User.Scope.CITY,
        role_codes=["enforcement_head"],
    )  # fmt: skip
    client.force_login(head)
    html = client.get(reverse("leadership:city") + OCT).text
    assert re.search(
        r">环境质量</h2>\s*<p class=\"muted\">您无权查看该模块的数据。</p>", html
    )
    assert not any(key in figure_counts(html) for key in KEYS)


def test_the_section_in_english(client, settings, city_leader, quality_world):
    client.force_login(city_leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("leadership:city") + OCT).text
    assert "City water quality index (CWQI)" in html
    assert "Same period last year 2.83; improved by 25.67% year on year" in html
    assert "Behind schedule" in html
    assert figure_counts(html)["quality-cwqi"] == ("2.11", 3)


def _cells(html: str) -> list[tuple[str, str]]:
    """(row name, linked cell URL) of the emission breakdown."""
    title = "主要污染物排放与区县控制目标"
    table = html.split(f"<h3>{title}")[1].split("</table>")[0]
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        name = re.search(r'<th scope="row"[^>]*>([^<]+)</th>', row)
        for url in re.findall(r'<a href="([^"]+)" data-testid="cell"', row):
            out.append((name.group(1) if name else "", url.replace("&amp;", "&")))
    return out


def test_each_districts_emission_cells_link_to_its_drill_down(
    client, city_leader, district_a, district_b, quality_world
):
    # given the city page, both districts' rows
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    cells = _cells(html)
    # then every cell of a row links to that district's rows, January–October
    assert len(cells) == 8  # 2 rows × 4 cells
    for name, url in cells:
        district = district_a if name.startswith("铁东区") else district_b
        assert f"district={district.pk}" in url
        assert "period=ytd" in url and "year=2026" in url and "month=10" in url
    url = next(u for n, u in cells if n.startswith("铁西区"))
    rows = client.get(url)
    assert rows.status_code == 200
    assert "2026年1—10月" in rows.text and "铁西区" in rows.text
    assert f'data-testid="emission-{district_a.code}-cod"' not in rows.text
    # … and the rows listed sum to the cell's figure: 10 months × 80 t.
    assert rows.text.count('data-testid="actual-row"') == 10
    assert 'data-testid="emission-total">800.000' in rows.text


def test_a_district_reader_gets_links_for_their_own_district_only(
    client, district_b_leader, district_a, district_b, quality_world
):
    client.force_login(district_b_leader)
    html = client.get(reverse("leadership:district", args=[district_b.pk]) + OCT).text
    cells = _cells(html)
    assert cells and all(f"district={district_b.pk}" in url for _n, url in cells)
    assert f"district={district_a.pk}" not in html
    for _name, url in cells:
        assert client.get(url).status_code == 200
    # District A's drill-downs stay refused, whatever the period.
    for name in ("drill-water", "drill-drinking", "drill-air", "drill-emissions"):
        for query in ("?year=2026&month=10", "?period=month&year=2026&month=10"):
            forged = reverse(f"quality:{name}") + query + f"&district={district_a.pk}"
            assert client.get(forged).status_code == 404, (name, query)


def test_the_period_alone_reads_its_months_only(client, city_leader, quality_world):
    """环境质量口径 仅本期 (`quality=period`): the figures of the period's months,
    not from 1 January, each linking to the drill-down of the same months."""
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT + "&quality=period").text
    f = figure_counts(html)
    assert "2026年10月（仅本期，不累计）" in html
    assert "2026年1—10月累计" not in html
    # Water: no sample in October (the national sections' samples are of March).
    assert f["quality-cwqi"] == ("—", 0)
    assert f["quality-drinking"] == ("—", 0)
    # Air, 1–31 October: 22.5, 40, 47.5, 65, 80 → 255 / 5 = 51.0; levels 1, 2, 2,
    # 3, 4 → 3 of 5 = 60.0 %; October 2025 (50 + 60 + 90 + 40) / 4 = 60 →
    # improved (60 − 51) / 60 = 15.0 %.
    assert f["quality-pm25"] == ("51.0", 5)
    assert figure_detail(html, "quality-pm25") == "同比改善15.0%"
    assert f["quality-good-days"] == ("60.0%", 5)
    # Emissions, October alone: A 100 t > 1,140 / 12 = 95 (behind), B 80 t.
    assert f["quality-emissions"] == ("1/2", 2)
    assert "主要污染物排放与区县控制目标（2026年10月）" in html
    assert "本期排放（吨）" in html and "100.000" in html and "1000.000" not in html
    air = _link(html, "quality-pm25")
    assert "period=month" in air and "month=10" in air
    page = client.get(air)
    assert page.status_code == 200
    assert page.text.count('data-testid="day-counted"') == 5
    # The period form keeps the choice; previous and next keep it too.
    assert '<option value="period" selected>' in html
    assert "value=2026-09&quality=period" in html.replace("&amp;", "&")


def test_a_quarter_alone_and_the_cumulative_default(client, city_leader, quality_world):
    client.force_login(city_leader)
    q3 = reverse("leadership:city") + "?period=quarter&value=2026-Q3"
    html = client.get(q3 + "&quality=period").text
    f = figure_counts(html)
    assert "2026年7—9月（仅本期，不累计）" in html
    # Air: 30 September alone (PM2.5 25). Drinking: D1 II in August and
    # September, D2 IV in September → 1 of 2. Emissions July–September: A 300 t
    # > 1,140 × 3 / 12 = 285, B 240 t on schedule.
    assert f["quality-pm25"] == ("25.0", 1)
    assert f["quality-drinking"] == ("50.0%", 2)
    assert f["quality-emissions"] == ("1/2", 2)
    assert "300.000" in html and "240.000" in html
    link = _link(html, "quality-emissions")
    assert "period=range" in link and "from=7" in link and "month=9" in link
    assert client.get(link).status_code == 200
    # Without the choice: 1 January to 30 September, as before.
    html = client.get(q3).text
    assert "2026年1—9月累计" in html
    assert figure_counts(html)["quality-emissions"] == ("1/2", 2)
    assert "900.000" in html and "720.000" in html
