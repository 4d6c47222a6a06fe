"""The 重大行政执法决定法制审核意见表 of a major seal or seizure (法制审核制度
第二条（二）, 第六条, 第十一条; A58), registered with casework's registry when
`services.measures_major` is imported.

The penalty's form (`decision_documents.REVIEW_OPINION`) states the penalty and
the 第三条 checklist; a measure has no penalty, so its variant states the measure
(kind, items, place), why it is major and the 第三条 items that bear on a measure
(`services.reviews.MEASURE_REVIEW_CHECKLIST`). Same title and the same 法审
series: one register of opinion forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field, register, registered_kinds
from ecobureau.lib import pdf

from .decision_documents import checklist_table

MEASURE_REVIEW_OPINION_KIND = "enf_measure_review_opinion"


def _measure_review_opinion(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"审核机构：{context['unit']}", indent=0),
        pdf.Paragraph(f"案件：{context['case']}；当事人：{context['party']}", indent=0),
        pdf.Paragraph(
            f"审核次序：{context['round']}；拟实施的行政强制措施：{context['measure']}"
        ),
        pdf.Paragraph(f"属于重大行政执法决定的情形：{context['grounds']}"),
        checklist_table(context["checklist"]),
        pdf.Paragraph(f"审核意见（第十一条）：{context['opinion']}"),
        pdf.Paragraph(f"说明：{context['text']}"),
        pdf.Paragraph(f"审核人员：{context['reviewers']}"),
        pdf.Paragraph(f"分管局领导签批：{context['signer']}（{context['signed_on']}）"),
        pdf.Paragraph(
            "本意见表一式二份，一份留存审核机构，一份返回承办机构（第六条）。"
        ),
    )


MEASURE_REVIEW_OPINION = DocumentKind(
    code=MEASURE_REVIEW_OPINION_KIND,
    title="重大行政执法决定法制审核意见表",
    series="法审",
    fields=(
        Field("unit", "审核机构"),
        Field("case", "案件"),
        Field("party", "当事人"),
        Field("round", "审核次序"),
        Field("measure", "拟实施的行政强制措施"),
        Field("grounds", "重大决定情形"),
        Field("checklist", "审核内容", kind="list"),
        Field("opinion", "审核意见"),
        Field("text", "审核意见说明"),
        Field("reviewers", "审核人员"),
        Field("signer", "签批人"),
        Field("signed_on", "签批日期"),
    ),
    template=_measure_review_opinion,
)


def register_kinds() -> None:
    if MEASURE_REVIEW_OPINION.code not in registered_kinds():
        register(MEASURE_REVIEW_OPINION)
