"""The monthly work report (C22) as the paper the level files upward: a PDF with
the embedded font (`lib.pdf`) and an Excel workbook (`lib.xlsx`) with the same
figures, the per-township rows of a district's report, and the filer's account.
Seed 002 六(二)6 "按照工作要求和时限，及时上报工作开展情况"."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from ecobureau.lib import pdf, xlsx

from .models import WorkReport
from .selectors import FIGURE_LABELS, figure_rows

FIGURE_COLUMNS = (52.0, 24.0)
NAME_WIDTH = 36.0


def _title(report: WorkReport) -> str:
    return f"{report.year}年{report.month}月网格工作开展情况"


def _status_line(report: WorkReport) -> str:
    parts = [
        f"报送上级：{report.upper_cell.name}",
        f"报送期限：{report.due_on:%Y-%m-%d}",
    ]
    if report.submitted_at:
        submitted = timezone.localtime(report.submitted_at)
        parts.append(f"报送时间：{submitted:%Y-%m-%d %H:%M}")
    parts.append(
        f"状态：{report.get_status_display()}" + ("（逾期）" if report.late else "")
    )
    return "；".join(parts) + "。"


def _figure_table(report: WorkReport) -> pdf.Table:
    rows = [pdf.Row((pdf.Cell("项目", align="C"), pdf.Cell("数量", align="C")), 9)]
    rows += [
        pdf.Row((pdf.Cell(label), pdf.Cell(str(value), align="R")), 9)
        for label, value in figure_rows(report.figures)
    ]
    rows += [
        pdf.Row((pdf.Cell(f"　其中{kind}"), pdf.Cell(str(n), align="R")), 9)
        for kind, n in report.figures.get("patrols_by_kind", {}).items()
    ]
    width = pdf.TYPE_WIDTH - FIGURE_COLUMNS[1]
    return pdf.Table((width, FIGURE_COLUMNS[1]), tuple(rows))


def _township_table(report: WorkReport) -> pdf.Table | None:
    townships = report.figures.get("townships")
    if not townships:
        return None
    # A4 is too narrow for ten figures a row: the township table shows the four
    # the district is asked about most (patrols, problems, closed, late), the
    # Excel file has them all.
    keys = ("patrols", "problems_reported", "problems_closed", "problems_reported_late")
    labels = dict(FIGURE_LABELS)
    other = (pdf.TYPE_WIDTH - NAME_WIDTH) / len(keys)
    header = pdf.Row(
        (
            pdf.Cell("乡镇（街道）", align="C"),
            *tuple(pdf.Cell(labels[key], align="C") for key in keys),
        ),
        12,
    )
    body = tuple(
        pdf.Row(
            (
                pdf.Cell(row["name"]),
                *tuple(pdf.Cell(str(row.get(key, 0)), align="R") for key in keys),
            ),
            9,
        )
        for row in townships
    )
    return pdf.Table((NAME_WIDTH,) + (other,) * len(keys), (header, *body))


def _account(report: WorkReport) -> list[pdf.Block]:
    if not report.summary:
        return [pdf.Paragraph("本级工作情况尚未填写（月报未报送）。")]
    return [
        pdf.Paragraph("二、工作开展情况", indent=0),
        *[pdf.Paragraph(line) for line in report.summary.splitlines() if line.strip()],
        pdf.Paragraph("三、存在问题", indent=0),
        *[
            pdf.Paragraph(line)
            for line in (report.issues or "无。").splitlines()
            if line.strip()
        ],
        pdf.Paragraph("四、下月工作计划", indent=0),
        *[
            pdf.Paragraph(line)
            for line in (report.next_plan or "无。").splitlines()
            if line.strip()
        ],
    ]


def work_report_pdf(report: WorkReport, *, created_at: datetime) -> bytes:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(_status_line(report), indent=0),
        pdf.Paragraph(
            "一、本月工作数据（系统根据巡查、问题、移交和检查记录生成）", indent=0
        ),
        _figure_table(report),
        pdf.Gap(),
    ]
    townships = _township_table(report)
    if townships is not None:
        blocks += [
            pdf.Paragraph("其中各乡镇（街道）：", indent=0),
            townships,
            pdf.Gap(),
        ]
    blocks += _account(report)
    layout = pdf.Layout(
        issuer=report.cell.name,
        title=_title(report),
        reference="",
        issued_on=timezone.localdate(report.submitted_at or created_at),
        blocks=tuple(blocks),
    )
    return pdf.render(layout, created_at=created_at)


def work_report_xlsx(report: WorkReport) -> bytes:
    figures = [(label, value) for label, value in figure_rows(report.figures)]
    figures += [
        (f"其中{kind}", n)
        for kind, n in report.figures.get("patrols_by_kind", {}).items()
    ]
    account = [
        ("报送网格", report.cell.name),
        ("上级网格", report.upper_cell.name),
        ("报送期限", report.due_on.isoformat()),
        ("状态", report.get_status_display() + ("（逾期）" if report.late else "")),
        ("工作开展情况", report.summary),
        ("存在问题", report.issues),
        ("下月工作计划", report.next_plan),
    ]
    sheets = [
        xlsx.Sheet(
            name="本月工作数据", headers=("项目", "数量"), rows=figures, widths=(28, 10)
        ),
        xlsx.Sheet(
            name="工作情况", headers=("项目", "内容"), rows=account, widths=(16, 80)
        ),
    ]
    townships = report.figures.get("townships")
    if townships:
        keys = [key for key, _label in FIGURE_LABELS]
        sheets.insert(
            1,
            xlsx.Sheet(
                name="各乡镇（街道）",
                headers=("乡镇（街道）", *(label for _key, label in FIGURE_LABELS)),
                rows=[
                    [row["name"], *(row.get(key, 0) for key in keys)]
                    for row in townships
                ],
                widths=(16, *([12] * len(keys))),
            ),
        )
    content, _counts = xlsx.write_workbook(sheets)
    return content
