"""`air backtest`: trained only on the days before the test period, each forecast
made from what was known at its issue day's cut-off, scored per lead day for the
model, persistence and monthly climatology; a future-weather run says so.

The command tests read real Beijing files (shared data/air) and are marked slow;
they are skipped where the research data is not beside the checkout."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from ecobureau.air.management.commands.air import default_data
from ecobureau.lib import air_forecast, aqi

FAST = air_forecast.TrainingConfig(folds=1, level_iterations=100)
START = date(2019, 1, 1)


def _synthetic(days: int, seed: int = 3) -> air_forecast.Series:
    rng = np.random.default_rng(seed)
    hours = days * 24
    walk = np.zeros(hours)
    for h in range(1, hours):
        walk[h] = 0.995 * walk[h - 1] + rng.normal(0, 0.08)
    pm25 = 55 * np.exp(walk)
    conc = np.zeros((2, hours, 6))
    met = rng.normal(0, 1, (2, hours, 7)) + np.array([10, 1015, -5, 0, 2, 0, 0])
    for s in range(2):
        conc[s, :, 0], conc[s, :, 1], conc[s, :, 3], conc[s, :, 4] = 8, 30, 0.8, 60
        conc[s, :, 2] = pm25 * 1.4
        conc[s, :, 5] = pm25
    return air_forecast.series_from_stations(
        start=START, station_hourly=conc, station_met=met, standard=aqi.HJ633_2026
    )


def test_the_model_of_a_backtest_never_sees_the_test_period() -> None:
    series = _synthetic(420)
    test_from = START + timedelta(days=365)
    before = air_forecast.train(series, end=test_from, config=FAST)

    # everything from the first test day on is replaced by other values
    i = series.index(test_from)
    series.hourly[i:] *= 3.0
    series.daily[i:] *= 3.0
    series.aqi[i:] = np.minimum(500, series.aqi[i:] * 3)
    series.met[i:] += 5
    after = air_forecast.train(series, end=test_from, config=FAST)
    assert after.to_json() == before.to_json()
    assert after.trained_to == test_from - timedelta(days=1)

    # while a change one day before the test period does reach the model
    series.hourly[i - 30 : i] *= 2.0
    series.daily[i - 30 : i] *= 2.0
    series.aqi[i - 30 : i] = np.minimum(500, series.aqi[i - 30 : i] * 2)
    changed = air_forecast.train(series, end=test_from, config=FAST)
    assert changed.to_json() != before.to_json()


def test_every_method_issues_ranges_of_the_same_stated_width() -> None:
    series = _synthetic(420)
    model = air_forecast.train(series, end=START + timedelta(days=365), config=FAST)
    assert model.range_width == 30
    for offset in range(365, 400, 5):
        issue = START + timedelta(days=offset)
        snap = series.snapshot(issue)
        days = {
            "model": air_forecast.forecast(model, snap),
            "persistence": air_forecast.persistence(model, snap),
            "climatology": [
                air_forecast.climatology_day(model, issue, lead) for lead in range(1, 8)
            ],
        }
        for method, forecasts in days.items():
            assert [d.lead for d in forecasts] == list(range(1, 8)), method
            for day in forecasts:
                assert day.high - day.low == 30, (method, day)
                # the strict level is the level of the range's midpoint
                assert day.level == aqi.level_of((day.low + day.high) / 2), day


@pytest.fixture
def beijing_files() -> list:
    files = sorted(default_data().glob("PRSA_Data_*.csv.gz"))
    if len(files) < 12:
        pytest.skip("北京研究数据不在 shared/data/air")
    return files


def _backtest(*args: str) -> str:
    out = StringIO()
    call_command("air", "backtest", *args, stdout=out)
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.django_db
def test_backtest_on_beijing_prints_the_whole_table(beijing_files: list) -> None:
    # two of the twelve stations keep the test short; the full run is in
    # bench/air_backtest.py and docs/modules/air.md
    text = _backtest(str(beijing_files[0]), str(beijing_files[5]))
    lines = text.splitlines()
    assert lines[0].startswith("正式回测：不使用任何未来信息")
    assert "训练期：2013-03-01 至 2016-02-29" in text
    assert "测试期：2016-03-01 至 2017-02-28" in text
    assert "预报范围宽度：三种方法均为 30 个AQI点" in text
    assert "AQI标准：HJ633-2012" in text  # the standard in force in 2016
    header = next(line for line in lines if line.startswith("方法"))
    for column in (
        "严格级别%",
        "范围级别%",
        "MAE技巧",
        "POD>200",
        "FAR>200",
        "CSI>200",
    ):
        assert column in header
    rows = [
        line
        for line in lines
        if line.split(" | ")[0].strip() in ("模型", "持续法", "月气候态")
    ]
    assert len(rows) == 21
    assert {row.split(" | ")[1].strip() for row in rows} == {
        str(n) for n in range(1, 8)
    }
    checks = [line for line in lines if line.startswith("[")]
    assert len(checks) == 8  # day 1: skill and level gain; days 2–7: MAE ratio


@pytest.mark.slow
@pytest.mark.django_db
def test_a_future_weather_run_says_so_first(beijing_files: list) -> None:
    text = _backtest(
        str(beijing_files[0]),
        "--future-weather",
        "--test-from",
        "2016-12-01",
        "--test-to",
        "2016-12-31",
    )
    first = text.splitlines()[0]
    assert "未来信息" in first and "不得作为模型的正式（headline）成绩" in first
    assert "正式回测" not in text


@pytest.mark.django_db
def test_backtest_refuses_bad_input(tmp_path) -> None:
    with pytest.raises(CommandError, match="日期应为YYYY-MM-DD"):
        _backtest("--test-from", "2016/03/01")
    bad = tmp_path / "PRSA_Data_Bad_20130301-20170228.csv"
    bad.write_text(
        "No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,station\n"
        "1,2013,3,1,0,abc,4,4,7,300,77,-0.7,1023,-18.8,0,NNW,4.4,Bad\n"
    )
    with pytest.raises(CommandError, match="第2行"):
        _backtest(str(bad))
