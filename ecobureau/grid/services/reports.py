"""Reporting on time (C22; seed 002 六(二)1 时限和标准, 六(二)6 "按照工作要求和时限，
及时上报工作开展情况"): each level's monthly work report to the level above, and the
report-hours limit on problems found on patrol. The hourly job `check_grid_reports`
flags late and missing reports and tells the level above."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib.dates import local_date
from ecobureau.notifications import services as notifications

from .. import selectors
from ..models import GridCell, Patrol, WorkReport
from ..processes import work_report_day
from ._common import require
from .coordination import _require_upper

FILE = "grid.manage_grid"


def report_due_on(cell: GridCell, year: int, month: int) -> date:
    """The day of the following month by which the month's report is due."""
    day = min(max(work_report_day(cell), 1), 28)
    return date(year + (month == 12), month % 12 + 1, day)


def _check_period(year: int, month: int, today: date) -> None:
    if not 1 <= month <= 12 or year < 2000:
        raise ValidationError("请选择正确的年月。")
    if (year, month) >= (today.year, today.month):
        raise ValidationError("只能报送已结束月份的工作情况。")


def _upper_recipients(cell: GridCell) -> list[int]:
    """The heads of the level above: the handling unit of the cell (the sub-bureau
    for a township) and the parent cell's responsible body."""
    units = set()
    handling = selectors.handling_unit_for(cell)
    if handling is not None:
        units.add(handling.pk)
    if cell.parent is not None and cell.parent.responsible_unit_id:
        units.add(cell.parent.responsible_unit_id)
    heads = account_selectors.unit_heads(units)
    return sorted({pk for ids in heads.values() for pk in ids})


def _own_recipients(cell: GridCell) -> list[int]:
    if not cell.responsible_unit_id:
        return []
    return account_selectors.unit_heads({cell.responsible_unit_id}).get(
        cell.responsible_unit_id, []
    )


def _draft(cell: GridCell, year: int, month: int) -> WorkReport:
    """The month's report of the cell, opened with its figures if there is none
    (figures computed only when it is created)."""
    found = WorkReport.objects.filter(cell=cell, year=year, month=month).first()
    if found is not None:
        return found
    report, _ = WorkReport.objects.get_or_create(
        cell=cell,
        year=year,
        month=month,
        defaults={
            "upper_cell": cell.parent,
            "due_on": report_due_on(cell, year, month),
            "figures": selectors.work_report_figures(cell, year, month),
            "district": cell.district,
            "township": cell.township,
        },
    )
    return report


@transaction.atomic
def work_report_prepare(
    *, cell: GridCell, year: int, month: int, by: User
) -> WorkReport:
    """Open (or reopen) the month's report of the filer's own level, its figures
    generated from the month's data."""
    require(by, FILE, "您无权报送网格工作情况。")
    if not selectors.files_for(by, cell):
        raise PermissionDenied("只能由本级网格报送本级工作情况。")
    _check_period(year, month, local_date(timezone.now()))
    report = _draft(cell, year, month)
    if report.status in (WorkReport.Status.DRAFT, WorkReport.Status.RETURNED):
        report.figures = selectors.work_report_figures(cell, year, month)
        report.save(update_fields=["figures", "updated_at"])
    return report


