"""Publication of penalty decisions on the portal (行政处罚法第四十八条; rules.md P18).

- Published within `ENFORCEMENT_PUBLICATION_WORKDAYS` working days of the decision
  (default 7: 国办发〔2018〕118号's figure for 执法决定信息, not a rules.md row, so
  示例配置 until the bureau confirms it).
- A private person's identity is never published: a citizen party appears as
  "个人（依法隐去姓名）" with no credit code; an organisation by name and credit code.
  The facts are published de-identified (`public_facts`): ID numbers and mobile
  numbers masked wherever they occur, and the names, phone and address the case's
  party row holds for a person (a citizen party's own, an organisation's legal
  representative and contact) masked with `lib.identity_crypto`'s masks, so the
  published text and its search never find a private person.
- Withdrawn within 3 working days after the decision is changed, revoked, or found
  illegal or invalid (第四十八条第二款, P18); `publication_withdraw` records the day
  of the change, the due day and when it was done.
- At most one live entry per decision (a conditional unique constraint on
  `PublishedDecision`). A withdrawn entry comes back only as the corrected
  decision: `decision_publish` publishes again when a 变更决定
  (`correction.decision_correct`) was made after the withdrawn entry was
  published; the new entry carries the corrected penalty, the 变更决定书's number
  with the original 决定书's beside it, and its own due day, counted from the
  变更决定 with the same working days. A decision withdrawn without a 变更决定
  (revoked, found illegal or invalid) is not published again. A decision
  corrected before it was ever published is published as corrected, due from the
  decision itself (the duty to publish arose then).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Document
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import dates, deidentify

from ..models import (
    DecisionCorrection,
    EnforcementCase,
    PenaltyDecision,
    PublishedDecision,
)
from ..selectors import CITIZEN_LABEL
from .decision_common import _check_staff, _locked, _record, add_workdays

WITHDRAW_WORKDAYS = 3  # P18
DECISION_KINDS = ("enf_penalty_decision", "enf_summary_decision")


def publication_workdays() -> int:
    return int(getattr(settings, "ENFORCEMENT_PUBLICATION_WORKDAYS", 7))


def publication_due(decision: PenaltyDecision) -> date | None:
    if decision.decided_at is None:
        return None
    return add_workdays(dates.local_date(decision.decided_at), publication_workdays())


def publication_latest(decision: PenaltyDecision) -> PublishedDecision | None:
    """The decision's latest entry, live or withdrawn."""
    return (
        PublishedDecision.objects.filter(decision=decision)
        .order_by("-published_at", "-pk")
        .first()
    )


def _latest_correction(
    decision: PenaltyDecision, after: datetime | None = None
) -> DecisionCorrection | None:
    """The decision's latest 变更决定 (made after `after`, if given)."""
    corrections = DecisionCorrection.objects.select_related(
        "document", "original_document"
    ).filter(decision=decision)
    if after is not None:
        corrections = corrections.filter(made_at__gt=after)
    return corrections.order_by("-made_at", "-pk").first()


def republishable(decision: PenaltyDecision) -> DecisionCorrection | None:
    """The 变更决定 to publish when the latest entry was withdrawn and the
    decision was corrected after that entry was published; None otherwise."""
    latest = publication_latest(decision)
    if latest is None or latest.withdrawn_at is None:
        return None
    return _latest_correction(decision, after=latest.published_at)


def renewed(decision: PenaltyDecision) -> bool:
    """A new decision made after the latest entry was published: after a
    supersession (services/supersede.py) the old entry was withdrawn and the
    new decision is published afresh once served."""
    latest = publication_latest(decision)
    return bool(
        latest is not None
        and latest.withdrawn_at is not None
        and decision.decided_at is not None
        and decision.decided_at > latest.published_at
    )


def public_facts(facts: str, enterprise: Enterprise | None, *, citizen: bool) -> str:
    """The facts as published: no private person identifiable (个人信息保护法;
    政府信息公开条例第十五条). For a citizen party the party row is the person:
    their name, phone and address are masked; for an organisation its legal
    representative's and contact's names and the contact phone. ID numbers and
    mobile numbers are masked wherever they occur."""
    if enterprise is not None and not citizen and enterprise.name.strip():
        # an organisation's own name stays whole, even when a person's name is in it
        own = enterprise.name.strip()
        return own.join(
            _masked(part, enterprise, citizen=False) for part in facts.split(own)
        )
    return _masked(facts, enterprise, citizen=citizen)


def _masked(text: str, enterprise: Enterprise | None, *, citizen: bool) -> str:
    if enterprise is None:
        return deidentify.mask_text(text)
    names = [enterprise.legal_representative, enterprise.contact_name]
    if citizen:
        names.append(enterprise.name)
    return deidentify.mask_text(
        text,
        names=names,
        phones=[enterprise.contact_phone],
        addresses=[enterprise.address] if citizen else [],
    )


def _original_document(case: EnforcementCase) -> Document:
    document = (
        Document.objects.filter(
            target_type=case._meta.label_lower,
            target_id=case.pk,
            kind__in=DECISION_KINDS,
        )
        .order_by("-issued_at")
        .first()
    )
    if document is None:
        raise ValidationError("未找到行政处罚决定书。")
    return document


