"""Numbered PDFs of the module's documents (documents.py) through
`casework.services.document_issue`: the issuing unit, and the investigation
documents and the inspection notice / approval form (E6) on request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Document
from ecobureau.lib import dates

from .. import decision_documents, documents, selectors
from ..investigation import TEMPLATES
from ..models import Inspection, InvestigationDocument

decision_documents.register_kinds()


def issuing_unit(by: User) -> Unit:
    """The unit in whose name the document goes out: the officer's unit or the
    nearest unit above it with a 文号代字, else the bureau."""
    unit = by.unit
    seen = 0
    while unit is not None and not unit.document_prefix and seen < 10:
        unit = unit.parent
        seen += 1
    if unit is not None and unit.document_prefix:
        return unit
    bureau = (
        Unit.objects.filter(kind=Unit.Kind.BUREAU, is_active=True)
        .exclude(document_prefix="")
        .order_by("pk")
        .first()
    )
    if bureau is None:
        raise ValidationError(
            "未设置本局文号代字，不能制发文书。请先在单位管理中设置。"
        )
    return bureau


def issue(
    *, kind: str, target: models.Model, by: User, context: Mapping[str, Any]
) -> Document:
    return casework_services.document_issue(
        kind=kind, unit=issuing_unit(by), target=target, by=by, context=context
    )


def _officer_lines(officers: list[dict[str, Any]]) -> list[str]:
    return [f"{o['name']}（执法证号{o['credential_no']}）" for o in officers]


@transaction.atomic
def document_pdf_issue(*, document: InvestigationDocument, by: User) -> Document:
    """Print an investigation document as a numbered PDF (once)."""
    if not selectors.is_officer_of_case(by, document.case):
        raise PermissionDenied("您不是本案的承办人员。")
    code = documents.investigation_code(document.kind)
    if Document.objects.filter(
        kind=code, target_type=document._meta.label_lower, target_id=document.pk
    ).exists():
        raise ValidationError("该文书已生成编号文本。")
    template = TEMPLATES[document.kind]
    return issue(
        kind=code,
        target=document,
        by=by,
        context={
            "labels": [field.label for field in template.fields],
            "values": [
                document.fields.get(field.name) or "—" for field in template.fields
            ],
            "officers": _officer_lines(document.officers),
            "credentials": "已出示执法证件" if document.credentials_shown else "未出示",
            "rights": document.rights_told,
            "signature": "当事人或有关人员已签字盖章"
            if document.signed
            else f"拒绝签字：{document.refusal}",
        },
    )


@transaction.atomic
def inspection_forms_issue(*, inspection: Inspection, by: User) -> list[Document]:
    """行政检查通知书 and 行政检查审批表 of one inspection (seed 004, E6), for upload to
    the 辽宁执法监管平台: the plan item or the approved reason, the officers and
    their credential numbers. Issued once each."""
    if not (
        selectors.is_officer(by, inspection)
        or inspection.created_by_id == by.pk
        or (
            selectors.is_head(by)
            and selectors.inspection_list_for_user(by).filter(pk=inspection.pk).exists()
        )
    ):
        raise PermissionDenied("您无权制作本次检查的文书。")
    if inspection.status == "cancelled":
        raise ValidationError("检查已取消。")
    label = inspection._meta.label_lower
    if Document.objects.filter(
        target_type=label,
        target_id=inspection.pk,
        kind__in=["enf_inspection_notice", "enf_inspection_approval"],
    ).exists():
        raise ValidationError("本次检查的通知书和审批表已生成。")
    enterprise = inspection.enterprise
    officers = [
        f"{user.display_name}（执法证号{user.credential_no}）"
        for user in inspection.officers.order_by("pk")
    ]
    if inspection.plan_task_id:
        basis = "年度行政检查计划（“双随机、一公开”抽查任务）"
        category = "计划内检查" + (
            "（计入年度日常检查次数）" if inspection.routine else ""
        )
        approval = f"列入经批准的检查计划，任务编号{inspection.plan_task_id}"
    else:
        reason = inspection.reason
        assert reason is not None
        basis = f"{reason.get_source_display()}（{reason.reference or '检查事由#' + str(reason.pk)}）"
        category = "临时检查（个案检查）"
        approval_row = selectors.reason_approval(reason)
        decided = getattr(approval_row, "decided_at", None)
        approval = (
            f"临时检查事由#{reason.pk}已于{dates.local_date(decided):%Y-%m-%d}批准"
            if decided
            else f"临时检查事由#{reason.pk}"
        )
    when = (
        f"{dates.local_date(inspection.arrived_at):%Y年%m月%d日}"
        if inspection.arrived_at
        else "接到本通知时"
    )
    notice = issue(
        kind="enf_inspection_notice",
        target=inspection,
        by=by,
        context={
            "party": enterprise.name,
            "basis": basis,
            "officers": officers,
            "when": when,
            "matters": "污染防治设施运行、污染物排放及环境管理制度执行情况",
        },
    )
    form = issue(
        kind="enf_inspection_approval",
        target=inspection,
        by=by,
        context={
            "party": enterprise.name,
            "credit_code": enterprise.credit_code,
            "address": enterprise.address,
            "basis": basis,
            "category": category,
            "officers": officers,
            "when": when,
            "approval": approval,
        },
    )
    return [notice, form]
