"""The party's access to its enforcement record (全过程记录实施办法第三十四条; A46):
the enterprise applies to consult or copy; the head decides; what the law keeps
confidential (attachments marked confidential, and whatever the head withholds) is
not released; the application, the decision, the release and every download are
recorded."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment, Document
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors

from .. import selectors
from ..models import EnforcementCase, RecordAccessRequest
from ..processes import CASE_DECIDERS
from .inspections import _text


@transaction.atomic
def access_apply(
    *, case: EnforcementCase, kind: str, purpose: str, by: User
) -> RecordAccessRequest:
    """The party (its enterprise account) applies."""
    enterprise = enterprise_selectors.enterprise_for_account(by)
    if by.is_staff_member or enterprise is None or enterprise.pk != case.enterprise_id:
        raise PermissionDenied("只有案件当事人可以申请查阅、复制执法记录。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("案件不存在或尚未立案。")
    if kind not in RecordAccessRequest.Kind.values:
        raise ValidationError("请选择查阅或复制。")
    if case.access_requests.filter(status=RecordAccessRequest.Status.PENDING).exists():
        raise ValidationError("已有待审批的申请。")
    request = RecordAccessRequest.objects.create(
        case=case,
        requested_by=by,
        kind=kind,
        purpose=_text(purpose, gettext_noop("用途")),
        requested_at=timezone.now(),
    )
    records.append(
        action="enforcement.access_apply",
        target=case,
        actor=by,
        data={"request": request.pk, "kind": kind},
    )
    return request


@transaction.atomic
def access_decide(
    *,
    request: RecordAccessRequest,
    grant: bool,
    opinion: str,
    by: User,
    withhold: Iterable[int] = (),
    withheld: str = "",
) -> RecordAccessRequest:
    """The head grants (releasing the record's files but the confidential ones and
    those withheld, with the reason) or refuses."""
    request = RecordAccessRequest.objects.select_for_update().get(pk=request.pk)
    case = request.case
    if not (
        by.is_staff_member
        and (by.is_superuser or by.roles.filter(code__in=CASE_DECIDERS).exists())
    ):
        raise PermissionDenied("须经负责人同意。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if request.status != RecordAccessRequest.Status.PENDING:
        raise ValidationError("已作出决定。")
    request.opinion = _text(opinion, gettext_noop("负责人意见"))
    request.decided_by = by
    request.decided_at = timezone.now()
    withhold_ids = {int(pk) for pk in withhold}
    if grant:
        available = selectors.record_files(case)
        released = [
            a.pk for a in available if not a.confidential and a.pk not in withhold_ids
        ]
        if withhold_ids or any(a.confidential for a in available):
            request.withheld = _text(
                withheld, gettext_noop("不予提供部分的理由（依法应保密的内容）")
            )
        else:
            request.withheld = withheld.strip()
        request.released = released
        request.status = RecordAccessRequest.Status.GRANTED
    else:
        request.status = RecordAccessRequest.Status.REFUSED
    request.save()
    records.append(
        action="enforcement.access_decide",
        target=case,
        actor=by,
        before=RecordAccessRequest.Status.PENDING,
        after=request.status,
        data={"request": request.pk, "released": request.released},
    )
    return request


@transaction.atomic
def access_open(
    *, request: RecordAccessRequest, attachment_id: int, by: User
) -> tuple[Attachment, BinaryIO]:
    """The party opens one released file; every opening is recorded."""
    enterprise = enterprise_selectors.enterprise_for_account(by)
    if (
        enterprise is None
        or enterprise.pk != request.case.enterprise_id
        or request.status != RecordAccessRequest.Status.GRANTED
        or attachment_id not in request.released
    ):
        raise PermissionDenied("该材料未向您提供。")
    attachment = Attachment.objects.get(pk=attachment_id)
    records.append(
        action="enforcement.access_open",
        target=request.case,
        actor=by,
        data={"request": request.pk, "attachment": attachment.pk},
        sha256=[attachment.blob_id],
    )
    return attachment, casework_services.attachment_open(attachment)


@transaction.atomic
def party_document_open(
    *, case: EnforcementCase, document_id: int, by: User
) -> tuple[Document, BinaryIO]:
    """The party opens a document issued to it on its case (`selectors.
    party_documents`: notices, decisions, measure decisions and lists, 催告书);
    each opening is recorded as `enforcement.decision_document_open`, the entry
    the decision documents already use. `case` comes from
    `selectors.case_get_for_user`, so it is the party's own."""
    own = enterprise_selectors.enterprise_for_account(by)
    if by.is_staff_member or own is None or own.pk != case.enterprise_id:
        raise PermissionDenied("只有当事人本人可以查看送达给本单位的文书。")
    document = selectors.party_documents(case).filter(pk=document_id).first()
    if document is None:
        raise PermissionDenied("该文书不存在或未送达给您。")
    records.append(
        action="enforcement.decision_document_open",
        target=case,
        actor=by,
        data={
            "document": document.pk,
            "reference": document.reference,
            "kind": document.kind,
        },
    )
    return document, casework_services.attachment_open(document.attachment)
