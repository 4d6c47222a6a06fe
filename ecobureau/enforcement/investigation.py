"""Investigation document templates (调查取证文书, 全过程记录实施办法 第十二条;
requirements A35): each kind's fields, and whether it is made with simultaneous
audio/video (第十三条: 现场检查（勘验）, 抽样; 第十五条: 查封、扣押).

Every document also records the officers present with their credential numbers
and whether the credentials were shown (第十条), how the party was told of its
rights (第十一条), and the signatures or a refusal (第十二条) — common fields on
`InvestigationDocument`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    required: bool = True
    long: bool = False


@dataclass(frozen=True)
class Template:
    kind: str
    title: str
    fields: tuple[Field, ...]
    recording: bool = False  # made with simultaneous audio/video
    rights: bool = False  # the rights told must be stated


_PLACE_TIME = (Field("place", "地点"), Field("period", "起止时间"))

TEMPLATES: dict[str, Template] = {
    t.kind: t
    for t in (
        Template(
            "inquiry",
            "询问笔录",
            (
                *_PLACE_TIME,
                Field("person", "被询问人姓名"),
                Field("person_role", "被询问人身份（当事人、证人等）及与案件关系"),
                Field("id_number", "身份证件号码", required=False),
                Field("content", "询问内容（问答）", long=True),
            ),
            rights=True,
        ),
        Template(
            "site_inspection",
            "现场检查（勘验）笔录",
            (
                *_PLACE_TIME,
                Field("present", "现场负责人及在场人员"),
                Field("findings", "现场检查（勘验）情况", long=True),
            ),
            recording=True,
        ),
        Template(
            "evidence_notice",
            "调取证据通知书",
            (
                Field("recipient", "被调取单位或个人"),
                Field("evidence", "调取的书证、物证", long=True),
                Field("deadline", "提供期限及地点"),
            ),
        ),
        Template(
            "evidence_list",
            "证据登记保存清单",
            (
                Field("holder", "证据持有人"),
                Field("items", "证据名称、规格、数量及保存地点", long=True),
                Field("reason", "证据保全的启动理由（证据可能灭失或以后难以取得）"),
                Field(
                    "form",
                    "保全形式（先行登记保存、复制、音像、鉴定、勘验、询问笔录等）",
                ),
            ),
        ),
        Template(
            "sampling",
            "抽查取样通知书及物品清单",
            (
                *_PLACE_TIME,
                Field("samples", "样品名称、编号、数量及采样点位", long=True),
                Field("method", "采样方法及依据"),
                Field("lab", "送检单位", required=False),
            ),
            recording=True,
        ),
        Template(
            "statement",
            "陈述申辩笔录",
            (
                *_PLACE_TIME,
                Field("person", "陈述申辩人"),
                Field("content", "陈述、申辩内容", long=True),
                Field("review", "复核意见及是否采纳的理由", long=True),
            ),
            rights=True,
        ),
        Template(
            "appraisal",
            "鉴定意见书",
            (
                Field("institution", "鉴定机构"),
                Field("matter", "鉴定事项"),
                Field("opinion", "鉴定意见", long=True),
            ),
        ),
    )
}

RECORDING_KINDS = tuple(kind for kind, t in TEMPLATES.items() if t.recording)
