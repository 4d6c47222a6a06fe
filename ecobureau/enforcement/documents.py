"""The enforcement module's official documents, registered with casework's registry
(`register_kinds`, called in `EnforcementConfig.ready()`) and issued, numbered and
stored as PDFs with the embedded Chinese font through
`casework.services.document_issue`.

- 行政检查通知书 and 行政检查审批表 (seed 004, E6: uploaded to the 辽宁执法监管平台);
- 查封（扣押）决定书, 查封（扣押）清单, 延长查封（扣押）期限决定书, 解除查封（扣押）决定书
  (行政强制法第二十四条、第二十五条、第二十八条; 全过程记录实施办法第十五条);
- 不予行政处罚决定书 for a minor violation (行政处罚法第三十三条, the 目录清单);
- the investigation documents made from templates (`investigation.TEMPLATES`), one kind
  each, so a 询问笔录 or a 先行登记保存通知书 can be printed with its number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field, register
from ecobureau.lib import pdf

from .investigation import TEMPLATES

_W = pdf.TYPE_WIDTH


def _table(rows: list[tuple[str, str]]) -> pdf.Table:
    return pdf.Table(
        columns=(42.0, _W - 42.0),
        rows=tuple(
            pdf.Row(
                (pdf.Cell(label, align="C"), pdf.Cell(text or "—")), min_height=11.0
            )
            for label, text in rows
        ),
    )


def _officers(context: Mapping[str, Any]) -> str:
    return "、".join(context["officers"])


# --- 行政检查通知书 / 行政检查审批表 (E6) ---------------------------------------------------


def _inspection_notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"{context['party']}：", indent=0),
        pdf.Paragraph(
            f"根据{context['basis']}，我局执法人员{_officers(context)}"
            f"将于{context['when']}对你单位进行行政检查，检查事项：{context['matters']}。"
            "执法人员将出示执法证件；你单位有权核验执法人员身份，对执法人员与你单位有直接"
            "利害关系的，有权申请回避，并应当如实提供有关情况和材料，不得拒绝、阻挠。"
        ),
        pdf.Paragraph(
            "检查结束后，你单位可扫描企业执法二维码对本次检查进行评价（码上监督）。"
        ),
    )


INSPECTION_NOTICE = DocumentKind(
    code="enf_inspection_notice",
    title="行政检查通知书",
    series="检通",
    fields=(
        Field("party", "被检查单位"),
        Field("basis", "检查依据"),
        Field("officers", "检查人员（姓名、执法证号）", kind="list"),
        Field("when", "检查时间"),
        Field("matters", "检查事项"),
    ),
    template=_inspection_notice,
)


def _inspection_approval(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        _table(
            [
                ("被检查单位", context["party"]),
                ("统一社会信用代码", context["credit_code"]),
                ("地址", context["address"]),
                ("检查依据", context["basis"]),
                ("检查类别", context["category"]),
                ("检查人员", _officers(context)),
                ("拟检查时间", context["when"]),
                ("审批情况", context["approval"]),
            ]
        ),
    )


INSPECTION_APPROVAL = DocumentKind(
    code="enf_inspection_approval",
    title="行政检查审批表",
    series="检审",
    fields=(
        Field("party", "被检查单位"),
        Field("credit_code", "统一社会信用代码"),
        Field("address", "地址"),
        Field("basis", "检查依据"),
        Field("category", "检查类别"),
        Field("officers", "检查人员", kind="list"),
        Field("when", "拟检查时间"),
        Field("approval", "审批情况"),
    ),
    template=_inspection_approval,
)


# --- 查封、扣押 ----------------------------------------------------------------------------


def _measure_decision(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    what = context["what"]
    return (
        pdf.Paragraph(f"{context['party']}：", indent=0),
        pdf.Paragraph(f"经查，{context['reason']}"),
        pdf.Paragraph(
            f"依据{context['basis']}，我局决定对你单位下列场所、设施或者财物实施{what}"
            f"（详见{what}清单）：{'；'.join(context['items'])}。"
        ),
        pdf.Paragraph(
            f"{what}地点：{context['place']}。{what}期限为{context['period']}。"
            f"对物品需要进行检测、检验、检疫或者技术鉴定的，{what}期间不包括检测、检验、"
            "检疫或者技术鉴定的期间。"
        ),
        pdf.Paragraph(
            "你单位如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。"
        ),
        pdf.Paragraph(f"执法人员：{_officers(context)}"),
    )


MEASURE_DECISION = DocumentKind(
    code="enf_measure_decision",
    title="查封（扣押）决定书",
    series="封扣",
    fields=(
        Field("party", "当事人"),
        Field("what", "措施", choices=("查封", "扣押")),
        Field("reason", "理由"),
        Field("basis", "依据"),
        Field("items", "场所、设施或者财物", kind="list"),
        Field("place", "地点"),
        Field("period", "期限"),
        Field("officers", "执法人员", kind="list"),
    ),
    template=_measure_decision,
)


def _measure_list(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    rows = tuple(
        pdf.Row((pdf.Cell(str(number), align="C"), pdf.Cell(text)), min_height=11.0)
        for number, text in enumerate(context["items"], start=1)
    )
    return (
        pdf.Paragraph(
            f"当事人：{context['party']}　{context['what']}决定书：{context['decision_ref']}",
            indent=0,
        ),
        pdf.Table(
            columns=(16.0, _W - 16.0),
            rows=(
                pdf.Row(
                    (
                        pdf.Cell("序号", align="C"),
                        pdf.Cell("名称、规格、数量", align="C"),
                    )
                ),
                *rows,
            ),
        ),
        pdf.Paragraph(f"地点：{context['place']}", indent=0),
        pdf.Paragraph(f"当事人签字或拒签情况：{context['signature']}", indent=0),
        pdf.Paragraph(f"执法人员：{_officers(context)}", indent=0),
    )


MEASURE_LIST = DocumentKind(
    code="enf_measure_list",
    title="查封（扣押）清单",
    series="封清",
    fields=(
        Field("party", "当事人"),
        Field("what", "措施", choices=("查封", "扣押")),
        Field("decision_ref", "决定书文号"),
        Field("items", "场所、设施或者财物", kind="list"),
        Field("place", "地点"),
        Field("signature", "签字情况"),
        Field("officers", "执法人员", kind="list"),
    ),
    template=_measure_list,
)


def _measure_extension(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    what = context["what"]
    return (
        pdf.Paragraph(f"{context['party']}：", indent=0),
        pdf.Paragraph(
            f"我局于{context['started']}对你单位实施{what}（{context['decision_ref']}）。"
            f"因{context['reason']}，情况复杂，经本机关负责人批准，依据行政强制法第二十五条，"
            f"决定将{what}期限延长三十日，至{context['until']}。"
        ),
    )


MEASURE_EXTENSION = DocumentKind(
    code="enf_measure_extension",
    title="延长查封（扣押）期限决定书",
    series="封延",
    fields=(
        Field("party", "当事人"),
        Field("what", "措施", choices=("查封", "扣押")),
        Field("started", "实施日期"),
        Field("decision_ref", "决定书文号"),
        Field("reason", "延长理由"),
        Field("until", "延长至"),
    ),
    template=_measure_extension,
)


def _measure_release(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    what = context["what"]
    return (
        pdf.Paragraph(f"{context['party']}：", indent=0),
        pdf.Paragraph(
            f"我局于{context['started']}对你单位实施{what}（{context['decision_ref']}）。"
            f"{context['note']}。依据行政强制法第二十八条，决定解除{what}："
            f"{'；'.join(context['items'])}。"
        ),
    )


MEASURE_RELEASE = DocumentKind(
    code="enf_measure_release",
    title="解除查封（扣押）决定书",
    series="封解",
    fields=(
        Field("party", "当事人"),
        Field("what", "措施", choices=("查封", "扣押")),
        Field("started", "实施日期"),
        Field("decision_ref", "决定书文号"),
        Field("note", "解除理由"),
        Field("items", "解除的场所、设施或者财物", kind="list"),
    ),
    template=_measure_release,
)


# --- 不予行政处罚决定书 (轻微违法) --------------------------------------------------------


def _minor_decision(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"{context['party']}：", indent=0),
        pdf.Paragraph(f"经查，{context['facts']}"),
        pdf.Paragraph(
            f"上述行为符合{context['item']}的适用条件（{context['conditions']}）。"
            "依据《中华人民共和国行政处罚法》第三十三条，决定对你单位不予行政处罚。"
        ),
        pdf.Paragraph(f"同时，我局对你单位进行了批评教育：{context['education']}"),
        pdf.Paragraph(
            "你单位如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。"
        ),
    )


MINOR_DECISION = DocumentKind(
    code="enf_minor_decision",
    title="不予行政处罚决定书",
    series="不罚",
    fields=(
        Field("party", "当事人"),
        Field("facts", "违法事实"),
        Field("item", "清单条目"),
        Field("conditions", "适用条件"),
        Field("education", "教育内容"),
    ),
    template=_minor_decision,
)


# --- The decision (issue 10) ------------------------------------------------------------

_APPEAL = (
    "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)


def _prior_notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks = [
        pdf.Paragraph(f"{context['party']}：", indent=0),
        pdf.Paragraph(f"经查，{context['facts']}"),
        pdf.Paragraph(
            f"以上事实违反了{context['basis']}。依据上述规定，并参照"
            f"{context['discretion']}，我局拟对你单位作出如下行政处罚：{context['penalty']}。"
        ),
        pdf.Paragraph(
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条，你单位有权进行陈述和申辩。"
        ),
    ]
    if context["hearing"] == "是":
        blocks.append(
            pdf.Paragraph(
                "根据《中华人民共和国行政处罚法》第六十三条、第六十四条，你单位有权要求举行听证；"
                "要求听证的，应当在收到本告知书之日起五个工作日内提出。"
            )
        )
    blocks.append(
        pdf.Paragraph("逾期不陈述申辩、不要求听证的，视为放弃上述权利。", indent=0)
    )
    return tuple(blocks)


PRIOR_NOTICE = DocumentKind(
    code="enf_prior_notice",
    title="行政处罚事先（听证）告知书",
    series="罚告",
    fields=(
        Field("party", "当事人"),
        Field("facts", "违法事实"),
        Field("basis", "违反的规定及处罚依据"),
        Field("discretion", "裁量基准及档次"),
        Field("penalty", "拟作出的处罚"),
        Field("hearing", "告知听证权利", choices=("是", "否")),
    ),
    template=_prior_notice,
)


def _hearing_notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"{context['party']}：", indent=0),
        pdf.Paragraph(
            f"根据你单位的申请，我局定于{context['date']}在{context['place']}"
            f"就{context['matter']}举行听证。请准时参加；无正当理由不到场的，视为放弃听证权利。"
        ),
    )


HEARING_NOTICE = DocumentKind(
    code="enf_hearing_notice",
    title="行政处罚听证通知书",
    series="听通",
    fields=(
        Field("party", "当事人"),
        Field("date", "听证日期"),
        Field("place", "听证地点"),
        Field("matter", "听证事项"),
    ),
    template=_hearing_notice,
)


def _penalty_decision(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    # a decision made again after a supersession names the 决定书 it replaces
    # and the money credited from it (services/supersede.py)
    superseded = context.get("superseded")
    credit = context.get("credit")
    return (
        pdf.Paragraph(f"当事人：{context['party']}", indent=0),
        *([pdf.Paragraph(superseded)] if superseded else []),
        pdf.Paragraph(f"经查，{context['facts']}"),
        pdf.Paragraph(f"以上事实违反了{context['basis']}。"),
        pdf.Paragraph(f"陈述申辩、听证及复核情况：{context['statement']}"),
        pdf.Paragraph(f"裁量情况：{context['discretion']}"),
        pdf.Paragraph(f"我局决定对你单位作出如下行政处罚：{context['penalty']}。"),
        *([pdf.Paragraph(credit)] if credit else []),
        pdf.Paragraph(
            "罚款应自收到本决定书之日起十五日内缴至指定银行；到期不缴纳的，"
            "每日按罚款数额的百分之三加处罚款。"
        ),
        pdf.Paragraph(_APPEAL),
    )


PENALTY_DECISION = DocumentKind(
    code="enf_penalty_decision",
    title="行政处罚决定书",
    series="罚决",
    fields=(
        Field("party", "当事人"),
        Field("facts", "违法事实"),
        Field("basis", "违反的规定及处罚依据"),
        Field("statement", "陈述申辩及复核"),
        Field("discretion", "裁量情况"),
        Field("penalty", "处罚内容"),
        Field("superseded", "撤销的原行政处罚决定书", required=False),
        Field("credit", "原决定已缴罚款的折抵", required=False),
    ),
    template=_penalty_decision,
)


def _decision_correction(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"当事人：{context['party']}", indent=0),
        pdf.Paragraph(
            f"我局于{context['original_date']}作出{context['original']}"
            f"（{context['before']}），已于{context['served']}送达。"
        ),
        pdf.Paragraph(f"执行中发现以下新情况：{context['reason']}"),
        pdf.Paragraph(
            f"经{context['ground']}，依据《鞍山市生态环境局重大行政执法决定集体审议规则》"
            "第十条，决定变更原行政处罚决定。"
        ),
        pdf.Paragraph(f"变更后的行政处罚：{context['after']}。"),
        pdf.Paragraph(f"执行：{context['payment']}"),
        pdf.Paragraph("原行政处罚决定书其他内容不变。"),
        pdf.Paragraph(_APPEAL),
    )


DECISION_CORRECTION = DocumentKind(
    code="enf_decision_correction",
    title="变更行政处罚决定书",
    series="罚变",
    fields=(
        Field("party", "当事人"),
        Field("original", "原行政处罚决定书文号"),
        Field("original_date", "原决定日期"),
        Field("served", "原决定送达日期"),
        Field("before", "原处罚内容"),
        Field("reason", "须变更的新情况"),
        Field("ground", "复审"),
        Field("after", "变更后的处罚内容"),
        Field("payment", "执行"),
    ),
    template=_decision_correction,
)


def _summary_decision(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"当事人：{context['party']}", indent=0),
        pdf.Paragraph(f"违法事实：{context['facts']}"),
        pdf.Paragraph(f"处罚依据：{context['basis']}"),
        pdf.Paragraph(
            f"依据《中华人民共和国行政处罚法》第五十一条，当场作出行政处罚：{context['penalty']}。"
        ),
        pdf.Paragraph(f"罚款缴纳方式：{context['payment']}"),
        pdf.Paragraph(_APPEAL),
    )


SUMMARY_DECISION = DocumentKind(
    code="enf_summary_decision",
    title="当场行政处罚决定书",
    series="当罚",
    fields=(
        Field("party", "当事人"),
        Field("facts", "违法事实"),
        Field("basis", "处罚依据"),
        Field("penalty", "处罚内容"),
        Field("payment", "罚款缴纳方式"),
    ),
    template=_summary_decision,
)


def _payment_reminder(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"当事人：{context['party']}", indent=0),
        pdf.Paragraph(
            f"我局对你单位作出的行政处罚决定（{context['penalty']}）已依法送达，"
            f"罚款缴纳期限已于{context['due']}届满。截至本催告书作出之日，"
            f"你单位已缴纳{context['paid']}元。"
        ),
        pdf.Paragraph(f"加处罚款计算：{context['surcharge']}。"),
        pdf.Paragraph(
            f"根据《中华人民共和国行政强制法》第三十五条，现催告你单位履行缴纳义务，"
            f"尚应缴纳{context['owed']}元（含加处罚款）。你单位有权进行陈述和申辩。"
            "逾期仍不履行的，我局将依法申请人民法院强制执行。"
        ),
    )


PAYMENT_REMINDER = DocumentKind(
    code="enf_payment_reminder",
    title="催告书",
    series="催",
    fields=(
        Field("party", "当事人"),
        Field("penalty", "处罚内容"),
        Field("due", "缴纳期限届满日"),
        Field("paid", "已缴纳金额"),
        Field("surcharge", "加处罚款计算"),
        Field("owed", "尚应缴纳金额"),
    ),
    template=_payment_reminder,
)


# --- Investigation documents (one kind per template) ----------------------------------

INVESTIGATION_SERIES = {
    "inquiry": "询",
    "site_inspection": "勘",
    "evidence_notice": "调",
    "evidence_list": "保",
    "sampling": "样",
    "statement": "申",
    "appraisal": "鉴",
}


def investigation_code(kind: str) -> str:
    return f"enf_doc_{kind}"


def _investigation(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        _table(list(zip(context["labels"], context["values"], strict=True))),
        pdf.Paragraph(
            f"执法人员：{_officers(context)}；{context['credentials']}", indent=0
        ),
        pdf.Paragraph(f"权利告知：{context['rights']}", indent=0),
        pdf.Paragraph(f"签字情况：{context['signature']}", indent=0),
    )


def _investigation_kind(kind: str) -> DocumentKind:
    template = TEMPLATES[kind]
    title = (
        "先行登记保存通知书及证据登记保存清单"
        if kind == "evidence_list"
        else template.title
    )
    return DocumentKind(
        code=investigation_code(kind),
        title=title,
        series=INVESTIGATION_SERIES[kind],
        fields=(
            Field("labels", "项目", kind="list"),
            Field("values", "内容", kind="list"),
            Field("officers", "执法人员", kind="list"),
            Field("credentials", "出示证件情况"),
            Field("rights", "权利告知", required=False),
            Field("signature", "签字情况"),
        ),
        template=_investigation,
        check=lambda values: (
            []
            if len(values["labels"]) == len(values["values"])
            else ["项目与内容数量不一致。"]
        ),
    )


KINDS = (
    INSPECTION_NOTICE,
    INSPECTION_APPROVAL,
    MEASURE_DECISION,
    MEASURE_LIST,
    MEASURE_EXTENSION,
    MEASURE_RELEASE,
    MINOR_DECISION,
    PRIOR_NOTICE,
    HEARING_NOTICE,
    PENALTY_DECISION,
    DECISION_CORRECTION,
    SUMMARY_DECISION,
    PAYMENT_REMINDER,
    *(_investigation_kind(kind) for kind in TEMPLATES),
)


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)
