"""The drill-downs' period (issue 13): a single month, year to the month's end
(the default) or a month range, the year-on-year comparison over the same
months of the year before. For each period the listed rows recompute the
figure; a malformed period answers 400 with the Chinese error and what was
typed; the links between the drill pages keep the period and the district;
another district's drill-down stays refused."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.air.models import City, DailyValue
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import drilldown, selectors, services
from ecobureau.quality.drilldown import DrillPeriod, period_parse
from ecobureau.quality.models import Measurement, Sample

from .conftest import make_section

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 15)  # the last complete month: October 2026
FEB = DrillPeriod(2026, 2, 2, "month")
FEB_MAR = DrillPeriod(2026, 2, 3, "range")
YTD_MAR = DrillPeriod.ytd(2026, 3)
NOW = datetime(2026, 11, 1, tzinfo=SHANGHAI)
DRILLS = ("drill-water", "drill-drinking", "drill-air", "drill-emissions")


def add_sample(section, day: date, **values) -> None:
    sample = Sample.objects.create(section=section, sampled_on=day)
    Measurement.objects.bulk_create(
        [
            Measurement(sample=sample, parameter=k, value=D(str(v)))
            for k, v in values.items()
        ]
    )


# --- Parsing the period -------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, DrillPeriod(2026, 1, 10, "ytd")),  # the last complete month
        ({"year": "2025"}, DrillPeriod(2025, 1, 12, "ytd")),  # an earlier year
        ({"year": "2026", "month": "3"}, YTD_MAR),  # the old links
        ({"period": "month", "year": "2026", "month": "2"}, FEB),
        ({"period": "range", "year": "2026", "from": "2", "month": "3"}, FEB_MAR),
        (
            {"period": "range", "year": "2026", "from": "4", "month": "4"},
            DrillPeriod(2026, 4, 4, "range"),
        ),
        # `from` is read for a range only (the form always sends it).
        ({"period": "ytd", "year": "2026", "from": "x", "month": "3"}, YTD_MAR),
    ],
)
def test_period_parse_reads_the_three_kinds(params, expected) -> None:
    period = period_parse(params, today=TODAY)
    assert period == expected
    # The links' own parameters name the same period.
    assert period_parse(period.params(), today=TODAY) == period


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "week"}, "统计期“week”无效"),
        ({"year": "abc"}, "年度“abc”无效"),
        ({"year": "1999"}, "年度“1999”无效"),
        ({"year": "2026", "month": "13"}, "月份“13”无效"),
        ({"year": "2026", "month": "-1"}, "月份“-1”无效"),
        ({"period": "range", "year": "2026", "month": "3"}, "须填写起始月份"),
        (
            {"period": "range", "year": "2026", "from": "x", "month": "3"},
            "起始月份“x”无效",
        ),
        (
            {"period": "range", "year": "2026", "from": "5", "month": "3"},
            "起始月份（5月）不能晚于截止月份（3月）",
        ),
    ],
)
def test_period_parse_refuses_bad_parameters_in_chinese(params, message) -> None:
    with pytest.raises(ValidationError) as refused:
        period_parse(params, today=TODAY)
    assert message in refused.value.messages[0]


def test_period_labels_queries_and_the_year_before() -> None:
    assert (FEB.label, FEB_MAR.label, YTD_MAR.label) == (
        "2026年2月",
        "2026年2—3月",
        "2026年1—3月",
    )
    assert (FEB_MAR.start, FEB_MAR.end) == (date(2026, 2, 1), date(2026, 3, 31))
    assert FEB_MAR.previous == DrillPeriod(2025, 2, 3, "range")
    assert FEB_MAR.query(7) == "?period=range&year=2026&month=3&from=2&district=7"


# --- Water: the listed samples recompute the figures for every period ------------


@pytest.fixture
def water(monitor, district_a, district_b):
    """R1 (district A), NH3-N: 0.4 (II) 10 January, 1.2 (IV) 10 February, 0.2
    (II) 10 March, 5 (劣V) 1 April 2026; 1.6 (V) 10 February 2025. R2 (district
    B): 1.6 (V) 15 February 2026. DO 6 (II) throughout; targets III."""
    r1 = make_section(monitor, district_a, "R1")
    r2 = make_section(monitor, district_b, "R2")
    for section in (r1, r2):
        services.section_target_set(
            actor=monitor, section=section, year=2026, target="III"
        )
    for day, nh3n in ((date(2026, 1, 10), "0.4"), (date(2026, 2, 10), "1.2"),
                      (date(2026, 3, 10), "0.2"), (date(2026, 4, 1), "5"),
                      (date(2025, 2, 10), "1.6")):  # fmt: skip
        add_sample(r1, day, ph=7, do=6, nh3n=nh3n)
    add_sample(r2, date(2026, 2, 15), ph=7, do=6, nh3n="1.6")
    return r1, r2


def recompute_water(drill: drilldown.WaterDrill, period: DrillPeriod) -> None:
    """The mean of each item over the listed samples gives each class; the
    classes the good share; the means the CWQI."""
    means, classes = {}, {}
    for row, lines in drill.sections:
        assert all(period.start <= x.sample.sampled_on <= period.end for x in lines)
        if not lines:
            assert row.klass is None
            continue
        pooled = defaultdict(list)
        for line in lines:
            for key, value in line.values.items():
                pooled[key].append(value)
        means[row.section.pk] = {k: sum(v) / len(v) for k, v in pooled.items()}
        result = selectors.classify_means(row.section, means[row.section.pk], None)
        assert result is not None and result.klass == row.klass
        classes[row.section.pk] = result.klass
    summary = drill.summary
    good = sum(1 for k in classes.values() if k in selectors.GOOD_CLASSES)
    assert D(good * 100) / len(classes) == summary.good_share
    cwqi, _parts = selectors.city_cwqi([r.section for r, _ in drill.sections], means)
    assert cwqi == summary.cwqi


def test_water_single_month_range_and_year_to_month_each_recompute(water) -> None:
    # February alone: R1 IV (1.2), R2 V (1.6): no good water, none meets III.
    feb = drilldown.water(period=FEB)
    listed = {row.section.code: (row, lines) for row, lines in feb.sections}
    assert [x.sample.sampled_on for x in listed["R1"][1]] == [date(2026, 2, 10)]
    assert (listed["R1"][0].klass, listed["R2"][0].klass) == ("IV", "V")
    assert (feb.summary.good_share, feb.summary.meeting) == (D(0), 0)
    recompute_water(feb, FEB)
    # February–March: R1 (1.2 + 0.2) / 2 = 0.7 → III, meets; R2 V: 1 of 2.
    rng = drilldown.water(period=FEB_MAR)
    listed = {row.section.code: (row, lines) for row, lines in rng.sections}
    assert len(listed["R1"][1]) == 2 and listed["R1"][0].klass == "III"
    assert rng.summary.good_share == D(50)
    recompute_water(rng, FEB_MAR)
    # January–March: R1 (0.4 + 1.2 + 0.2) / 3 = 0.6 → III; the April sample out.
    ytd = drilldown.water(period=YTD_MAR)
    assert len({r.section.code: x for r, x in ytd.sections}["R1"]) == 3
    recompute_water(ytd, YTD_MAR)


def test_water_year_on_year_reads_the_same_months_of_the_year_before(water) -> None:
    r1, _r2 = water
    rng = drilldown.water(period=FEB_MAR)
    # February–March 2025: R1's 1.6 (V) alone.
    previous = selectors.water_summary(
        year=2025, first_month=2, last_month=3, level="national"
    )
    assert rng.summary.cwqi_previous == previous.cwqi is not None
    row = next(r for r, _ in rng.sections if r.section == r1)
    assert row.previous is not None and row.previous.klass == "V"
    # January alone: no January 2025 sample, no comparison.
    jan = drilldown.water(period=DrillPeriod(2026, 1, 1, "month"))
    assert jan.summary.cwqi_previous is None


# --- Drinking water ------------------------------------------------------------------


def test_drinking_rate_per_period_with_the_year_before(monitor, district_a) -> None:
    # D1: January passes, February fails on iron 0.5 > 0.3; February 2025 passes.
    d1 = make_section(monitor, district_a, "D1", is_drinking_source=True)
    add_sample(d1, date(2026, 1, 5), ph=7, do=6, nh3n="0.4")
    add_sample(d1, date(2026, 2, 5), ph=7, do=6, nh3n="0.4", fe="0.5")
    add_sample(d1, date(2025, 2, 5), ph=7, do=6, nh3n="0.4")
    jan = drilldown.drinking_sources(period=DrillPeriod(2026, 1, 1, "month"))
    feb = drilldown.drinking_sources(period=FEB)
    both = drilldown.drinking_sources(period=DrillPeriod(2026, 1, 2, "range"))
    for drill, rate in ((jan, D(100)), (feb, D(0)), (both, D(0))):
        assert drill.rate == rate == D(drill.passed * 100) / drill.monitored
    # The listed samples are the period's (the months the verdicts read).
    assert [x.sample.sampled_on for _r, xs in feb.sources for x in xs] == [
        date(2026, 2, 5)
    ]
    assert [m.month for m in feb.rows[0].months] == [2]
    assert feb.previous_rate == D(100)  # February 2025
    assert jan.previous_rate is None  # no January 2025 sample


# --- Air ------------------------------------------------------------------------------


@pytest.fixture
def home(city) -> City:
    """1 and 2 January 2026 AQI 50 (good, PM2.5 30); 3 February AQI 120 (level
    3, PM2.5 90); 4 February 2025 AQI 60 (good, PM2.5 40)."""
    home = City.objects.create(code="210300", name="示例市", division=city)
    for day, aqi, level, pm25 in ((date(2026, 1, 1), 50, 1, 30),
                                  (date(2026, 1, 2), 50, 1, 30),
                                  (date(2026, 2, 3), 120, 3, 90),
                                  (date(2025, 2, 4), 60, 2, 40)):  # fmt: skip
        DailyValue.objects.create(
            city=home, date=day, standard="HJ633-2012", aqi=aqi, level=level,
            pm25=pm25,
        )  # fmt: skip
    return home


def test_air_days_per_period_recompute_with_the_year_before(home) -> None:
    feb = drilldown.air_days(FEB.start, FEB.end)
    assert len(feb.days) == 28
    counted = [d for d in feb.days if d.counted]
    assert feb.figures is not None and feb.figures.good_ratio == 0.0
    assert [d.day for d in counted] == [date(2026, 2, 3)]
    assert feb.figures.pm25_mean == 90.0
    # The same days of 2025: 4 February, good, PM2.5 40.
    assert feb.summary is not None and feb.summary.previous is not None
    assert (feb.summary.previous.pm25_mean, feb.summary.previous.good_ratio) == (
        40.0,
        100.0,
    )
    both = drilldown.air_days(date(2026, 1, 1), FEB.end)
    assert len(both.days) == 59
    counted = [d for d in both.days if d.counted]
    assert both.figures is not None
    good = sum(d.good for d in counted)
    assert good * 100 / len(counted) == both.figures.good_ratio  # 2 / 3
    pm = [d.row["pm25"] for d in both.days if d.row and d.pm25_counted]
    assert round(sum(pm) / len(pm), 1) == both.figures.pm25_mean == 50.0


# --- Emissions ---------------------------------------------------------------------------


@pytest.fixture
def totals(monitor, district_a, district_b):
    """Caps 1,200 t (A) and 600 t (B). A: 100, 120, 90, 500 t in January–April
    2026, 80 and 70 t in February–March 2025. B: 40 and 50 t in January and
    February 2026."""
    for district, cap in ((district_a, "1200"), (district_b, "600")):
        services.emission_target_set(
            actor=monitor, year=2026, district=district, pollutant="cod",
            base_tonnes=D("1500"), cap_tonnes=D(cap),
        )  # fmt: skip
    for district, year, month, tonnes in (
        (district_a, 2026, 1, "100"), (district_a, 2026, 2, "120"),
        (district_a, 2026, 3, "90"), (district_a, 2026, 4, "500"),
        (district_a, 2025, 2, "80"), (district_a, 2025, 3, "70"),
        (district_b, 2026, 1, "40"), (district_b, 2026, 2, "50"),
    ):  # fmt: skip
        services.emission_actual_set(
            actor=monitor, year=year, month=month, district=district,
            pollutant="cod", tonnes=D(tonnes),
        )  # fmt: skip


def test_emission_rows_sum_to_the_figure_for_each_period(
    monitor, district_a, district_b, totals
) -> None:
    # Year to March: the figure is the selector's own.
    ytd = drilldown.emission_progress(monitor, YTD_MAR)
    own = selectors.emission_progress_for_user(monitor, year=2026, last_month=3)
    assert [(r.target, r.actual, r.months) for r in ytd] == [
        (r.target, r.actual, r.months) for r in own
    ]
    # February–March: A 120 + 90 = 210 t over 2 months > 1,200 × 2 / 12 = 200
    # (behind); B 50 t over 1 month ≤ 600 / 12 = 50 (on schedule).
    drill = drilldown.emission_rows(monitor, period=FEB_MAR, now=NOW)
    by = {item.row.target.district.code: item for item in drill.rows}
    a, b = by[district_a.code], by[district_b.code]
    assert [x.month for x in a.actuals] == [2, 3]
    assert sum(x.tonnes for x in a.actuals) == a.row.actual == D("210")
    assert (a.row.months, a.row.on_track) == (2, False)
    assert sum(x.tonnes for x in b.actuals) == b.row.actual == D("50")
    assert (b.row.months, b.row.on_track) == (1, True)
    # The same months of 2025: A 80 + 70; B none reported.
    assert (a.previous, b.previous) == (D("150"), None)
    # April alone: A 500 t; district A only when chosen.
    april = drilldown.emission_rows(
        monitor, period=DrillPeriod(2026, 4, 4, "month"), now=NOW,
        district_id=district_a.pk,
    )  # fmt: skip
    assert [(i.row.actual, [x.month for x in i.actuals]) for i in april.rows] == [
        (D("500"), [4])
    ]


# --- The pages ------------------------------------------------------------------------


def test_pages_show_the_period_in_the_heading_and_recompute_on_screen(
    client, monitor, water, totals
) -> None:
    client.force_login(monitor)
    url = reverse("quality:drill-water") + "?period=range&year=2026&from=2&month=3"
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="period-label">2026年2—3月' in page.text
    assert page.text.count('data-testid="sample-row"') == 3  # R1 ×2, R2 ×1
    assert 'data-testid="good-share">50.0%' in page.text
    assert "上年同期 2025年2—3月" in page.text
    page = client.get(
        reverse("quality:drill-emissions") + "?period=month&year=2026&month=4"
    )
    assert page.status_code == 200
    assert 'data-testid="period-label">2026年4月' in page.text
    assert page.text.count('data-testid="actual-row"') == 1
    assert "500.000" in page.text
    # The old link (year and month only) is still 1 January to the month.
    page = client.get(reverse("quality:drill-drinking") + "?year=2026&month=3")
    assert 'data-testid="period-label">2026年1—3月' in page.text


@pytest.mark.parametrize("name", DRILLS)
@pytest.mark.parametrize(
    ("query", "message", "typed"),
    [
        (
            "?year=2026&month=13",
            "月份“13”无效",
            'name="month" id="id_month" value="13"',
        ),
        (
            "?period=range&year=2026&from=9&month=3",
            "不能晚于截止月份",
            'name="from" id="id_from" value="9"',
        ),
        ("?period=week&year=2026&month=3", "统计期“week”无效", 'value="2026"'),
        ("?year=20x6&month=3", "年度“20x6”无效", 'value="20x6"'),
    ],
)
def test_a_bad_period_answers_400_with_the_error_and_what_was_typed(
    client, monitor, name, query, message, typed
) -> None:
    client.force_login(monitor)
    page = client.get(reverse(f"quality:{name}") + query)
    assert page.status_code == 400
    assert 'data-testid="period-error"' in page.text and message in page.text
    assert typed in page.text
    assert 'data-testid="drill-links"' not in page.text  # no figures, no links


def test_links_between_drill_pages_keep_the_period_and_the_district(
    client, district_a_officer, district_a, water, totals, home
) -> None:
    client.force_login(district_a_officer)
    query = f"?period=range&year=2026&from=2&month=3&district={district_a.pk}"
    page = client.get(reverse("quality:drill-water") + query)
    assert page.status_code == 200
    links = {
        kind: href.replace("&amp;", "&")
        for href, kind in re.findall(
            r'href="([^"]+)" data-testid="drill-link-(\w+)"', page.text
        )
    }
    assert set(links) == {"water", "drinking", "air", "emissions"}
    for kind, href in links.items():
        assert "period=range" in href and "from=2" in href and "month=3" in href
        assert f"district={district_a.pk}" in href
        answer = client.get(href)
        assert answer.status_code == 200, kind
        assert "2026年2—3月" in answer.text
    # The form keeps them too.
    assert 'name="from" id="id_from" value="2"' in page.text
    assert f'<option value="{district_a.pk}" selected>' in page.text


@pytest.mark.parametrize("name", DRILLS)
def test_another_districts_drill_down_is_refused_for_every_period(
    client, district_a_officer, district_b, name
) -> None:
    client.force_login(district_a_officer)
    for query in ("?year=2026&month=3", "?period=month&year=2026&month=2",
                  "?period=range&year=2026&from=2&month=3"):  # fmt: skip
        url = reverse(f"quality:{name}") + query + f"&district={district_b.pk}"
        assert client.get(url).status_code == 404, (name, query)


def test_bulletin_links_carry_the_bulletins_period(client, monitor, water) -> None:
    client.force_login(monitor)
    page = client.get(reverse("quality:bulletin") + "?year=2026&month=3")
    hrefs = re.findall(r'href="([^"]+)" data-testid="drill-water"', page.text)
    assert hrefs
    for href in hrefs:
        href = href.replace("&amp;", "&")
        assert "period=ytd" in href and "year=2026" in href and "month=3" in href
        assert "2026年1—3月" in client.get(href).text
