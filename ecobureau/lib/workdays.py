"""Working days and statutory deadlines (reference/rules.md row P23 and section 4).

Counting rules:

- 民法典第二百零一条: the start day is not counted; an hour period starts at the
  given time.
- 民法典第二百零二条: a month period ends on the corresponding day, or on the last
  day of the month when it has none.
- 民法典第二百零三条: a last day that is a rest day moves to the first working day
  after it.
- 行政处罚法第八十五条 and 行政强制法第六十九条: their short periods are working
  days, which excludes statutory holidays and weekends.

Which days are working days comes, in this order, from an administrator's entry
for that date, from the bundled official calendar (`chinesecalendar`, which
knows 2004–2026 and fails loudly for other years), from a year an administrator
has entered as fully known (its weekdays work and its weekends rest), and
otherwise from a provisional guess: weekends plus the statutory holidays of
国务院令第795号, with no make-up working days and no guessed 补假. A deadline
that consulted a guessed day is provisional and must be recomputed when the
State Council publishes that year's schedule (usually each November).
"""

from __future__ import annotations

import calendar as month_calendar
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, get_args

import chinese_calendar
from lunardate import LunarDate

Unit = Literal["workdays", "days", "months"]
Source = Literal["override", "bundled", "entered", "provisional"]
UNITS: tuple[str, ...] = get_args(Unit)

ONE_DAY = timedelta(days=1)
# The provisional guess needs lunar dates (lunardate covers 1900–2099) and the
# 21st-century Qingming formula, so only these years can be reasoned about at all.
FIRST_YEAR = 2000
LAST_YEAR = 2099
# A rest stretch longer than this means the calendar data is wrong (the longest
# official one, the 2020 Spring Festival extension, was 17 days).
_MAX_REST_RUN = 60

WEEKDAYS = "一二三四五六日"

# chinesecalendar names its holidays in English.
_BUNDLED_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

STATUTORY_BASIS = "国务院令第795号"


class CalendarError(ValueError):
    """A date or period the calendar cannot decide; the message is Chinese."""


@dataclass(frozen=True)
class Day:
    """What the calendar says about one date."""

    date: date
    workday: bool
    provisional: bool
    source: Source
    name: str | None = None  # the holiday, or the holiday a make-up day belongs to

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool
    explain: list[str]


# --- The provisional calendar (国务院令第795号) -------------------------------------


def qingming(year: int) -> date:
    """The day of the solar term 清明 (Beijing time), 2000–2099.

    The 寿星 formula [Y×D+C]−L with D = 0.2422, C = 4.81 (21st century) and
    L = [Y/4], Y the last two digits of the year. It matches an astronomical
    computation of the Sun reaching 15° apparent longitude for every year of the
    range (tests/test_workdays.py checks both).
    """
    _check_year(year)
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


