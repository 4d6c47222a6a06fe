"""lib.air_forecast and lib.air_backtest on a synthetic city: the model trains,
round-trips as JSON, never looks past the cut-off, and falls back on
climatology where it has no skill."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from ecobureau.lib import air_backtest, air_forecast, aqi

START = date(2019, 1, 1)
DAYS = 2 * 365 + 100
TRAIN = 2 * 365
# One validation year and fewer classifier steps keep the test quick.
FAST = air_forecast.TrainingConfig(folds=1, level_iterations=150)


@pytest.fixture(scope="module")
def series() -> air_forecast.Series:
    """Three stations; PM2.5 follows a slow random walk, so yesterday matters,
    plus a seasonal cycle; the weather is noise."""
    rng = np.random.default_rng(7)
    hours = DAYS * 24
    walk = np.zeros(hours)
    for h in range(1, hours):
        walk[h] = 0.995 * walk[h - 1] + rng.normal(0, 0.08)
    season = 0.5 * np.cos(2 * np.pi * np.arange(hours) / (24 * 365.25))
    pm25 = 55 * np.exp(walk + season)
    conc = np.zeros((3, hours, 6))
    met = np.zeros((3, hours, 7))
    for s in range(3):
        noise = rng.normal(1, 0.05, hours)
        conc[s, :, 0] = 8
        conc[s, :, 1] = 30 * noise
        conc[s, :, 2] = pm25 * 1.4 * noise
        conc[s, :, 3] = 0.8
        conc[s, :, 4] = 60
        conc[s, :, 5] = pm25 * noise
        met[s] = rng.normal(0, 1, (hours, 7)) + np.array([10, 1015, -5, 0, 2, 0, 0])
    return air_forecast.series_from_stations(
        start=START, station_hourly=conc, station_met=met, standard=aqi.HJ633_2026
    )


@pytest.fixture(scope="module")
def model(series: air_forecast.Series) -> air_forecast.Model:
    return air_forecast.train(series, end=START + timedelta(days=TRAIN), config=FAST)


def test_the_model_learns_day_one_and_round_trips(
    model: air_forecast.Model, series: air_forecast.Series
) -> None:
    assert not model.fallback and len(model.leads) == 7
    assert model.leads[0].blend > 0.5  # yesterday's level carries information
    again = air_forecast.Model.from_json(model.to_json())
    snap = series.snapshot(START + timedelta(days=TRAIN + 10))
    assert air_forecast.forecast(again, snap) == air_forecast.forecast(model, snap)


def test_a_forecast_never_sees_past_the_cut_off(
    model: air_forecast.Model, series: air_forecast.Series
) -> None:
    issue = START + timedelta(days=TRAIN + 20)
    before = air_forecast.forecast(model, series.snapshot(issue))
    # change everything from 14:00 of the issue day on
    i = series.index(issue)
    altered = air_forecast.Series(
        start=series.start,
        hourly=series.hourly.copy(),
        met=series.met.copy(),
        daily=series.daily.copy(),
        aqi=series.aqi.copy(),
        primary=list(series.primary),
        standard=series.standard,
    )
    altered.hourly[i, air_forecast.CUTOFF_HOUR :] = 999
    altered.hourly[i + 1 :] = 999
    altered.daily[i:] = 999
    altered.met[i, air_forecast.CUTOFF_HOUR :] = 50
    assert air_forecast.forecast(model, altered.snapshot(issue)) == before
    # while a change before the cut-off does change it
    altered.hourly[i, : air_forecast.CUTOFF_HOUR, 5] *= 3
    assert air_forecast.forecast(model, altered.snapshot(issue)) != before


def test_ranges_have_the_configured_width_and_a_level(
    model: air_forecast.Model, series: air_forecast.Series
) -> None:
    days = air_forecast.forecast(
        model, series.snapshot(START + timedelta(days=TRAIN + 5))
    )
    for day in days:
        assert day.high - day.low == 30
        assert day.level == aqi.level_of((day.low + day.high) // 2)
        assert (day.point > 50) == bool(day.primary)


def test_too_little_history_falls_back_on_persistence(
    series: air_forecast.Series,
) -> None:
    model = air_forecast.train(series, end=START + timedelta(days=100))
    assert model.fallback
    days = air_forecast.forecast(model, series.snapshot(START + timedelta(days=100)))
    assert {d.method for d in days} == {"persistence"}
    assert len({(d.low, d.high) for d in days}) == 1


def test_backtest_scores_three_methods_per_lead(series: air_forecast.Series) -> None:
    result = air_backtest.run(
        series,
        config=FAST,
        test_from=START + timedelta(days=TRAIN),
        test_to=START + timedelta(days=TRAIN + 70),
    )
    assert set(result.summaries) == {"model", "persistence", "climatology"}
    day1 = result.summaries["model"][1]
    assert day1.days > 60
    skill = day1.skill(result.summaries["climatology"][1])
    assert skill is not None and skill > 0.15
    text = air_backtest.format_table(result)
    assert "正式回测：不使用任何未来信息" in text and "月气候态" in text
    assert (
        "未来信息"
        in air_backtest.header(
            air_backtest.BacktestResult(
                result.standard,
                result.test_from,
                result.test_to,
                True,
                result.model,
                result.summaries,
                result.issued,
            )
        )[0]
    )


def test_weather_fields_and_wind() -> None:
    u, v = air_forecast.wind_components(2.0, 0.0)  # a north wind blows southwards
    assert math.isclose(u, 0, abs_tol=1e-9) and math.isclose(v, -2.0)
    assert air_forecast.direction_degrees("NNW") == 337.5
    assert air_forecast.direction_degrees("90") == 90
    with pytest.raises(ValueError):
        air_forecast.direction_degrees("XX")
