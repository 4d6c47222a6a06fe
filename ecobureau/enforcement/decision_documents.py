"""Documents of the execution and archive steps (issue 10 items 2–4), registered
with casework's registry when `services.printing` is imported:

- 卷内目录 of an archived case file (全过程记录实施办法 第三十二条, A44): every
  document, recording and payment with its number, date and SHA-256.
- 重大行政执法决定法制审核意见表 (法制审核制度 第三条, 第六条, 第十一条; A57, A58):
  the 第三条 checklist, the opinion and the signature, issued when the leader signs.
- 撤销行政处罚决定书 (集体审议规则 第十条1; 行政处罚法第四十四、四十五条): a served
  decision superseded after a 复审 decided a heavier penalty (services/supersede.py).
- 行政强制执行记录 (全过程记录实施办法 第三十条第一款第三项): the written record of
  an execution by another method (services/execution_other.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field, register, registered_kinds
from ecobureau.lib import pdf

from .documents import _APPEAL

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


def checklist_table(lines: list[str]) -> pdf.Table:
    """法制审核制度 第三条 item by item ("item|verdict" lines), on both opinion forms."""
    rows = [
        pdf.Row(
            (pdf.Cell("审核内容（第三条）", align="C"), pdf.Cell("结论", align="C")),
            min_height=9.0,
        )
    ]
    for line in lines:
        item, _, verdict = line.partition("|")
        rows.append(pdf.Row((pdf.Cell(item), pdf.Cell(verdict, align="C"))))
    return pdf.Table(columns=(_W * 0.8, _W * 0.2), rows=tuple(rows))


def _review_opinion(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"审核机构：{context['unit']}", indent=0),
        pdf.Paragraph(f"案件：{context['case']}；当事人：{context['party']}", indent=0),
        pdf.Paragraph(
            f"送审次序：{context['round']}；拟作出的处罚：{context['penalty']}"
        ),
        checklist_table(context["checklist"]),
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


def _decision_revocation(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"当事人：{context['party']}", indent=0),
        pdf.Paragraph(
            f"我局于{context['original_date']}作出{context['original']}"
            f"（{context['before']}），已于{context['served']}送达。"
        ),
        pdf.Paragraph(f"执行中发现以下新情况：{context['reason']}"),
        pdf.Paragraph(
            f"经{context['ground']}，依据《鞍山市生态环境局重大行政执法决定集体审议规则》"
            "第十条，须对你单位作出重于原决定的行政处罚。根据《中华人民共和国行政处罚法》"
            "第四十四条、第四十五条，加重处罚应当事先告知并听取陈述、申辩，"
            f"现决定撤销{context['original']}，该决定书自本决定书送达之日起不再执行。"
        ),
        pdf.Paragraph(
            f"我局拟重新作出的行政处罚：{context['proposed']}。我局将另行送达行政处罚"
            "事先（听证）告知书，你单位依法享有陈述、申辩的权利，符合条件的享有要求"
            "听证的权利。"
        ),
        pdf.Paragraph(context["credit"]),
        pdf.Paragraph(_APPEAL),
    )


DECISION_REVOCATION = DocumentKind(
    code="enf_decision_revocation",
    title="撤销行政处罚决定书",
    series="罚撤",
    fields=(
        Field("party", "当事人"),
        Field("original", "撤销的行政处罚决定书文号"),
        Field("original_date", "原决定日期"),
        Field("served", "原决定送达日期"),
        Field("before", "原处罚内容"),
        Field("reason", "须重新作出决定的新情况"),
        Field("ground", "复审"),
        Field("proposed", "拟重新作出的处罚"),
        Field("credit", "已缴罚款的折抵"),
    ),
    template=_decision_revocation,
)


def _execution_record(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    rows = []
    for line in context["lines"]:
        label, _, value = line.partition("|")
        rows.append(pdf.Row((pdf.Cell(label), pdf.Cell(value or "—")), min_height=9.0))
    return (
        pdf.Paragraph(f"案件：{context['case']}　当事人：{context['party']}", indent=0),
        pdf.Table(columns=(40.0, _W - 40.0), rows=tuple(rows)),
        pdf.Paragraph(f"签名或盖章：{context['signatures']}", indent=0),
        pdf.Paragraph(
            "本记录依据《鞍山市生态环境局行政执法全过程记录实施办法》第三十条制作，"
            "附于案卷。"
        ),
    )


EXECUTION_RECORD = DocumentKind(
    code="enf_execution_record",
    title="行政强制执行记录",
    series="强执",
    fields=(
        Field("case", "案件"),
        Field("party", "当事人"),
        Field("lines", "执行情况", kind="list"),
        Field("signatures", "签名或盖章"),
    ),
    template=_execution_record,
)

KINDS = (CASE_CATALOGUE, REVIEW_OPINION, DECISION_REVOCATION, EXECUTION_RECORD)


def register_kinds() -> None:
    known = registered_kinds()
    for kind in KINDS:
        if kind.code not in known:
            register(kind)
