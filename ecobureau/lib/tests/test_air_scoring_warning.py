"""lib.air_scoring and lib.air_warning."""

from __future__ import annotations

from datetime import date, timedelta

from ecobureau.lib import air_scoring, air_warning


def test_a_range_straddling_100_scores_on_either_level() -> None:
    good = air_scoring.score_day(
        low=85, high=115, primary=["PM2.5"], observed=110, observed_primary=["PM2.5"]
    )
    assert good.range_hit and good.level_range_hit and not good.level_strict_hit
    assert good.error == -10


def test_primary_is_scored_only_above_50_and_a_clean_forecast_misses_it() -> None:
    assert (
        air_scoring.score_day(
            low=20, high=50, primary=[], observed=40, observed_primary=[]
        ).primary_hit
        is None
    )
    missed = air_scoring.score_day(
        low=20, high=50, primary=[], observed=80, observed_primary=["O3"]
    )
    assert missed.primary_hit is False
    tie = air_scoring.score_day(
        low=90,
        high=120,
        primary=["PM10"],
        observed=100,
        observed_primary=["PM10", "PM2.5"],
    )
    assert tie.primary_hit is True


def test_heavy_pollution_contingency() -> None:
    scores = [
        air_scoring.score_day(
            low=200, high=230, primary=[], observed=250, observed_primary=[]
        ),  # hit
        air_scoring.score_day(
            low=150, high=180, primary=[], observed=220, observed_primary=[]
        ),  # miss
        air_scoring.score_day(
            low=210, high=240, primary=[], observed=150, observed_primary=[]
        ),  # false alarm
        air_scoring.score_day(
            low=50, high=80, primary=[], observed=60, observed_primary=[]
        ),
    ]
    summary = air_scoring.summarize(scores)
    assert (summary.hits, summary.misses, summary.false_alarms) == (1, 1, 1)
    assert summary.pod == 0.5 and summary.far == 0.5 and summary.csi == 1 / 3
    reference = air_scoring.summarize(
        [
            air_scoring.score_day(
                low=0, high=30, primary=[], observed=60, observed_primary=[]
            )
        ]
        * 4
    )
    assert summary.skill(reference) is not None


def test_lift_needs_two_days_below_yellow() -> None:
    start = date(2026, 12, 1)

    def series(*values: int) -> list[tuple[date, int]]:
        return [(start + timedelta(days=i), v) for i, v in enumerate(values)]

    assert air_warning.lift_allowed(series(120, 90, 210))[0] is True
    assert air_warning.lift_allowed(series(160, 170))[0] is False
    assert air_warning.lift_allowed(series(90, 210))[0] is False


def test_before_2024_the_2018_template_applies() -> None:
    start = date(2020, 1, 1)
    days = [(start + timedelta(days=i), v) for i, v in enumerate([210, 220, 230])]
    grade = air_warning.grade(days)
    assert (grade.level, grade.basis) == ("orange", air_warning.TEMPLATE_2018)
    assert air_warning.grade([(start, 500)]).level == "red"
