"""Reads of the monthly work reports (C22) and of the rural improvement targets
(D18), scoped to the reader."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import User

from ..models import (
    GridCell,
    InspectionTask,
    Patrol,
    Problem,
    RuralAssessment,
    RuralTarget,
    Transfer,
    WorkReport,
)
from ._common import _NOTHING, _staff_with
from .cells import cell_list_for_user

SHANGHAI = ZoneInfo("Asia/Shanghai")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in Asia/Shanghai."""
    start = datetime.combine(date(year, month, 1), time.min, tzinfo=SHANGHAI)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return start, datetime.combine(nxt, time.min, tzinfo=SHANGHAI)


def area_q(cell: GridCell, prefix: str = "") -> Q:
    """Rows in the cell's area: a township's own, a district's and its townships',
    the city's all."""
    if cell.township_id:
        return Q(**{f"{prefix}township_id": cell.township_id})
    if cell.district_id:
        return Q(**{f"{prefix}district_id": cell.district_id})
    return Q()


def work_report_figures(cell: GridCell, year: int, month: int) -> dict[str, Any]:
    """What happened in the cell's area in the month, from the data (C22): patrols,
    problems found and handled, transfers, inspections. A fixed number of queries."""
    start, end = month_bounds(year, month)
    patrols = Patrol.objects.filter(
        area_q(cell), started_at__gte=start, started_at__lt=end
    )
    kinds = Counter(patrols.values_list("kind", flat=True))
    labels = dict(Patrol.Kind.choices)
    problems = Problem.objects.filter(
        area_q(cell), reported_at__gte=start, reported_at__lt=end
    )
    closed = Problem.objects.filter(
        area_q(cell),
        closed_at__gte=start,
        closed_at__lt=end,
        status__in=[Problem.Status.CLOSED, Problem.Status.DISMISSED],
    )
    transfers = Transfer.objects.filter(
        area_q(cell, "problem__"), sent_at__gte=start, sent_at__lt=end
    )
    answered = Transfer.objects.filter(
        area_q(cell, "problem__"), answered_at__gte=start, answered_at__lt=end
    )
    unreported = patrols.filter(report_overdue_flagged_at__isnull=False)
    inspections = InspectionTask.objects.filter(
        area_q(cell),
        status=InspectionTask.Status.DONE,
        done_on__gte=start.date(),
        done_on__lt=end.date(),
    )
    figures: dict[str, Any] = {
        "year": year,
        "month": month,
        "patrols": sum(kinds.values()),
        "patrols_by_kind": {labels.get(k, k): n for k, n in sorted(kinds.items())},
        "patrols_with_problem": patrols.filter(problem_found=True).count(),
        "problems_reported": problems.count(),
        "problems_reported_late": problems.filter(reported_late=True).count(),
        "patrol_problems_unreported": unreported.count(),
        "problems_closed": closed.count(),
        "transfers_sent": transfers.count(),
        "transfers_answered": answered.count(),
        "transfers_escalated": transfers.filter(escalation_level__gt=0).count(),
        "inspections_done": inspections.count(),
    }
    if cell.district_id and not cell.township_id:
        figures["townships"] = _township_rows(
            cell,
            {
                "patrols": (patrols, "township_id"),
                "patrols_with_problem": (
                    patrols.filter(problem_found=True),
                    "township_id",
                ),
                "problems_reported": (problems, "township_id"),
                "problems_reported_late": (
                    problems.filter(reported_late=True),
                    "township_id",
                ),
                "patrol_problems_unreported": (unreported, "township_id"),
                "problems_closed": (closed, "township_id"),
                "transfers_sent": (transfers, "problem__township_id"),
                "transfers_answered": (answered, "problem__township_id"),
                "transfers_escalated": (
                    transfers.filter(escalation_level__gt=0),
                    "problem__township_id",
                ),
                "inspections_done": (inspections, "township_id"),
            },
        )
    return figures


