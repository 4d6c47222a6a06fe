import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest

from ecobureau.lib import workdays
from ecobureau.lib.dates import SHANGHAI
from ecobureau.lib.workdays import Calendar, CalendarError, deadline, deadline_hours

BUNDLED = Calendar()


def due(
    start: date,
    amount: int,
    unit: workdays.Unit,
    pauses: Iterable[tuple[date, date]] = (),
) -> date:
    result = deadline(
        start=start, amount=amount, unit=unit, pauses=pauses, calendar=BUNDLED
    )
    return result.due


# --- The verified examples of reference/rules.md section 4 -------------------------


def test_five_working_days_from_2025_09_30_skip_the_national_day_holiday() -> None:
    # 10-09, 10-10, 10-11 (make-up Saturday), 10-13, 10-14.
    result = deadline(
        start=date(2025, 9, 30), amount=5, unit="workdays", calendar=BUNDLED
    )
    assert result.due == date(2025, 10, 14)
    assert result.provisional is False
    assert "起始日2025-09-30不计入，自次日起算（民法典第二百零一条）" in result.explain
    assert "2025-10-01至10-08为国庆节、中秋节假日，不计入" in result.explain
    assert "2025-10-11（星期六）为国庆节调休上班日，计入工作日" in result.explain
    assert any("行政处罚法第八十五条" in line for line in result.explain)


def test_payment_due_15_days_after_2025_09_17_moves_past_the_holiday() -> None:
    # Day 15 is 2025-10-02, inside the National Day holiday (行政处罚法 art. 67).
    result = deadline(start=date(2025, 9, 17), amount=15, unit="days", calendar=BUNDLED)
    assert result.due == date(2025, 10, 9)
    assert result.provisional is False
    assert (
        "2025-10-01至10-08为国庆节、中秋节假日，顺延至2025-10-09（民法典第二百零三条）"
        in result.explain
    )


def test_2026_national_day_holiday_is_named_from_its_first_day() -> None:
    result = deadline(start=date(2026, 9, 16), amount=15, unit="days", calendar=BUNDLED)
    assert result.due == date(2026, 10, 8)
    assert (
        "2026-10-01至10-07为国庆节假日，顺延至2026-10-08（民法典第二百零三条）"
        in result.explain
    )


@pytest.mark.parametrize(
    "day", [date(2025, 1, 26), date(2025, 2, 8), date(2026, 2, 14), date(2026, 9, 20)]
)
def test_make_up_weekend_days_are_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert BUNDLED.is_workday(day) is True
    assert BUNDLED.day(day).source == "bundled"


@pytest.mark.parametrize(
    "day", [date(2025, 1, 28), date(2025, 10, 1), date(2026, 2, 16), date(2026, 10, 7)]
)
def test_official_holidays_are_rest_days(day: date) -> None:
    assert BUNDLED.is_workday(day) is False


def test_a_deadline_crossing_into_2027_is_provisional_and_does_not_crash() -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))  # K1: the package stops at 2026
    result = deadline(
        start=date(2026, 12, 20), amount=15, unit="workdays", calendar=BUNDLED
    )
    # 12-21…12-25, 12-28…12-31, then 2027-01-01 (元旦, 795号令) and the weekend.
    assert result.due == date(2027, 1, 11)
    assert result.provisional is True
    assert any("2027年的官方放假安排尚未公布" in line for line in result.explain)
    assert any("国务院令第795号" in line for line in result.explain)


def test_a_deadline_inside_known_years_is_not_provisional() -> None:
    result = deadline(
        start=date(2026, 11, 23), amount=20, unit="workdays", calendar=BUNDLED
    )
    assert result.due == date(2026, 12, 21)
    assert result.provisional is False


