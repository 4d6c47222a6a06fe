"""lib.aqi: HJ 633—2012 and HJ 633—2026 (reference/aqi.md §1)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from ecobureau.lib import aqi

D12, D26 = aqi.HJ633_2012, aqi.HJ633_2026


def daily(standard: aqi.Standard, **values: float) -> aqi.AqiResult:
    return aqi.compute(
        {k: aqi.to_fraction(v) for k, v in values.items()},
        kind="daily",
        standard=standard,
    )


def hourly(standard: aqi.Standard, **values: float) -> aqi.AqiResult:
    return aqi.compute(
        {k: aqi.to_fraction(v) for k, v in values.items()},
        kind="hourly",
        standard=standard,
    )


def test_standard_by_date() -> None:
    assert aqi.standard_for(date(2026, 2, 28)) == D12
    assert aqi.standard_for(date(2026, 3, 1)) == D26


@pytest.mark.parametrize(
    ("standard", "values", "expected"),
    [
        # PM2.5 75: 2012 IAQI 100; 2026 100 + 50×15/55 = 113.6 → 114 (§3.4)
        (D12, {"pm25": 75}, 100),
        (D26, {"pm25": 75}, 114),
        # the python-aqi errors of §5 done right
        (D12, {"pm25": 36}, 52),
        (D12, {"pm25": 76}, 102),
        (D12, {"pm25": 15}, 22),
        (D12, {"co": 2.5}, 63),
        # SO2 daily uses the 24 h column (aqi-hub's bug): 150 → 100, 475 → 150
        (D26, {"so2": 150}, 100),
        (D26, {"so2": 475}, 150),
        # PM10 120: IAQI 100 only under 2026
        (D12, {"pm10": 120}, 85),
        (D26, {"pm10": 120}, 100),
        # above the table: 500 by the 爆表 convention
        (D26, {"pm25": 620}, 500),
        (D26, {"pm25": 0}, 0),
    ],
)
def test_daily_sub_indices(
    standard: aqi.Standard, values: dict[str, float], expected: int
) -> None:
    assert daily(standard, **values).aqi == expected


def test_ceiling_is_exact_at_breakpoints() -> None:
    # 50/35 × 21 + 150 is exactly 180: no floating-point push to 181
    assert daily(D12, pm25=136).aqi == 180
    # anything above a whole number rounds up
    assert aqi.iaqi("pm25_24h", Fraction(3500001, 100000), D12) == 51


def test_2026_rounds_concentrations_half_to_even_first() -> None:
    assert daily(D26, pm25=35.5).aqi == 52  # 36 → 51.25 → 52
    assert daily(D26, pm25=36.5).aqi == 52  # 36 as well (五成双)
    assert daily(D12, pm25=35.5).aqi == 51  # 2012 takes the value as given: 50.625 → 51
    assert daily(D26, co=0.25).iaqi["CO"] == 5  # 0.2 mg/m³ → 5


def test_o3_daily_rules_differ() -> None:
    # 2012: the larger of the 1 h and the 8 h sub-index
    assert daily(D12, o3_1h=300, o3_8h=100).iaqi["O3"] == 150
    # 2026: the daily report uses the 8 h maximum only
    result = daily(D26, o3_1h=300, o3_8h=100)
    assert result.iaqi["O3"] == 50
    assert any("不使用O3 1小时" in line for line in result.explain)
    # above 800: 2026 counts 300, 2012 falls back on the 1 h value
    assert daily(D26, o3_8h=801).aqi == 300
    assert daily(D12, o3_8h=801, o3_1h=250).aqi == 125


def test_so2_one_hour_above_800() -> None:
    assert hourly(D26, so2=900).aqi == 200
    assert hourly(D12, so2=900, so2_24h=150).aqi == 100
    with pytest.raises(aqi.AqiInputError):
        hourly(D12, so2=900)


def test_hourly_pm_uses_the_daily_breakpoints_in_2026() -> None:
    assert hourly(D26, pm25=60).aqi == 100
    result = hourly(D26, pm25=60, o3_8h=300)
    assert "O3" not in result.iaqi  # 8 h not in the real-time report


def test_primary_pollutants_and_ties() -> None:
    assert daily(D26, pm25=30, pm10=40).primary == []  # AQI ≤ 50
    tie = daily(D12, pm25=75, pm10=150)
    assert (tie.aqi, tie.primary) == (100, ["PM10", "PM2.5"])


def test_levels_and_categories() -> None:
    assert [
        aqi.level_of(v)
        for v in (0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500)
    ] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
        6,
        6,
    ]
    assert aqi.category_of(3) == "轻度污染"
    assert aqi.level_range_label(85, 115) == "良至轻度污染"


def test_bad_inputs() -> None:
    for bad in (-1, True, "12", float("nan")):
        with pytest.raises(aqi.AqiInputError):
            aqi.to_fraction(bad)
    with pytest.raises(aqi.AqiInputError):
        aqi.compute({}, kind="daily", standard=D26)


def test_missing_pollutants_are_named_in_the_explanation() -> None:
    result = daily(D26, pm25=80)
    assert result.missing == ["SO2", "NO2", "PM10", "CO", "O3"]
    assert any("第5.3.1条" in line for line in result.explain)
