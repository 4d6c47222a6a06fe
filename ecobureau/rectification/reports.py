"""Weekly and monthly progress reports (按周上报、通报; 每月向市委、市政府和市督改办
报告, seed 001 三(二)1 and 五5), generated from the data as Excel and PDF.

The figures come from `selectors.progress_summary` (counted by the database) and
the items late or at risk; the report covers what the requesting user may see.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ecobureau.accounts.models import User
from ecobureau.lib import pdf

from . import selectors
from .models import ProgressReport
from .processes import CASE, DONE_STEPS, TASK

PERIODS = {"week": "周报", "month": "月报"}


@dataclass(frozen=True)
class Report:
    kind: str
    start: date
    end: date
    by_round: list[selectors.ProgressLine]
    by_district: list[selectors.ProgressLine]
    at_risk: list[tuple[str, str, str, str]]  # number, problem, deadline, state
    case_counts: list[tuple[str, int]]
    reports_in_period: int

    @property
    def title(self) -> str:
        return f"督察整改工作{PERIODS[self.kind]}（{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}）"


def period(kind: str, today: date) -> tuple[date, date]:
    """The last complete week (Monday–Sunday) or the month so far."""
    if kind == "week":
        end = today - timedelta(days=today.weekday() + 1)
        return end - timedelta(days=6), end
    return today.replace(day=1), today


def report_build(user: User, *, kind: str, today: date) -> Report:
    start, end = period(kind, today)
    risky = selectors.at_risk_list_for_user(user)
    cases = (
        selectors.case_list_for_user(user)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    labels = {step.code: step.label for step in CASE.steps}
    visible_tasks = selectors.task_list_for_user(user).order_by().values("pk")
    visible_cases = selectors.case_list_for_user(user).order_by().values("pk")
    reports = ProgressReport.objects.filter(
        Q(task__in=visible_tasks) | Q(case__in=visible_cases),
        reported_on__gte=start,
        reported_on__lte=end,
    )
    return Report(
        kind=kind,
        start=start,
        end=end,
        by_round=selectors.progress_summary(user, today=today, by="round"),
        by_district=selectors.progress_summary(user, today=today, by="district"),
        at_risk=[
            (
                t.number,
                t.problem[:40],
                t.deadline.isoformat(),
                "超期" if t.late_flagged_at else "预警",
            )
            for t in risky.exclude(status__in=DONE_STEPS)
        ],
        case_counts=[
            (labels.get(row["status"], row["status"]), row["n"]) for row in cases
        ],
        reports_in_period=reports.count(),
    )


_LINE_HEADERS = (
    "范围",
    "任务总数",
    "已完成",
    "按时完成",
    "未完成",
    "超期",
    "年内到期",
    "预警",
)


def _line_row(line: selectors.ProgressLine) -> list[str | int]:
    return [
        line.label,
        line.total,
        line.done,
        line.done_on_time,
        line.open,
        line.late,
        line.due_this_year,
        line.at_risk,
    ]


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改进展"
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True)
    for heading, lines in (
        ("按督察轮次", report.by_round),
        ("按区县", report.by_district),
    ):
        sheet.append([])
        sheet.append([heading])
        sheet.append(list(_LINE_HEADERS))
        for line in lines:
            sheet.append(_line_row(line))
    risk = workbook.create_sheet("超期与预警")
    risk.append(["任务编号", "反馈问题", "完成时限", "情况"])
    for row in report.at_risk:
        risk.append(list(row))
    cases = workbook.create_sheet("信访案件")
    cases.append(["办理环节", "件数"])
    for label, count in report.case_counts:
        cases.append([label, count])
    cases.append([])
    cases.append(["本期报送进展", report.reports_in_period])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_pdf(report: Report, *, issuer: str) -> bytes:
    widths = (36.0, 17.0, 17.0, 17.0, 17.0, 17.0, 18.0, 17.0)
    blocks: list[pdf.Block] = []
    for line in report.by_round:
        blocks.append(pdf.Paragraph(selectors.headline(line) + "。"))
    for heading, lines in (
        ("按督察轮次", report.by_round),
        ("按区县", report.by_district),
    ):
        blocks.append(pdf.Paragraph(f"{heading}：", indent=0))
        rows = [
            pdf.Row(tuple(pdf.Cell(h, align="C") for h in _LINE_HEADERS), min_height=9)
        ]
        rows += [
            pdf.Row(tuple(pdf.Cell(str(v)) for v in _line_row(line)), min_height=9)
            for line in lines
        ]
        blocks.append(pdf.Table(widths, tuple(rows)))
    if report.at_risk:
        blocks.append(pdf.Paragraph("超期与预警事项：", indent=0))
        for number, problem, deadline, state in report.at_risk:
            blocks.append(
                pdf.Paragraph(f"{number}（{state}，时限{deadline}）：{problem}")
            )
    summary = "、".join(f"{label}{count}件" for label, count in report.case_counts)
    blocks.append(pdf.Paragraph(f"督察转办信访案件：{summary or '无'}。"))
    blocks.append(pdf.Paragraph(f"本期共报送整改进展{report.reports_in_period}次。"))
    layout = pdf.Layout(
        issuer=issuer,
        title=report.title,
        reference="",
        issued_on=report.end,
        blocks=tuple(blocks),
    )
    return pdf.render(layout, created_at=timezone.now())


def task_status_label(code: str) -> str:
    return TASK.step(code).label
