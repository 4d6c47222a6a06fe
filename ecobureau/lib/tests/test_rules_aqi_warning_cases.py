"""`rules run aqi` and `rules run warning` through the command, case by case,
under both AQI standards and both warning gradings (CONTRACTS.md).

Every expected value is worked by hand from the tables of reference/aqi.md §1
(HJ 633—2012 表1, HJ 633—2026 表3, ceiling rounding) and §3 (warning grading),
not read back from the code; the working is in the comment of each case.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(name: str, *lines: dict[str, Any], as_of: str | None = None) -> list[Any]:
    out = StringIO()
    stdin = StringIO("".join(json.dumps(line) + "\n" for line in lines))
    args = ["rules", "run", name] + (["--as-of", as_of] if as_of else [])
    call_command(*args, stdin=stdin, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


D26 = {"kind": "daily", "date": "2026-05-01"}
D12 = {"kind": "daily", "date": "2025-05-01"}
H26 = {"kind": "hourly", "date": "2026-05-01"}
H12 = {"kind": "hourly", "date": "2025-05-01"}

AQI_CASES = [
    # The switch is by date: 2026-02-28 is HJ 633—2012, 2026-03-01 HJ 633—2026.
    # PM2.5 75: 2012 is the IAQI-100 breakpoint; 2026 (60→100, 115→150)
    # 100 + 50/55·15 = 113.6 → 114.
    (
        {"kind": "daily", "date": "2026-02-28", "pm25": 75},
        ("HJ633-2012", 100, {"PM2.5": 100}, ["PM2.5"], 2),
    ),
    (
        {"kind": "daily", "date": "2026-03-01", "pm25": 75},
        ("HJ633-2026", 114, {"PM2.5": 114}, ["PM2.5"], 3),
    ),
    # PM10 120: 2026 breakpoint → 100; 2012 (50→50, 150→100) 50 + 0.5·70 = 85.
    ({**D26, "pm10": 120}, ("HJ633-2026", 100, {"PM10": 100}, ["PM10"], 2)),
    ({**D12, "pm10": 120}, ("HJ633-2012", 85, {"PM10": 85}, ["PM10"], 2)),
    # Daily SO2 uses the 24 h column (150 → 100, 475 → 150), not the 1 h one.
    (
        {**D26, "so2": 150, "no2": 80},
        ("HJ633-2026", 100, {"SO2": 100, "NO2": 100}, ["SO2", "NO2"], 2),
    ),
    ({**D26, "so2": 475}, ("HJ633-2026", 150, {"SO2": 150}, ["SO2"], 3)),
    # 2026 rounds concentrations half to even first (GB/T 8170): PM2.5 36.5 → 36,
    # 50 + 50/40·1 = 51.25 → 52; CO 2.25 → 2.2, 50 + 25·0.2 = 55.
    # 2012 does not: PM2.5 35.5 → 50.625 → 51; CO 2.25 → 56.25 → 57.
    ({**D26, "pm25": 36.5}, ("HJ633-2026", 52, {"PM2.5": 52}, ["PM2.5"], 2)),
    ({**D26, "co": 2.25}, ("HJ633-2026", 55, {"CO": 55}, ["CO"], 2)),
    ({**D12, "pm25": 35.5}, ("HJ633-2012", 51, {"PM2.5": 51}, ["PM2.5"], 2)),
    ({**D12, "co": 2.25}, ("HJ633-2012", 57, {"CO": 57}, ["CO"], 2)),
    # AQI 50 exactly: 优, no primary pollutant although two IAQIs tie.
    (
        {**D26, "pm25": 35, "pm10": 50},
        ("HJ633-2026", 50, {"PM2.5": 50, "PM10": 50}, [], 1),
    ),
    # Above the top breakpoint: IAQI 500 (爆表).
    ({**D12, "pm25": 600}, ("HJ633-2012", 500, {"PM2.5": 500}, ["PM2.5"], 6)),
    ({**D26, "so2": 2700}, ("HJ633-2026", 500, {"SO2": 500}, ["SO2"], 6)),
    # Daily O3 8 h above 800: 2026 counts 300; 2012 uses the daily max 1 h
    # instead (300 µg/m³ → 150).
    ({**D26, "o3_8h": 900}, ("HJ633-2026", 300, {"O3": 300}, ["O3"], 5)),
    (
        {**D12, "o3_8h": 900, "o3_1h": 300},
        ("HJ633-2012", 150, {"O3": 150}, ["O3"], 3),
    ),
    # 2026 daily ignores O3 1 h: PM2.5 10 → 50/35·10 = 14.3 → 15.
    (
        {**D26, "o3_1h": 500, "pm25": 10},
        ("HJ633-2026", 15, {"PM2.5": 15}, [], 1),
    ),
    # Hourly SO2 above 800: 2026 counts 200; 2012 uses the 24 h mean (150 → 100).
    ({**H26, "so2": 900}, ("HJ633-2026", 200, {"SO2": 200}, ["SO2"], 4)),
    (
        {**H12, "so2": 900, "so2_24h": 150},
        ("HJ633-2012", 100, {"SO2": 100}, ["SO2"], 2),
    ),
    # Hourly PM: 2026 interpolates the 1 h value on the daily breakpoints
    # (PM10 200: 100 + 50/130·80 = 130.8 → 131); 2012 reads it as the 24 h
    # moving average (150→100, 250→150: 125). O3 1 h 250 → 125 in both.
    (
        {**H26, "o3_1h": 250, "pm10": 200},
        ("HJ633-2026", 131, {"PM10": 131, "O3": 125}, ["PM10"], 3),
    ),
    (
        {**H12, "o3_1h": 250, "pm10": 200},
        ("HJ633-2012", 125, {"PM10": 125, "O3": 125}, ["PM10", "O3"], 3),
    ),
    # 2012 real-time report keeps the O3 8 h moving average (265→200, 800→300:
    # 200 + 100/535·35 = 206.5 → 207) and reads PM2.5 as 24 h moving
    # (75→100, 115→150: 131.25 → 132).
    (
        {**H12, "o3_8h": 300, "pm25": 100},
        ("HJ633-2012", 207, {"O3": 207, "PM2.5": 132}, ["O3"], 5),
    ),
    # 2026 hourly O3 1 h 900 (800→300, 1000→400): 350.
    ({**H26, "o3_1h": 900}, ("HJ633-2026", 350, {"O3": 350}, ["O3"], 6)),
    # An explicit standard wins over the date.
    (
        {**D12, "standard": "HJ633-2026", "pm25": 75},
        ("HJ633-2026", 114, {"PM2.5": 114}, ["PM2.5"], 3),
    ),
]


@pytest.mark.parametrize(("line", "expected"), AQI_CASES)
def test_aqi_case(line: dict[str, Any], expected: tuple[Any, ...]) -> None:
    (result,) = run("aqi", line, as_of="2026-11-22")
    standard, aqi, iaqi, primary, level = expected
    assert result["standard"] == standard
    assert result["aqi"] == aqi
    assert result["iaqi"] == iaqi
    assert sorted(result["primary"]) == sorted(primary)
    assert result["level"] == level
    categories = ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"]
    assert result["category"] == categories[level - 1]
    assert result["explain"] and all(isinstance(s, str) for s in result["explain"])
    cite = "HJ 633—2026" if standard == "HJ633-2026" else "HJ 633—2012"
    assert any(cite in step for step in result["explain"])


def test_aqi_without_date_follows_as_of_on_each_side_of_the_switch() -> None:
    line = {"kind": "daily", "pm25": 75}
    (before,) = run("aqi", line, as_of="2026-02-28")
    (after,) = run("aqi", line, as_of="2026-03-01")
    assert (before["standard"], before["aqi"]) == ("HJ633-2012", 100)
    assert (after["standard"], after["aqi"]) == ("HJ633-2026", 114)
    # A date in the line beats --as-of.
    (dated,) = run("aqi", {**line, "date": "2025-12-31"}, as_of="2026-06-01")
    assert dated["standard"] == "HJ633-2012"


def test_aqi_errors_are_chinese_and_the_run_goes_on() -> None:
    results = run(
        "aqi",
        {**H12, "so2": 900},  # 2012 needs so2_24h above 800
        {**D26, "o3_1h": 500},  # nothing a 2026 daily AQI can use
        {**D26, "pm25": True},
        {**D26, "standard": "HJ633-2020", "pm25": 1},
        {**D26, "pm25": 20},
    )
    assert [("error" in r) for r in results] == [True, True, True, True, False]
    assert "so2_24h" in results[0]["error"]
    for result in results[:-1]:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in result["error"])
    assert results[-1]["aqi"] == 29  # 50/35·20 = 28.6 → 29


def _days(start: str, values: list[int]) -> dict[str, Any]:
    from datetime import date, timedelta

    first = date.fromisoformat(start)
    return {
        "forecast": [
            {"date": str(first + timedelta(days=i)), "aqi": v}
            for i, v in enumerate(values)
        ]
    }


WARNING_CASES = [
    # 环大气〔2024〕6号, in force from 2024-01-23.
    ("2024-01-23", [210], "yellow", "环大气〔2024〕6号"),
    ("2026-12-01", [151, 160], "yellow", "环大气〔2024〕6号"),
    ("2026-12-01", [150, 200], "none", "环大气〔2024〕6号"),  # not above the lines
    ("2026-12-01", [151, 160, 152], "orange", "环大气〔2024〕6号"),
    ("2026-12-01", [201, 300, 201], "orange", "环大气〔2024〕6号"),  # 300 is not > 300
    ("2026-12-01", [201, 301, 201], "red", "环大气〔2024〕6号"),
    ("2026-12-01", [301, 100, 201, 201], "orange", "环大气〔2024〕6号"),
    # 环办大气函〔2018〕875号 before it: one day > 200 is not yet yellow.
    ("2024-01-22", [210], "none", "875号"),
    ("2020-12-01", [210, 220], "yellow", "875号"),
    ("2020-12-01", [210, 310, 220], "orange", "875号"),
    ("2020-12-01", [210, 310, 320, 230], "red", "875号"),
    ("2020-12-01", [500], "red", "875号"),  # AQI reaching 500
]


@pytest.mark.parametrize(("start", "values", "level", "cite"), WARNING_CASES)
def test_warning_case(start: str, values: list[int], level: str, cite: str) -> None:
    # --as-of does not matter: the forecast's own dates pick the grading.
    for as_of in ("2020-01-01", "2026-11-22"):
        (result,) = run("warning", _days(start, values), as_of=as_of)
        assert result["level"] == level
        assert any(cite in step for step in result["explain"])
