"""Statistics of applications per item and per unit (requirements A26, D13; the
issue: applications, on-time rate, average days, supplements per application,
refusals with reasons), in the viewer's data scope, with an Excel export.

"On time" is the decision clock's own verdict (met / missed), which already
leaves out the days not counted (补正, 专家评审, 听证 …).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)

from ecobureau.accounts.models import User
from ecobureau.casework.models import Accountability, Clock
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
    # 服务承诺 (requirements A26): finished in time with no error in the process;
    # an error is a follow-up (责任追究) opened on the application or its clocks.
    errors: int = 0
    kept: int = 0
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

    @property
    def promise_rate(self) -> float | None:
        return self.kept / self.finished if self.finished else None

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
        self.errors += other.errors
        self.kept += other.kept
        self.reasons.update(other.reasons)


@dataclass
class Statistics:
    items: list[Row]
    units: list[Row]
    total: Row


def _decided(state: str) -> Q:
    """Applications whose decision clock ended in `state`. Not correlated, so
    PostgreSQL reads the clocks once into a hash rather than once per row."""
    clocks = Clock.objects.filter(
        target_type=APPLICATION_LABEL, step="decision", state=state
    )
    return Q(pk__in=clocks.values("target_id"))


def _with_error() -> Q:
    """Applications with a follow-up (责任追究) opened on them or on one of their
    clocks: a missed deadline, a recording lapse, a reviewer's finding."""
    followups = Accountability.objects.all()
    own = followups.filter(source_type=APPLICATION_LABEL).values("source_id")
    on_clocks = Clock.objects.filter(
        target_type=APPLICATION_LABEL,
        pk__in=followups.filter(source_type="casework.clock").values("source_id"),
    ).values("target_id")
    return Q(pk__in=own) | Q(pk__in=on_clocks)


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
    applications = applications.order_by()
    items = {
        item.pk: item
        for item in ServiceItem.objects.select_related("unit").order_by("sort_order")
    }
    by_item = {
        pk: Row(item.name, item.unit.name if item.unit else "—")
        for pk, item in items.items()
        if item.online
    }
    # Counted by the database, one row per item: the city's whole history is
    # 100,000s of applications (bench/permits_pages.py).
    finished = Q(decided_at__isnull=False, received_at__isnull=False) & ~Q(outcome="")
    counts = applications.values("item_id").annotate(
        n=Count("pk"),
        n_finished=Count("pk", filter=finished),
        n_on_time=Count("pk", filter=_decided(Clock.State.MET)),
        n_late=Count("pk", filter=_decided(Clock.State.MISSED)),
        n_supplements=Sum("supplements"),
        n_refusals=Count("pk", filter=Q(outcome__in=REFUSALS)),
        n_errors=Count("pk", filter=_with_error()),
        n_kept=Count(
            "pk", filter=finished & _decided(Clock.State.MET) & ~_with_error()
        ),
        duration=Sum(
            ExpressionWrapper(
                F("decided_at") - F("received_at"), output_field=DurationField()
            ),
            filter=finished,
        ),
    )
    for count in counts:
        row = by_item.get(count["item_id"])
        if row is None:
            continue
        row.applications = count["n"]
        row.finished = count["n_finished"]
        row.on_time = count["n_on_time"]
        row.late = count["n_late"]
        row.supplements = count["n_supplements"] or 0
        row.refusals = count["n_refusals"]
        row.errors = count["n_errors"]
        row.kept = count["n_kept"]
        duration = count["duration"]
        row.days_total = duration.total_seconds() / 86400 if duration else 0.0
    refused = applications.filter(outcome__in=REFUSALS).exclude(reasons="")
    for item_id, reasons in refused.values_list("item_id", "reasons").iterator(
        chunk_size=2000
    ):
        row = by_item.get(item_id)
        if row is not None:
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
    "差错件",
    "服务承诺兑现率",
)
WIDTHS = (48, 24, 10, 10, 10, 10, 10, 14, 14, 16, 60, 10, 14)


def _cells(row: Row) -> list[object]:
    """One sheet row: counts as numbers, the rate as a fraction shown as a
    percentage, averages to one decimal; None (nothing to measure) stays empty."""
    reasons = "；".join(f"{text}（{n}）" for text, n in row.top_reasons())
    return [
        row.label,
        row.unit,
        row.applications,
        row.finished,
        row.on_time,
        row.late,
        row.on_time_rate,
        None if row.average_days is None else round(row.average_days, 1),
        (
            None
            if row.supplements_per_application is None
            else round(row.supplements_per_application, 1)
        ),
        row.refusals,
        reasons,
        row.errors,
        row.promise_rate,
    ]


def _rows(stats: Statistics) -> Iterator[list[object]]:
    for row in stats.items:
        yield _cells(row)
    yield ["按承办单位汇总"]
    for row in stats.units:
        yield _cells(row)
    yield _cells(stats.total)


def statistics_xlsx(stats: Statistics) -> bytes:
    """The statistics as an .xlsx workbook with numeric cells (so they can be
    summed and charted), the header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "办件统计"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFEEF2F7")
    for values in _rows(stats):
        sheet.append(values)
    for number, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    for column in (7, 13):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0.0%"
    for column in (8, 9):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0.0"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
