"""When a service item may be applied for, and the demolition plan's lead time.

Pure: dates in, a decision and its reasons out (the calendar is passed in).

- Seasonal items (seed 000 行政确认 1 and 其他行政权力 7, requirements A8/A9): the
  hazardous-waste declaration and the hazardous-waste management plan are filed
  "每年2月-3月工作日". The months are configuration of the item (staff may move
  them), so they are parameters here.
- The demolition plan of a soil key unit (seed 000 其他行政权力 3, requirements
  A12b; 工矿用地土壤环境管理办法 第十四条) is filed "在拆除活动前十五个工作日":
  between the filing day and the first day of demolition there must be at least
  fifteen working days, neither day counted.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ecobureau.lib import workdays

DEMOLITION_LEAD_WORKDAYS = 15
DEMOLITION_BASIS = (
    "《工矿用地土壤环境管理办法》第十四条（拆除活动前十五个工作日报备案）；"
    "种子文件000 其他行政权力事项3"
)


@dataclass(frozen=True)
class Season:
    """A yearly window of months, e.g. 2–3 for February to March."""

    start_month: int
    end_month: int
    workdays_only: bool = True

    def __post_init__(self) -> None:
        for month in (self.start_month, self.end_month):
            if not 1 <= month <= 12:
                raise ValueError(f"month out of range: {month}")

    def first_day(self, year: int) -> date:
        return date(year, self.start_month, 1)

    def last_day(self, year: int) -> date:
        end_year = year if self.end_month >= self.start_month else year + 1
        last = month_calendar.monthrange(end_year, self.end_month)[1]
        return date(end_year, self.end_month, last)

    def text(self) -> str:
        days = "的工作日" if self.workdays_only else ""
        if self.start_month == self.end_month:
            return f"每年{self.start_month}月{days}"
        return f"每年{self.start_month}月至{self.end_month}月{days}"


@dataclass(frozen=True)
class SeasonCheck:
    open: bool
    reason: str  # a Chinese sentence for the applicant
    next_opening: date | None  # the next first day of the window, when closed


def season_check(on: date, season: Season, calendar: workdays.Calendar) -> SeasonCheck:
    """Whether `on` lies inside the window (and is a working day if required)."""
    for year in (on.year - 1, on.year):
        first, last = season.first_day(year), season.last_day(year)
        if first <= on <= last:
            if season.workdays_only and not calendar.is_workday(on):
                return SeasonCheck(
                    False,
                    f"本事项仅在{season.text()}受理，{on}不是工作日，请在工作日提交。",
                    None,
                )
            return SeasonCheck(True, f"{on}在受理期（{season.text()}）内。", None)
    year = on.year if on < season.first_day(on.year) else on.year + 1
    opening = season.first_day(year)
    return SeasonCheck(
        False,
        f"本事项仅在{season.text()}受理，当前不在受理期内，"
        f"下一受理期自{opening.year}年{opening.month}月{opening.day}日开始。",
        opening,
    )


@dataclass(frozen=True)
class LeadCheck:
    ok: bool
    earliest_start: date  # the first day demolition may start after this filing
    provisional: bool  # a day consulted lies in a year without an official calendar
    explain: list[str]


def demolition_lead_check(
    *,
    filed_on: date,
    starts_on: date,
    calendar: workdays.Calendar,
    lead: int = DEMOLITION_LEAD_WORKDAYS,
) -> LeadCheck:
    """Whether a plan filed on `filed_on` is early enough for demolition starting
    on `starts_on`: at least `lead` working days strictly between the two."""
    last_needed = workdays.deadline(
        start=filed_on, amount=lead, unit="workdays", calendar=calendar
    )
    earliest = last_needed.due + timedelta(days=1)
    explain = [
        f"拆除活动污染防治方案应在拆除活动前{lead}个工作日备案（{DEMOLITION_BASIS}）",
        f"自备案日{filed_on}次日起第{lead}个工作日为{last_needed.due}，"
        f"拆除最早可于{earliest}开始",
    ]
    ok = starts_on >= earliest
    if ok:
        explain.append(f"计划开始拆除日期{starts_on}不早于{earliest}，符合要求")
    else:
        explain.append(
            f"计划开始拆除日期{starts_on}早于{earliest}，备案距开始拆除不足{lead}个工作日"
        )
    if last_needed.provisional:
        explain.append(
            "计算用到的年份尚未公布官方放假安排，按国务院令第795号法定节日推算"
        )
    return LeadCheck(ok, earliest, last_needed.provisional, explain)
