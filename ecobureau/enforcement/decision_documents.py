"""Documents of the execution and archive steps (issue 10 items 2–4), registered
with casework's registry when `services.printing` is imported:

- 卷内目录 of an archived case file (全过程记录实施办法 第三十二条, A44): every
  document, recording and payment with its number, date and SHA-256.
- 重大行政执法决定法制审核意见表 (法制审核制度 第三条, 第六条, 第十一条; A57, A58):
  the 第三条 checklist, the opinion and the signature, issued when the leader signs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field, register, registered_kinds
from ecobureau.lib import pdf

_W = pdf.TYPE_WIDTH


def _catalogue(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    header = pdf.Row(
        tuple(
            pdf.Cell(text, align="C")
            for text in ("序号", "材料", "文号/日期", "SHA-256")
        ),
        min_height=9.0,
    )
    rows = [header]
    for line in context["items"]:
        number, title, reference, digest = ([*line.split("|", 3), "", "", ""])[:4]
        rows.append(
            pdf.Row(
                (
                    pdf.Cell(number, align="C"),
                    pdf.Cell(title),
                    pdf.Cell(reference or "—"),
                    pdf.Cell(digest[:16] + "…" if digest else "—"),
                ),
                min_height=9.0,
            )
        )
    return (
        pdf.Paragraph(f"案件：{context['case']}　当事人：{context['party']}", indent=0),
        pdf.Paragraph(
            f"执法行为终结之日：{context['ended']}；归档期限：{context['due']}。",
            indent=0,
        ),
        pdf.Table(columns=(12.0, 70.0, 48.0, _W - 130.0), rows=tuple(rows)),
        pdf.Paragraph(f"共{len(context['items'])}件。{context['missing']}", indent=0),
    )


CASE_CATALOGUE = DocumentKind(
    code="enf_case_catalogue",
    title="卷内目录",
    series="卷",
    fields=(
        Field("case", "案件"),
        Field("party", "当事人"),
        Field("ended", "执法行为终结之日"),
        Field("due", "归档期限"),
        Field("items", "卷内材料", kind="list"),
        Field("missing", "缺件说明", required=False),
    ),
    template=_catalogue,
)


def _review_opinion(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    rows = [
        pdf.Row(
            (pdf.Cell("审核内容（第三条）", align="C"), pdf.Cell("结论", align="C")),
            min_height=9.0,
        )
    ]
    for line in context["checklist"]:
        item, _, verdict = line.partition("|")
        rows.append(pdf.Row((pdf.Cell(item), pdf.Cell(verdict, align="C"))))
    return (
        pdf.Paragraph(f"审核机构：{context['unit']}", indent=0),
        pdf.Paragraph(f"案件：{context['case']}；当事人：{context['party']}", indent=0),
        pdf.Paragraph(
            f"送审次序：{context['round']}；拟作出的处罚：{context['penalty']}"
        ),
        pdf.Table(columns=(_W * 0.8, _W * 0.2), rows=tuple(rows)),
        pdf.Paragraph(f"审核意见（第十一条）：{context['opinion']}"),
        pdf.Paragraph(f"说明：{context['text']}"),
        pdf.Paragraph(f"审核人员：{context['reviewers']}"),
        pdf.Paragraph(f"分管局领导签批：{context['signer']}（{context['signed_on']}）"),
        pdf.Paragraph(
            "本意见表一式二份，一份留存审核机构，一份返回承办机构（第六条）。"
        ),
    )


REVIEW_OPINION = DocumentKind(
    code="enf_review_opinion",
    title="重大行政执法决定法制审核意见表",
    series="法审",
    fields=(
        Field("unit", "审核机构"),
        Field("case", "案件"),
        Field("party", "当事人"),
        Field("round", "送审次序"),
        Field("penalty", "拟作出的处罚"),
        Field("checklist", "审核内容", kind="list"),
        Field("opinion", "审核意见"),
        Field("text", "审核意见说明"),
        Field("reviewers", "审核人员"),
        Field("signer", "签批人"),
        Field("signed_on", "签批日期"),
    ),
    template=_review_opinion,
)

KINDS = (CASE_CATALOGUE, REVIEW_OPINION)


def register_kinds() -> None:
    known = registered_kinds()
    for kind in KINDS:
        if kind.code not in known:
            register(kind)
