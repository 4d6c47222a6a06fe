from datetime import date

import pytest

from ecobureau.lib import service_window, workdays


@pytest.fixture
def calendar() -> workdays.Calendar:
    return workdays.Calendar()


SEASON = service_window.Season(2, 3, workdays_only=True)


def test_open_on_a_working_day_in_march(calendar: workdays.Calendar) -> None:
    assert service_window.season_check(date(2026, 3, 2), SEASON, calendar).open


def test_closed_on_a_weekend_inside_the_season(calendar: workdays.Calendar) -> None:
    check = service_window.season_check(date(2026, 3, 7), SEASON, calendar)
    assert not check.open and "不是工作日" in check.reason


def test_closed_in_november_names_the_next_opening(calendar: workdays.Calendar) -> None:
    check = service_window.season_check(date(2026, 11, 23), SEASON, calendar)
    assert not check.open and check.next_opening == date(2027, 2, 1)
    assert "2027年2月1日" in check.reason


def test_a_season_across_the_new_year(calendar: workdays.Calendar) -> None:
    winter = service_window.Season(11, 2, workdays_only=False)
    assert service_window.season_check(date(2027, 1, 15), winter, calendar).open
    assert not service_window.season_check(date(2026, 10, 30), winter, calendar).open


def test_months_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        service_window.Season(0, 3)


def test_demolition_needs_fifteen_working_days_between(
    calendar: workdays.Calendar,
) -> None:
    # filed Monday 2026-11-23: the 15th working day after is 12-14, so demolition
    # may start on 12-15 at the earliest
    early = service_window.demolition_lead_check(
        filed_on=date(2026, 11, 23), starts_on=date(2026, 12, 14), calendar=calendar
    )
    ok = service_window.demolition_lead_check(
        filed_on=date(2026, 11, 23), starts_on=date(2026, 12, 15), calendar=calendar
    )
    assert not early.ok and early.earliest_start == date(2026, 12, 15)
    assert ok.ok
    assert any("工矿用地土壤环境管理办法" in line for line in ok.explain)


def test_national_day_holidays_are_not_working_days(
    calendar: workdays.Calendar,
) -> None:
    check = service_window.demolition_lead_check(
        filed_on=date(2026, 9, 28), starts_on=date(2026, 10, 16), calendar=calendar
    )
    # 9-29, 9-30, then 10-08 … (10-10 is a make-up Saturday) – 15 working days end
    # after the holiday
    assert not check.ok and check.earliest_start > date(2026, 10, 16)
