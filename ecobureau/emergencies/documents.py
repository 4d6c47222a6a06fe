"""Incident reports as documents (文书): 初报, 续报 (numbered), 处理结果报告 (终报).

突发环境事件信息报告办法（环境保护部令第17号）: reports are 初报, 续报 and 处理结果
报告; 初报 may be made by phone and is then followed in writing (第九条: the office
above asks for the written report). Each report, once sent, can be issued as a
numbered PDF (series 急, e.g. 鞍环急〔2026〕3号) through casework's document
service — the same numbering, embedded font, attachment and record entry as every
other document of the platform.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.documents import DocumentKind, Field, register
from ecobureau.casework.models import Document
from ecobureau.lib import dates, pdf

from . import grading
from .models import Report

SERIES = "急"


def _when(value: Any) -> str:
    local = timezone.localtime(value, dates.SHANGHAI)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _report(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    rows = [
        ("事件名称", context["title"]),
        ("报告类别", context["kind"]),
        ("事发地点", context["place"]),
        ("获知时间", context["received"]),
        ("初步定级", context["grade"]),
        ("报送对象", context["recipients"]),
        ("报送时间", context["submitted"]),
        ("报送时限", context["due"]),
    ]
    table = pdf.Table(
        columns=(36.0, 120.0),
        rows=tuple(
            pdf.Row(cells=(pdf.Cell(label), pdf.Cell(value)), min_height=10.0)
            for label, value in rows
        ),
    )
    blocks: list[pdf.Block] = [table, pdf.Gap(), pdf.Paragraph("报告内容：", indent=0)]
    blocks += [pdf.Paragraph(line) for line in context["content"]]
    blocks.append(
        pdf.Paragraph("依据：《突发环境事件信息报告办法》（环境保护部令第17号）。")
    )
    return tuple(blocks)


INCIDENT_REPORT = DocumentKind(
    code="emergency_report",
    title="突发环境事件报告",
    series=SERIES,
    fields=(
        Field("title", "事件名称"),
        Field("kind", "报告类别"),
        Field("place", "事发地点"),
        Field("received", "获知时间"),
        Field("grade", "初步定级"),
        Field("recipients", "报送对象"),
        Field("submitted", "报送时间"),
        Field("due", "报送时限"),
        Field("content", "报告内容", kind="list"),
    ),
    template=_report,
)


def register_kinds() -> None:
    register(INCIDENT_REPORT)


def _context(report: Report) -> dict[str, Any]:
    incident = report.incident
    return {
        "title": incident.title,
        "kind": str(report),
        "place": incident.place,
        "received": _when(incident.received_at),
        "grade": grading.LABELS.get(incident.grade, "未定级"),
        "recipients": report.recipients,
        "submitted": _when(report.submitted_at),
        "due": _when(report.due_at),
        "content": [line for line in report.content.splitlines() if line.strip()],
    }


def _issuing_unit(unit: Unit | None) -> Unit | None:
    """The unit itself, or the nearest unit above it with a 文号 prefix (a section
    such as 应急科 reports in the bureau's name)."""
    while unit is not None and not unit.document_prefix:
        unit = unit.parent
    return unit


@transaction.atomic
def report_document_issue(*, report: Report, by: User) -> Document:
    """Issue the PDF of a report already sent (once per report)."""
    if not by.has_perm("emergencies.handle_incident"):
        raise PermissionDenied("您没有该操作的权限。")
    report = (
        Report.objects.select_for_update().select_related("incident").get(pk=report.pk)
    )
    if report.kind == Report.Kind.CONGRESS:
        # The government reports to the congress with its own document; the
        # bureau only records it (its number is `Report.reference`).
        raise ValidationError("向人大常委会的报告由政府行文，本局不出具报告文书。")
    if report.submitted_at is None:
        raise ValidationError("报告报送后方可出具报告文书。")
    if report.document_id is not None:
        raise ValidationError("该报告已出具文书。")
    unit = _issuing_unit(report.incident.unit or by.unit)
    if unit is None:
        raise ValidationError("承办单位及其上级单位均未设置文号代字，不能出具文书。")
    document = casework.document_issue(
        kind=INCIDENT_REPORT.code,
        unit=unit,
        target=report.incident,
        by=by,
        context=_context(report),
    )
    report.document = document
    report.save(update_fields=["document"])
    return document