def test_only_days_actually_consulted_make_a_deadline_provisional() -> None:
    # Calendar days: only the last day is looked up, and 2026-12-31 is known.
    result = deadline(
        start=date(2026, 12, 16), amount=15, unit="days", calendar=BUNDLED
    )
    assert (result.due, result.provisional) == (date(2026, 12, 31), False)
    result = deadline(
        start=date(2026, 12, 17), amount=15, unit="days", calendar=BUNDLED
    )
    # 2027-01-01 is 元旦 in the provisional calendar; then a weekend.
    assert (result.due, result.provisional) == (date(2027, 1, 4), True)


# --- Pauses -------------------------------------------------------------------------


def test_working_days_inside_a_pause_are_not_counted() -> None:
    start = date(2026, 11, 23)
    assert due(start, 10, "workdays") == date(2026, 12, 7)
    result = deadline(
        start=start,
        amount=10,
        unit="workdays",
        pauses=[(date(2026, 12, 1), date(2026, 12, 5))],
        calendar=BUNDLED,
    )
    # 12-01…12-04 are four working days lost to the pause.
    assert result.due == date(2026, 12, 11)
    assert "2026-12-01至12-05暂停计时，共5天不计入期限" in result.explain


def test_calendar_days_inside_a_pause_are_not_counted_then_the_day_moves() -> None:
    start = date(2026, 11, 23)
    assert due(start, 10, "days") == date(2026, 12, 3)
    # Two paused days push day 10 to Saturday 12-05, which moves to Monday.
    paused = due(start, 10, "days", pauses=[(date(2026, 11, 25), date(2026, 11, 26))])
    assert paused == date(2026, 12, 7)


def test_pauses_before_the_start_change_nothing() -> None:
    before = [(date(2026, 11, 1), date(2026, 11, 23))]
    assert due(date(2026, 11, 23), 10, "workdays", pauses=before) == date(2026, 12, 7)


def test_a_reversed_pause_is_refused() -> None:
    with pytest.raises(CalendarError, match="起始日2026-12-05晚于结束日2026-12-01"):
        due(
            date(2026, 11, 23),
            10,
            "days",
            pauses=[(date(2026, 12, 5), date(2026, 12, 1))],
        )


def test_months_do_not_take_pauses() -> None:
    with pytest.raises(CalendarError, match="按月计算的期限不能设置暂停"):
        due(
            date(2026, 1, 5), 1, "months", pauses=[(date(2026, 1, 6), date(2026, 1, 7))]
        )


# --- Months (民法典第二百零二条) ------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        # No 31st in February: the month's last day, a make-up working Saturday.
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        # 2026-05-31 is a Sunday.
        (date(2026, 3, 31), 2, date(2026, 6, 1)),
        # 2026-10-01 falls in the National Day holiday.
        (date(2026, 8, 1), 2, date(2026, 10, 8)),
        (date(2025, 12, 31), 12, date(2026, 12, 31)),
        # 6 months for a lawsuit (行政诉讼法 art. 46): 2026-09-27 is a holiday Sunday.
        (date(2026, 3, 27), 6, date(2026, 9, 28)),
    ],
)
def test_months_end_on_the_corresponding_day_or_the_months_last(
    start: date, amount: int, expected: date
) -> None:
    assert due(start, amount, "months") == expected


def test_month_end_explanation_cites_article_202() -> None:
    result = deadline(
        start=date(2026, 1, 31), amount=1, unit="months", calendar=BUNDLED
    )
    assert result.explain[1] == (
        "期限以月计算，2026年2月没有31日，以该月末日2026-02-28为期限末日"
        "（民法典第二百零二条）"
    )


def test_a_month_ending_on_a_weekend_moves_to_monday() -> None:
    result = deadline(
        start=date(2026, 3, 31), amount=2, unit="months", calendar=BUNDLED
    )
    assert result.explain[-1] == (
        "2026-05-30至05-31为休息日（星期六、星期日），顺延至2026-06-01（民法典第二百零三条）"
    )


# --- Hours ----------------------------------------------------------------------------


def test_hours_run_across_midnight() -> None:
    start = datetime(2026, 11, 23, 22, 30, tzinfo=SHANGHAI)
    assert deadline_hours(start=start, amount=4) == datetime(
        2026, 11, 24, 2, 30, tzinfo=SHANGHAI
    )


