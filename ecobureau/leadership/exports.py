"""The monthly ranking and the quarterly assessment as Excel (lib.xlsx) and PDF
(lib.pdf, the embedded Noto Serif SC). Rows are `scoring.to_row` dicts, live or
stored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings

from ecobureau.lib import pdf, xlsx

from . import scoring

if TYPE_CHECKING:
    from ecobureau.engagement.selectors import ParticipationRow

    from .models import SupervisionFinding

HEADERS = (
    "名次",
    "单位",
    "应办结",
    "已办结",
    "办结率%",
    "当期办结",
    "按期办结",
    "按期率%",
    "回访",
    "满意",
    "满意率%",
    "重复访",
    "指标得分",
    "重复访扣分",
    "月度排名扣分",
    "与基层互动督查扣分",
    "得分",
)


def _v(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


def table_rows(rows: list[dict[str, Any]]) -> list[list[object]]:
    return [
        [
            r["rank"] or "—",
            r["unit_name"],
            r["due"],
            r["due_closed"],
            _v(r["rates"]["completion"]),
            r["closed"],
            r["closed_on_time"],
            _v(r["rates"]["on_time"]),
            r["answered"],
            r["satisfied"],
            _v(r["rates"]["satisfaction"]),
            r["repeats"],
            _v(r["base"]),
            r["repeat_deduction"],
            r["ranking_deduction"],
            r["supervision_deduction"],
            _v(r["score"]),
        ]
        for r in rows
    ]


FINDING_HEADERS = ("单位", "督查日期", "发现的问题", "整改要求", "整改期限", "录入人")


def finding_rows(findings: Iterable[SupervisionFinding]) -> list[list[object]]:
    """A quarter's supervision findings (A96) as table rows."""
    return [
        [
            f.unit.name,
            f.found_on.isoformat(),
            f.finding,
            f.rectification,
            f.rectification_due.isoformat() if f.rectification_due else "—",
            f.recorded_by.full_name or f.recorded_by.username,
        ]
        for f in findings
    ]


PARTICIPATION_TITLE = "与企业互动参与情况"
PARTICIPATION_HEADERS = (
    "单位",
    "走访企业",
    "接待日接待",
    "执法回访",
    "答复诉求",
    "合计",
)
CADRE_HEADERS = ("党员干部", *PARTICIPATION_HEADERS[1:])


@dataclass(frozen=True)
class Participation:
    """A76 beside the scores (not scored): per unit and per cadre, in the
    reader's scope, with the note saying so."""

    units: Sequence[ParticipationRow]
    cadres: Sequence[ParticipationRow]
    note: str


def participation_rows(rows: Iterable[ParticipationRow]) -> list[list[object]]:
    return [
        [r.label, r.visits, r.receptions, r.revisits, r.answered, r.total] for r in rows
    ]


def xlsx_bytes(
    title: str,
    rows: list[dict[str, Any]],
    scheme: dict[str, Any],
    findings: Iterable[SupervisionFinding] | None = None,
    participation: Participation | None = None,
) -> bytes:
    """The results sheet; for a quarter (findings not None) a second sheet with
    the quarter's supervision findings; with `participation` (A76) a sheet per
    unit and one per cadre, each ending with the note that they are not scored."""
    body = table_rows(rows)
    body.append([])
    body.append(
        ["说明", f"{scheme.get('label', scoring.SCHEME_LABEL)}：{scheme_text(scheme)}"]
    )
    sheets = [
        xlsx.Sheet(
            name=xlsx.sheet_name(title),
            headers=HEADERS,
            widths=[6, 28, 8, 8, 8, 8, 8, 8, 6, 6, 8, 8, 8, 10, 12, 16, 8],
            required=[False] * len(HEADERS),
            rows=body,
        )
    ]
    if findings is not None:
        sheets.append(
            xlsx.Sheet(
                name="督查发现",
                headers=FINDING_HEADERS,
                widths=[28, 12, 40, 40, 12, 12],
                required=[False] * len(FINDING_HEADERS),
                rows=finding_rows(findings),
            )
        )
    if participation is not None:
        for name, headers, lines in (
            (PARTICIPATION_TITLE, PARTICIPATION_HEADERS, participation.units),
            ("参与情况（党员干部）", CADRE_HEADERS, participation.cadres),
        ):
            body = participation_rows(lines)
            body += [[], ["说明", participation.note]]
            sheets.append(
                xlsx.Sheet(
                    name=name,
                    headers=headers,
                    widths=[28, 10, 10, 10, 10, 8],
                    required=[False] * len(headers),
                    rows=body,
                )
            )
    content, _ = xlsx.write_workbook(sheets)
    return content


