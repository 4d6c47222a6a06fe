"""The quarter's progress notice (工作进展通报; seed 000 与群众互动 三、4 "每季度进行
一次考核……对各成员单位进行监督检查，发现存在问题，通报工作进展，督促责任落实"):
what it says is collected once, when it is issued (`content_of`), and kept with
the notice; the PDF (lib.pdf, embedded Noto Serif SC) is drawn from that content,
for everyone or as an extract of some units' lines."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from ecobureau.lib import pdf

from . import exports, scoring
from .models import Assessment, GrassrootsResult, SupervisionFinding, quarter_title

SERIES = "考"  # the bureau's series of assessment notices: 鞍环考〔2026〕1号


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def content_of(
    assessment: Assessment, *, issuer: str, reference: str, issued_on: date
) -> dict[str, Any]:
    """Everything the notice says, as JSON: the ranking with its deductions, the
    与基层互动 results and every finding of the quarter (unit names and the
    bureau's text only: no complainant, no recorder)."""
    quarter = quarter_title(assessment.period_start)
    findings = SupervisionFinding.objects.filter(
        quarter_start=assessment.period_start
    ).select_related("unit")
    results = GrassrootsResult.objects.filter(assessment=assessment).select_related(
        "unit"
    )
    return {
        "issuer": issuer,
        "reference": reference,
        "issued_on": issued_on.isoformat(),
        "quarter": quarter,
        "title": f"关于{quarter}“与群众互动”工作考核情况的通报",
        "scheme_label": assessment.scheme.get("label", scoring.SCHEME_LABEL),
        "scheme_text": exports.scheme_text(assessment.scheme),
        "rows": [
            {
                key: r[key]
                for key in (
                    "unit_id",
                    "unit_name",
                    "rank",
                    "base",
                    "repeat_deduction",
                    "ranking_deduction",
                    "supervision_deduction",
                    "score",
                )
            }
            for r in assessment.rows
        ],
        "grassroots": [
            {
                "unit_id": g.unit_id,
                "unit_name": g.unit.name,
                "deduction": str(g.deduction),
                "poor": g.poor,
                "accountability": g.accountability_id,
            }
            for g in results
        ],
        "findings": [
            {
                "id": f.pk,
                "unit_id": f.unit_id,
                "unit_name": f.unit.name,
                "found_on": f.found_on.isoformat(),
                "finding": f.finding,
                "rectification": f.rectification,
                "rectification_due": _day(f.rectification_due),
            }
            for f in findings
        ],
    }


def narrowed(content: dict[str, Any], units: Collection[int] | None) -> dict[str, Any]:
    """The content with only `units`' lines (None: all): a district's or a unit's
    extract of the notice."""
    if units is None:
        return content
    out = dict(content)
    for part in ("rows", "grassroots", "findings"):
        out[part] = [x for x in content[part] if x["unit_id"] in units]
    out["extract"] = True
    return out


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "；")) else f"{text}。"


def _cell(text: object, align: pdf.Align = "L") -> pdf.Cell:
    return pdf.Cell(str(text if text not in (None, "") else "—"), align=align)


def blocks(content: dict[str, Any]) -> tuple[pdf.Block, ...]:
    out: list[pdf.Block] = []
    if content.get("extract"):
        out.append(
            pdf.Paragraph("（本件为摘录，仅含查阅人所辖单位的内容。）", indent=0)
        )
    out += [
        pdf.Paragraph("各成员单位：", indent=0),
        pdf.Paragraph(
            f"按照“与群众互动”体系工作方案“每季度进行一次考核”的要求，局对各成员单位"
            f"{content['quarter']}工作进行了考核和监督检查。现将有关情况通报如下。"
        ),
        pdf.Paragraph("一、考核排名和扣分情况"),
    ]
    head = ("名次", "单位", "指标得分", "扣分（重复访/月度末位/基层互动督查）", "得分")
    rows = [pdf.Row(tuple(pdf.Cell(h, align="C") for h in head), min_height=9)]
    for r in content["rows"]:
        deducted = (
            f"{r['repeat_deduction']}/{r['ranking_deduction']}/"
            f"{r['supervision_deduction']}"
        )
        rows.append(
            pdf.Row(
                (
                    _cell(r["rank"] or "—", "C"),
                    _cell(r["unit_name"]),
                    _cell(r["base"], "R"),
                    _cell(deducted, "C"),
                    _cell(r["score"], "R"),
                ),
                min_height=9,
            )
        )
    out.append(pdf.Table(columns=(14.0, 54.0, 22.0, 44.0, 22.0), rows=tuple(rows)))
    out.append(pdf.Paragraph("二、督查发现的问题及整改要求"))
    if not content["findings"]:
        out.append(pdf.Paragraph("本季度监督检查未发现问题。"))
    for n, f in enumerate(content["findings"], start=1):
        due = f"，整改期限{f['rectification_due']}" if f["rectification_due"] else ""
        out.append(
            pdf.Paragraph(
                f"（{n}）{f['unit_name']}（{f['found_on']}督查）："
                f"{_sentence(f['finding'])}整改要求：{f['rectification'].rstrip('。')}{due}。"
            )
        )
    out.append(pdf.Paragraph("三、与基层互动督查结果"))
    if not content["grassroots"]:
        out.append(pdf.Paragraph("本季度各单位与基层互动督查无扣分。"))
    for g in content["grassroots"]:
        tail = "，落实不力，已启动问责程序" if g["poor"] else ""
        out.append(pdf.Paragraph(f"{g['unit_name']}扣{g['deduction']}分{tail}。"))
    out += [
        pdf.Paragraph(
            "请被通报单位对照督查发现的问题认真整改，在整改期限内将整改情况报局考核办，"
            "督促责任落实。"
        ),
        pdf.Paragraph(f"{content['scheme_label']}：{content['scheme_text']}", indent=0),
    ]
    return tuple(out)


def pdf_bytes(
    content: dict[str, Any],
    *,
    created_at: datetime,
    units: Collection[int] | None = None,
) -> bytes:
    shown = narrowed(content, units)
    layout = pdf.Layout(
        issuer=shown["issuer"],
        title=shown["title"],
        reference=shown["reference"],
        issued_on=date.fromisoformat(shown["issued_on"]),
        blocks=blocks(shown),
    )
    return pdf.render(layout, created_at=created_at)
