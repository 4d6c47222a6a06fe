"""Statistics of applications per item and per unit (requirements A26, D13; the
issue: applications, on-time rate, average days, supplements per application,
refusals with reasons), in the viewer's data scope, with an Excel export.

"On time" is the decision clock's own verdict (met / missed), which already
leaves out the days not counted (补正, 专家评审, 听证 …).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, QuerySet

from ecobureau.accounts.models import User
from ecobureau.casework.models import Clock
from ecobureau.lib import xlsx
from ecobureau.lib.dates import SHANGHAI

from .models import Application, ServiceItem
from .selectors import APPLICATION_LABEL, application_list_for_user

REFUSALS = ("refused", "not_accepted", "not_filed")
TOP_REASONS = 5


@dataclass
class Row:
    label: str
    unit: str
    applications: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    days_total: float = 0.0
    supplements: int = 0
    refusals: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def on_time_rate(self) -> float | None:
        judged = self.on_time + self.late
        return self.on_time / judged if judged else None

    @property
    def average_days(self) -> float | None:
        return self.days_total / self.finished if self.finished else None

    @property
    def supplements_per_application(self) -> float | None:
        return self.supplements / self.applications if self.applications else None

    def top_reasons(self) -> list[tuple[str, int]]:
        return self.reasons.most_common(TOP_REASONS)

    def add(self, other: Row) -> None:
        self.applications += other.applications
        self.finished += other.finished
        self.on_time += other.on_time
        self.late += other.late
        self.days_total += other.days_total
        self.supplements += other.supplements
        self.refusals += other.refusals
        self.reasons.update(other.reasons)


@dataclass
class Statistics:
    items: list[Row]
    units: list[Row]
    total: Row


def _clock_state(state: str) -> Exists:
    return Exists(
        Clock.objects.filter(
            target_type=APPLICATION_LABEL,
            target_id=OuterRef("pk"),
            step="decision",
            state=state,
        )
    )


def statistics_for_user(
    user: User, *, since: date | None = None, until: date | None = None
) -> Statistics:
    applications: QuerySet[Application] = application_list_for_user(user)
    if since:
        applications = applications.filter(
            submitted_at__gte=datetime.combine(since, time.min, tzinfo=SHANGHAI)
        )
    if until:
        applications = applications.filter(
            submitted_at__lte=datetime.combine(until, time.max, tzinfo=SHANGHAI)
        )
    rows = (
        applications.order_by()
        .annotate(
            met=_clock_state(Clock.State.MET), missed=_clock_state(Clock.State.MISSED)
        )
        .values_list(
            "item_id",
            "outcome",
            "supplements",
            "received_at",
            "decided_at",
            "reasons",
            "met",
            "missed",
        )
    )
    items = {
        item.pk: item
        for item in ServiceItem.objects.select_related("unit").order_by("sort_order")
    }
    by_item = {
        pk: Row(item.name, item.unit.name if item.unit else "—")
        for pk, item in items.items()
        if item.online
    }
    for (
        item_id,
        outcome,
        supplements,
        submitted,
        decided,
        reasons,
        met,
        missed,
    ) in rows.iterator(chunk_size=2000):
        row = by_item.get(item_id)
        if row is None:
            continue
        row.applications += 1
        row.supplements += supplements
        row.on_time += int(met)
        row.late += int(missed)
        if outcome and decided and submitted:
            row.finished += 1
            row.days_total += (decided - submitted).total_seconds() / 86400
        if outcome in REFUSALS:
            row.refusals += 1
            row.reasons.update(
                line.strip() for line in reasons.splitlines() if line.strip()
            )
    units: dict[str, Row] = {}
    total = Row("合计", "")
    for row in by_item.values():
        units.setdefault(row.unit, Row(row.unit, row.unit)).add(row)
        total.add(row)
    return Statistics(list(by_item.values()), list(units.values()), total)


HEADERS = (
    "事项",
    "承办单位",
    "办件数",
    "已办结",
    "按期办结",
    "超期办结",
    "按期率",
    "平均办理天数",
    "平均补正次数",
    "不予受理/不予许可/不予备案",
    "主要理由",
)
WIDTHS = (48, 24, 10, 10, 10, 10, 10, 14, 14, 16, 60)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _cells(row: Row) -> list[object]:
    reasons = "；".join(f"{text}（{n}）" for text, n in row.top_reasons())
    return [
        row.label,
        row.unit,
        row.applications,
        row.finished,
        row.on_time,
        row.late,
        _percent(row.on_time_rate),
        _number(row.average_days),
        _number(row.supplements_per_application),
        row.refusals,
        reasons,
    ]


def _rows(stats: Statistics) -> Iterator[list[object]]:
    for row in stats.items:
        yield _cells(row)
    yield ["按承办单位汇总", "", "", "", "", "", "", "", "", "", ""]
    for row in stats.units:
        yield _cells(row)
    yield _cells(stats.total)


def statistics_xlsx(stats: Statistics) -> bytes:
    content, _count = xlsx.write(
        title="办件统计",
        headers=HEADERS,
        widths=WIDTHS,
        required=[False] * len(HEADERS),
        rows=_rows(stats),
    )
    return content
