"""Transfers to the police (移送公安机关; requirements E14): recorded with the
transfer document's number, the receiving police unit, the facts, the documents
(attachments: 移送书, 案件材料清单, the police's receipt) and the outcome.

Deciding to transfer is a major decision the 审委会 deliberates (集体审议规则 第三条
4、5) — issue 10; here the transfer made is recorded.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.core import records

from .. import selectors
from ..models import EnforcementCase, PoliceTransfer
from .inspections import _text


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
    transfer = PoliceTransfer.objects.create(
        case=case,
        kind=kind,
        police_unit=_text(police_unit, "接收的公安机关"),
        reference=_text(reference, "移送书文号"),
        facts=_text(facts, "移送的违法事实及依据"),
        transferred_at=timezone.now(),
        transferred_by=by,
    )
    records.append(
        action="enforcement.transfer_record",
        target=case,
        actor=by,
        data={"transfer": transfer.pk, "kind": kind},
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
    transfer.outcome_note = _text(note, "结果说明")
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
