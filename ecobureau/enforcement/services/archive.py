"""归档 and 备案 (issue 10 item 4).

- Within 30 days after the enforcement action ends, its text and audio/video
  records form a case file (全过程记录实施办法 第三十二条, A44): the catalogue
  (卷内目录) lists every document, recording, scan, payment and refund (退还多缴罚款)
  with its number, date and SHA-256, printed as a numbered PDF; the case reaches
  已归档. The clock is the `executed` step's (processes.ARCHIVE_DAYS). A case with
  money still to be refunded after a 变更决定 is not archived: the action has not
  ended while the party is owed (集体审议规则 第十条1, services/refunds.py).
- Within 7 days after an ordinary-procedure decision is served, the filing
  materials go to the reviewing body (法制审核制度 第十四条, A65); the clock starts
  at service (`filing_clock_start`) and stops at `legal_filing_record`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment, Document
from ecobureau.lib import dates

from .. import selectors
from ..models import (
    CaseFile,
    CompulsoryMeasure,
    EnforcementCase,
    InvestigationDocument,
    LegalFiling,
    PenaltyDecision,
)
from ..processes import ARCHIVE_DAYS, CASE, CASE_DECIDERS
from . import printing, refunds
from .decision_common import _check_staff, _record, _roles

CATALOGUE_KIND = "enf_case_catalogue"
FILING_DAYS = 7  # 法制审核制度 第十四条 ("7日内": calendar days, the bureau's own rule)
FILING_STEP = "legal_filing"
FILING_BASIS = (
    "重大行政执法决定法制审核制度第十四条：送达后7日内将行政处罚备案材料提交审核机构"
)
# 第十四条's list, with the document kinds that stand for each where the system
# issues them; the others are attached by hand (scans) and listed as such.
FILING_ITEMS = (
    ("行政处罚决定书", ("enf_penalty_decision",)),
    ("行政处罚决定书送达回证", ()),
    ("相关证据材料", ()),
    ("现场（询问）笔录", ("enf_doc_inquiry", "enf_doc_site_inspection")),
    ("听证告知书", ("enf_hearing_notice",)),
    ("行政处罚先行告知书", ("enf_prior_notice",)),
    ("案件合议记录", ()),
    ("法制审核意见表", ()),
    ("案件集体审议记录", ()),
)
# The completeness check of an ordinary penalty's file: without these the file is
# not complete and a reason must be given.
REQUIRED_KINDS = {
    "enf_penalty_decision": gettext_noop("行政处罚决定书"),
    "enf_prior_notice": gettext_noop("行政处罚先行告知书"),
}


def _targets(case: EnforcementCase) -> Q:
    """The case and everything filed under it."""
    q = Q(target_type=case._meta.label_lower, target_id=case.pk)
    docs = list(
        InvestigationDocument.objects.filter(case=case).values_list("pk", flat=True)
    )
    measures = list(
        CompulsoryMeasure.objects.filter(case=case).values_list("pk", flat=True)
    )
    if docs:
        q |= Q(target_type=InvestigationDocument._meta.label_lower, target_id__in=docs)
    if measures:
        q |= Q(target_type=CompulsoryMeasure._meta.label_lower, target_id__in=measures)
    return q


def catalogue_for(case: EnforcementCase) -> list[dict[str, str]]:
    """Every numbered document, then every other attachment (recordings, scans,
    photos, receipts), then the payments and refunds, in date order, numbered
    from 1."""
    documents = Document.objects.filter(_targets(case)).select_related("attachment")
    issued = {doc.attachment_id for doc in documents}
    items: list[tuple[str, dict[str, str]]] = []
    for doc in documents:
        items.append(
            (
                doc.issued_at.isoformat(),
                {
                    "kind": doc.kind,
                    "title": doc.title,
                    "reference": doc.reference,
                    "date": dates.local_date(doc.issued_at).isoformat(),
                    "sha256": doc.attachment.blob_id if doc.attachment else "",
                },
            )
        )
    kinds = dict(Attachment.Kind.choices)
    for att in Attachment.objects.filter(_targets(case)).exclude(pk__in=issued):
        items.append(
            (
                att.uploaded_at.isoformat(),
                {
                    "kind": f"attachment_{att.kind}",
                    "title": f"{kinds.get(att.kind, att.kind)}：{att.note or att.name}",
                    "reference": att.name,
                    "date": dates.local_date(att.uploaded_at).isoformat(),
                    "sha256": att.blob_id,
                },
            )
        )
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is not None:
        for payment in decision.payments.all():
            items.append(
                (
                    payment.recorded_at.isoformat(),
                    {
                        "kind": "payment",
                        "title": f"罚款缴纳{payment.amount}元（加处罚款{payment.surcharge}元）",
                        "reference": payment.receipt_note or "缴款凭证见上",
                        "date": payment.paid_on.isoformat(),
                        "sha256": payment.receipt.blob_id if payment.receipt else "",
                    },
                )
            )
        for refund in decision.refunds.select_related("receipt"):
            items.append(
                (
                    refund.recorded_at.isoformat(),
                    {
                        "kind": "refund",
                        "title": f"退还多缴罚款{refund.amount}元",
                        "reference": f"退款凭证号：{refund.voucher}",
                        "date": refund.refunded_on.isoformat(),
                        "sha256": refund.receipt.blob_id if refund.receipt else "",
                    },
                )
            )
    items.sort(key=lambda pair: pair[0])
    return [{"no": str(n), **item} for n, (_, item) in enumerate(items, start=1)]


def missing_for(case: EnforcementCase, catalogue: list[dict[str, str]]) -> list[str]:
    if case.status != "executed":
        return []
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None or decision.procedure != PenaltyDecision.Procedure.ORDINARY:
        return []
    present = {item["kind"] for item in catalogue}
    return [label for kind, label in REQUIRED_KINDS.items() if kind not in present]


def ended_on(case: EnforcementCase) -> date:
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is not None and decision.executed_at is not None:
        return dates.local_date(decision.executed_at)
    return dates.local_date(case.updated_at)


def archive_check(case: EnforcementCase) -> None:
    if not CaseFile.objects.filter(case=case).exists():
        raise ValidationError("请先形成案卷（卷内目录）。")


@transaction.atomic
def case_archive(
    *, case: EnforcementCase, by: User, missing_reason: str = ""
) -> CaseFile:
    """Assemble the file, print its catalogue and take the case to 已归档."""
    case = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    _check_staff(by, case)
    if CaseFile.objects.filter(case=case).exists():
        raise ValidationError("该案件已归档。")
    if case.status not in ("executed", "not_punished"):
        raise ValidationError("执行完毕或不予处罚的案件方可归档。")
    decision = PenaltyDecision.objects.filter(case=case).first()
    owed = refunds.refund_state(decision).remaining if decision else 0
    if owed:
        raise ValidationError(
            gettext("尚有应予退还的罚款%(owed)s元未退还，请登记退还后再归档。")
            % {"owed": owed}
        )
    catalogue = catalogue_for(case)
    missing = missing_for(case, catalogue)
    if missing and not missing_reason.strip():
        raise ValidationError(
            gettext("案卷缺少：%(missing)s。请补齐或说明原因。")
            % {"missing": gettext("、").join(gettext(label) for label in missing)}
        )
    end = ended_on(case)
    due = end + timedelta(days=ARCHIVE_DAYS)
    note = f"缺件：{'、'.join(missing)}（{missing_reason.strip()}）" if missing else ""
    document = printing.issue(
        kind=CATALOGUE_KIND,
        target=case,
        by=by,
        context={
            "case": f"案件#{case.pk}",
            "party": case.enterprise.name,
            "ended": end.isoformat(),
            "due": due.isoformat(),
            "items": [
                f"{i['no']}|{i['title']}|{i['reference']} {i['date']}|{i['sha256']}"
                for i in catalogue
            ],
            "missing": note,
        },
    )
    case_file = CaseFile.objects.create(
        case=case,
        ended_on=end,
        due_on=due,
        catalogue=catalogue,
        document=document,
        missing=[*missing, missing_reason.strip()] if missing else [],
        assembled_by=by,
        assembled_at=timezone.now(),
    )
    casework_services.case_transition(
        process=CASE, case=case, transition="archive", by=by
    )
    if decision is not None:
        _record(
            "case_archive", decision, by, case_file=case_file.pk, items=len(catalogue)
        )
    return case_file


# --- 备案 (法制审核制度 第十四条) ------------------------------------------------------


def filing_clock_start(decision: PenaltyDecision, by: User) -> None:
    """Called at service of an ordinary-procedure decision."""
    if decision.procedure != PenaltyDecision.Procedure.ORDINARY:
        return
    assert decision.served_at is not None
    casework_services.clock_start(
        target=decision.case,
        step=FILING_STEP,
        label="行政处罚备案期限",
        amount=FILING_DAYS,
        unit="days",
        by=by,
        basis=FILING_BASIS,
        started_at=decision.served_at,
    )


def filing_clock(case: EnforcementCase):  # type: ignore[no-untyped-def]
    return (
        casework_services.clocks_for(case)
        .filter(step=FILING_STEP)
        .order_by("-pk")
        .first()
    )


def filing_items(case: EnforcementCase) -> list[dict[str, str]]:
    documents = Document.objects.filter(_targets(case))
    found = []
    for label, kinds in FILING_ITEMS:
        refs = [d.reference for d in documents if d.kind in kinds]
        found.append({"item": label, "documents": "、".join(refs) or "（扫描件随附）"})
    return found


@transaction.atomic
def legal_filing_record(
    *, decision: PenaltyDecision, by: User, late_reason: str = ""
) -> LegalFiling:
    case = decision.case
    _check_staff(by, case)
    if (
        decision.procedure != PenaltyDecision.Procedure.ORDINARY
        or decision.served_at is None
    ):
        raise ValidationError("一般程序的处罚决定送达后方可备案。")
    if LegalFiling.objects.filter(decision=decision).exists():
        raise ValidationError("已备案。")
    due = dates.local_date(decision.served_at) + timedelta(days=FILING_DAYS)
    today = dates.local_date(timezone.now())
    if today > due and not late_reason.strip():
        raise ValidationError(
            gettext("备案期限%(due)s已过，请说明逾期原因。") % {"due": due}
        )
    filing = LegalFiling.objects.create(
        decision=decision,
        due_on=due,
        items=filing_items(case),
        filed_by=by,
        filed_at=timezone.now(),
        late_reason=late_reason.strip(),
    )
    clock = filing_clock(case)
    if clock is not None and clock.is_open:
        casework_services.clock_stop(clock=clock, by=by)
    _record("legal_filing", decision, by, filing=filing.pk, late=today > due)
    return filing


def case_file_for_user(user: User, pk: int) -> CaseFile:
    """A case file is seen by whoever sees its case, and by the reviewing body."""
    case_file = CaseFile.objects.select_related("case__enterprise").get(pk=pk)
    if selectors.case_list_for_user(user).filter(pk=case_file.case_id).exists():
        return case_file
    if user.is_superuser or _roles(user) & {"legal_reviewer", *CASE_DECIDERS}:
        return case_file
    raise PermissionDenied("您无权查看该案卷。")
