"""Drill-down from the bulletin's and the leadership page's figures to the rows
behind them (issue 13 item 6), water by district, the air page's district
choice. The listed rows recompute each figure; the arithmetic is in the
comments. Permissions with the person who must not see."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from ecobureau.air.models import City, DailyValue
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import drilldown, selectors, services
from ecobureau.quality.models import Measurement, Sample

from .conftest import make_section

pytestmark = pytest.mark.django_db

Q1 = "?year=2026&month=3"
Q1_PERIOD = drilldown.DrillPeriod.ytd(2026, 3)


def add_sample(section, day: date, **values) -> None:
    sample = Sample.objects.create(section=section, sampled_on=day)
    Measurement.objects.bulk_create(
        [
            Measurement(sample=sample, parameter=k, value=D(str(v)))
            for k, v in values.items()
        ]
    )


@pytest.fixture
def water(monitor, district_a, district_b):
    """R1 (district A): NH3-N 0.4 (II) in January and 1.2 (IV) in February, mean
    0.8 → III, DO 6 → II: class III, meets III, good. R2 (district B): NH3-N 1.6
    → V, misses III. An April sample of R1 lies outside January–March."""
    r1 = make_section(monitor, district_a, "R1")
    r2 = make_section(monitor, district_b, "R2")
    for section in (r1, r2):
        services.section_target_set(
            actor=monitor, section=section, year=2026, target="III"
        )
    add_sample(r1, date(2026, 1, 10), ph=7, do=6, nh3n="0.4")
    add_sample(r1, date(2026, 2, 10), ph=7, do=6, nh3n="1.2")
    add_sample(r1, date(2026, 4, 1), ph=7, do=6, nh3n="5")
    add_sample(r2, date(2026, 1, 15), ph=7, do=5, nh3n="1.6")
    return r1, r2


def test_the_listed_samples_recompute_the_water_figures(water) -> None:
    r1, r2 = water
    drill = drilldown.water(period=drilldown.DrillPeriod.ytd(2026, 3))
    summary = drill.summary
    assert (summary.good, len(summary.assessed), summary.meeting) == (1, 2, 1)
    assert summary.good_share == D(50)  # 1 of 2
    listed = {row.section.code: lines for row, lines in drill.sections}
    assert [line.sample.sampled_on for line in listed["R1"]] == [
        date(2026, 1, 10),
        date(2026, 2, 10),
    ]  # not the April sample
    assert [(line.klass, line.limiting) for line in listed["R1"]] == [
        ("II", ["do", "nh3n"]),
        ("IV", ["nh3n"]),
    ]
    # Recompute: the mean of each item over the listed samples → the class.
    means = {}
    classes: dict[int, str] = {}
    for row, lines in drill.sections:
        pooled = defaultdict(list)
        for line in lines:
            for key, value in line.values.items():
                pooled[key].append(value)
        means[row.section.pk] = {k: sum(v) / len(v) for k, v in pooled.items()}
        result = selectors.classify_means(row.section, means[row.section.pk], None)
        assert result is not None and result.klass == row.klass
        classes[row.section.pk] = result.klass
    assert means[r1.pk]["nh3n"] == D("0.8")  # (0.4 + 1.2) / 2
    good = sum(1 for k in classes.values() if k in selectors.GOOD_CLASSES)
    assert D(good * 100) / 2 == summary.good_share
    cwqi, _parts = selectors.city_cwqi([r1, r2], means)
    assert cwqi == summary.cwqi


def test_water_by_district_and_the_district_choice_are_scoped(
    client, monitor, district_a_officer, district_a, district_b, water
) -> None:
    rows = dict(selectors.water_by_district(monitor, year=2026, last_month=3))
    assert rows[district_a].good_share == D(100)  # R1 III: 1 of 1
    assert (rows[district_b].good_share, rows[district_b].meeting) == (D(0), 0)
    # District A's officer: their district only.
    assert [d for d, _w in selectors.water_by_district(
        district_a_officer, year=2026, last_month=3)] == [district_a]  # fmt: skip
    client.force_login(district_a_officer)
    url = reverse("quality:sections") + Q1
    page = client.get(url + f"&district={district_a.pk}")
    assert page.status_code == 200
    assert 'data-testid="district-row-' + district_a.code in page.text
    assert 'data-testid="district-row-' + district_b.code not in page.text
    assert "100.0%" in page.text.split('data-testid="water-district-summary"')[1]
    assert client.get(url + f"&district={district_b.pk}").status_code == 404
    drill = reverse("quality:drill-water") + Q1
    assert client.get(drill + f"&district={district_b.pk}").status_code == 404
    assert client.get(drill + "&district=x").status_code == 404
    # The city figures are public information: the officer sees them.
    body = client.get(drill).text
    assert "断面R1" in body and "断面R2" in body and "2026-01-15" in body


def test_water_drill_page_lists_samples_and_is_refused_to_outsiders(
    client, monitor, township_official, citizen, enterprise_user_a, water
) -> None:
    client.force_login(monitor)
    page = client.get(reverse("quality:drill-water") + Q1)
    assert page.status_code == 200
    assert page.text.count('data-testid="sample-row"') == 3  # 2 of R1, 1 of R2
    assert "2026-04-01" not in page.text
    assert 'data-testid="good-share">50.0%' in page.text
    for outsider in (township_official, citizen, enterprise_user_a):
        client.force_login(outsider)
        for name in ("drill-water", "drill-drinking", "drill-air", "drill-emissions",
                     "bulletin"):  # fmt: skip
            assert client.get(reverse(f"quality:{name}") + Q1).status_code in (
                302,
                403,
            ), (outsider, name)
    client.logout()
    response = client.get(reverse("quality:drill-water") + Q1)
    assert response.status_code == 302  # the public: log-in


def test_drinking_drill_lists_the_sources_and_recomputes_the_rate(
    client, monitor, district_a, district_b
) -> None:
    # D1 class II both months (passes); D2 iron 0.5 > 0.3 in February (fails the
    # period on one failing month): rate 1 of 2 = 50 %.
    d1 = make_section(monitor, district_a, "D1", is_drinking_source=True)
    d2 = make_section(monitor, district_b, "D2", is_drinking_source=True)
    add_sample(d1, date(2026, 1, 5), ph=7, do=6, nh3n="0.4")
    add_sample(d1, date(2026, 2, 5), ph=7, do=6, nh3n="0.4")
    add_sample(d2, date(2026, 1, 5), ph=7, do=6, nh3n="0.4")
    add_sample(d2, date(2026, 2, 5), ph=7, do=6, nh3n="0.4", fe="0.5")
    drill = drilldown.drinking_sources(period=drilldown.DrillPeriod.ytd(2026, 3))
    assert drill.rate == D(50)
    assert (drill.passed, drill.monitored) == (1, 2)
    assert D(drill.passed * 100) / drill.monitored == drill.rate
    listed = {row.section.code: (row, lines) for row, lines in drill.sources}
    assert listed["D2"][0].failing_months == [2]
    assert len(listed["D1"][1]) == 2 and len(listed["D2"][1]) == 2
    # district A alone: D1 → 100 %
    assert drilldown.drinking_sources(
        period=drilldown.DrillPeriod.ytd(2026, 3), district_id=district_a.pk
    ).rate == D(100)
    client.force_login(monitor)
    page = client.get(reverse("quality:drill-drinking") + Q1)
    assert page.status_code == 200 and 'data-testid="drinking-rate">50.0%' in page.text
    assert "铁(Fe)" in page.text or "铁" in page.text


@pytest.fixture
def home(city) -> City:
    """January 2026: the 1st AQI 50 (level 1, PM2.5 30); the 2nd PM2.5 40 but no
    AQI; the 4th AQI 120 (level 3, PM2.5 90); no daily value on the other 28
    days."""
    home = City.objects.create(code="210300", name="示例市", division=city)
    for day, aqi, level, pm25 in ((1, 50, 1, 30), (2, None, None, 40),
                                  (4, 120, 3, 90)):  # fmt: skip
        DailyValue.objects.create(
            city=home, date=date(2026, 1, day), standard="HJ633-2012",
            aqi=aqi, level=level, pm25=pm25,
        )  # fmt: skip
    return home


def test_air_drill_lists_every_day_counted_or_not_with_why(client, monitor, home):
    drill = drilldown.air_days(date(2026, 1, 1), date(2026, 1, 31))
    cur = drill.figures
    assert cur is not None
    assert len(drill.days) == 31
    counted = [d for d in drill.days if d.counted]
    assert [d.day.day for d in counted] == [1, 4]
    # good days 1 of 2 = 50.0 %, recomputed from the listed days
    assert cur.good_ratio == 50.0
    assert sum(d.good for d in counted) * 100 / len(counted) == cur.good_ratio
    # PM2.5: the days with a daily PM2.5 — (30 + 40 + 90) / 3 = 53.3
    pm = [d.row["pm25"] for d in drill.days if d.row and d.pm25_counted]
    assert cur.pm25_mean == 53.3 == round(sum(pm) / len(pm), 1)
    reasons = [d.reason for d in drill.not_counted]
    assert reasons.count(drilldown.NO_AQI) == 1  # the 2nd
    assert reasons.count(drilldown.NO_VALUE) == 28
    assert cur.short_months == [(1, 2, 27)]
    client.force_login(monitor)
    page = client.get(reverse("quality:drill-air") + "?year=2026&month=1")
    assert page.status_code == 200
    assert page.text.count('data-testid="day-counted"') == 2
    assert page.text.count('data-testid="day-not-counted"') == 29
    assert 'data-testid="pm25">53.3' in page.text


def test_air_page_district_choice_is_scoped(
    client, district_a_officer, district_a, district_b, home
) -> None:
    client.force_login(district_a_officer)
    url = reverse("quality:air") + "?kind=ytd&year=2026&month=1"
    page = client.get(url)
    assert page.status_code == 200
    choice = page.text.split('data-testid="air-district"')[1].split("</select>")[0]
    assert district_a.name in choice and district_b.name not in choice
    # District A has no station: said so, the city's days not shown as its own.
    page = client.get(url + f"&district={district_a.pk}")
    assert page.status_code == 200 and 'data-testid="no-district-air"' in page.text
    assert client.get(url + f"&district={district_b.pk}").status_code == 404
    drill = reverse("quality:drill-air") + "?year=2026&month=1"
    assert client.get(drill + f"&district={district_b.pk}").status_code == 404


def test_emission_drill_sums_to_the_figure_and_follows_the_district_scope(
    client, monitor, district_a_officer, district_a, district_b
) -> None:
    # Caps 1,200 t (A) and 600 t (B); A reports 100 + 120 + 90 = 310 t for
    # January–March > 1,200 × 3 / 12 = 300: behind schedule; B 40 + 50 = 90 t
    # (2 months) ≤ 600 × 2 / 12 = 100: on schedule. A's April figure is not
    # counted.
    for district, cap in ((district_a, "1200"), (district_b, "600")):
        services.emission_target_set(
            actor=monitor, year=2026, district=district, pollutant="cod",
            base_tonnes=D("1500"), cap_tonnes=D(cap),
        )  # fmt: skip
    for district, month, tonnes in ((district_a, 1, "100"), (district_a, 2, "120"),
                                    (district_a, 3, "90"), (district_a, 4, "500"),
                                    (district_b, 1, "40"), (district_b, 2, "50")):  # fmt: skip
        services.emission_actual_set(
            actor=monitor, year=2026, month=month, district=district,
            pollutant="cod", tonnes=D(tonnes),
        )  # fmt: skip
    now_at = datetime(2026, 11, 1, tzinfo=SHANGHAI)
    drill = drilldown.emission_rows(monitor, period=Q1_PERIOD, now=now_at)
    by = {item.row.target.district.code: item for item in drill.rows}
    a, b = by[district_a.code], by[district_b.code]
    assert [x.month for x in a.actuals] == [1, 2, 3]
    assert sum(x.tonnes for x in a.actuals) == a.row.actual == D("310")
    assert a.row.on_track is False and b.row.on_track is True
    assert sum(x.tonnes for x in b.actuals) == b.row.actual == D("90")
    # The ledger read to 31 March, not to today.
    assert drilldown.ledger_now(2026, 3, now_at) == datetime(
        2026, 4, 1, tzinfo=SHANGHAI
    )
    # District A's officer: district A only; district B's rows 404.
    mine = drilldown.emission_rows(district_a_officer, period=Q1_PERIOD, now=now_at)
    assert [i.row.target.district for i in mine.rows] == [district_a]
    client.force_login(district_a_officer)
    page = client.get(reverse("quality:drill-emissions") + Q1)
    assert page.status_code == 200
    assert page.text.count('data-testid="actual-row"') == 3
    assert "310.000" in page.text
    assert f'data-testid="emission-{district_b.code}-cod"' not in page.text
    url = reverse("quality:drill-emissions") + Q1 + f"&district={district_b.pk}"
    assert client.get(url).status_code == 404


def test_staff_bulletin_links_each_figure_to_its_rows_the_public_one_does_not(
    client, monitor, water, home
) -> None:
    client.force_login(monitor)
    page = client.get(reverse("quality:bulletin") + Q1)
    assert page.status_code == 200
    links = set(re.findall(r'href="([^"]+)" data-testid="drill-(\w+)"', page.text))
    kinds = {kind for _href, kind in links}
    assert {"water", "drinking", "air"} <= kinds
    for href, kind in links:
        assert client.get(href.replace("&amp;", "&")).status_code == 200, kind
    public = client.get(reverse("quality:bulletin-public") + "?year=2026&month=3")
    assert "drill" not in public.text
