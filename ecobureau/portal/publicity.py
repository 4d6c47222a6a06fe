"""The publicity days of the yearly plan (seed 000 与群众互动 9: "制定全年宣传工作计划，
利用“4.22”地球日、“5.15”政务公开日、“六.五”环境日、国际生物多样性日、世界保护臭氧层日等宣传日
普及生态环境知识"). The seed names the last two without dates: 国际生物多样性日 is
22 May (UN General Assembly resolution 55/201) and 世界保护臭氧层日 (International Day
for the Preservation of the Ozone Layer) is 16 September (resolution 49/114)."""

from __future__ import annotations

from datetime import date

from .models import PublicityActivity

Day = PublicityActivity.Day

BASIS = "种子000 与群众互动 9：制定全年宣传工作计划，利用各宣传日普及生态环境知识"

# (month, day) of each publicity day.
DAY_DATES: dict[str, tuple[int, int]] = {
    Day.EARTH: (4, 22),
    Day.OPENNESS: (5, 15),
    Day.BIODIVERSITY: (5, 22),
    Day.ENVIRONMENT: (6, 5),
    Day.OZONE: (9, 16),
}


def day_date(day: str, year: int) -> date | None:
    """The date of a publicity day in a year; None for an activity on no day."""
    month_day = DAY_DATES.get(day)
    return date(year, *month_day) if month_day else None