def test_hours_run_through_holidays_without_moving() -> None:
    start = datetime(2026, 9, 30, 20, 0, tzinfo=SHANGHAI)
    assert deadline_hours(start=start, amount=72) == datetime(
        2026, 10, 3, 20, 0, tzinfo=SHANGHAI
    )


def test_hours_keep_the_time_zone_of_the_start() -> None:
    start = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)
    result = deadline_hours(start=start, amount=24)
    assert result == datetime(2026, 11, 24, 10, 30, tzinfo=SHANGHAI)
    assert result.tzinfo is UTC


def test_hours_refuse_naive_datetimes() -> None:
    with pytest.raises(CalendarError, match="时区"):
        deadline_hours(start=datetime(2026, 11, 23, 10, 30), amount=1)  # noqa: DTZ001


# --- Administrator entries ------------------------------------------------------------


def test_entering_2027_makes_the_deadline_exact_and_can_change_it() -> None:
    # given 2027 entered as known, with 元旦 and a make-up working Saturday
    entered = Calendar(
        overrides={date(2027, 1, 1): False, date(2027, 1, 9): True},
        names={date(2027, 1, 1): "元旦", date(2027, 1, 9): "元旦"},
        entered_years={2027},
    )
    # when
    result = deadline(
        start=date(2026, 12, 20), amount=15, unit="workdays", calendar=entered
    )
    # then: the Saturday counts, so day 15 comes two days earlier
    assert result.due == date(2027, 1, 9)
    assert result.provisional is False
    assert "2027-01-09（星期六）为元旦调休上班日，计入工作日" in result.explain
    assert not any("尚未公布" in line for line in result.explain)


def test_an_override_wins_over_the_bundled_calendar() -> None:
    extended = Calendar(overrides={date(2026, 10, 8): False}, names={})
    result = deadline(
        start=date(2026, 9, 16), amount=15, unit="days", calendar=extended
    )
    assert result.due == date(2026, 10, 9)
    assert extended.day(date(2026, 10, 8)).source == "override"


def test_an_override_alone_does_not_make_its_year_known() -> None:
    partial = Calendar(overrides={date(2027, 1, 4): False})
    day = partial.day(date(2027, 1, 4))
    assert (day.workday, day.provisional, day.source) == (False, True, "override")


def test_an_entered_year_without_days_works_every_weekday() -> None:
    entered = Calendar(entered_years={2027})
    national_day = entered.day(date(2027, 10, 1))  # a Friday
    assert (national_day.workday, national_day.provisional) == (True, False)
    assert entered.day(date(2027, 10, 2)).workday is False
    assert entered.day(date(2027, 10, 1)).source == "entered"


def test_the_bundled_calendar_wins_over_an_entered_year_it_also_knows() -> None:
    entered = Calendar(entered_years={2026})
    assert entered.day(date(2026, 10, 1)).source == "bundled"
    assert entered.is_workday(date(2026, 10, 1)) is False


# --- The provisional calendar (国务院令第795号) --------------------------------


def test_provisional_2027_holidays_are_the_statutory_days() -> None:
    expected = {
        date(2027, 1, 1): "元旦",
        # 除夕 2027-02-05 to 正月初三 2027-02-08
        date(2027, 2, 5): "春节",
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    }
    assert workdays.statutory_holidays(2027) == expected


def test_provisional_days_have_no_make_up_days_and_no_guessed_substitutes() -> None:
    # 2027-05-01 and 05-02 are a weekend: no 补假 on Monday 05-03.
    assert BUNDLED.day(date(2027, 5, 3)).workday is True
    assert BUNDLED.day(date(2027, 5, 3)).provisional is True
    assert BUNDLED.is_workday(date(2027, 10, 4)) is True
    assert BUNDLED.is_workday(date(2027, 2, 5)) is False


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_of_795_are_holidays_in_the_official_schedules(
    year: int,
) -> None:
    # Under 国务院令第795号 (from 2025) every statutory day is a day off.
    for day in workdays.statutory_holidays(year):
        assert chinese_calendar.is_holiday(day), day


