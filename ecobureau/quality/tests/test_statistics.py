"""Period class, compliance, good-water share, city CWQI with its year-on-year
change, drinking-water compliance and the air figures, from small hand-checked
data sets (the arithmetic is in the comments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from ecobureau.air.models import City, DailyValue
from ecobureau.quality import selectors, services
from ecobureau.quality.models import Measurement, Sample

from .conftest import make_section

pytestmark = pytest.mark.django_db


def add_sample(section, day: date, **values) -> None:
    sample = Sample.objects.create(section=section, sampled_on=day)
    Measurement.objects.bulk_create(
        [
            Measurement(sample=sample, parameter=k, value=D(str(v)))
            for k, v in values.items()
        ]
    )


def test_period_class_is_the_class_of_the_means_not_the_mean_of_classes(
    monitor, section_a
) -> None:
    # NH3-N 0.4 (II) in January and 1.7 (V) in February: mean 1.05 → IV.
    add_sample(section_a, date(2026, 1, 10), ph=7, nh3n="0.4")
    add_sample(section_a, date(2026, 2, 10), ph=7, nh3n="1.7")
    services.section_target_set(
        actor=monitor, section=section_a, year=2026, target="III"
    )
    summary = selectors.water_summary(year=2026, last_month=2)
    [row] = summary.rows
    assert row.klass == "IV"
    assert row.meets is False
    assert row.result.exceed == {"nh3n": D("0.05")}  # (1.05 − 1.0) / 1.0
    # through January only: 0.4 → II, meets III
    assert selectors.water_summary(year=2026, last_month=1).rows[0].meets is True


def test_good_share_compliance_and_city_cwqi_with_year_on_year_change(
    monitor, district_a, district_b
) -> None:
    # given three national sections (two rivers, one lake) and one provincial one
    r1 = make_section(monitor, district_a, "R1")
    r2 = make_section(monitor, district_b, "R2")
    lake = make_section(monitor, district_a, "L1", water_body="lake")
    other = make_section(monitor, district_a, "P1", level="provincial")
    for section, target in ((r1, "III"), (r2, "IV"), (lake, "III")):
        services.section_target_set(
            actor=monitor, section=section, year=2026, target=target
        )
    # this year
    add_sample(r1, date(2026, 3, 1), ph=8, do=6, nh3n="0.5")  # II
    add_sample(r2, date(2026, 3, 1), ph=7, do=5, nh3n="1.5")  # IV
    add_sample(lake, date(2026, 3, 1), ph=7, do=5, tp="0.05")  # III (lake TP)
    add_sample(other, date(2026, 3, 1), ph=7, do=5, nh3n="3")  # 劣V, not national
    # last year, same months
    add_sample(r1, date(2025, 3, 1), ph=8, do=5, nh3n="1.0")
    add_sample(r2, date(2025, 3, 1), ph=7, do=5, nh3n="2.0")
    add_sample(lake, date(2025, 3, 1), ph=7, do=5, tp="0.1")

    summary = selectors.water_summary(year=2026, last_month=3)

    assert [row.klass for row in summary.rows] == ["III", "II", "IV"]  # L1, R1, R2
    assert summary.meeting == 3 and summary.with_target == 3  # IV meets target IV
    assert summary.good == 2
    assert summary.good_share is not None
    assert summary.good_share.quantize(D("0.01")) == D("66.67")  # 2 / 3
    # Rivers: mean pH 7.5, DO 5.5, NH3-N 1.0 →
    #   (7.5 − 7)/2 + 5/5.5 + 1.0/1.0 = 0.25 + 0.909090… + 1 = 2.159090…
    # Lake: pH 7 → 0, DO 5 → 1, TP 0.05/0.05 → 1: 2
    # City: (2.159090… × 2 + 2 × 1) / 3 = 2.106060…
    assert selectors.wc.round4(summary.cwqi) == D("2.1061")
    # Last year: rivers pH 7.5 → 0.25, DO 5 → 1, NH3-N 1.5 → 1.5: 2.75;
    #   lake 0 + 1 + 0.1/0.05 = 3; city (2.75 × 2 + 3) / 3 = 2.833333…
    assert selectors.wc.round4(summary.cwqi_previous) == D("2.8333")
    # ΔCWQI = (2.106060 − 2.833333) / 2.833333 × 100 = −25.67 % (improved)
    assert summary.cwqi_change == D("-25.67")
    assert summary.cwqi_parts["river"]["n"] == 2


def test_drinking_source_fails_when_any_month_is_worse_than_class_three(
    monitor, district_a
) -> None:
    good = make_section(
        monitor, district_a, "D1", is_drinking_source=True, level="city"
    )
    bad = make_section(monitor, district_a, "D2", is_drinking_source=True, level="city")
    make_section(
        monitor, district_a, "D3", is_drinking_source=True, level="city"
    )  # no data
    add_sample(good, date(2026, 1, 5), ph=7, nh3n="0.3")
    add_sample(good, date(2026, 2, 5), ph=7, nh3n="0.9")
    add_sample(bad, date(2026, 1, 5), ph=7, nh3n="0.3")
    add_sample(bad, date(2026, 2, 5), ph=7, nh3n="1.2")  # IV in February
    rows, rate = selectors.drinking_summary(year=2026, last_month=2)
    assert [row.passed for row in rows] == [True, False, None]
    assert rate == D(50)  # 1 of the 2 monitored sources
    # the drinking sources stay out of the section assessment
    assert selectors.water_summary(year=2026, last_month=2, level=None).rows == []


def test_air_figures_from_the_air_module(city) -> None:
    home = City.objects.create(code="210300", name="示例市", division=city)
    # 2026-01-01…04: PM2.5 30, 40, 50, none; levels 1, 2, 3, no AQI
    for day, pm25, level, aqi in ((1, 30, 1, 40), (2, 40, 2, 60), (3, 50, 3, 120)):
        DailyValue.objects.create(
            city=home, date=date(2026, 1, day), standard="HJ633-2012",
            pm25=pm25, level=level, aqi=aqi, o3_8h=100 + day,
        )  # fmt: skip
    DailyValue.objects.create(city=home, date=date(2026, 1, 4), standard="HJ633-2012")
    # last year: PM2.5 50 and 50, one good day of two
    for day, level in ((1, 2), (2, 4)):
        DailyValue.objects.create(
            city=home, date=date(2025, 1, day), standard="HJ633-2012",
            pm25=50, level=level, aqi=100 if level == 2 else 160,
        )  # fmt: skip
    air = selectors.air_summary(year=2026, through=date(2026, 1, 4))
    assert air.current is not None
    assert air.current.pm25_mean == 40.0  # (30 + 40 + 50) / 3
    assert air.current.good_days == 2 and air.current.valid_days == 3
    assert round(air.current.good_ratio, 1) == 66.7
    assert air.pm25_change == 20.0  # (50 − 40) / 50 = 20 % better
    assert air.good_ratio_change == 16.7  # 66.7 − 50.0 points
    # O3 90th percentile of 101, 102, 103: k = 1 + 2 × 0.9 = 2.8 → 102 + 0.8 = 102.8
    assert air.current.o3_p90 == pytest.approx(102.8)
    assert air.current.complete is False


def test_emission_progress_is_scoped_to_the_district(
    city_leader, monitor, district_a, district_b, district_a_leader, district_b_officer
) -> None:
    for district in (district_a, district_b):
        services.emission_target_set(
            actor=monitor, year=2026, district=district, pollutant="cod",
            base_tonnes=D("1200"), cap_tonnes=D("1140"),
        )  # fmt: skip
    for month, tonnes in ((1, "100"), (2, "95.5")):
        services.emission_actual_set(
            actor=district_a_leader, year=2026, month=month, district=district_a,
            pollutant="cod", tonnes=D(tonnes),
        )  # fmt: skip
    [row_a] = selectors.emission_progress_for_user(
        district_a_leader, year=2026, last_month=12
    )
    assert row_a.actual == D("195.5") and row_a.months == 2
    assert row_a.target.reduction_tonnes == D("60")
    # 195.5 ≤ 1140 × 2 / 12 = 190? No: 195.5 > 190 → behind schedule
    assert row_a.on_track is False
    [row_b] = selectors.emission_progress_for_user(
        district_b_officer, year=2026, last_month=12
    )
    assert row_b.target.district == district_b and row_b.actual == 0
    assert (
        len(selectors.emission_progress_for_user(city_leader, year=2026, last_month=12))
        == 2
    )


def test_district_cannot_enter_another_districts_emissions_or_targets(
    district_a_leader, district_b
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.emission_actual_set(
            actor=district_a_leader, year=2026, month=1, district=district_b,
            pollutant="cod", tonnes=D(1),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.emission_target_set(
            actor=district_a_leader, year=2026, district=district_b, pollutant="cod",
            base_tonnes=D(10), cap_tonnes=D(9),
        )  # fmt: skip
