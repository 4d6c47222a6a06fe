"""The documents (文书) this module issues: licences, certificates, filing proofs,
refusals, and the notice relaying the province's decision. Registered with
`casework.documents.register` in `PermitsConfig.ready()`; the acceptance notice
and the correction notice are the casework core's own kinds.

Wording follows 行政许可法: a grant in writing (第三十八条第一款) with a licence
document (第三十九条); a refusal in writing with reasons and the right to
reconsideration or a lawsuit (第三十八条第二款); not accepting, in writing with
the reason (第三十二条第一款第（二）项、第二款).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field
from ecobureau.lib import pdf

# 行政复议法 (2023) 第二十条: 60 days; 行政诉讼法 第四十六条: 6 months (rules.md P13).
RIGHTS = (
    "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _addressee(context: Mapping[str, Any]) -> pdf.Paragraph:
    return pdf.Paragraph(f"{context['applicant']}：", indent=0)


def _numbered(items: tuple[str, ...]) -> list[pdf.Block]:
    return [
        pdf.Paragraph(f"{pdf.chinese_number(n)}、{text}")
        for n, text in enumerate(items, start=1)
    ]


def _contact(context: Mapping[str, Any]) -> list[pdf.Block]:
    parts = []
    if context.get("contact"):
        parts.append(f"联系人：{context['contact']}")
    if context.get("phone"):
        parts.append(f"联系电话：{context['phone']}")
    return [pdf.Paragraph("\u3000".join(parts))] if parts else []


_BASE = (
    Field("applicant", "申请人"),
    Field("matter", "申请事项"),
    Field("received_on", "收到申请日期", kind="date"),
)
_CONTACT = (
    Field("contact", "联系人", required=False),
    Field("phone", "联系电话", required=False),
)


# --- 准予行政许可决定书 / 批准文书 ------------------------------------------------


def _licence_decision(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}提出的{context['matter']}"
            f"申请，本机关依法进行了审查。经审查，申请符合法定条件、标准。"
            f"根据{context['basis']}和《中华人民共和国行政许可法》第三十八条"
            "第一款的规定，决定准予行政许可。"
        ),
        pdf.Paragraph(f"许可内容：{context['content']}"),
    ]
    if context.get("valid_until"):
        blocks.append(pdf.Paragraph(f"有效期至：{_day(context['valid_until'])}。"))
    if context.get("conditions"):
        blocks.append(pdf.Paragraph("被许可人应当遵守下列要求："))
        blocks.extend(_numbered(context["conditions"]))
    blocks.append(pdf.Paragraph("特此决定。"))
    blocks.extend(_contact(context))
    return tuple(blocks)


LICENCE_DECISION = DocumentKind(
    code="licence_decision",
    title="准予行政许可决定书",
    series="许",
    fields=(
        *_BASE,
        Field("basis", "法律依据"),
        Field("content", "许可内容"),
        Field("valid_until", "有效期至", kind="date", required=False),
        Field("conditions", "许可要求", kind="list", required=False),
        *_CONTACT,
    ),
    template=_licence_decision,
)


# --- 夜间建筑施工许可证 ------------------------------------------------------------


def _night_permit(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    def row(label: str, text: str) -> pdf.Row:
        return pdf.Row((pdf.Cell(label, align="C"), pdf.Cell(text)), min_height=12.0)

    blocks: list[pdf.Block] = [
        pdf.Paragraph(
            f"经审查和现场查验，{context['applicant']}申请的夜间建筑施工符合条件，"
            f"根据{context['basis']}，准予在下列时段和地点进行夜间施工作业："
        ),
        pdf.Table(
            columns=(40.0, pdf.TYPE_WIDTH - 40.0),
            rows=(
                row("施工单位", context["applicant"]),
                row("工程名称", context["project"]),
                row("施工地点", context["site"]),
                row(
                    "许可期限",
                    f"{_day(context['starts_on'])}至{_day(context['ends_on'])}",
                ),
                row("每日夜间施工时段", context["hours"]),
                row("夜间施工原因", context["reason"]),
            ),
        ),
        pdf.Gap(4.0),
        pdf.Paragraph("施工单位应当遵守下列要求："),
        *_numbered(context["conditions"]),
    ]
    return tuple(blocks)


NIGHT_CONSTRUCTION_PERMIT = DocumentKind(
    code="night_construction_permit",
    title="夜间建筑施工许可证",
    series="夜",
    fields=(
        Field("applicant", "施工单位"),
        Field("project", "工程名称"),
        Field("site", "施工地点"),
        Field("starts_on", "许可起始日", kind="date"),
        Field("ends_on", "许可截止日", kind="date"),
        Field("hours", "每日夜间施工时段"),
        Field("reason", "夜间施工原因"),
        Field("basis", "法律依据"),
        Field("conditions", "施工要求", kind="list"),
    ),
    template=_night_permit,
    check=lambda values: (
        ["许可截止日不能早于起始日。"]
        if values["ends_on"] < values["starts_on"]
        else []
    ),
)


# --- 废弃电器电子产品处理资格证书 ----------------------------------------------------


def _ewaste_certificate(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(
            f"{context['applicant']}经审查符合废弃电器电子产品处理企业资格条件，"
            f"根据{context['basis']}，准予取得废弃电器电子产品处理资格。"
        ),
        pdf.Paragraph(f"处理设施地址：{context['site']}"),
        pdf.Paragraph(f"处理类别和规模：{context['content']}"),
        pdf.Paragraph(f"有效期至：{_day(context['valid_until'])}。"),
    )


EWASTE_CERTIFICATE = DocumentKind(
    code="ewaste_certificate",
    title="废弃电器电子产品处理资格证书",
    series="资",
    fields=(
        Field("applicant", "处理企业"),
        Field("site", "处理设施地址"),
        Field("content", "处理类别和规模"),
        Field("basis", "法律依据"),
        Field("valid_until", "有效期至", kind="date"),
    ),
    template=_ewaste_certificate,
)


# --- 备案证明 -------------------------------------------------------------------------


def _filing_certificate(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}报送的{context['matter']}"
            f"材料已收悉。根据{context['basis']}，经审核，予以备案。"
        ),
    ]
    if context.get("content"):
        blocks.append(pdf.Paragraph(f"备案内容：{context['content']}"))
    if context.get("conditions"):
        blocks.append(pdf.Paragraph("请按下列要求做好后续工作："))
        blocks.extend(_numbered(context["conditions"]))
    blocks.append(pdf.Paragraph("特此证明。"))
    blocks.extend(_contact(context))
    return tuple(blocks)


FILING_CERTIFICATE = DocumentKind(
    code="filing_certificate",
    title="备案证明",
    series="备",
    fields=(
        *_BASE,
        Field("basis", "法律依据"),
        Field("content", "备案内容", required=False),
        Field("conditions", "后续要求", kind="list", required=False),
        *_CONTACT,
    ),
    template=_filing_certificate,
)


# --- 不予行政许可决定书 ----------------------------------------------------------------


def _licence_refusal(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}提出的{context['matter']}"
            "申请，本机关依法进行了审查。经审查，你（单位）的申请不符合法定条件、"
            "标准，理由如下："
        ),
        *_numbered(context["reasons"]),
        pdf.Paragraph(
            "根据《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。"
        ),
        pdf.Paragraph(RIGHTS),
    ]
    blocks.extend(_contact(context))
    return tuple(blocks)


LICENCE_REFUSAL = DocumentKind(
    code="licence_refusal",
    title="不予行政许可决定书",
    series="否",
    fields=(*_BASE, Field("reasons", "不予许可的理由", kind="list"), *_CONTACT),
    template=_licence_refusal,
)


# --- 不予受理决定书 ------------------------------------------------------------------


def _non_acceptance(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}提出的{context['matter']}"
            "申请，经审查，决定不予受理，理由如下："
        ),
        *_numbered(context["reasons"]),
    ]
    if context.get("redirect"):
        blocks.append(pdf.Paragraph(f"请向{context['redirect']}提出申请。"))
    blocks.append(pdf.Paragraph(RIGHTS))
    blocks.extend(_contact(context))
    return tuple(blocks)


NON_ACCEPTANCE = DocumentKind(
    code="non_acceptance",
    title="不予受理决定书",
    series="不",
    fields=(
        *_BASE,
        Field("reasons", "不予受理的理由", kind="list"),
        Field("redirect", "应向其申请的机关", required=False),
        *_CONTACT,
    ),
    template=_non_acceptance,
)


# --- 不予备案告知书 ------------------------------------------------------------------


def _filing_refusal(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}报送的{context['matter']}"
            "材料，经审核，不予备案，理由如下："
        ),
        *_numbered(context["reasons"]),
        pdf.Paragraph("请按上述意见修改完善后重新报送。"),
    ]
    blocks.extend(_contact(context))
    return tuple(blocks)


FILING_REFUSAL = DocumentKind(
    code="filing_refusal",
    title="不予备案告知书",
    series="退",
    fields=(*_BASE, Field("reasons", "不予备案的理由", kind="list"), *_CONTACT),
    template=_filing_refusal,
)


# --- 审定意见告知书 (relaying the province's decision) -----------------------------


def _relay_notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}提出的{context['matter']}"
            f"申请，经本机关审核后报{context['authority']}审定，现将审定意见告知如下："
        ),
        pdf.Paragraph(context["opinion"]),
        pdf.Paragraph("特此告知。"),
    ]
    blocks.extend(_contact(context))
    return tuple(blocks)


RELAY_NOTICE = DocumentKind(
    code="relay_notice",
    title="审定意见告知书",
    series="告",
    fields=(
        *_BASE,
        Field("authority", "审定机关"),
        Field("opinion", "审定意见"),
        *_CONTACT,
    ),
    template=_relay_notice,
)


KINDS = (
    LICENCE_DECISION,
    NIGHT_CONSTRUCTION_PERMIT,
    EWASTE_CERTIFICATE,
    FILING_CERTIFICATE,
    LICENCE_REFUSAL,
    NON_ACCEPTANCE,
    FILING_REFUSAL,
    RELAY_NOTICE,
)
