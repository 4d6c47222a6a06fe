"""Incident and opinion statistics (突发环境事件信息报告办法 第十条: monthly, quarterly,
half-yearly and yearly reports and statistics to the department above; seed 000
与群众互动 5 and issue 14 item 3: opinion events per month).

Counts are made in the database (GROUP BY on the month in Asia/Shanghai), over the
reader's scoped querysets, so a city-wide year of 20,000 incidents is a handful of
small queries. Dismissed incidents (不构成突发环境事件) are left out of the incident
counts and counted apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count
from django.db.models.functions import TruncMonth

from ecobureau.accounts.models import User
from ecobureau.lib import dates

from . import grading, selectors
from .models import Incident, OpinionEvent

UNGRADED = "ungraded"
GRADE_COLUMNS = [*reversed(grading.GRADES), UNGRADED]
GRADE_HEADERS = {**grading.LABELS, UNGRADED: "未定级"}


@dataclass
class YearStatistics:
    year: int
    # month (1–12) → grade code → count
    by_month: dict[int, Counter[str]] = field(default_factory=dict)
    by_source: Counter[str] = field(default_factory=Counter)
    by_district: Counter[str] = field(default_factory=Counter)
    by_grade: Counter[str] = field(default_factory=Counter)
    dismissed: int = 0
    opinions_by_month: dict[int, Counter[str]] = field(default_factory=dict)
    opinions_by_channel: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.by_grade.values())

    @property
    def opinion_total(self) -> int:
        return sum(sum(c.values()) for c in self.opinions_by_month.values())

    # (Templates cannot call a Counter's .items: "counter.items" looks up the key
    # "items" and gets 0.)
    def source_rows(self) -> list[tuple[str, int]]:
        return sorted(self.by_source.items())

    def district_rows(self) -> list[tuple[str, int]]:
        return sorted(self.by_district.items())

    def channel_rows(self) -> list[tuple[str, int]]:
        return sorted(self.opinions_by_channel.items())

    def month_rows(self) -> list[tuple[int, list[int], int]]:
        rows = []
        for month in range(1, 13):
            counts = self.by_month.get(month, Counter())
            values = [counts[g] for g in GRADE_COLUMNS]
            rows.append((month, values, sum(values)))
        return rows

    def opinion_rows(self) -> list[tuple[int, list[int], int]]:
        """Per month: counts of 重大, 较大, 一般 opinion events, and the total."""
        grades = list(reversed(list(_opinion_grades())))
        rows = []
        for month in range(1, 13):
            counts = self.opinions_by_month.get(month, Counter())
            values = [counts[g] for g in grades]
            rows.append((month, values, sum(values)))
        return rows

    def period_rows(self) -> list[tuple[str, list[int], int]]:
        """Quarters then half-years (第十条: 季度、半年度), summed from the months."""
        return _group(self.month_rows())

    def opinion_period_rows(self) -> list[tuple[str, list[int], int]]:
        return _group(self.opinion_rows())


# Calendar quarters and half-years of the statistics year (第十条 names the
# periods, not their bounds; the calendar ones are the usual reading).
PERIODS: list[tuple[str, range]] = [
    ("第一季度", range(1, 4)),
    ("第二季度", range(4, 7)),
    ("第三季度", range(7, 10)),
    ("第四季度", range(10, 13)),
    ("上半年", range(1, 7)),
    ("下半年", range(7, 13)),
]


def _group(
    month_rows: list[tuple[int, list[int], int]],
) -> list[tuple[str, list[int], int]]:
    by_month = {month: values for month, values, _ in month_rows}
    width = len(month_rows[0][1]) if month_rows else 0
    rows = []
    for label, months in PERIODS:
        values = [sum(by_month[m][i] for m in months) for i in range(width)]
        rows.append((label, values, sum(values)))
    return rows


def _opinion_grades() -> dict[str, str]:
    from . import limits

    return limits.OPINION_GRADES


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime.combine(date(year, 1, 1), time(), dates.SHANGHAI)
    end = datetime.combine(date(year + 1, 1, 1), time(), dates.SHANGHAI)
    return start, end


def year_statistics(user: User, year: int) -> YearStatistics:
    start, end = _year_bounds(year)
    stats = YearStatistics(year=year)
    incidents = selectors.incident_list_for_user(user).filter(
        received_at__gte=start, received_at__lt=end
    )
    stats.dismissed = incidents.filter(status="dismissed").count()
    counted = incidents.exclude(status="dismissed").order_by()
    month = TruncMonth("received_at", tzinfo=dates.SHANGHAI)
    for row in counted.annotate(m=month).values("m", "grade").annotate(n=Count("pk")):
        grade = row["grade"] or UNGRADED
        stats.by_month.setdefault(row["m"].month, Counter())[grade] += row["n"]
        stats.by_grade[grade] += row["n"]
    sources = dict(Incident.Source.choices)
    for row in counted.values("source").annotate(n=Count("pk")):
        stats.by_source[sources.get(row["source"], row["source"])] += row["n"]
    for row in counted.values("district__name").annotate(n=Count("pk")):
        stats.by_district[row["district__name"] or "未指定区县"] += row["n"]
    opinions = (
        selectors.opinion_list_for_user(user)
        .filter(discovered_at__gte=start, discovered_at__lt=end)
        .order_by()
    )
    omonth = TruncMonth("discovered_at", tzinfo=dates.SHANGHAI)
    for row in opinions.annotate(m=omonth).values("m", "grade").annotate(n=Count("pk")):
        stats.opinions_by_month.setdefault(row["m"].month, Counter())[row["grade"]] += (
            row["n"]
        )
    channels = dict(OpinionEvent.Channel.choices)
    for row in opinions.values("channel").annotate(n=Count("pk")):
        stats.opinions_by_channel[channels.get(row["channel"], row["channel"])] += row[
            "n"
        ]
    return stats


def excel_rows(stats: YearStatistics) -> list[list[object]]:
    """One sheet: the month × grade table, then the totals by source, district
    and the opinion events per month (each block headed by its name)."""
    rows: list[list[object]] = []
    for month, values, total in stats.month_rows():
        rows.append(["突发环境事件", f"{stats.year}年{month}月", *values, total])
    rows.append(
        [
            "突发环境事件",
            f"{stats.year}年合计",
            *(stats.by_grade[g] for g in GRADE_COLUMNS),
            stats.total,
        ]
    )
    for label, values, total in stats.period_rows():
        rows.append(["突发环境事件", f"{stats.year}年{label}", *values, total])
    for name, count in sorted(stats.by_source.items()):
        rows.append(["按信息来源", name, "", "", "", "", "", count])
    for name, count in sorted(stats.by_district.items()):
        rows.append(["按区县", name, "", "", "", "", "", count])
    rows.append(
        [
            "核实不构成突发环境事件",
            f"{stats.year}年",
            "",
            "",
            "",
            "",
            "",
            stats.dismissed,
        ]
    )
    for month, values, total in stats.opinion_rows():
        rows.append(["舆情事件", f"{stats.year}年{month}月", "", *values, "", total])
    for label, values, total in stats.opinion_period_rows():
        rows.append(["舆情事件", f"{stats.year}年{label}", "", *values, "", total])
    return rows


EXCEL_HEADERS = [
    "类别",
    "期间或项目",
    *(GRADE_HEADERS[g] for g in GRADE_COLUMNS),
    "合计",
]
