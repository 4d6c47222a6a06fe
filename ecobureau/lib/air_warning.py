"""Heavy-pollution weather warning grading (重污染天气预警分级) on a forecast
series of daily AQI (reference/aqi.md §3).

In force since 2024-01-23: 环大气〔2024〕6号《关于进一步优化重污染天气应对机制的
指导意见》 —
- yellow: a forecast day AQI > 200, or AQI > 150 for 48 hours or more;
- orange: AQI > 200 for 48 hours, or AQI > 150 for 72 hours or more;
- red: AQI > 200 for 72 hours and AQI > 300 for 24 hours or more;
three colours, the highest met wins ("且未达到高级别预警条件"). Before it, the
national template of 环办大气函〔2018〕875号 (yellow: > 200 for 2 days; orange: for
3 days; red: for 4 days with > 300 for 2 days, or AQI reaching 500).

A day is 24 hours: a run of n consecutive forecast days above a line lasts
24·n hours.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

NONE, YELLOW, ORANGE, RED = "none", "yellow", "orange", "red"
ORDER = (NONE, YELLOW, ORANGE, RED)
NAMES = {NONE: "不发布预警", YELLOW: "黄色预警", ORANGE: "橙色预警", RED: "红色预警"}
GUIDANCE_2024 = "环大气〔2024〕6号"
TEMPLATE_2018 = "环办大气函〔2018〕875号"
GUIDANCE_2024_FROM = date(2024, 1, 23)


class SeriesError(ValueError):
    """The forecast series is not consecutive days of AQI."""


@dataclass(frozen=True)
class Run:
    start: date
    days: int
    peak: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)


@dataclass
class Grade:
    level: str
    basis: str
    explain: list[str] = field(default_factory=list)
    window: Run | None = None  # the run that decided the level

    @property
    def name(self) -> str:
        return NAMES[self.level]


def check_series(days: Sequence[tuple[date, int]]) -> None:
    if not days:
        raise SeriesError("预报序列为空")
    for (a, _), (b, _) in itertools.pairwise(days):
        if b != a + timedelta(days=1):
            raise SeriesError(
                f"预报日期须为连续的日期：{a}之后应为{a + timedelta(days=1)}，收到{b}"
            )


def runs_above(days: Sequence[tuple[date, int]], line: int) -> list[Run]:
    """The runs of consecutive days with AQI above `line`."""
    runs: list[Run] = []
    start: date | None = None
    length = peak = 0
    for day, value in days:
        if value > line:
            if start is None:
                start, length, peak = day, 0, 0
            length += 1
            peak = max(peak, value)
        elif start is not None:
            runs.append(Run(start, length, peak))
            start = None
    if start is not None:
        runs.append(Run(start, length, peak))
    return runs


def _longest(runs: list[Run]) -> Run | None:
    return max(runs, key=lambda r: (r.days, r.peak), default=None)


def _hours(run: Run | None) -> int:
    return 24 * run.days if run else 0


def grade(days: Sequence[tuple[date, int]]) -> Grade:
    """The grading in force on the first forecast day."""
    check_series(days)
    if days[0][0] >= GUIDANCE_2024_FROM:
        return grade_2024(days)
    return grade_2018(days)


def grade_2024(days: Sequence[tuple[date, int]]) -> Grade:
    over150, over200 = runs_above(days, 150), runs_above(days, 200)
    long150, long200 = _longest(over150), _longest(over200)
    explain = [
        f"日AQI>150最长持续{_hours(long150)}小时，>200最长持续{_hours(long200)}小时"
        f"（按连续预报日计，每日24小时）"
    ]
    # Red: > 200 for 72 h with a day > 300 inside that stretch.
    red = [r for r in over200 if r.days >= 3 and r.peak > 300]
    if red:
        run = max(red, key=lambda r: (r.days, r.peak))
        explain.append(
            f"{run.start}起日AQI>200持续{24 * run.days}小时且其中日AQI>300（峰值{run.peak}），"
            f"达到红色预警条件（{GUIDANCE_2024}：预测日AQI>200持续72小时且日AQI>300持续24小时及以上）"
        )
        return Grade(RED, GUIDANCE_2024, explain, run)
    if (long200 and long200.days >= 2) or (long150 and long150.days >= 3):
        decided = long200 if long200 and long200.days >= 2 else long150
        explain.append(
            f"达到橙色预警条件（{GUIDANCE_2024}：预测日AQI>200持续48小时或日AQI>150持续72小时及以上），"
            "未达到红色预警条件"
        )
        return Grade(ORANGE, GUIDANCE_2024, explain, decided)
    if long200 or (long150 and long150.days >= 2):
        decided = long200 or long150
        explain.append(
            f"达到黄色预警条件（{GUIDANCE_2024}：预测日AQI>200或日AQI>150持续48小时及以上），"
            "未达到橙色预警条件"
        )
        return Grade(YELLOW, GUIDANCE_2024, explain, decided)
    explain.append(f"未达到黄色预警条件，不发布预警（{GUIDANCE_2024}）")
    long100 = _longest(runs_above(days, 100))
    if long150 or (long100 and long100.days >= 2):
        explain.append(
            f"预测日AQI>150或日AQI>100持续48小时及以上：可结合实际采取临时管控措施（{GUIDANCE_2024}）"
        )
    return Grade(NONE, GUIDANCE_2024, explain)


def grade_2018(days: Sequence[tuple[date, int]]) -> Grade:
    over200, over300 = runs_above(days, 200), runs_above(days, 300)
    long200, long300 = _longest(over200), _longest(over300)
    explain = [
        f"日AQI>200最长持续{_hours(long200)}小时，>300最长持续{_hours(long300)}小时"
        f"（{TEMPLATE_2018}，2024年1月23日前适用）"
    ]
    top = max(value for _, value in days)
    red_run = [
        r
        for r in over200
        if r.days >= 4
        and any(s.days >= 2 and r.start <= s.start and s.end <= r.end for s in over300)
    ]
    if red_run or top >= 500:
        explain.append(
            "达到红色预警条件（日AQI>200持续4天且>300持续2天及以上，或日AQI达到500）"
        )
        return Grade(RED, TEMPLATE_2018, explain, red_run[0] if red_run else None)
    if long200 and long200.days >= 3:
        explain.append("达到橙色预警条件（日AQI>200持续3天及以上）")
        return Grade(ORANGE, TEMPLATE_2018, explain, long200)
    if long200 and long200.days >= 2:
        explain.append("达到黄色预警条件（日AQI>200持续2天及以上）")
        return Grade(YELLOW, TEMPLATE_2018, explain, long200)
    explain.append("未达到黄色预警条件，不发布预警")
    return Grade(NONE, TEMPLATE_2018, explain)


def lift_allowed(days: Sequence[tuple[date, int]]) -> tuple[bool, str]:
    """Whether the forecast allows lifting: below the yellow criteria for more
    than 36 hours from now (the first two forecast days; 环大气〔2024〕6号 as
    local plans apply it, reference/aqi.md §3.1)."""
    check_series(days)
    first = list(days[:2])
    if len(first) < 2:
        return False, "预报不足两天，无法判断空气质量改善能否持续36小时以上"
    if grade_2024(first).level == NONE and all(v <= 200 for _, v in first):
        return (
            True,
            "未来两天预报均未达到黄色预警条件，改善可持续36小时以上，可解除预警",
        )
    return False, "未来两天内仍达到预警条件，暂不具备解除条件"
