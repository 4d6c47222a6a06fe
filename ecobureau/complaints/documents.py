"""Documents (文书) of complaints, registered with the casework registry.

Both are addressed to the complainant by the complaint's tracking code, not by
name: a document is visible to every member of staff who may see the complaint,
and the complainant's name is theirs to keep (法典 arts. 145–146)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ecobureau.casework.documents import DocumentKind, Field, register
from ecobureau.lib import pdf


def _day(value: Any) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _reply(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(f"诉求人（投诉查询码{context['code']}）：", indent=0),
        pdf.Paragraph(
            f"你于{_day(context['received_on'])}通过{context['channel']}反映的"
            f"“{context['summary']}”问题，本机关已依法受理并调查处理。现答复如下："
        ),
    ]
    blocks += [pdf.Paragraph(line) for line in context["reply"]]
    if context.get("finding"):
        blocks.append(pdf.Paragraph(f"经调查核实，你反映的问题{context['finding']}。"))
    blocks.append(
        pdf.Paragraph(
            "如对本答复意见不服，可以自收到本答复意见之日起30日内向本机关的上一级机关"
            "请求复查（《信访工作条例》第三十五条）。"
        )
    )
    return tuple(blocks)


COMPLAINT_REPLY = DocumentKind(
    code="complaint_reply",
    title="投诉答复意见书",
    series="复",
    fields=(
        Field("code", "投诉查询码"),
        Field("received_on", "收到投诉日期", kind="date"),
        Field("channel", "来源渠道"),
        Field("summary", "诉求摘要"),
        Field("reply", "答复意见", kind="list"),
        Field("finding", "核查结论", required=False),
    ),
    template=_reply,
)


def _not_accepted(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(f"诉求人（投诉查询码{context['code']}）：", indent=0),
        pdf.Paragraph(
            f"你于{_day(context['received_on'])}通过{context['channel']}反映的"
            f"“{context['summary']}”问题，经审查，本机关决定不予受理。理由如下："
        ),
        pdf.Paragraph(context["reason"]),
    ]
    if context.get("route"):
        blocks.append(pdf.Paragraph(f"你可以向{context['route']}反映。"))
    blocks.append(
        pdf.Paragraph(
            "依据：《环保举报热线工作管理办法》（环境保护部令第15号）；"
            "《信访工作条例》第二十二条。"
        )
    )
    return tuple(blocks)


COMPLAINT_NOT_ACCEPTED = DocumentKind(
    code="complaint_not_accepted",
    title="投诉不予受理告知书",
    series="诉",
    fields=(
        Field("code", "投诉查询码"),
        Field("received_on", "收到投诉日期", kind="date"),
        Field("channel", "来源渠道"),
        Field("summary", "诉求摘要"),
        Field("reason", "不予受理理由"),
        Field("route", "受理途径", required=False),
    ),
    template=_not_accepted,
)


def _follow_up_letter(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    blocks: list[pdf.Block] = [
        pdf.Paragraph(f"{context['unit']}：", indent=0),
        pdf.Paragraph(
            f"近期群众反映集中的“{context['hotspot']}”问题（截至"
            f"{_day(context['opened_on'])}共{context['complaint_count']}件），"
            f"列为本局跟踪督办事项：{context['title']}。现将督办要求函告如下："
        ),
    ]
    blocks += [pdf.Paragraph(line) for line in context["requirement"]]
    blocks.append(
        pdf.Paragraph(
            f"请于{_day(context['due_on'])}前（{context['days']}个工作日）办结，"
            "办理期间通过平台报告进展，办结后报送办理结果；逾期未办结的，"
            "按规定启动问责程序。"
        )
    )
    blocks.append(
        pdf.Paragraph(
            "依据：本局与群众互动工作方案“重点梳理群众反映的热点、难点、堵点问题，"
            "开展跟踪督办”。"
        )
    )
    return tuple(blocks)


# The 督办函 of a tracked follow-up (A82): addressed to the responsible unit; it
# names no complainant (the count of complaints only).
COMPLAINT_FOLLOW_UP_LETTER = DocumentKind(
    code="complaint_followup_letter",
    title="跟踪督办函",
    series="督",
    fields=(
        Field("unit", "责任单位"),
        Field("title", "督办事项"),
        Field("hotspot", "热点"),
        Field("complaint_count", "涉及投诉件数"),
        Field("opened_on", "开启督办日期", kind="date"),
        Field("requirement", "督办要求", kind="list"),
        Field("days", "办理时限（工作日）"),
        Field("due_on", "办结期限", kind="date"),
    ),
    template=_follow_up_letter,
)


def register_kinds() -> None:
    for kind in (COMPLAINT_REPLY, COMPLAINT_NOT_ACCEPTED, COMPLAINT_FOLLOW_UP_LETTER):
        register(kind)