@transaction.atomic
def decision_publish(*, decision: PenaltyDecision, by: User) -> PublishedDecision:
    """Publish a served decision; after a 变更决定, publish the corrected one
    again (see the module docstring)."""
    decision = _locked(decision)  # two publishers of one decision queue here
    case = EnforcementCase.objects.select_related("enterprise__district").get(
        pk=decision.case_id
    )
    _check_staff(by, case)
    if decision.served_at is None:
        raise ValidationError("处罚决定送达后方可公开。")
    latest = publication_latest(decision)
    if latest is not None and latest.withdrawn_at is None:
        raise ValidationError("该决定已公开。")
    assert decision.decided_at is not None
    if renewed(decision):
        # a new decision after a supersession (services/supersede.py): published
        # afresh, with the corrections of this decision only
        corrected = _latest_correction(decision, after=decision.decided_at)
        due_or_none = publication_due(decision)
        assert due_or_none is not None
        due = due_or_none
    elif latest is not None:
        # withdrawn: only a 变更决定 made after that entry brings it back
        corrected = republishable(decision)
        if corrected is None:
            raise ValidationError(
                "该决定的公开信息已撤下，且此后未作出变更决定；"
                "被撤销或确认违法、无效的决定不再公开。"
            )
        due = add_workdays(dates.local_date(corrected.made_at), publication_workdays())
    else:
        corrected = _latest_correction(decision, after=decision.decided_at)
        due_or_none = publication_due(decision)
        assert due_or_none is not None
        due = due_or_none
    if corrected is not None:
        reference = corrected.document.reference
        original = corrected.original_document.reference
        decided_on = dates.local_date(corrected.made_at)
    else:
        reference, original = _original_document(case).reference, ""
        decided_on = dates.local_date(decision.decided_at)
    citizen = decision.party_kind == PenaltyDecision.PartyKind.CITIZEN
    enterprise = case.enterprise
    published = PublishedDecision.objects.create(
        decision=decision,
        correction=corrected,
        reference=reference,
        original_reference=original,
        party=CITIZEN_LABEL if citizen else enterprise.name,
        credit_code="" if citizen else (enterprise.credit_code or ""),
        district=getattr(getattr(enterprise, "district", None), "name", "") or "",
        facts=public_facts(decision.facts, enterprise, citizen=citizen),
        basis=decision.legal_basis,
        penalty=decision.penalty_text()[:300],
        decided_on=decided_on,
        due_on=due,
        published_at=timezone.now(),
        published_by=by,
    )
    _record(
        "decision_publish",
        decision,
        by,
        publication=published.pk,
        correction=corrected.pk if corrected else None,
        replaces=latest.pk if latest else None,
        late=dates.local_date(published.published_at) > due,
    )
    return published


@transaction.atomic
def publication_withdraw(
    *, published: PublishedDecision, changed_on: date, reason: str, by: User
) -> PublishedDecision:
    """Take the decision off the portal (变更、撤销、确认违法或无效, P18)."""
    _check_staff(by, published.decision.case)
    if published.withdrawn_at is not None:
        raise ValidationError("已撤下。")
    if not reason.strip():
        raise ValidationError("请填写撤下原因（决定被变更、撤销或确认违法、无效）。")
    today = dates.local_date(timezone.now())
    if changed_on > today:
        raise ValidationError("变更或撤销日期不能晚于今天。")
    published.withdraw_due = add_workdays(changed_on, WITHDRAW_WORKDAYS)
    published.withdraw_reason = reason.strip()
    published.withdrawn_at = timezone.now()
    published.save(update_fields=["withdraw_due", "withdraw_reason", "withdrawn_at"])
    _record(
        "publication_withdraw",
        published.decision,
        by,
        publication=published.pk,
        late=today > published.withdraw_due,
    )
    return published


def public_decisions(query: str = "") -> QuerySet[PublishedDecision]:
    """What the public sees: published and not withdrawn; only public fields."""
    qs = PublishedDecision.objects.filter(withdrawn_at__isnull=True).only(
        "reference",
        "original_reference",
        "party",
        "credit_code",
        "district",
        "facts",
        "basis",
        "penalty",
        "decided_on",
        "published_at",
    )
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(reference__icontains=query)
            | Q(original_reference__icontains=query)
            | Q(party__icontains=query)
            | Q(credit_code__icontains=query)
            | Q(facts__icontains=query)
        )
    return qs.order_by("-decided_on", "-pk")


def public_decisions_by_plan_task(task_ids: list[int]) -> dict[int, list[Any]]:
    """The live published decisions of cases opened from each grid plan task's
    inspection, for grid's public 双随机 results (A93 "抽查情况及查处结果"); grid
    cannot import this module, so `EnforcementConfig.ready` registers it there."""
    from ecobureau.grid.selectors import PublicDecisionRef

    found: dict[int, list[Any]] = defaultdict(list)
    rows = (
        PublishedDecision.objects.filter(
            withdrawn_at__isnull=True,
            decision__case__inspection__plan_task_id__in=task_ids,
        )
        .order_by("decided_on", "pk")
        .values_list(
            "decision__case__inspection__plan_task_id", "reference", "decided_on"
        )
    )
    for task_id, reference, decided_on in rows:
        found[task_id].append(PublicDecisionRef(reference, decided_on))
    return dict(found)