@transaction.atomic
def work_report_submit(
    *, report: WorkReport, summary: str, issues: str, next_plan: str, by: User
) -> WorkReport:
    """File the report with the filer's own account; the figures are taken again
    from the data at this moment; after the due day it is marked late."""
    require(by, FILE, "您无权报送网格工作情况。")
    if not selectors.files_for(by, report.cell):
        raise PermissionDenied("只能由本级网格报送本级工作情况。")
    report = WorkReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in (WorkReport.Status.DRAFT, WorkReport.Status.RETURNED):
        raise ValidationError("该月工作情况已报送。")
    summary = summary.strip()
    if not summary:
        raise ValidationError("请填写本月工作开展情况。")
    now = timezone.now()
    report.figures = selectors.work_report_figures(
        report.cell, report.year, report.month
    )
    report.summary = summary
    report.issues = issues.strip()
    report.next_plan = next_plan.strip()
    report.status = WorkReport.Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by
    report.late = report.late or local_date(now) > report.due_on
    report.save()
    records.append(
        action="grid.work_report_submit",
        target=report,
        actor=by,
        after=WorkReport.Status.SUBMITTED,
        data={"late": report.late, "due_on": report.due_on, "figures": report.figures},
    )
    notifications.send(
        recipients=User.objects.filter(pk__in=_upper_recipients(report.cell)),
        title=f"网格工作月报：{report}{'（逾期报送）' if report.late else ''}",
        url=reverse("grid:work-report-detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def work_report_review(
    *, report: WorkReport, decision: str, note: str, by: User
) -> WorkReport:
    """The level above marks the report read, or returns it for more (with a note)."""
    _require_upper(by, report.cell)
    report = WorkReport.objects.select_for_update().get(pk=report.pk)
    if report.status != WorkReport.Status.SUBMITTED:
        raise ValidationError("只能审阅已报送的月报。")
    if decision not in (WorkReport.Status.RECEIVED, WorkReport.Status.RETURNED):
        raise ValidationError("请选择审阅结果。")
    note = note.strip()
    if decision == WorkReport.Status.RETURNED and not note:
        raise ValidationError("退回补充须写明理由。")
    report.status = decision
    report.review_note = note
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.save()
    records.append(
        action="grid.work_report_review",
        target=report,
        actor=by,
        after=decision,
        data={"note": note},
    )
    if decision == WorkReport.Status.RETURNED:
        notifications.send(
            recipients=User.objects.filter(pk__in=_own_recipients(report.cell)),
            title=f"网格工作月报被退回补充：{report}",
            url=reverse("grid:work-report-detail", args=[report.pk]),
        )
    return report


def work_reports_check(*, today: date | None = None) -> int:
    """Flag last month's reports not filed by their due day (a draft is opened
    with the figures if none exists) and tell the level above and the cell's own
    heads, once per report (claimed by a conditional update)."""
    today = today or local_date(timezone.now())
    year, month = (
        (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    )
    flagged = 0
    for cell in selectors.reports_due_cells():
        if today <= report_due_on(cell, year, month):
            continue
        with transaction.atomic():
            report = _draft(cell, year, month)
            if report.status not in (
                WorkReport.Status.DRAFT,
                WorkReport.Status.RETURNED,
            ):
                continue
            claimed = WorkReport.objects.filter(
                pk=report.pk, overdue_flagged_on__isnull=True
            ).update(overdue_flagged_on=today, late=True)
            if not claimed:
                continue
            records.append(
                action="grid.work_report_overdue",
                target=report,
                actor=None,
                data={"due_on": report.due_on},
            )
            recipients = {*_upper_recipients(cell), *_own_recipients(cell)}
            notifications.send(
                recipients=User.objects.filter(pk__in=recipients),
                title=f"网格工作月报逾期未报：{report}（应于{report.due_on}前报送）",
                url=reverse("grid:work-report-detail", args=[report.pk]),
            )
            flagged += 1
    return flagged


def patrol_reports_check(*, now: datetime | None = None) -> int:
    """Patrols that found a problem but reported none within the report hours:
    flagged once, the officer and the handling level told."""
    now = now or timezone.now()
    overdue = Patrol.objects.filter(
        problem_found=True,
        report_due_at__lt=now,
        report_overdue_flagged_at__isnull=True,
        problems__isnull=True,
    ).select_related("cell", "cell__parent")
    flagged = 0
    for patrol in overdue:
        with transaction.atomic():
            claimed = Patrol.objects.filter(
                pk=patrol.pk, report_overdue_flagged_at__isnull=True
            ).update(report_overdue_flagged_at=now)
            if not claimed:
                continue
            records.append(
                action="grid.patrol_report_overdue",
                target=patrol,
                actor=None,
                data={"report_due_at": patrol.report_due_at},
            )
            notifications.send(
                recipients=User.objects.filter(
                    pk__in=[patrol.officer_id, *_upper_recipients(patrol.cell)]
                ),
                title=f"巡查发现问题超时未上报：{patrol.cell.name}（{patrol.place}）",
                url=reverse("grid:patrol-detail", args=[patrol.pk]),
            )
            flagged += 1
    return flagged
