"""The result notice (信用评价结果告知书), registered with the casework document
registry: numbered, rendered to PDF with the embedded font by `lib.pdf`, attached
to the evaluation and hashed into the record (casework.services.document_issue)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field, register
from ecobureau.lib import pdf


def _day(value: Any) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _result_notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(
            f"{context['enterprise']}（统一社会信用代码{context['credit_code']}）：",
            indent=0,
        ),
        pdf.Paragraph(
            f"按本局采用的{context['scheme']}，你单位{context['year']}年度企业环境"
            f"信用评价结果已于{_day(context['published_on'])}公布：得分"
            f"{context['score']}，评价等级为“{context['grade']}”。"
        ),
    ]
    # Weights and cut-offs not yet confirmed against the province's text are
    # example configuration (config.EXAMPLE_LABEL): the notice says so.
    if context.get("config_note"):
        blocks.append(pdf.Paragraph(f"说明：{context['config_note']}"))
    blocks.append(pdf.Paragraph("评分明细如下："))
    blocks += [pdf.Paragraph(line) for line in context["lines"]]
    blocks.append(
        pdf.Paragraph(
            "如对评价结果有异议，可通过门户网站“我的环境信用”提出异议并提交证明材料；"
            "已纠正失信行为、消除不良影响的，可在最短公示期满后申请信用修复"
            "（《生态环境法典》第五十四条；《信用修复管理办法》）。"
        )
    )
    return tuple(blocks)


CREDIT_RESULT_NOTICE = DocumentKind(
    code="credit_result_notice",
    title="企业环境信用评价结果告知书",
    series="信",
    fields=(
        Field("enterprise", "单位名称"),
        Field("credit_code", "统一社会信用代码"),
        Field("year", "评价年度"),
        Field("scheme", "评价办法"),
        Field("published_on", "公布日期", kind="date"),
        Field("score", "得分"),
        Field("grade", "评价等级"),
        Field("lines", "评分明细", kind="list"),
        Field("config_note", "配置说明（示例配置）", required=False),
    ),
    template=_result_notice,
)


def register_all() -> None:
    register(CREDIT_RESULT_NOTICE)
