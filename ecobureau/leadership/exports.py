"""The monthly ranking and the quarterly assessment as Excel (lib.xlsx) and PDF
(lib.pdf, the embedded Noto Serif SC). Rows are `scoring.to_row` dicts, live or
stored."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings

from ecobureau.lib import pdf, xlsx

from . import scoring

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


def xlsx_bytes(title: str, rows: list[dict[str, Any]], scheme: dict[str, Any]) -> bytes:
    body = table_rows(rows)
    body.append([])
    body.append(
        ["说明", f"{scheme.get('label', scoring.SCHEME_LABEL)}：{scheme_text(scheme)}"]
    )
    content, _ = xlsx.write(
        title=title[:31],
        headers=HEADERS,
        widths=[6, 28, 8, 8, 8, 8, 8, 8, 6, 6, 8, 8, 8, 10, 12, 16, 8],
        required=[False] * len(HEADERS),
        rows=body,
    )
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
        ),
    )
    return pdf.render(layout, created_at=created_at)


def _rate(value: Any) -> str:
    return "—" if value is None else f"{value}%"
