"""Transfers to the police (移送公安机关; requirements E14): recorded with the
transfer document's number, the receiving police unit, the facts, the documents
(attachments: 移送书, 案件材料清单, the police's receipt) and the outcome.

Deciding to transfer is a major decision the 审委会 deliberates (集体审议规则 第三条
4、5; 法制审核制度 第二条（四）（五）): the transfer is accepted only after a meeting
that reached its quorum agreed to a decision naming that transfer, and while the
decision still names it (`concluded_deliberation`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.documents import DocumentKind, Field, register
from ecobureau.casework.models import Attachment, Document
from ecobureau.core import records
from ecobureau.lib import pdf

from .. import selectors
from ..models import Deliberation, EnforcementCase, PenaltyDecision, PoliceTransfer
from . import printing
from .inspections import _text

# --- 移送书 (a numbered document, E14) ---------------------------------------------------
# Defined here rather than in documents.py (another issue's work is there at the
# moment); registered on import, as documents.register_kinds does at start-up.

TRANSFER_KIND = "enf_police_transfer"
TRANSFER_BASIS = {
    PoliceTransfer.Kind.CRIME: "《行政执法机关移送涉嫌犯罪案件的规定》第三条、"
    "《环境保护行政执法与刑事司法衔接工作办法》",
    PoliceTransfer.Kind.DETENTION: "《中华人民共和国环境保护法》第六十三条、"
    "《行政主管部门移送适用行政拘留环境违法案件暂行办法》",
}


def _transfer_text(context: Mapping[str, Any]) -> tuple[pdf.Block, ...]:
    return (
        pdf.Paragraph(f"{context['police_unit']}：", indent=0),
        pdf.Paragraph(
            f"我局在办理{context['party']}{context['case']}一案中，查明：{context['facts']}"
        ),
        pdf.Paragraph(
            f"该案{context['kind']}，依据{context['basis']}，现将该案移送你单位，"
            "请依法处理，并将处理结果书面告知我局。"
        ),
        pdf.Paragraph(f"承办人员：{'、'.join(context['officers'])}。"),
        pdf.Paragraph("附件：案件材料清单及有关材料。"),
    )


TRANSFER_DOCUMENT = DocumentKind(
    code=TRANSFER_KIND,
    title="案件移送书",
    series="移",
    fields=(
        Field("police_unit", "接收的公安机关"),
        Field("party", "当事人"),
        Field("case", "案件"),
        Field("kind", "移送类型"),
        Field("facts", "违法事实"),
        Field("basis", "移送依据"),
        Field("officers", "承办人员", kind="list"),
    ),
    template=_transfer_text,
)
register(TRANSFER_DOCUMENT)


# 第三条4 (行政拘留) and 5 (涉嫌犯罪): the decision's measure for each kind.
TRANSFER_MEASURES = {
    PoliceTransfer.Kind.CRIME: PenaltyDecision.Measure.POLICE_CRIMINAL,
    PoliceTransfer.Kind.DETENTION: PenaltyDecision.Measure.POLICE_DETENTION,
}
AGREED = (Deliberation.Outcome.AGREE, Deliberation.Outcome.AMEND)


def concluded_deliberation(case: EnforcementCase, kind: str) -> Deliberation | None:
    """The latest 审委会 meeting that reached its quorum and agreed to a decision
    naming this transfer, if the case's decision still names it."""
    measure = TRANSFER_MEASURES[PoliceTransfer.Kind(kind)]
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None or measure not in decision.measures:
        return None
    meetings = decision.deliberations.filter(
        quorum_met=True, outcome__in=AGREED
    ).order_by("-round")
    for meeting in meetings:
        if measure in (meeting.penalty or {}).get("measures", []):
            return meeting
    return None


def _require_handler(by: User, case: EnforcementCase) -> None:
    if selectors.is_officer_of_case(by, case):
        return
    if (
        selectors.is_head(by)
        and selectors.case_list_for_user(by).filter(pk=case.pk).exists()
    ):
        return
    raise PermissionDenied("只有承办人员或负责人可以登记移送。")


