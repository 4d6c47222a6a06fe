"""Investigation documents and the end of the investigation.

全过程记录实施办法: 第十条 officers, credential numbers and whether shown; 第十一条
rights told and how; 第十二条 the documents, signatures, refusals recorded;
第十三条 on-site inspection (勘验) and sampling with simultaneous audio/video unless
unsuitable — the case cannot conclude its investigation without them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment, Clock
from ecobureau.core import records
from ecobureau.grid import selectors as grid_selectors

from .. import selectors
from ..investigation import RECORDING_KINDS, TEMPLATES
from ..models import EnforcementCase, InvestigationDocument, PreservationDecision
from ..processes import CASE, PRESERVATION_BASIS, PRESERVATION_DAYS
from .inspections import _text

RECORDING = (Attachment.Kind.AUDIO, Attachment.Kind.VIDEO)


def _require_case_officer(by: User, case: EnforcementCase) -> None:
    if not selectors.is_officer_of_case(by, case):
        raise PermissionDenied("您不是本案的承办人员。")


def _shown(document: InvestigationDocument) -> str:
    """`str(document)` in the reader's language, for a message naming it."""
    template = TEMPLATES.get(document.kind)
    title = gettext(template.title) if template else document.kind
    return f"{title}#{document.pk}"


def _require_investigating(case: EnforcementCase) -> None:
    if case.status == "investigating":
        return
    if case.status == "registered" and case.urgent:
        return  # 情况紧急先行启动 (第八条): investigation may start before filing
    raise ValidationError(
        gettext("案件当前为“%(status)s”，不能制作调查取证文书。")
        % {"status": gettext(CASE.step(case.status).label)}
    )


@transaction.atomic
def document_make(
    *,
    case: EnforcementCase,
    kind: str,
    fields: Mapping[str, str],
    officers: Sequence[User],
    credentials_shown: bool,
    by: User,
    rights_told: str = "",
    signed: bool = False,
    refusal: str = "",
    no_recording_reason: str = "",
) -> InvestigationDocument:
    """Make one investigation document from its template."""
    _require_case_officer(by, case)
    _require_investigating(case)
    template = TEMPLATES.get(kind)
    if template is None:
        raise ValidationError("请选择文书种类。")
    names = {field.name for field in template.fields}
    if set(fields) - names:
        raise ValidationError("文书内容与所选文书种类不符。")
    content: dict[str, str] = {}
    for field in template.fields:
        value = (fields.get(field.name) or "").strip()
        if field.required and not value:
            raise ValidationError(
                gettext("%(document)s：请填写%(field)s。")
                % {"document": gettext(template.title), "field": gettext(field.label)}
            )
        content[field.name] = value
    present = list({user.pk: user for user in officers}.values())
    if len(present) < grid_selectors.team_size():
        raise ValidationError(
            "调查取证的执法人员不得少于两人（行政处罚法第四十二条）。"
        )
    case_officers = set(case.officers.values_list("pk", flat=True))
    qualified = dict(
        grid_selectors.qualified_inspectors()
        .filter(pk__in=[user.pk for user in present])
        .values_list("pk", "credential_no")
    )
    for user in present:
        if user.pk not in case_officers:
            raise ValidationError(
                gettext("%(name)s不是本案的承办人员。") % {"name": user.display_name}
            )
        if user.pk not in qualified:
            raise ValidationError(
                gettext("%(name)s未持有有效的执法证件。") % {"name": user.display_name}
            )
    if not credentials_shown:
        raise ValidationError("执法人员应当出示执法证件，并记录出示情况（第十条）。")
    rights_told = rights_told.strip()
    if template.rights and not rights_told:
        raise ValidationError(
            gettext("%(document)s：请记录权利告知的内容及方式（第十一条）。")
            % {"document": gettext(template.title)}
        )
    refusal = refusal.strip()
    if not signed and not refusal:
        raise ValidationError(
            "当事人或有关人员未签字盖章的，须记录拒绝签字或拒绝接受调查的情况（第十二条）。"
        )
    document = InvestigationDocument.objects.create(
        case=case,
        kind=kind,
        fields=content,
        officers=[
            {
                "id": user.pk,
                "name": user.display_name,
                "credential_no": qualified[user.pk],
            }
            for user in present
        ],
        credentials_shown=True,
        rights_told=rights_told,
        signed=signed,
        refusal=refusal,
        no_recording_reason=no_recording_reason.strip(),
        made_by=by,
        made_at=timezone.now(),
    )
    if kind == "evidence_list":
        casework_services.clock_start(
            target=document,
            step="preservation",
            label="先行登记保存处理决定期限",
            amount=PRESERVATION_DAYS,
            unit="workdays",
            basis=PRESERVATION_BASIS,
            by=by,
            responsible=by,
            responsible_unit=by.unit,
            district=case.district,
            township=case.township,
        )
    records.append(
        action="enforcement.document_make",
        target=case,
        actor=by,
        data={
            "document": document.pk,
            "kind": kind,
            "officers": sorted(user.pk for user in present),
            "signed": signed,
            "refused": bool(refusal),
            "no_recording_reason": document.no_recording_reason or None,
        },
    )
    return document


