"""`rules run aqi` and `rules run warning` (CONTRACTS.md)."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command


def run(name: str, *lines: object, as_of: str | None = None) -> list[dict[str, Any]]:
    out = StringIO()
    stdin = StringIO(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
        + "\n"
    )
    args = ["rules", "run", name] + (["--as-of", as_of] if as_of else [])
    call_command(*args, stdin=stdin, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_aqi_contract_under_both_standards() -> None:
    daily_2026, daily_2012, hourly_12, by_as_of = run(
        "aqi",
        {"kind": "daily", "date": "2026-05-01", "pm25": 75, "pm10": 100, "o3_8h": 120},
        {"kind": "daily", "date": "2025-05-01", "pm25": 75, "pm10": 100, "o3_8h": 120},
        {"kind": "hourly", "date": "2025-05-01", "so2": 900, "so2_24h": 150},
        {"kind": "daily", "pm25": 75},
        as_of="2026-01-15",
    )
    assert {
        k: daily_2026[k]
        for k in ("aqi", "level", "category", "primary", "iaqi", "standard")
    } == {
        "aqi": 114,
        "level": 3,
        "category": "轻度污染",
        "primary": ["PM2.5"],
        "iaqi": {"PM10": 86, "O3": 67, "PM2.5": 114},
        "standard": "HJ633-2026",
    }
    assert (daily_2012["aqi"], daily_2012["category"], daily_2012["standard"]) == (
        100,
        "良",
        "HJ633-2012",
    )
    assert (hourly_12["aqi"], hourly_12["primary"]) == (100, ["SO2"])
    assert by_as_of["standard"] == "HJ633-2012"  # no date: --as-of decides
    for result in (daily_2026, daily_2012, hourly_12, by_as_of):
        assert result["explain"] and all(isinstance(s, str) for s in result["explain"])
    assert any("HJ 633—2026" in s for s in daily_2026["explain"])


@pytest.mark.django_db
def test_aqi_standard_given_explicitly_wins_over_the_date() -> None:
    (result,) = run(
        "aqi",
        {"kind": "daily", "date": "2025-05-01", "standard": "HJ633-2026", "pm25": 75},
    )
    assert (result["aqi"], result["standard"]) == (114, "HJ633-2026")


@pytest.mark.django_db
def test_aqi_bad_lines_give_an_error_and_the_run_goes_on() -> None:
    results = run(
        "aqi",
        {"kind": "daily", "pm25": -3},
        {"kind": "weekly", "pm25": 3},
        {"kind": "daily", "pm25": "12"},
        {"kind": "daily"},
        {"kind": "daily", "pm25": 10, "nox": 3},
        "not json",
        {"kind": "daily", "date": "2026-02-30", "pm25": 10},
        {"kind": "daily", "pm25": 10},
    )
    assert all("error" in r for r in results[:-1])
    assert "负数" in results[0]["error"]
    assert "daily或hourly" in results[1]["error"]
    assert "未知字段" in results[4]["error"]
    assert results[-1]["aqi"] == 15


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("series", "level"),
    [
        ([120, 140, 90], "none"),
        ([160, 140], "none"),  # one day > 150 only: temporary measures, no warning
        ([210, 120], "yellow"),  # a day > 200
        ([160, 170], "yellow"),  # > 150 for 48 h
        ([210, 220, 150], "orange"),  # > 200 for 48 h
        ([160, 170, 180], "orange"),  # > 150 for 72 h
        ([210, 310, 220], "red"),  # > 200 for 72 h with a day > 300
        ([210, 250, 220], "orange"),  # 72 h > 200 but nothing > 300
        ([310, 320, 140, 210], "orange"),  # the > 300 days are not 72 h > 200
    ],
)
def test_warning_grading_of_2024(series: list[int], level: str) -> None:
    days = [{"date": f"2026-12-{i + 1:02d}", "aqi": v} for i, v in enumerate(series)]
    (result,) = run("warning", {"forecast": days})
    assert result["level"] == level
    assert any("环大气〔2024〕6号" in s for s in result["explain"])


@pytest.mark.django_db
def test_warning_judges_the_longest_run() -> None:
    days = [
        {"date": f"2026-12-{i + 1:02d}", "aqi": v}
        for i, v in enumerate([160, 90, 160, 170, 180, 60])
    ]
    (result,) = run("warning", {"forecast": days})
    assert result["level"] == "orange"
    assert "日AQI>150最长持续72小时" in result["explain"][0]


@pytest.mark.django_db
def test_warning_bad_input() -> None:
    results = run(
        "warning",
        {"forecast": []},
        {
            "forecast": [
                {"date": "2026-12-01", "aqi": 210},
                {"date": "2026-12-03", "aqi": 210},
            ]
        },
        {"forecast": [{"date": "2026-12-01", "aqi": "210"}]},
        {"forecast": [{"date": "2026-12-01", "aqi": 600}]},
        {"days": []},
    )
    assert all("error" in r for r in results)
    assert "连续的日期" in results[1]["error"]


@pytest.mark.django_db
def test_rules_list_names_both_versions() -> None:
    out = StringIO()
    call_command("rules", "list", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    versions = {(line["name"], line["version"]) for line in lines}
    assert {
        ("aqi", "HJ633-2012"),
        ("aqi", "HJ633-2026"),
        ("warning", "环大气〔2024〕6号"),
    } <= versions
