"""The kinds of official document (文书) the platform issues.

Each kind has a code, a title, the series character of its 文号 (鞍环受〔2026〕12号:
prefix 鞍环 from the unit, series 受), the fields a caller supplies, and a template
that turns them into a PDF layout (`ecobureau.lib.pdf`). `services.document_issue`
numbers, renders and records them.

The three kinds every application-handling module needs are defined here; modules
above casework add theirs with `register(...)` in `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError

from ecobureau.lib import dates, pdf

FieldKind = Literal["text", "date", "list"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    choices: tuple[str, ...] = ()


Template = Callable[[Mapping[str, Any]], tuple[pdf.Block, ...]]


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str
    series: str
    fields: tuple[Field, ...]
    template: Template
    # Rules across fields; returns messages, empty when the values agree.
    check: Callable[[Mapping[str, Any]], list[str]] | None = None

    def clean(self, context: Mapping[str, Any]) -> dict[str, Any]:
        """The context's values checked against the fields: text stripped, dates
        as dates, lists as tuples of non-empty text. Raise ValidationError naming
        every missing or wrong field at once."""
        unknown = set(context) - {field.name for field in self.fields}
        if unknown:
            raise ValueError(f"{self.code}: unknown fields {sorted(unknown)}")
        values: dict[str, Any] = {}
        errors: list[str] = []
        for field in self.fields:
            value, error = _clean_value(field, context.get(field.name))
            if error:
                errors.append(error)
            values[field.name] = value
        if not errors and self.check:
            errors = self.check(values)
        if errors:
            raise ValidationError(errors)
        return values

    def blocks(self, context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
        return self.template(context)


def _clean_value(field: Field, value: Any) -> tuple[Any, str]:
    if field.kind == "date":
        if value is None or value == "":
            return None, f"请填写{field.label}。" if field.required else ""
        if isinstance(value, datetime):
            return dates.local_date(value), ""
        if not isinstance(value, date):
            return None, f"{field.label}应为日期。"
        return value, ""
    if field.kind == "list":
        items = value if isinstance(value, list | tuple) else []
        cleaned = tuple(str(item).strip() for item in items if str(item).strip())
        if field.required and not cleaned:
            return cleaned, f"请至少填写一项{field.label}。"
        if len(cleaned) > 99:
            return cleaned, f"{field.label}最多99项。"
        return cleaned, ""
    text = "" if value is None else str(value).strip()
    if field.required and not text:
        return text, f"请填写{field.label}。"
    if text and field.choices and text not in field.choices:
        return text, f"{field.label}应为{'、'.join(field.choices)}之一。"
    return text, ""


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    _KINDS[kind.code] = kind


def kind_get(code: str) -> DocumentKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise ValueError(f"unknown document kind {code!r}") from None


def registered_kinds() -> dict[str, DocumentKind]:
    return dict(_KINDS)


# --- Shared wording -------------------------------------------------------------


def _day(value: date) -> str:
    # Dates inside the body are written with Arabic numerals; only the date of
    # issue under the signature is written in Chinese.
    return f"{value.year}年{value.month}月{value.day}日"


def _addressee(context: Mapping[str, Any]) -> pdf.Paragraph:
    return pdf.Paragraph(f"{context['applicant']}：", indent=0)


def _contact(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    parts = []
    if context.get("contact"):
        parts.append(f"联系人：{context['contact']}")
    if context.get("phone"):
        parts.append(f"联系电话：{context['phone']}")
    return (pdf.Paragraph("\u3000".join(parts)),) if parts else ()


_APPLICATION_FIELDS = (
    Field("applicant", "申请人"),
    Field("matter", "申请事项"),
    Field("received_on", "收到申请日期", kind="date"),
)
_CONTACT_FIELDS = (
    Field("contact", "联系人", required=False),
    Field("phone", "联系电话", required=False),
)


# --- 受理通知书 -------------------------------------------------------------------


def _acceptance_notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}提出的{context['matter']}"
            "申请，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》"
            "第三十二条第一款第（五）项的规定，本机关决定予以受理。"
        ),
    ]
    if context.get("time_limit"):
        # 行政许可法 第四十二条 (time limit) and 第四十五条 (time not counted).
        blocks.append(
            pdf.Paragraph(
                f"本机关将自受理之日起{context['time_limit']}内作出决定。依法需要"
                "听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，所需时间"
                "不计算在上述期限内。"
            )
        )
    blocks.append(pdf.Paragraph("特此通知。"))
    blocks.extend(_contact(context))
    return tuple(blocks)


ACCEPTANCE_NOTICE = DocumentKind(
    code="acceptance_notice",
    title="受理通知书",
    series="受",
    fields=(
        *_APPLICATION_FIELDS,
        Field("time_limit", "办理时限", required=False),
        *_CONTACT_FIELDS,
    ),
    template=_acceptance_notice,
)


# --- 补正材料通知书 ----------------------------------------------------------------


def _correction_notice(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    # 行政许可法 第三十二条第一款第（四）项: tell the applicant everything to be
    # supplied at once (一次告知); seed 000 全过程记录 第七条 and the service
    # catalogue: time taken to supply materials is not counted (不计办理时限).
    blocks: list[pdf.Block] = [
        _addressee(context),
        pdf.Paragraph(
            f"你（单位）于{_day(context['received_on'])}提出的{context['matter']}"
            "申请，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国"
            "行政许可法》第三十二条第一款第（四）项的规定，现一次告知你（单位）"
            "需要补正的全部内容如下："
        ),
    ]
    for number, material in enumerate(context["materials"], start=1):
        blocks.append(pdf.Paragraph(f"{pdf.chinese_number(number)}、{material}"))
    supply = "请按上述要求一次补正全部材料"
    if context.get("supply_by"):
        supply += f"，并于{_day(context['supply_by'])}前提交"
    blocks.append(
        pdf.Paragraph(
            f"{supply}。自本通知送达之日起至本机关收到全部补正材料之日止，"
            "办理时限暂停计算，补正材料所用时间不计入办理时限。"
        )
    )
    blocks.append(pdf.Paragraph("特此通知。"))
    blocks.extend(_contact(context))
    return tuple(blocks)


CORRECTION_NOTICE = DocumentKind(
    code="correction_notice",
    title="补正材料通知书",
    series="补",
    fields=(
        *_APPLICATION_FIELDS,
        Field("materials", "需补正的材料", kind="list"),
        Field("supply_by", "补正期限", kind="date", required=False),
        *_CONTACT_FIELDS,
    ),
    template=_correction_notice,
)


# --- 送达回证 ---------------------------------------------------------------------

# Methods of service and what each must leave on the receipt (seed 000 全过程记录
# 第二十三至二十七条, requirements A41).
SERVICE_METHODS = (
    "直接送达",
    "留置送达",
    "委托送达",
    "转交送达",
    "邮寄送达",
    "公告送达",
)
_SIGNATURE = (
    "签名或盖章：\u3000\u3000\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
)


def _service_receipt(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    served = context["served_title"]
    if context.get("served_reference"):
        served += f"（{context['served_reference']}）"

    def row(
        label: str, text: str = "", *, note: str = "", height: float = 0
    ) -> pdf.Row:
        height = height or (20.0 if note else 12.0)
        return pdf.Row(
            (pdf.Cell(label, align="C"), pdf.Cell(text, note=note)), min_height=height
        )

    return (
        pdf.Table(
            columns=(50.0, pdf.TYPE_WIDTH - 50.0),
            rows=(
                row("送达文书名称及文号", served),
                row("受送达人", context["recipient"]),
                row("送达地点", context["place"]),
                row("送达方式", context["method"]),
                row("受送达人签收", note=_SIGNATURE, height=24.0),
                row("代收人及代收理由", note=_SIGNATURE),
                row("见证人", note=_SIGNATURE),
                row("送达人", "、".join(context["servers"]), note=_SIGNATURE),
                row("备注", context.get("remarks", ""), height=14.0),
            ),
        ),
    )


def _service_receipt_check(values: Mapping[str, Any]) -> list[str]:
    # 第二十五条: leaving the document records the reason for refusal and the date;
    # 第二十六条: entrusted or forwarded service records why.
    if (
        values["method"] in ("留置送达", "委托送达", "转交送达")
        and not values["remarks"]
    ):
        return [f"{values['method']}须在备注中记明事由。"]
    return []


SERVICE_RECEIPT = DocumentKind(
    code="service_receipt",
    title="送达回证",
    series="送",
    fields=(
        Field("served_title", "送达文书名称"),
        Field("served_reference", "送达文书文号", required=False),
        Field("recipient", "受送达人"),
        Field("place", "送达地点"),
        Field("method", "送达方式", choices=SERVICE_METHODS),
        Field("servers", "送达人", kind="list"),
        Field("remarks", "备注", required=False),
    ),
    template=_service_receipt,
    check=_service_receipt_check,
)

for _kind in (ACCEPTANCE_NOTICE, CORRECTION_NOTICE, SERVICE_RECEIPT):
    register(_kind)
