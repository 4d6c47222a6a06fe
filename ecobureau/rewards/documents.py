"""The documents of the reward procedure (实施细则 第九条, 附件1–5), registered with
the casework registry and issued through `casework.services.document_issue`.

The stored, numbered PDFs name the reporter only by the registration number and
masked identity: they are visible to everyone who may see the report. The
reward handlers may print a copy with the identity filled in
(`services.identified_pdf`), which is rendered on demand, never stored, and
recorded as a view of confidential data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field, register
from ecobureau.lib import pdf

_W = pdf.TYPE_WIDTH


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _table(rows: list[tuple[str, str]]) -> pdf.Table:
    return pdf.Table(
        columns=(40.0, _W - 40.0),
        rows=tuple(
            pdf.Row((pdf.Cell(label, align="C"), pdf.Cell(text)), min_height=11.0)
            for label, text in rows
        ),
    )


def _reporter_lines(context: Mapping[str, Any]) -> str:
    return "；".join(context["reporters"])


# --- 附件1 举报受理登记表 ---------------------------------------------------------


def _registration(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        _table(
            [
                ("登记号", context["registration_no"]),
                ("登记时间", context["registered"]),
                ("举报方式", context["channel"]),
                ("举报人", _reporter_lines(context)),
                ("被举报单位", context["party"]),
                ("详细地址", context["address"]),
                ("违法事实", context["facts"]),
                ("发生时间", context.get("occurred") or "—"),
                ("提供的证据", context.get("evidence") or "—"),
            ]
        ),
        pdf.Paragraph(
            "举报人个人信息依《鞍山市生态环境违法行为举报奖励实施细则（试行）》第十一条保密。",
            indent=0,
        ),
    )


REGISTRATION = DocumentKind(
    code="reward_registration",
    title="鞍山市生态环境违法行为举报受理登记表",
    series="举登",
    fields=(
        Field("registration_no", "登记号"),
        Field("registered", "登记时间"),
        Field("channel", "举报方式"),
        Field("reporters", "举报人", kind="list"),
        Field("party", "被举报单位"),
        Field("address", "详细地址"),
        Field("facts", "违法事实"),
        Field("occurred", "发生时间", required=False),
        Field("evidence", "提供的证据", required=False),
    ),
    template=_registration,
)


# --- 附件2 举报受理交办单 ---------------------------------------------------------


def _dispatch_note(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"{context['unit']}：", indent=0),
        pdf.Paragraph(
            f"现将登记号为{context['registration_no']}的生态环境违法行为举报交你单位办理，"
            f"请于{_day(context['survey_by'])}前完成现场勘验（实施细则第九条：接到交办单"
            "10个工作日内），并将查处结果报送。举报人信息依第十一条保密，不随本单交办。"
        ),
        _table(
            [
                ("被举报单位", context["party"]),
                ("详细地址", context["address"]),
                ("违法事实", context["facts"]),
            ]
        ),
    )


DISPATCH_NOTE = DocumentKind(
    code="reward_dispatch_note",
    title="鞍山市生态环境违法行为举报受理交办单",
    series="举交",
    fields=(
        Field("registration_no", "登记号"),
        Field("unit", "承办单位"),
        Field("party", "被举报单位"),
        Field("address", "详细地址"),
        Field("facts", "违法事实"),
        Field("survey_by", "勘验期限", kind="date"),
    ),
    template=_dispatch_note,
)


# --- 附件3 不予奖励告知书 -----------------------------------------------------------


def _exclusion(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(f"{context['addressee']}：", indent=0),
        pdf.Paragraph(
            f"你于{_day(context['registered_on'])}举报的{context['party']}生态环境违法行为"
            f"（登记号{context['registration_no']}），经调查核实，不予奖励。理由如下："
        ),
    ]
    for number, reason in enumerate(context["reasons"], start=1):
        blocks.append(pdf.Paragraph(f"{pdf.chinese_number(number)}、{reason}"))
    blocks.append(pdf.Paragraph("感谢你对生态环境保护工作的关心和支持。"))
    return tuple(blocks)


EXCLUSION_NOTICE = DocumentKind(
    code="reward_exclusion_notice",
    title="鞍山市生态环境违法行为举报奖励不予奖励告知书",
    series="举告",
    fields=(
        Field("addressee", "举报人"),
        Field("registration_no", "登记号"),
        Field("registered_on", "登记日期", kind="date"),
        Field("party", "被举报单位"),
        Field("reasons", "不予奖励理由", kind="list"),
    ),
    template=_exclusion,
)


# --- 附件4 举报奖励审批表 -------------------------------------------------------------


def _approval_form(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        _table(
            [
                ("登记号", context["registration_no"]),
                ("被举报单位", context["party"]),
                ("违法事实", context["facts"]),
                ("查实情形", "；".join(context["categories"])),
                ("处罚或追责决定", context["decision"]),
                ("举报人", _reporter_lines(context)),
                ("奖励金额", context["amount"]),
                ("计算依据", "；".join(context["explain"])),
            ]
        ),
        pdf.Paragraph(
            "承办人、审核人、批准人意见见内部审批记录（逐级审批）。", indent=0
        ),
    )


APPROVAL_FORM = DocumentKind(
    code="reward_approval_form",
    title="鞍山市生态环境违法行为举报奖励审批表",
    series="举审",
    fields=(
        Field("registration_no", "登记号"),
        Field("party", "被举报单位"),
        Field("facts", "违法事实"),
        Field("categories", "查实情形", kind="list"),
        Field("decision", "处罚或追责决定"),
        Field("reporters", "举报人", kind="list"),
        Field("amount", "奖励金额"),
        Field("explain", "计算依据", kind="list"),
    ),
    template=_approval_form,
)


# --- 附件5 举报奖励通知书 -------------------------------------------------------------


def _notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"{context['addressee']}：", indent=0),
        pdf.Paragraph(
            f"你于{_day(context['registered_on'])}举报的{context['party']}生态环境违法行为"
            f"（登记号{context['registration_no']}），经查证属实，依据《鞍山市生态环境违法行为"
            f"举报奖励实施细则（试行）》第七条，决定给予奖励人民币{context['amount']}元。"
        ),
        pdf.Paragraph(
            f"请自本通知书送达或公示之日起30个工作日内（{_day(context['claim_by'])}前），"
            f"凭有效身份证件到{context['office']}领取奖金。委托他人代领的，受托人须凭本通知书、"
            "授权委托书、举报人及受托人身份证件、银行账户等材料的复印件领取，并提供原件以供核对。"
            "无正当理由逾期未领取的，视为放弃。"
        ),
    )


NOTICE = DocumentKind(
    code="reward_notice",
    title="鞍山市生态环境违法行为举报奖励通知书",
    series="举奖",
    fields=(
        Field("addressee", "举报人"),
        Field("registration_no", "登记号"),
        Field("registered_on", "登记日期", kind="date"),
        Field("party", "被举报单位"),
        Field("amount", "奖励金额"),
        Field("claim_by", "领取期限", kind="date"),
        Field("office", "领取地点"),
    ),
    template=_notice,
)

# --- 有奖举报奖金核发管理档案 (第十二条) ------------------------------------------------
#
# The body is passed as lines, because document fields are text: "H:" a heading,
# "P:" a paragraph, "R:label<TAB>text" a row of the paper's table.


def _dossier(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(
            f"登记号{context['registration_no']}，被举报单位{context['party']}。"
            "依《鞍山市生态环境违法行为举报奖励实施细则（试行）》第十二条，将该举报的登记、"
            "受理、调查、审批、通知和发放材料立卷归档如下。举报人个人信息依第十一条保密，"
            "卷内只载脱敏信息。"
        ),
        pdf.Paragraph("卷内目录", indent=0, align="C"),
        pdf.Table(
            columns=(12.0, 52.0, 46.0, 24.0, _W - 134.0),
            rows=(
                pdf.Row(
                    tuple(
                        pdf.Cell(text, align="C")
                        for text in ("序号", "材料名称", "文号", "日期", "摘要值")
                    ),
                    min_height=9.0,
                ),
                *(
                    pdf.Row(
                        (
                            pdf.Cell(str(number), align="C"),
                            *(pdf.Cell(part) for part in line.split("\t")[:4]),
                        ),
                        min_height=9.0,
                    )
                    for number, line in enumerate(context["catalogue"], start=1)
                ),
            ),
        ),
    ]
    rows: list[tuple[str, str]] = []

    def flush() -> None:
        if rows:
            blocks.append(_table(list(rows)))
            rows.clear()

    for line in context["body"]:
        kind, _, text = line.partition(":")
        if kind == "R":
            label, _, value = text.partition("\t")
            rows.append((label, value or "—"))
            continue
        flush()
        if kind == "H":
            blocks.append(pdf.Gap(4.0))
            blocks.append(pdf.Paragraph(text, indent=0))
        else:
            blocks.append(pdf.Paragraph(text))
    flush()
    return tuple(blocks)


DOSSIER = DocumentKind(
    code="reward_dossier",
    title="鞍山市生态环境违法行为有奖举报奖金核发管理档案",
    series="举档",
    fields=(
        Field("registration_no", "登记号"),
        Field("party", "被举报单位"),
        Field("catalogue", "卷内目录", kind="list"),
        Field("body", "卷内材料", kind="list"),
    ),
    template=_dossier,
)

KINDS = (
    REGISTRATION,
    DISPATCH_NOTE,
    EXCLUSION_NOTICE,
    APPROVAL_FORM,
    NOTICE,
    DOSSIER,
)
KINDS_BY_CODE = {kind.code: kind for kind in KINDS}
# The kinds a handler may print with the identity filled in.
IDENTIFIED = {REGISTRATION.code, EXCLUSION_NOTICE.code, APPROVAL_FORM.code, NOTICE.code}


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)