@pytest.mark.parametrize("year", range(2008, 2027))
def test_lunar_festivals_and_qingming_match_the_official_schedules(year: int) -> None:
    # 清明, 端午 and 中秋 have been holidays since 2008, 春节初一…初三 for longer.
    holidays = workdays.statutory_holidays(year)
    festivals = [
        day
        for day, name in holidays.items()
        if name in ("清明节", "端午节", "中秋节")
        or (
            name == "春节" and day != min(d for d, n in holidays.items() if n == "春节")
        )
    ]
    assert len(festivals) == 6
    for day in festivals:
        assert chinese_calendar.is_holiday(day), day


def _sun_apparent_longitude(moment: datetime) -> float:
    """Meeus, Astronomical Algorithms, ch. 25 (low accuracy, about 0.01°)."""
    t = ((moment - datetime(2000, 1, 1, 12, tzinfo=UTC)) / timedelta(days=1)) / 36525
    mean = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    anomaly = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    centre = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(anomaly)
        + (0.019993 - 0.000101 * t) * math.sin(2 * anomaly)
        + 0.000289 * math.sin(3 * anomaly)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (mean + centre - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _qingming_instant(year: int) -> datetime:
    low = datetime(year, 3, 30, tzinfo=UTC)
    high = datetime(year, 4, 10, tzinfo=UTC)
    while high - low > timedelta(seconds=30):
        middle = low + (high - low) / 2
        if (_sun_apparent_longitude(middle) - 15 + 180) % 360 - 180 < 0:
            low = middle
        else:
            high = middle
    return low.astimezone(SHANGHAI)


def test_qingming_formula_matches_the_sun_at_15_degrees_2000_to_2099() -> None:
    # The Sun reaches apparent longitude 15° on the day of 清明 (Beijing time).
    # Within 20 minutes of midnight the approximation above cannot decide the day.
    checked = 0
    for year in range(workdays.FIRST_YEAR, workdays.LAST_YEAR + 1):
        instant = _qingming_instant(year)
        minutes = instant.hour * 60 + instant.minute
        if minutes < 20 or minutes > 24 * 60 - 20:
            continue
        assert workdays.qingming(year) == instant.date(), year
        checked += 1
    assert checked > 95


@pytest.mark.parametrize(
    ("year", "day"),
    [(2024, 4), (2025, 4), (2026, 5), (2027, 5), (2028, 4), (2030, 5), (2040, 4)],
)
def test_qingming_known_dates(year: int, day: int) -> None:
    assert workdays.qingming(year) == date(year, 4, day)


# --- Limits ---------------------------------------------------------------------


def test_years_outside_the_computable_range_are_refused() -> None:
    with pytest.raises(CalendarError, match="2100年超出日历可推算的范围"):
        due(date(2099, 12, 20), 30, "days")
    with pytest.raises(CalendarError, match="超出"):
        due(date(2026, 1, 1), 10**6, "months")


def test_negative_amounts_and_unknown_units_are_refused() -> None:
    with pytest.raises(CalendarError, match="不能为负数"):
        due(date(2026, 1, 5), -1, "days")
    with pytest.raises(CalendarError, match="期限单位"):
        due(date(2026, 1, 5), 1, "weeks")


def test_zero_working_days_end_on_the_start_day() -> None:
    assert due(date(2026, 11, 23), 0, "workdays") == date(2026, 11, 23)


def test_span_text_shortens_within_a_year_only() -> None:
    assert (
        workdays.span_text(date(2026, 10, 1), date(2026, 10, 7)) == "2026-10-01至10-07"
    )
    assert (
        workdays.span_text(date(2026, 12, 31), date(2027, 1, 3))
        == "2026-12-31至2027-01-03"
    )
    assert workdays.span_text(date(2026, 10, 1), date(2026, 10, 1)) == "2026-10-01"
