"""Weekly and monthly progress reports (按周上报、通报; 每月向市委、市政府和市督改办
报告, seed 001 三(二)1 and 五5), generated from the data as Excel and PDF.

The figures come from `selectors.progress_summary` (tasks) and
`selectors.petition_progress_by_unit` (petition cases, per round and per
district), counted by the database; the items late or at risk are
`selectors.items_at_risk_for_user` (tasks and cases). The Excel report lists
every case the user may see, the PDF the cases not yet done (公示 reached:
DONE_STEPS), each with its step. The report covers what the requesting user may
see (a district officer: its district only).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ecobureau.accounts.models import User
from ecobureau.lib import dates, pdf

from . import selectors
from .models import PetitionCase, ProgressReport, UnitAssessment
from .processes import CASE, DONE_STEPS, TASK

PERIODS = {"week": "周报", "month": "月报"}


@dataclass(frozen=True)
class CaseLine:
    """A petition case in the report (never the complainant)."""

    number: str
    round: str
    district: str
    unit: str
    category: str
    deadline: date
    step: str
    done: bool
    flag: str  # "超期" / "预警" / ""


@dataclass(frozen=True)
class Report:
    kind: str
    start: date
    end: date
    by_round: list[selectors.ProgressLine]
    by_district: list[selectors.ProgressLine]
    at_risk: list[selectors.AtRiskItem]  # tasks and cases, late first
    case_counts: list[tuple[str, int]]
    reports_in_period: int
    cases_by_round: list[selectors.PetitionProgressRow] = field(default_factory=list)
    cases_by_district: list[selectors.PetitionProgressRow] = field(default_factory=list)
    cases: list[CaseLine] = field(default_factory=list)

    @property
    def open_cases(self) -> list[CaseLine]:
        return [c for c in self.cases if not c.done]

    @property
    def addressees(self) -> str:
        """B7 (seed 001 五5 "每月向市委、市政府和市督改办报告"; 三(二)1 按周上报):
        to whom the report goes; `services.dispatch` records that it went."""
        from .services.dispatch import addressee_text

        return f"报送：{addressee_text(self.kind)}"

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
    at_risk = selectors.items_at_risk_for_user(user)
    return Report(
        kind=kind,
        start=start,
        end=end,
        by_round=selectors.progress_summary(user, today=today, by="round"),
        by_district=selectors.progress_summary(user, today=today, by="district"),
        at_risk=at_risk,
        case_counts=[
            (labels.get(row["status"], row["status"]), row["n"]) for row in cases
        ],
        reports_in_period=reports.count(),
        cases_by_round=selectors.petition_progress_by_unit(
            user, today=today, by="round"
        ),
        cases_by_district=selectors.petition_progress_by_unit(
            user, today=today, by="district"
        ),
        cases=_case_lines(user, labels, at_risk),
    )


def _case_lines(
    user: User, labels: dict[str, str], at_risk: list[selectors.AtRiskItem]
) -> list[CaseLine]:
    flags = {item.pk: item.flag for item in at_risk if item.kind == "case"}
    categories = dict(PetitionCase.Category.choices)
    rows = (
        selectors.case_list_for_user(user)
        .order_by("round", "district__name", "number")
        .values_list(
            "pk",
            "number",
            "round",
            "district__name",
            "unit__name",
            "category",
            "deadline",
            "status",
        )
    )
    return [
        CaseLine(
            number=number,
            round=round_,
            district=district or "（未填区县）",
            unit=unit or "（未填承办单位）",
            category=str(categories.get(category, category)),
            deadline=deadline,
            step=str(labels.get(status, status)),
            done=status in DONE_STEPS,
            flag=flags.get(pk, ""),
        )
        for pk, number, round_, district, unit, category, deadline, status in rows
    ]


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


_CASE_COUNT_HEADERS = ("范围", "案件总数", "已办结", "未办结", "超期未办结")
_RISK_HEADERS = ("类别", "编号", "区县", "承办单位", "时限", "情况")
_CASE_HEADERS = (
    "受理编号",
    "督察轮次",
    "区县",
    "承办单位",
    "问题类型",
    "办结时限",
    "办理环节",
    "超期/预警",
)


def _case_count_row(row: selectors.PetitionProgressRow) -> list[str | int]:
    return [row.name, row.total, row.closed, row.open, row.overdue]


def _risk_row(item: selectors.AtRiskItem) -> list[str]:
    return [
        "整改任务" if item.kind == "task" else "信访案件",
        item.number,
        item.district or "—",
        item.unit or "—",
        item.deadline.isoformat(),
        item.flag,
    ]


def _case_row(line: CaseLine) -> list[str]:
    return [
        line.number,
        line.round,
        line.district,
        line.unit,
        line.category,
        line.deadline.isoformat(),
        line.step,
        line.flag,
    ]


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改进展"
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([report.addressees])
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
    risk.append(list(_RISK_HEADERS))
    for item in report.at_risk:
        risk.append(_risk_row(item))
    cases = workbook.create_sheet("信访案件")
    cases.append(["办理环节", "件数"])
    for label, count in report.case_counts:
        cases.append([label, count])
    cases.append([])
    cases.append(["本期报送进展", report.reports_in_period])
    for heading, rows in (
        ("按督察轮次", report.cases_by_round),
        ("按区县", report.cases_by_district),
    ):
        cases.append([])
        cases.append([f"信访案件{heading}"])
        cases.append(list(_CASE_COUNT_HEADERS))
        for row in rows:
            cases.append(_case_count_row(row))
    listing = workbook.create_sheet("信访案件清单")
    listing.append(list(_CASE_HEADERS))
    for case_line in report.cases:
        listing.append(_case_row(case_line))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_pdf(report: Report, *, issuer: str) -> bytes:
    widths = (36.0, 17.0, 17.0, 17.0, 17.0, 17.0, 18.0, 17.0)
    blocks: list[pdf.Block] = [pdf.Paragraph(report.addressees + "。", indent=0)]
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
        blocks.append(
            _pdf_table(
                (22.0, 30.0, 26.0, 40.0, 22.0, 16.0),
                _RISK_HEADERS,
                [_risk_row(item) for item in report.at_risk],
            )
        )
    summary = "、".join(f"{label}{count}件" for label, count in report.case_counts)
    blocks.append(pdf.Paragraph(f"督察转办信访案件：{summary or '无'}。"))
    for heading, case_rows in (
        ("按督察轮次", report.cases_by_round),
        ("按区县", report.cases_by_district),
    ):
        blocks.append(pdf.Paragraph(f"信访案件{heading}：", indent=0))
        blocks.append(
            _pdf_table(
                (56.0, 25.0, 25.0, 25.0, 25.0),
                _CASE_COUNT_HEADERS,
                [_case_count_row(row) for row in case_rows],
            )
        )
    if report.open_cases:
        blocks.append(pdf.Paragraph("未办结信访案件：", indent=0))
        blocks.append(
            _pdf_table(
                (24.0, 26.0, 18.0, 24.0, 16.0, 18.0, 18.0, 12.0),
                _CASE_HEADERS,
                [_case_row(line) for line in report.open_cases],
            )
        )
    blocks.append(pdf.Paragraph(f"本期共报送整改进展{report.reports_in_period}次。"))
    layout = pdf.Layout(
        issuer=issuer,
        title=report.title,
        reference="",
        issued_on=report.end,
        blocks=tuple(blocks),
    )
    return pdf.render(layout, created_at=timezone.now())


def _pdf_table(
    widths: tuple[float, ...],
    headers: tuple[str, ...],
    rows: Sequence[Sequence[str | int]],
) -> pdf.Table:
    return pdf.Table(
        widths,
        (
            pdf.Row(tuple(pdf.Cell(h, align="C") for h in headers), min_height=9),
            *(
                pdf.Row(tuple(pdf.Cell(str(v)) for v in row), min_height=9)
                for row in rows
            ),
        ),
    )


def task_status_label(code: str) -> str:
    return TASK.step(code).label


# --- Annual assessment (seed 001 附件1) ---------------------------------------------


def explanation_lines(assessment: UnitAssessment) -> list[tuple[str, str]]:
    """The assessment item by item: (item, explanation)."""
    lines = []
    for entry in assessment.explanation:
        if entry["kind"] == "case":
            parts = entry["parts"]
            detail = (
                f"{entry['score']}分（责任落实{parts['responsibility']}，整改"
                f"{parts['rectification']}，档案{parts['archive']}，办理结果"
                f"{parts['result']}，加分{parts['bonus']}，扣分{parts['deduction']}）"
            )
            if entry.get("fake"):
                detail += "；经核实存在表面、虚假或敷衍整改，计0分"
        elif entry["kind"] == "task":
            detail = f"{entry['grade']}：{entry['why']}"
        else:
            mean = entry["responsibility_mean"]
            detail = (
                f"整改任务{entry['tasks']}项，参与评分案件{entry['cases']}件；"
                f"责任落实平均{mean if mean is not None else '—'}分；"
                f"按序时推进的任务{entry['tasks_on_schedule']}项，"
                f"在完成时限内完成的任务{entry['tasks_done_by_deadline']}项"
            )
        lines.append((entry["item"], detail))
    return lines


def _rank_label(assessment: UnitAssessment) -> str:
    if not assessment.rank:
        return "—"
    if assessment.ranking:
        return f"{assessment.get_ranking_display()}第{assessment.rank}名"
    return str(assessment.rank)


def _result_label(assessment: UnitAssessment) -> str:
    if assessment.grade:
        return f"{assessment.grade}（{assessment.get_failure_display()}）"
    return "未列为不合格" if assessment.rank else "—"


_ASSESS_HEADERS = (
    "考核对象",
    "阶段",
    "案件平均分",
    "参与评分案件数",
    "考核结果",
    "排名",
    "排名类别",
)


def _assessment_row(a: UnitAssessment) -> list[str | int | float]:
    return [
        str(a.unit),
        a.get_stage_display(),
        float(a.score) if a.score is not None else "—",
        a.cases,
        _result_label(a),
        a.rank or "—",
        a.get_ranking_display() or "—",
    ]


def assessment_xlsx(year: int, rows: list[UnitAssessment]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "考核结果"
    sheet.append([f"{year}年度中央和省生态环境保护督察整改工作考核结果"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(_ASSESS_HEADERS))
    for row in rows:
        sheet.append(_assessment_row(row))
    detail = workbook.create_sheet("逐项说明")
    detail.append(["考核对象", "考核项", "说明"])
    for row in rows:
        for item, text in explanation_lines(row):
            detail.append([str(row.unit), item, text])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def assessment_pdf(assessment: UnitAssessment, *, issuer: str) -> bytes:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(
            f"考核对象：{assessment.unit}；阶段：{assessment.get_stage_display()}；"
            f"案件平均分：{assessment.score if assessment.score is not None else '—'}"
            f"（{assessment.cases}件）；考核结果：{_result_label(assessment)}；"
            f"排名：{_rank_label(assessment)}。"
        ),
        pdf.Paragraph("逐项说明：", indent=0),
    ]
    rows = [
        pdf.Row(
            (pdf.Cell("考核项", align="C"), pdf.Cell("说明", align="C")), min_height=9
        )
    ] + [
        pdf.Row((pdf.Cell(item), pdf.Cell(text)), min_height=9)
        for item, text in explanation_lines(assessment)
    ]
    blocks.append(pdf.Table((45.0, 111.0), tuple(rows)))
    if assessment.self_note:
        blocks.append(pdf.Paragraph(f"自评说明：{assessment.self_note}"))
    if assessment.review_note:
        blocks.append(pdf.Paragraph(f"市级复核意见：{assessment.review_note}"))
    if assessment.talk_on:
        blocks.append(
            pdf.Paragraph(
                f"约谈：{assessment.talk_on}约谈党政主要负责人，限{assessment.talk_deadline}"
                f"前整改。{assessment.talk_note}"
            )
        )
    layout = pdf.Layout(
        issuer=issuer,
        title=f"{assessment.year}年度督察整改工作考核（{assessment.unit}）",
        reference="",
        issued_on=dates.local_date(assessment.computed_at),
        blocks=tuple(blocks),
    )
    return pdf.render(layout, created_at=timezone.now())