@functools.cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The rest days 国务院令第795号 fixes for `year`, without weekends or 调休.

    元旦 1-1; 春节 除夕 to 正月初三; 清明 (the solar-term day); 劳动节 5-1 and
    5-2; 端午 (lunar 5-5); 中秋 (lunar 8-15); 国庆 10-1 to 10-3.
    """
    _check_year(year)
    new_year = LunarDate(year, 1, 1).to_solar_date()
    days = {date(year, 1, 1): "元旦"}
    for offset in range(-1, 3):  # 除夕 is the day before 正月初一
        days[new_year + timedelta(days=offset)] = "春节"
    # 中秋 can fall on 10-01 (2020): one day off, keeping the first name.
    days.setdefault(qingming(year), "清明节")
    days.setdefault(date(year, 5, 1), "劳动节")
    days.setdefault(date(year, 5, 2), "劳动节")
    days.setdefault(LunarDate(year, 5, 5).to_solar_date(), "端午节")
    days.setdefault(LunarDate(year, 8, 15).to_solar_date(), "中秋节")
    for day in (1, 2, 3):
        days.setdefault(date(year, 10, day), "国庆节")
    return days


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            f"{year}年超出日历可推算的范围（{FIRST_YEAR}年至{LAST_YEAR}年）"
        )


@functools.cache
def bundled_knows(year: int) -> bool:
    """Whether the installed chinesecalendar has the official schedule of `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


# --- The calendar ---------------------------------------------------------------


class Calendar:
    """Working days from the bundled calendar plus an administrator's entries.

    `overrides` maps a date to whether it is a working day (a holiday or a
    make-up working day an administrator entered), `names` gives those days their
    names, and `entered_years` are the years an administrator has entered as
    fully known from the State Council notice.
    """

    def __init__(
        self,
        *,
        overrides: Mapping[date, bool] | None = None,
        names: Mapping[date, str] | None = None,
        entered_years: Iterable[int] = (),
    ) -> None:
        self.overrides = dict(overrides or {})
        self.names = dict(names or {})
        self.entered_years = frozenset(entered_years)
        self._days: dict[date, Day] = {}

    def knows_year(self, year: int) -> bool:
        """Whether `year` has an official schedule, bundled or entered."""
        return year in self.entered_years or bundled_knows(year)

    def day(self, on: date) -> Day:
        cached = self._days.get(on)
        if cached is None:
            cached = self._days[on] = self._look_up(on)
        return cached

    def is_workday(self, on: date) -> bool:
        return self.day(on).workday

    def _look_up(self, on: date) -> Day:
        _check_year(on.year)
        provisional = not self.knows_year(on.year)
        if on in self.overrides:
            return Day(
                on, self.overrides[on], provisional, "override", self.names.get(on)
            )
        if bundled_knows(on.year):
            is_holiday, english = chinese_calendar.get_holiday_detail(on)
            name = _BUNDLED_NAMES.get(english, english) if english else None
            return Day(on, not is_holiday, False, "bundled", name)
        weekend = on.weekday() >= 5
        if on.year in self.entered_years:
            return Day(on, not weekend, False, "entered")
        name = statutory_holidays(on.year).get(on)
        return Day(on, not weekend and name is None, True, "provisional", name)


# --- Deadlines ------------------------------------------------------------------


@dataclass
class _Trace:
    """The days a computation consulted or skipped, for `provisional` and `explain`."""

    calendar: Calendar
    consulted: list[Day] = field(default_factory=list)
    rest: list[Day] = field(default_factory=list)

    def look(self, on: date) -> Day:
        day = self.calendar.day(on)
        self.consulted.append(day)
        return day

    @property
    def provisional_years(self) -> list[int]:
        return sorted({day.date.year for day in self.consulted if day.provisional})


def deadline(
    *,
    start: date,
    amount: int,
    unit: Unit,
    pauses: Iterable[tuple[date, date]] = (),
    calendar: Calendar,
) -> Deadline:
    """The last day of a period of `amount` `unit`s starting on `start`.

    `pauses` are inclusive date ranges during which the clock stops (补正材料,
    专家评审 …); they apply to workdays and days. Raise CalendarError for input
    that has no answer.
    """
    spans = _check(amount=amount, unit=unit, pauses=pauses)
    trace = _Trace(calendar)
    explain = [f"起始日{start}不计入，自次日起算（民法典第二百零一条）"]
    try:
        if unit == "workdays":
            due = _count_workdays(start, amount, spans, trace, explain)
        elif unit == "days":
            due = _count_days(start, amount, spans, trace, explain)
        else:
            due = _count_months(start, amount, trace, explain)
    except OverflowError:
        raise CalendarError("期限超出日历可推算的范围") from None
    years = trace.provisional_years
    if years:
        explain.append(_provisional_sentence(years))
    return Deadline(due=due, provisional=bool(years), explain=explain)


def deadline_hours(*, start: datetime, amount: int) -> datetime:
    """`amount` calendar hours after `start`, through nights and holidays.

    Aware datetimes only; the result is in `start`'s time zone.
    """
    if start.tzinfo is None:
        raise CalendarError("按小时计算的起算时间必须带时区")
    if amount < 0:
        raise CalendarError(f"期限不能为负数，收到{amount}")
    try:
        return start + timedelta(hours=amount)
    except OverflowError:
        raise CalendarError("期限超出日历可推算的范围") from None


def _check(
    *, amount: int, unit: str, pauses: Iterable[tuple[date, date]]
) -> list[tuple[date, date]]:
    if unit not in UNITS:
        raise CalendarError(f"期限单位应为{'、'.join(UNITS)}之一，收到“{unit}”")
    if amount < 0:
        raise CalendarError(f"期限不能为负数，收到{amount}")
    spans = list(pauses)
    if spans and unit == "months":
        raise CalendarError("按月计算的期限不能设置暂停（暂停只适用于工作日和日）")
    for first, last in spans:
        if first > last:
            raise CalendarError(f"暂停区间的起始日{first}晚于结束日{last}")
    return spans


def _paused(on: date, spans: Sequence[tuple[date, date]]) -> bool:
    return any(first <= on <= last for first, last in spans)


def _count_workdays(
    start: date,
    amount: int,
    spans: Sequence[tuple[date, date]],
    trace: _Trace,
    explain: list[str],
) -> date:
    explain.append(
        "期限以工作日计算，不含法定节假日和休息日"
        "（行政处罚法第八十五条、行政强制法第六十九条）"
    )
    on, counted, paused, makeup = start, 0, [], []
    while counted < amount:
        on += ONE_DAY
        if _paused(on, spans):
            paused.append(on)
            continue
        day = trace.look(on)
        if not day.workday:
            trace.rest.append(day)
        else:
            counted += 1
            if day.weekend:
                makeup.append(day)
    if paused:
        explain.append(_paused_sentence(paused))
    explain.extend(_rest_sentences(trace.rest, "不计入"))
    explain.extend(
        f"{day.date}（星期{WEEKDAYS[day.date.weekday()]}）为"
        f"{day.name or ''}调休上班日，计入工作日"
        for day in makeup
    )
    plain = [day for day in trace.rest if day.name is None]
    if plain:
        explain.append(f"期间周末休息日共{len(plain)}天不计入")
    if amount == 0:
        explain.append(f"期限为0个工作日，期限末日即起始日{on}")
    else:
        explain.append(f"第{amount}个工作日为{on}，即期限末日")
    return on


def _count_days(
    start: date,
    amount: int,
    spans: Sequence[tuple[date, date]],
    trace: _Trace,
    explain: list[str],
) -> date:
    on, counted, paused = start, 0, []
    while counted < amount:
        on += ONE_DAY
        if _paused(on, spans):
            paused.append(on)
        else:
            counted += 1
    if paused:
        explain.append(_paused_sentence(paused))
    explain.append(f"期限以日计算，第{amount}日为{on}（民法典第二百零一条）")
    return _move_off_rest(on, spans, trace, explain)


def _count_months(start: date, amount: int, trace: _Trace, explain: list[str]) -> date:
    index = start.year * 12 + start.month - 1 + amount
    year, month = divmod(index, 12)
    month += 1
    _check_year(year)
    last = month_calendar.monthrange(year, month)[1]
    if start.day <= last:
        on = date(year, month, start.day)
        explain.append(
            f"期限以月计算，{amount}个月后的对应日为{on}（民法典第二百零二条）"
        )
    else:
        on = date(year, month, last)
        explain.append(
            f"期限以月计算，{year}年{month}月没有{start.day}日，"
            f"以该月末日{on}为期限末日（民法典第二百零二条）"
        )
    return _move_off_rest(on, (), trace, explain)


def _move_off_rest(
    on: date,
    spans: Sequence[tuple[date, date]],
    trace: _Trace,
    explain: list[str],
) -> date:
    """Move a last day that is not a working day to the next working day (第二百零三条).

    Days inside a pause are passed over too: the clock is stopped on them.
    """
    if trace.look(on).workday:
        return on
    moved, paused = on, []
    for _ in range(_MAX_REST_RUN):
        moved += ONE_DAY
        if _paused(moved, spans):
            paused.append(moved)
        elif trace.look(moved).workday:
            run = _rest_run(trace.calendar, on, moved)
            sentence = _rest_sentences(run, "")[0]
            if paused:
                sentence += "，其后" + _paused_sentence(paused)
            explain.append(f"{sentence}，顺延至{moved}（民法典第二百零三条）")
            return moved
    raise CalendarError(f"{on}之后连续{_MAX_REST_RUN}天没有工作日，请检查节假日设置")


def _rest_run(calendar: Calendar, on: date, next_workday: date) -> list[Day]:
    """The whole stretch of rest days around `on`, for the explanation only.

    Days before `on` are looked up to name the holiday from its first day; they
    do not decide the deadline, so they do not make it provisional.
    """
    run = [calendar.day(day) for day in _dates(on, next_workday - ONE_DAY)]
    run = [day for day in run if not day.workday]
    before = on - ONE_DAY
    for _ in range(_MAX_REST_RUN):
        try:
            day = calendar.day(before)
        except CalendarError:
            break
        if day.workday:
            break
        run.insert(0, day)
        before -= ONE_DAY
    return run


def _dates(first: date, last: date) -> Iterable[date]:
    on = first
    while on <= last:
        yield on
        on += ONE_DAY


# --- Explanations -----------------------------------------------------------------


def _runs(days: Sequence[date]) -> list[list[date]]:
    """Split sorted dates into runs of consecutive days."""
    runs: list[list[date]] = []
    for on in days:
        if runs and runs[-1][-1] + ONE_DAY == on:
            runs[-1].append(on)
        else:
            runs.append([on])
    return runs


def span_text(first: date, last: date) -> str:
    """2026-10-01至10-07; a single day as itself; across years in full."""
    if first == last:
        return str(first)
    if first.year == last.year:
        return f"{first}至{last:%m-%d}"
    return f"{first}至{last}"


def _rest_sentences(rest: Sequence[Day], suffix: str) -> list[str]:
    """One sentence per stretch of rest days that includes a named holiday.

    With an empty suffix, a stretch of plain weekend days gets a sentence too.
    """
    by_date = {day.date: day for day in rest}
    sentences = []
    for run in _runs(sorted(by_date)):
        days = [by_date[on] for on in run]
        names = list(dict.fromkeys(day.name for day in days if day.name))
        if not names and suffix:
            continue
        span = span_text(run[0], run[-1])
        if not names:
            weekdays = "、".join(f"星期{WEEKDAYS[on.weekday()]}" for on in run)
            text = f"{span}为休息日（{weekdays}）"
        elif all(day.name for day in days):
            text = f"{span}为{'、'.join(names)}假日"
        else:
            text = f"{span}为{'、'.join(names)}假日及周末"
        if any(day.provisional for day in days):
            text += f"（按{STATUTORY_BASIS}推算）"
        sentences.append(text + ("，" + suffix if suffix else ""))
    return sentences


def _paused_sentence(paused: Sequence[date]) -> str:
    runs = "、".join(span_text(run[0], run[-1]) for run in _runs(sorted(paused)))
    return f"{runs}暂停计时，共{len(paused)}天不计入期限"


def _provisional_sentence(years: Sequence[int]) -> str:
    listed = "、".join(f"{year}年" for year in years)
    return (
        f"{listed}的官方放假安排尚未公布，暂按{STATUTORY_BASIS}"
        "《全国年节及纪念日放假办法》的法定节日加周末推算，不含调休和补假，"
        "期限待放假安排公布后复核"
    )