@transaction.atomic
def transfer_record(
    *,
    case: EnforcementCase,
    kind: str,
    police_unit: str,
    reference: str,
    facts: str,
    by: User,
) -> PoliceTransfer:
    _require_handler(by, case)
    if case.status not in ("investigating", "investigated"):
        raise ValidationError("立案后方可登记移送公安机关。")
    if kind not in PoliceTransfer.Kind.values:
        raise ValidationError("请选择移送类型。")
    meeting = concluded_deliberation(case, kind)
    if meeting is None:
        raise ValidationError(
            "移送公安机关属于重大行政执法决定（集体审议规则第三条第4、5项），"
            "须经法制审核并由审委会集体审议同意后方可移送。"
        )
    transfer = PoliceTransfer.objects.create(
        case=case,
        kind=kind,
        police_unit=_text(police_unit, gettext_noop("接收的公安机关")),
        reference=_text(reference, gettext_noop("移送书文号")),
        facts=_text(facts, gettext_noop("移送的违法事实及依据")),
        transferred_at=timezone.now(),
        transferred_by=by,
    )
    records.append(
        action="enforcement.transfer_record",
        target=case,
        actor=by,
        data={"transfer": transfer.pk, "kind": kind, "deliberation": meeting.pk},
    )
    return transfer


@transaction.atomic
def transfer_file_add(
    *, transfer: PoliceTransfer, by: User, file: File[bytes], note: str = ""
) -> Attachment:
    _require_handler(by, transfer.case)
    return casework_services.attachment_add(
        file=file, target=transfer, kind=Attachment.Kind.SCAN, by=by, note=note
    )


@transaction.atomic
def transfer_outcome(
    *, transfer: PoliceTransfer, outcome: str, note: str, by: User
) -> PoliceTransfer:
    transfer = PoliceTransfer.objects.select_for_update().get(pk=transfer.pk)
    _require_handler(by, transfer.case)
    if transfer.outcome:
        raise ValidationError("已登记办理结果。")
    if outcome not in PoliceTransfer.Outcome.values:
        raise ValidationError("请选择办理结果。")
    transfer.outcome = outcome
    transfer.outcome_note = _text(note, gettext_noop("结果说明"))
    transfer.outcome_at = timezone.now()
    transfer.outcome_by = by
    transfer.save()
    records.append(
        action="enforcement.transfer_outcome",
        target=transfer.case,
        actor=by,
        data={"transfer": transfer.pk, "outcome": outcome},
    )
    return transfer


def transfer_document(transfer: PoliceTransfer) -> Document | None:
    return Document.objects.filter(
        kind=TRANSFER_KIND,
        target_type=transfer._meta.label_lower,
        target_id=transfer.pk,
    ).first()


@transaction.atomic
def transfer_document_issue(*, transfer: PoliceTransfer, by: User) -> Document:
    """Print the 案件移送书 as a numbered PDF (once) through the printing helper."""
    transfer = PoliceTransfer.objects.select_for_update().get(pk=transfer.pk)
    _require_handler(by, transfer.case)
    if transfer_document(transfer) is not None:
        raise ValidationError("该移送已生成移送书。")
    case = transfer.case
    document = printing.issue(
        kind=TRANSFER_KIND,
        target=transfer,
        by=by,
        context={
            "police_unit": transfer.police_unit,
            "party": case.enterprise.name,
            "case": str(case),
            "kind": transfer.get_kind_display(),
            "facts": transfer.facts,
            "basis": TRANSFER_BASIS[PoliceTransfer.Kind(transfer.kind)],
            "officers": [u.display_name for u in case.officers.all()],
        },
    )
    records.append(
        action="enforcement.transfer_document",
        target=case,
        actor=by,
        data={"transfer": transfer.pk, "document": document.reference},
    )
    return document
