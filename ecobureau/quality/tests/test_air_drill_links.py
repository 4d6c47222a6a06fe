"""The air statistics page links to the air drill-down for each of its periods
(issue 13 item 6): year to a month's end, a month (`period=month`), a quarter
(`period=range` of its three months) and a day range (`period=days&from=&to=`,
read by the air drill-down only), keeping the district; each link opens and
lists every day of the period. A bad day range answers 400 with the Chinese
error and what was typed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.air.models import City, DailyValue, Station
from ecobureau.quality import drilldown
from ecobureau.quality.drilldown import DayPeriod, DrillPeriod

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 15)


@pytest.fixture
def home(city, district_a) -> City:
    """The city's daily values 1 February (AQI 50, good) and 3 March 2026 (AQI
    120, level 3); station A1 of district A: 2 March 2026 (concentrations, from
    which the district's AQI is computed)."""
    home = City.objects.create(code="210300", name="示例市", division=city)
    for day, aqi, level in ((date(2026, 2, 1), 50, 1), (date(2026, 3, 3), 120, 3)):
        DailyValue.objects.create(
            city=home, date=day, standard="HJ633-2026", aqi=aqi, level=level, pm25=30
        )
    a1 = Station.objects.create(city=home, code="A1", name="A1", district=district_a)
    DailyValue.objects.create(
        city=home, station=a1, date=date(2026, 3, 2), standard="HJ633-2026",
        so2=8, no2=24, pm10=60, co=0.6, o3_1h=100, o3_8h=80, pm25=40,
    )  # fmt: skip
    return home


def drill_link(page) -> str:
    (href,) = re.findall(r'href="([^"]+)" data-testid="drill-air"', page.text)
    return href.replace("&amp;", "&")


def listed_days(page) -> int:
    return page.text.count('data-testid="day-counted"') + page.text.count(
        'data-testid="day-not-counted"'
    )


@pytest.mark.parametrize(
    ("choice", "params", "label", "days"),
    [
        # 1 January – 28 February: 31 + 28 days.
        ("kind=ytd&year=2026&month=2", "period=ytd&year=2026&month=2", "2026年1—2月", 59),
        ("kind=month&year=2026&month=2", "period=month&year=2026&month=2", "2026年2月", 28),
        # The first quarter: 31 + 28 + 31 days.
        ("kind=quarter&year=2026&quarter=1", "period=range&year=2026&month=3&from=1",
         "2026年1—3月", 90),
        # 25 February – 5 March 2026: 4 + 5 days.
        ("kind=range&start=2026-02-25&end=2026-03-05",
         "period=days&from=2026-02-25&to=2026-03-05", "2026-02-25至2026-03-05", 9),
    ],
)  # fmt: skip
def test_each_air_period_links_to_its_days(
    client, monitor, home, choice, params, label, days
) -> None:
    client.force_login(monitor)
    page = client.get(reverse("quality:air") + "?" + choice)
    assert page.status_code == 200
    href = drill_link(page)
    assert href == reverse("quality:drill-air") + "?" + params
    answer = client.get(href)
    assert answer.status_code == 200
    assert f'data-testid="period-label">{label}' in answer.text
    assert listed_days(answer) == days


def test_the_day_range_counts_its_own_days_and_the_same_days_before(
    client, monitor, home
) -> None:
    client.force_login(monitor)
    page = client.get(
        reverse("quality:drill-air") + "?period=days&from=2026-02-25&to=2026-03-05"
    )
    # Counted: 3 March only (1 February is outside); AQI 120 is not good: 0/1.
    assert page.text.count('data-testid="day-counted"') == 1
    assert 'data-testid="good-ratio">0.0%' in page.text
    assert "上年同期 2025-02-25至2025-03-05" in page.text
    # The form keeps the range; the monthly drill-downs are not linked.
    assert 'name="to" id="id_to" value="2026-03-05"' in page.text
    assert '<option value="days" selected>' in page.text
    assert 'data-testid="drill-links"' not in page.text


def test_the_links_keep_the_district(
    client, district_a_officer, district_a, district_b, home
) -> None:
    client.force_login(district_a_officer)
    for choice in ("kind=month&year=2026&month=3",
                   "kind=quarter&year=2026&quarter=1",
                   "kind=range&start=2026-03-01&end=2026-03-02"):  # fmt: skip
        page = client.get(
            reverse("quality:air") + f"?{choice}&district={district_a.pk}"
        )
        href = drill_link(page)
        assert href.endswith(f"&district={district_a.pk}")
        answer = client.get(href)
        assert answer.status_code == 200
        # District A's own station: 2 March counted, the city's 3 March not.
        assert answer.text.count('data-testid="day-counted"') == 1
        assert ">2026-03-02</td>" in answer.text.split('data-testid="day-counted"')[1]
        # Another district's days stay refused.
        other = href.replace(f"district={district_a.pk}", f"district={district_b.pk}")
        assert client.get(other).status_code == 404


@pytest.mark.parametrize(
    ("query", "message", "typed"),
    [
        ("from=2026-03-05&to=2026-02-25",
         "开始日期（2026-03-05）不能晚于结束日期（2026-02-25）",
         'name="to" id="id_to" value="2026-02-25"'),
        ("from=2026-13-01&to=2026-12-31", "开始日期“2026-13-01”无效",
         'name="from" id="id_from" value="2026-13-01"'),
        ("from=2026-03-01&to=20260305", "结束日期“20260305”无效",
         'name="to" id="id_to" value="20260305"'),
        ("from=1999-12-31&to=2000-01-02", "开始日期“1999-12-31”无效",
         'value="1999-12-31"'),
        ("from=2026-03-01", "日期段须填写开始日期和结束日期",
         'name="from" id="id_from" value="2026-03-01"'),
        # 366 days apart: longer than a year.
        ("from=2025-01-01&to=2026-01-02", "日期段最长一年（366天）",
         'name="to" id="id_to" value="2026-01-02"'),
    ],
)  # fmt: skip
def test_a_bad_day_range_answers_400_in_chinese_with_what_was_typed(
    client, monitor, query, message, typed
) -> None:
    client.force_login(monitor)
    page = client.get(reverse("quality:drill-air") + "?period=days&" + query)
    assert page.status_code == 400
    assert 'data-testid="period-error"' in page.text and message in page.text
    assert typed in page.text
    assert '<option value="days" selected>' in page.text


def test_only_the_air_drill_down_reads_a_day_range(client, monitor) -> None:
    client.force_login(monitor)
    query = "?period=days&from=2026-03-01&to=2026-03-02"
    for name in ("drill-water", "drill-drinking", "drill-emissions"):
        page = client.get(reverse(f"quality:{name}") + query)
        assert page.status_code == 400 and "统计期“days”无效" in page.text
        assert '<option value="days"' not in page.text


def test_air_period_parse_round_trips_and_keeps_the_month_kinds() -> None:
    days = DayPeriod(date(2025, 12, 20), date(2026, 1, 10))  # across the year end
    assert drilldown.air_period_parse(days.params(), today=TODAY) == days
    assert days.previous == DayPeriod(date(2024, 12, 20), date(2025, 1, 10))
    assert (days.year, days.last) == (2026, 1)
    # 2025-01-01 to 2026-01-01 is 365 days apart: allowed.
    assert drilldown.air_period_parse(
        {"period": "days", "from": "2025-01-01", "to": "2026-01-01"}, today=TODAY
    ) == DayPeriod(date(2025, 1, 1), date(2026, 1, 1))
    month = {"period": "month", "year": "2026", "month": "2"}
    assert drilldown.air_period_parse(month, today=TODAY) == DrillPeriod(
        2026, 2, 2, "month"
    )
    with pytest.raises(ValidationError):
        drilldown.period_parse({"period": "days"}, today=TODAY)