def scheme_text(scheme: dict[str, Any]) -> str:
    parts = "、".join(f"{i['name']}{i['weight']}" for i in scheme["indicators"])
    return (
        f"指标权重：{parts}（无数据的指标不计，其余按权重折算为百分制）；"
        f"每件重复访扣{scheme['repeat_points']}分，最多扣{scheme['repeat_cap']}分；"
        f"季度考核扣除当季各月排名末位扣分；与基层互动督查扣分最多{scheme['supervision_cap']}分。"
    )


def pdf_bytes(
    title: str,
    rows: list[dict[str, Any]],
    scheme: dict[str, Any],
    *,
    status: str,
    issued_on: date,
    created_at: datetime,
    findings: Iterable[SupervisionFinding] | None = None,
    participation: Participation | None = None,
) -> bytes:
    columns = (12.0, 44.0, 20.0, 20.0, 20.0, 14.0, 26.0)
    head = ("名次", "单位", "办结率", "按期率", "满意率", "重复访", "得分（扣分）")
    table = [pdf.Row(tuple(pdf.Cell(h, align="C") for h in head), min_height=9)]
    for r in rows:
        deducted = (
            f"{_v(r['score'])}（-{r['repeat_deduction']}/-{r['ranking_deduction']}"
            f"/-{r['supervision_deduction']}）"
        )
        table.append(
            pdf.Row(
                (
                    pdf.Cell(str(r["rank"] or "—"), align="C"),
                    pdf.Cell(r["unit_name"]),
                    pdf.Cell(_rate(r["rates"]["completion"]), align="R"),
                    pdf.Cell(_rate(r["rates"]["on_time"]), align="R"),
                    pdf.Cell(_rate(r["rates"]["satisfaction"]), align="R"),
                    pdf.Cell(str(r["repeats"]), align="R"),
                    pdf.Cell(deducted, align="R"),
                ),
                min_height=9,
            )
        )
    layout = pdf.Layout(
        issuer=getattr(settings, "BUREAU_NAME", "生态环境局"),
        title=title,
        reference="",
        issued_on=issued_on,
        blocks=(
            pdf.Paragraph(
                f"本表状态：{status}。数据来源：投诉举报模块按月统计的各承办单位办理情况。"
            ),
            pdf.Paragraph(
                f"{scheme.get('label', scoring.SCHEME_LABEL)}：{scheme_text(scheme)}"
            ),
            pdf.Table(columns=columns, rows=tuple(table)),
            pdf.Paragraph(
                "扣分依次为重复访、月度排名末位、与基层互动督查扣分。", indent=0
            ),
            *_finding_blocks(findings),
            *_participation_blocks(participation),
        ),
    )
    return pdf.render(layout, created_at=created_at)


def _finding_blocks(
    findings: Iterable[SupervisionFinding] | None,
) -> tuple[pdf.Block, ...]:
    if findings is None:
        return ()
    lines = finding_rows(findings)
    if not lines:
        return (pdf.Paragraph("督查发现：本季度监督检查未发现问题。", indent=0),)
    head = ("单位", "督查日期", "发现的问题", "整改要求（期限）", "录入人")
    table = [pdf.Row(tuple(pdf.Cell(h, align="C") for h in head), min_height=9)]
    for unit, day, finding, rectification, due, by in lines:
        table.append(
            pdf.Row(
                (
                    pdf.Cell(str(unit)),
                    pdf.Cell(str(day), align="C"),
                    pdf.Cell(str(finding)),
                    pdf.Cell(f"{rectification}（{due}）"),
                    pdf.Cell(str(by)),
                ),
                min_height=9,
            )
        )
    return (
        pdf.Paragraph("督查发现（需求A96：对各成员单位进行监督检查）", indent=0),
        pdf.Table(columns=(34.0, 24.0, 40.0, 40.0, 18.0), rows=tuple(table)),
    )


def _participation_blocks(
    participation: Participation | None,
) -> tuple[pdf.Block, ...]:
    """A76 per unit (the per-cadre list is in the Excel export)."""
    if participation is None:
        return ()
    head = PARTICIPATION_HEADERS
    table = [pdf.Row(tuple(pdf.Cell(h, align="C") for h in head), min_height=9)]
    for line in participation_rows(participation.units):
        table.append(
            pdf.Row(
                (
                    pdf.Cell(str(line[0])),
                    *(pdf.Cell(str(v), align="R") for v in line[1:]),
                ),
                min_height=9,
            )
        )
    if not participation.units:
        table.append(
            pdf.Row(
                (pdf.Cell("本期无记录"), *(pdf.Cell("0", align="R") for _ in head[1:])),
                min_height=9,
            )
        )
    return (
        pdf.Paragraph(PARTICIPATION_TITLE, indent=0),
        pdf.Paragraph(participation.note, indent=0),
        pdf.Table(columns=(50.0, 22.0, 24.0, 22.0, 22.0, 16.0), rows=tuple(table)),
    )


def _rate(value: Any) -> str:
    return "—" if value is None else f"{value}%"
