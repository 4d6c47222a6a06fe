"""Air statistics over any period (E3): PM10, SO2, NO2 means, CO P95, O3 P90,
the good-days year-on-year on one standard across the HJ 633 revision
(2026-03-01), the period form and its refusals. The arithmetic is in the
comments."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ecobureau.air.models import City, DailyValue
from ecobureau.quality import air_figures, statistics
from ecobureau.quality.air_figures import AirFigures, AirSummary

pytestmark = pytest.mark.django_db

KEYS = ("so2", "no2", "pm10", "co", "o3_1h", "o3_8h", "pm25")
# 2025-03-01…04, stored under HJ 633—2012 (the standard then in force): the
# levels are what that standard gives — PM2.5 70 → IAQI 94 (良), PM10 130 →
# IAQI 90 (良); under HJ 633—2026 the same concentrations are 110 and 104
# (轻度污染): PM2.5 100 + (70 − 60) × 50 / 55, PM10 100 + (130 − 120) × 50 / 130.
BASE = [
    ((10, 30, 100, 0.8, 100, 80, 70), 94, 2),
    ((10, 30, 60, 0.8, 100, 80, 30), 55, 2),
    ((10, 30, 130, 0.8, 100, 80, 50), 90, 2),
    ((10, 30, 60, 0.8, 100, 80, 90), 119, 3),
]
# 2026-03-01…04, under HJ 633—2026: levels 2, 2, 3 (PM2.5 65 → 105), 1.
CURRENT = [
    ((8, 20, 70, 0.6, 110, 100, 40), 65, 2),
    ((12, 36, 80, 1.0, 130, 120, 55), 90, 2),
    ((6, 28, 90, 1.4, 170, 150, 65), 105, 3),
    ((4, 16, 40, 0.4, 100, 90, 20), 45, 1),
]


@pytest.fixture
def home(city) -> City:
    home = City.objects.create(code="210300", name="示例市", division=city)
    for first, standard, rows in (
        (date(2025, 3, 1), "HJ633-2012", BASE),
        (date(2026, 3, 1), "HJ633-2026", CURRENT),
    ):
        for i, (values, aqi, level) in enumerate(rows):
            DailyValue.objects.create(
                city=home,
                date=first.replace(day=i + 1),
                standard=standard,
                aqi=aqi,
                level=level,
                other_aqi=None,  # the re-rating must come from the concentrations
                **dict(zip(KEYS, values, strict=True)),
            )
    return home


def test_means_and_percentiles_of_a_day_range(home) -> None:
    air = air_figures.air_summary(start=date(2026, 3, 1), end=date(2026, 3, 4))
    cur = air.current
    assert cur is not None and cur.valid_days == 4
    assert cur.pm25_mean == 45.0  # (40 + 55 + 65 + 20) / 4 = 180 / 4
    assert cur.pm10_mean == 70.0  # (70 + 80 + 90 + 40) / 4 = 280 / 4
    assert cur.so2_mean == 7.5  # (8 + 12 + 6 + 4) / 4 = 30 / 4
    assert cur.no2_mean == 25.0  # (20 + 36 + 28 + 16) / 4 = 100 / 4
    # CO P95 of 0.4, 0.6, 1.0, 1.4: k = 1 + 3 × 0.95 = 3.85 →
    # 1.0 + 0.85 × (1.4 − 1.0) = 1.34 → 1.3 mg/m³
    assert cur.co_p95 == 1.3
    # O3 P90 of 90, 100, 120, 150: k = 1 + 3 × 0.9 = 3.7 → 120 + 0.7 × 30 = 141
    assert cur.o3_p90 == pytest.approx(141.0)
    # the same days of 2025: PM2.5 (70 + 30 + 50 + 90) / 4 = 60 → (60 − 45) / 60
    assert air.previous is not None and air.previous.pm25_mean == 60.0
    assert air.pm25_change == 25.0


def test_good_days_year_on_year_on_one_standard(home) -> None:
    air = air_figures.air_summary(start=date(2026, 3, 1), end=date(2026, 3, 4))
    assert air.current is not None and air.previous is not None
    # as published each day: 3/4 now (HJ 633—2026), 3/4 last year (HJ 633—2012)
    assert air.current.good_days == 3 and air.current.good_ratio == 75.0
    assert air.previous.good_days == 3 and air.previous.good_ratio == 75.0
    # last year re-rated under HJ 633—2026 from the stored concentrations:
    # 1 March (PM2.5 70 → 110) and 3 March (PM10 130 → 104) are no longer good:
    # 1/4 = 25 %; the change is 75 − 25 = +50.0 points, not 0
    assert air.basis_standard == "HJ633-2026"
    assert air.previous.rerated["HJ633-2026"] == (1, 4)
    assert air.good_ratio_base == 25.0 and air.good_ratio_now == 75.0
    assert air.one_standard is True
    assert air.good_ratio_change == 50.0
    assert "统一按HJ 633—2026" in air.basis_text
    assert "上年同期由存储的日均浓度按HJ 633—2026重新评级" in air.basis_text
    # a period before the revision compares under HJ 633—2012 and re-rates nothing
    early = air_figures.air_summary(start=date(2025, 3, 1), end=date(2025, 3, 4))
    assert early.basis_standard == "HJ633-2012" and early.current is not None
    assert early.current.good_ratio_under("HJ633-2012") == 75.0


def test_days_that_cannot_be_re_rated_state_their_basis() -> None:
    # Days without the concentrations to re-rate them (none re-rated): the
    # comparison falls back to each day's standard, labelled.
    now = AirFigures(date(2026, 3, 1), date(2026, 3, 31), 31, 30, 40.0, 24, None,
                     standards=("HJ633-2026",))  # fmt: skip
    base = AirFigures(date(2025, 3, 1), date(2025, 3, 31), 31, 30, 45.0, 27, None,
                      standards=("HJ633-2012",))  # fmt: skip
    air = AirSummary(current=now, previous=base)
    assert air.one_standard is False
    assert air.good_ratio_change == -10.0  # 24/30 = 80 % against 27/30 = 90 %
    assert "日数据缺少污染物浓度，未能统一按HJ 633—2026重新评级" in air.basis_text
    assert "两期不完全可比" in air.basis_text


# A district's stations' daily values (air.selectors.daily_district averages
# the two stations of district A): (so2, no2, pm10, co, o3_1h, o3_8h, pm25).
DISTRICT_DAYS = {
    date(2025, 3, 1): ((10, 30, 120, 0.8, 100, 80, 60), (14, 34, 140, 1.2, 120, 100, 80)),
    date(2025, 3, 2): ((6, 20, 50, 0.4, 90, 70, 20), (10, 24, 70, 0.8, 110, 90, 30)),
    date(2026, 3, 1): ((8, 24, 60, 0.6, 100, 80, 30), (8, 28, 80, 0.8, 100, 80, 40)),
    date(2026, 3, 2): ((6, 30, 100, 1.2, 100, 80, 60), (6, 30, 100, 1.2, 100, 80, 70)),
}  # fmt: skip


@pytest.fixture
def district_home(home, district_a, district_b):
    from ecobureau.air.models import Station

    a1, a2, b1 = (
        Station.objects.create(city=home, code=code, name=code, district=d)
        for code, d in (("A1", district_a), ("A2", district_a), ("B1", district_b))
    )
    for day, (v1, v2) in DISTRICT_DAYS.items():
        standard = "HJ633-2026" if day.year == 2026 else "HJ633-2012"
        for station, values in ((a1, v1), (a2, v2), (b1, (90,) * 7)):
            DailyValue.objects.create(
                city=home, station=station, date=day, standard=standard,
                **dict(zip(KEYS, values, strict=True)),
            )  # fmt: skip
    return district_a


def test_a_district_gets_every_figure_and_one_standard(district_home) -> None:
    air = air_figures.air_summary(
        start=date(2026, 3, 1), end=date(2026, 3, 2), district_id=district_home.pk
    )
    cur, prev = air.current, air.previous
    assert cur is not None and prev is not None
    # 2026 district days (A1 + A2) / 2: 1 March PM2.5 35, PM10 70, SO2 8, NO2 26,
    # CO 0.7; 2 March PM2.5 65, PM10 100, SO2 6, NO2 30, CO 1.2 (B1's 90s unread)
    assert (cur.pm25_mean, cur.pm10_mean, cur.so2_mean, cur.no2_mean) == (
        50.0, 85.0, 7.0, 28.0,  # (35 + 65) / 2, (70 + 100) / 2, (8 + 6) / 2, (26 + 30) / 2
    )  # fmt: skip
    # CO P95 of 0.7, 1.2: k = 1 + 1 × 0.95 → 0.7 + 0.95 × 0.5 = 1.175 → 1.2
    assert cur.co_p95 == 1.2
    # 2025: PM2.5 70 and 25 → 47.5; PM10 130, 60 → 95.0; SO2 12, 8 → 10.0;
    # NO2 32, 22 → 27.0; CO P95 of 0.6, 1.0 → 0.6 + 0.95 × 0.4 = 0.98 → 1.0
    assert (prev.pm25_mean, prev.pm10_mean, prev.so2_mean, prev.no2_mean) == (
        47.5, 95.0, 10.0, 27.0,
    )  # fmt: skip
    assert prev.co_p95 == 1.0
    # changes, positive = better: PM2.5 (47.5 − 50) / 47.5 = −5.3 %; PM10
    # (95 − 85) / 95 = 10.5 %; SO2 (10 − 7) / 10 = 30.0 %; NO2 (27 − 28) / 27 =
    # −3.7 %; CO (1.0 − 1.2) / 1.0 = −20.0 %
    assert air.pm25_change == -5.3
    assert [air.change(k) for k in ("pm10", "so2", "no2", "co")] == [
        10.5, 30.0, -3.7, -20.0,
    ]  # fmt: skip
    # Good days. 2026 (HJ 633—2026): 1 March PM2.5 35 → 50, PM10 70 → 50 + 20 ×
    # 50 / 70 = 64.3 → AQI 65 良; 2 March PM2.5 65 → 100 + 5 × 50 / 55 = 104.5
    # → 105 轻度: 1 of 2. 2025 as rated then (HJ 633—2012): PM2.5 70 → 94 and
    # 25 → 36 (PM10 60 → 55): 2 of 2; re-rated under HJ 633—2026, 70 → 110
    # (轻度) and PM10 60 → 58: 1 of 2. Change 50 − 50 = 0, not 50 − 100.
    assert (cur.good_days, cur.valid_days) == (1, 2)
    assert (prev.good_days, prev.valid_days) == (2, 2)
    assert prev.rerated["HJ633-2026"] == (1, 2)
    assert air.one_standard is True
    assert air.good_ratio_base == 50.0 and air.good_ratio_change == 0.0
    assert "统一按HJ 633—2026评价" in air.basis_text
    assert "上年同期由存储的日均浓度按HJ 633—2026重新评级" in air.basis_text
    assert "不完全可比" not in air.basis_text


def test_the_air_page_shows_the_changes_beside_last_year(
    client, city_leader, home
) -> None:
    # the city's March days (BASE, CURRENT): PM10 2025 (100 + 60 + 130 + 60) / 4
    # = 87.5 against 70.0: (87.5 − 70) / 87.5 = 20.0 %;
    # SO2 (10 − 7.5) / 10 = 25.0 %; NO2 (30 − 25) / 30 = 16.7 %; CO P95 of four
    # 0.8 = 0.8 against 1.3: (0.8 − 1.3) / 0.8 = −62.5 % → 上升62.5%
    client.force_login(city_leader)
    body = client.get(
        reverse("quality:air"),
        {"kind": "range", "start": "2026-03-01", "end": "2026-03-04"},
    ).content.decode()
    assert 'data-testid="pm10-change">改善20.0%<' in body
    assert 'data-testid="so2-change">改善25.0%<' in body
    assert 'data-testid="no2-change">改善16.7%<' in body
    assert 'data-testid="co-change">上升62.5%<' in body


def test_short_months_across_a_year_boundary() -> None:
    # 2025-12-01 … 2026-01-31, 27 valid days in December, 20 in January
    fig = AirFigures(date(2025, 12, 1), date(2026, 1, 31), 62, 47, None, 0, None,
                     months={(2025, 12): 27, (2026, 1): 20})  # fmt: skip
    assert fig.short_months == [(1, 20, 27)]
    assert fig.complete is False


def test_validity_rule_is_cited_as_gb_3095_2012_pending_2026() -> None:
    lines = statistics.rules().cite()
    assert "324" in lines[0] and "GB 3095—2012 表4" in lines[0]
    assert "GB 3095—2026第6章原文未收入参考资料" in lines[0]
    assert "GB 3095—2026" in air_figures.VALIDITY_NOTE


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"kind": "range", "start": "2026-03-01", "end": "2026-03-04"}, "2026-03-01至2026-03-04"),
        ({"kind": "month", "year": "2026", "month": "3"}, "2026-03-01至2026-03-31"),
        ({"kind": "quarter", "year": "2026", "quarter": "1"}, "2026-01-01至2026-03-31"),
        ({"kind": "ytd", "year": "2026", "month": "3"}, "2026-01-01至2026-03-31"),
    ],
)  # fmt: skip
def test_air_page_takes_a_day_range_a_month_a_quarter(
    client, city_leader, home, params, shown
) -> None:
    client.force_login(city_leader)
    response = client.get(reverse("quality:air"), params)
    body = response.content.decode()
    assert response.status_code == 200
    assert shown in body
    # every period holds the four March days: the same means
    assert 'data-testid="pm10">70.0<' in body
    assert 'data-testid="co">1.3<' in body
    assert 'data-testid="good-days-change">上升50.0个百分点' in body
    assert "GB 3095—2012表4" in body


def test_air_page_refuses_a_reversed_range_with_400_keeping_the_input(
    client, city_leader, home
) -> None:
    client.force_login(city_leader)
    response = client.get(
        reverse("quality:air"),
        {"kind": "range", "start": "2026-03-05", "end": "2026-03-01"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in body
    assert 'value="2026-03-05"' in body
    missing = client.get(reverse("quality:air"), {"kind": "quarter", "year": "2026"})
    assert missing.status_code == 400
    assert "请选择季度" in missing.content.decode()


def test_air_page_is_refused_to_the_public_and_enterprises(
    client, citizen, enterprise_user_a, home
) -> None:
    assert client.get(reverse("quality:air")).status_code == 302  # log in
    for user in (citizen, enterprise_user_a):
        client.force_login(user)
        assert client.get(reverse("quality:air")).status_code in (302, 403)