def _township_rows(
    cell: GridCell, counted: dict[str, tuple[QuerySet[Any], str]]
) -> list[dict[str, Any]]:
    """A district's figures per township (C22: the district reports what each of
    its townships did), one grouped query a figure. Rows with no township (the
    district's own work) are the district total minus the townships'."""
    townships = list(
        GridCell.objects.filter(
            kind=GridCell.Kind.ADMINISTRATIVE,
            district_id=cell.district_id,
            township__isnull=False,
            parent=cell,
        )
        .order_by("code")
        .values_list("township_id", "name")
    )
    grouped = {
        key: dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
        for key, (queryset, field) in counted.items()
    }
    return [
        {"name": name} | {key: grouped[key].get(township, 0) for key in grouped}
        for township, name in townships
    ]


FIGURE_LABELS = [
    ("patrols", "巡查次数"),
    ("patrols_with_problem", "巡查发现问题次数"),
    ("problems_reported", "上报问题"),
    ("problems_reported_late", "其中超时上报"),
    ("patrol_problems_unreported", "巡查发现问题超时未上报"),
    ("problems_closed", "办结问题"),
    ("transfers_sent", "移交部门"),
    ("transfers_answered", "部门反馈"),
    ("transfers_escalated", "移交超期被督办"),
    ("inspections_done", "完成企业检查"),
]


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(label, figures.get(key, 0)) for key, label in FIGURE_LABELS]


def work_report_list_for_user(user: User) -> QuerySet[WorkReport]:
    if not _staff_with(user, "grid.view_workreport"):
        return WorkReport.objects.none()
    return WorkReport.objects.filter(cell__in=cell_list_for_user(user)).select_related(
        "cell", "upper_cell", "submitted_by"
    )


def work_report_get_for_user(user: User, pk: int) -> WorkReport:
    return get_object_or_404(work_report_list_for_user(user), pk=pk)


def files_for(user: User, cell: GridCell) -> bool:
    """The user is at the cell's own level: the cell in scope, the level above not
    (a district does not file its townships' reports)."""
    visible = cell_list_for_user(user)
    if not visible.filter(pk=cell.pk).exists():
        return False
    return cell.parent_id is not None and not visible.filter(pk=cell.parent_id).exists()


def reports_due_cells() -> QuerySet[GridCell]:
    """Cells that report monthly to a level above: active administrative cells
    with a parent (townships to districts, districts to the city)."""
    return GridCell.objects.filter(
        kind=GridCell.Kind.ADMINISTRATIVE, is_active=True, parent__isnull=False
    ).select_related("parent")


# --- Rural improvement targets (D18) ------------------------------------------------


def rural_scope_q(user: User) -> Q:
    if not _staff_with(user, "grid.view_ruraltarget"):
        return _NOTHING
    return Q(cell__in=cell_list_for_user(user))


def rural_target_list_for_user(
    user: User, *, year: int | None = None
) -> QuerySet[RuralTarget]:
    qs = RuralTarget.objects.filter(rural_scope_q(user)).select_related(
        "cell", "upper_cell"
    )
    if year:
        qs = qs.filter(year=year)
    return qs


def rural_targets_of(user: User, cell: GridCell, year: int) -> QuerySet[RuralTarget]:
    return rural_target_list_for_user(user, year=year).filter(cell=cell)


def rural_summary(user: User, year: int) -> list[dict[str, Any]]:
    """Per cell: its targets, full score, average progress, and the assessment."""
    rows = (
        rural_target_list_for_user(user, year=year)
        .values("cell", "cell__name", "cell__level")
        .annotate(targets=Count("pk"), progress=Avg("progress_percent"))
        .order_by("cell__level", "cell__name")
    )
    assessments = {
        a.cell_id: a
        for a in RuralAssessment.objects.filter(rural_scope_q(user), year=year)
    }
    return [
        {
            "cell_id": row["cell"],
            "cell_name": row["cell__name"],
            "targets": row["targets"],
            "progress": round(row["progress"] or 0),
            "assessment": assessments.get(row["cell"]),
        }
        for row in rows
    ]


def rural_assessment_of(
    user: User, cell: GridCell, year: int
) -> RuralAssessment | None:
    return (
        RuralAssessment.objects.filter(rural_scope_q(user), cell=cell, year=year)
        .select_related("assessed_by")
        .first()
    )