@transaction.atomic
def document_file_add(
    *,
    document: InvestigationDocument,
    by: User,
    file: File[bytes],
    kind: str,
    captured_at: datetime | None = None,
    note: str = "",
) -> Attachment:
    """The audio/video (or a photo, a scan) made with the document."""
    case = document.case
    _require_case_officer(by, case)
    if case.status not in ("registered", "investigating"):
        raise ValidationError("调查已终结，不能再补充材料。")
    if kind not in Attachment.Kind.values:
        raise ValidationError("附件类别无效。")
    return casework_services.attachment_add(
        file=file,
        target=document,
        kind=kind,
        by=by,
        note=note,
        captured_at=captured_at,
    )


@transaction.atomic
def preservation_decide(
    *, document: InvestigationDocument, decision: str, note: str, by: User
) -> InvestigationDocument:
    """Decide what happens to evidence registered and preserved (within 7 working
    days, P19): the clock stops, met or missed."""
    document = InvestigationDocument.objects.select_for_update().get(pk=document.pk)
    case = document.case
    if not (
        selectors.is_officer_of_case(by, case)
        or (
            selectors.is_head(by)
            and selectors.case_list_for_user(by).filter(pk=case.pk).exists()
        )
    ):
        raise PermissionDenied("只有承办人员或负责人可以作出处理决定。")
    if document.kind != "evidence_list":
        raise ValidationError("只有证据登记保存清单需要作出先行登记保存处理决定。")
    if document.preservation_decision:
        raise ValidationError("已作出处理决定。")
    if decision not in PreservationDecision.values:
        raise ValidationError("请选择处理决定。")
    now = timezone.now()
    document.preservation_decision = decision
    document.preservation_note = _text(note, gettext_noop("处理决定说明"))
    document.preservation_decided_at = now
    document.save(
        update_fields=[
            "preservation_decision",
            "preservation_note",
            "preservation_decided_at",
        ]
    )
    for clock in Clock.objects.filter(
        target_type="enforcement.investigationdocument",
        target_id=document.pk,
        step="preservation",
        state__in=Clock.OPEN_STATES,
    ):
        casework_services.clock_stop(clock=clock, by=by, at=now)
    records.append(
        action="enforcement.preservation_decide",
        target=case,
        actor=by,
        data={"document": document.pk, "decision": decision},
    )
    return document


def conclude_check(case: EnforcementCase) -> None:
    from .measures import measures_check

    documents = list(case.documents.all())
    if not documents:
        raise ValidationError("尚未制作任何调查取证文书。")
    undecided = [
        _shown(d)
        for d in documents
        if d.kind == "evidence_list" and not d.preservation_decision
    ]
    if undecided:
        raise ValidationError(
            gettext("先行登记保存的证据尚未作出处理决定：%(documents)s。")
            % {"documents": gettext("、").join(undecided)}
        )
    needing = [d for d in documents if d.kind in RECORDING_KINDS]
    recorded = set(
        Attachment.objects.filter(
            target_type="enforcement.investigationdocument",
            target_id__in=[d.pk for d in needing],
            kind__in=RECORDING,
        ).values_list("target_id", flat=True)
    )
    lacking = [
        _shown(d) for d in needing if d.pk not in recorded and not d.no_recording_reason
    ]
    if lacking:
        raise ValidationError(
            gettext(
                "以下文书须同时进行音像记录（全过程记录实施办法第十三条）：%(documents)s。"
                "请上传录音录像，或说明不适宜音像记录的理由。"
            )
            % {"documents": gettext("、").join(lacking)}
        )
    measures_check(case)


@transaction.atomic
def case_conclude(*, case: EnforcementCase, by: User) -> EnforcementCase:
    """调查终结: every document needing audio/video has it (or a stated reason)."""
    casework_services.case_transition(
        process=CASE, case=case, transition="conclude", by=by
    )
    return case


__all__ = ["_text"]
