"""The three documents of petition-case acceptance and review (seed 001 附件2
附件1–3; requirements B33–B35), as casework document kinds (numbered, rendered
with the embedded Chinese font, stored and recorded by
`casework.services.document_issue`). Signature cells are left blank for the
hand signatures (签字).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field
from ecobureau.lib import pdf


def _day(value: Any) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _signed(label: str, text: str) -> pdf.Row:
    return pdf.Row(
        (pdf.Cell(label), pdf.Cell(text, span=2, note="签字：　　　　年　月　日")),
        min_height=22,
    )


def _acceptance_opinion(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    # 附件2 附件1 验收意见.
    blocks: list[pdf.Block] = [
        pdf.Paragraph(
            f"{_day(context['accepted_on'])}，{context['acceptance_body']}按照验收标准，"
            f"对受理编号{context['case_number']}信访案件进行了验收，达到了整改验收标准。"
        ),
        pdf.Paragraph(f"验收组组长（签字）：{context['leader']}"),
        pdf.Paragraph(f"整改情况验收意见：{context['opinion_rectification']}"),
        pdf.Paragraph(f"行政处罚情况验收意见：{context['opinion_penalty']}"),
        pdf.Paragraph(f"群众满意情况验收意见：{context['opinion_satisfaction']}"),
        pdf.Paragraph(f"责任追究情况验收意见：{context['opinion_accountability']}"),
        pdf.Paragraph("附：验收组成员表", indent=0),
    ]
    header = pdf.Row(
        tuple(
            pdf.Cell(text, align="C")
            for text in ("姓名", "单位", "职务（职称）", "联系电话", "签字")
        ),
        min_height=9,
    )
    rows = [header]
    for member in context["members"]:
        parts = [*str(member).split("｜"), "", "", "", ""][:4]
        cells = (*(pdf.Cell(p) for p in parts), pdf.Cell(""))
        rows.append(pdf.Row(cells, min_height=10))
    # the phone column wide enough for a number on one line (0412-5550101)
    blocks.append(pdf.Table((22.0, 40.0, 30.0, 38.0, 26.0), tuple(rows)))
    return tuple(blocks)


ACCEPTANCE_OPINION = DocumentKind(
    code="rect_acceptance_opinion",
    title="验收意见",
    series="验",
    fields=(
        Field("accepted_on", "验收日期", kind="date"),
        Field("acceptance_body", "承办单位（委托专业机构）"),
        Field("case_number", "受理编号"),
        Field("leader", "验收组组长"),
        Field("opinion_rectification", "整改情况验收意见"),
        Field("opinion_penalty", "行政处罚情况验收意见"),
        Field("opinion_satisfaction", "群众满意情况验收意见"),
        Field("opinion_accountability", "责任追究情况验收意见"),
        Field("members", "验收组成员（姓名｜单位｜职务｜电话）", kind="list"),
    ),
    template=_acceptance_opinion,
)


def _review_pledge(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    # 附件2 附件2 环境信访案件验收复核责任书.
    rows = [
        _signed(label, context[name])
        for name, label in (
            ("nature", "案件定性情况复核意见"),
            ("rectification", "群众举报问题整改情况复核意见"),
            ("penalty", "行政处罚情况复核意见"),
            ("satisfaction", "群众满意情况复核意见"),
            ("accountability", "责任追究情况复核意见"),
        )
    ]
    if context.get("untrue"):
        rows.append(_signed("“不属实”部分复核意见", context["untrue"]))
    return (
        pdf.Paragraph(
            f"案件号{context['case_number']}，目前案件已办结，并通过"
            f"{context['acceptance_body']}验收，于{_day(context['reviewed_on'])}，"
            "我们对案件办理及验收情况进行了复核，现予以签字确认。"
        ),
        pdf.Paragraph(f"复核组组长（签字）：{context['leader']}"),
        pdf.Table((46.0, 70.0, 40.0), tuple(rows)),
    )


REVIEW_PLEDGE = DocumentKind(
    code="rect_review_pledge",
    title="环境信访案件验收复核责任书",
    series="复",
    fields=(
        Field("case_number", "案件号"),
        Field("acceptance_body", "验收单位"),
        Field("reviewed_on", "复核日期", kind="date"),
        Field("leader", "复核组组长"),
        Field("nature", "案件定性情况复核意见"),
        Field("rectification", "群众举报问题整改情况复核意见"),
        Field("penalty", "行政处罚情况复核意见"),
        Field("satisfaction", "群众满意情况复核意见"),
        Field("accountability", "责任追究情况复核意见"),
        Field("untrue", "“不属实”部分复核意见", required=False),
    ),
    template=_review_pledge,
)


def _review_sheet(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    # 附件2 附件3 中央、省环保督察环境投诉案件验收复核情况事项单. The seed names
    # the sheet without its layout; these rows are the case's facts and the
    # outcome of acceptance and review.
    rows = tuple(
        pdf.Row((pdf.Cell(label), pdf.Cell(str(context[name]))), min_height=10)
        for name, label in (
            ("case_number", "受理编号"),
            ("round", "督察轮次"),
            ("content", "举报内容"),
            ("category", "问题类型"),
            ("truth", "核实结论"),
            ("acceptance", "验收情况"),
            ("review", "复核情况"),
        )
    )
    return (pdf.Table((40.0, 116.0), rows),)


REVIEW_SHEET = DocumentKind(
    code="rect_review_sheet",
    title="中央、省环保督察环境投诉案件验收复核情况事项单",
    series="督",
    fields=(
        Field("case_number", "受理编号"),
        Field("round", "督察轮次"),
        Field("content", "举报内容"),
        Field("category", "问题类型"),
        Field("truth", "核实结论"),
        Field("acceptance", "验收情况"),
        Field("review", "复核情况"),
    ),
    template=_review_sheet,
)

KINDS = (ACCEPTANCE_OPINION, REVIEW_PLEDGE, REVIEW_SHEET)
