"""Publishing a corrected decision again (行政处罚法第四十八条第二款, P18): a 变更决定
withdraws the published entry; staff then publish the corrected decision as a new
entry carrying the 变更决定书's number beside the original's and its own due day.
One live entry per decision; a decision withdrawn without a 变更决定 (revoked)
never comes back; another district's staff are refused."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core.models import Record
from ecobureau.lib import dates

from ..models import Deliberation, PenaltyDecision, PublishedDecision
from ..services import correction, publication
from ..services.decision_common import add_workdays
from . import test_decision_correction, test_execution
from .test_decision_correction import LIGHTER, REASON

pytestmark = pytest.mark.django_db

served_major = test_decision_correction.served_major
amended = test_decision_correction.amended
served = test_execution.served


def test_corrected_decision_published_again_through_the_archive_page(
    client: Client, amended: Deliberation, enforcement_head: User
) -> None:
    # given a published decision that the head then corrects after a 复审
    decision = amended.decision
    first = publication.decision_publish(decision=decision, by=enforcement_head)
    made = correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    public = reverse("enforcement:public_decisions")
    assert first.reference not in client.get(public).content.decode()
    # the archive page offers to publish the corrected decision
    client.force_login(enforcement_head)
    url = reverse("enforcement:archive", args=[decision.case_id])
    page = client.get(url).content.decode()
    assert 'data-testid="republish-form"' in page and made.document.reference in page
    # when staff publish again through the same page
    assert client.post(url, {"action": "publish"}).status_code == 302
    # then a new live entry carries the corrected penalty and both numbers
    again = PublishedDecision.objects.get(decision=decision, withdrawn_at__isnull=True)
    assert again.pk != first.pk and again.correction == made
    assert again.reference == made.document.reference
    assert (
        again.original_reference == first.reference == made.original_document.reference
    )
    assert "150000.00" in again.penalty and "250000.00" not in again.penalty
    changed_on = dates.local_date(made.made_at)
    assert again.decided_on == changed_on
    assert again.due_on == add_workdays(changed_on, publication.publication_workdays())
    entry = Record.objects.filter(action="enforcement.decision_publish").last()
    assert entry is not None
    data = json.loads(entry.payload)["data"]
    assert data["correction"] == made.pk and data["replaces"] == first.pk
    # the public list shows the corrected entry only
    body = client.get(public).content.decode()
    assert made.document.reference in body and "罚款人民币150000.00元" in body
    assert "罚款人民币250000.00元" not in body
    assert publication.public_decisions().get() == again
    assert publication.public_decisions(first.reference).get() == again
    # the archive page shows both entries, the withdrawn one with its reason
    page = client.get(url).content.decode()
    assert 'data-testid="publications"' in page and first.withdraw_reason in page
    assert 'data-testid="republish-form"' not in page


def test_a_second_live_entry_is_refused(
    amended: Deliberation, enforcement_head: User
) -> None:
    decision = amended.decision
    publication.decision_publish(decision=decision, by=enforcement_head)
    correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    again = publication.decision_publish(decision=decision, by=enforcement_head)
    with pytest.raises(ValidationError, match="该决定已公开"):
        publication.decision_publish(decision=decision, by=enforcement_head)
    # the database refuses a second live row too (conditional unique constraint)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedDecision.objects.create(
            decision=decision,
            reference="重复",
            party=again.party,
            facts=again.facts,
            basis=again.basis,
            penalty=again.penalty,
            decided_on=again.decided_on,
            due_on=again.due_on,
            published_at=timezone.now(),
            published_by=enforcement_head,
        )
    assert PublishedDecision.objects.filter(decision=decision).count() == 2
    # withdrawn again without a further 变更决定: it does not come back
    publication.publication_withdraw(
        published=again,
        changed_on=dates.local_date(timezone.now()),
        reason="经行政复议被撤销",
        by=enforcement_head,
    )
    assert publication.republishable(decision) is None
    with pytest.raises(ValidationError, match="不再公开"):
        publication.decision_publish(decision=decision, by=enforcement_head)


def test_withdrawn_without_a_correction_is_not_published_again(
    client: Client, served: PenaltyDecision, officers: list[User]
) -> None:
    published = publication.decision_publish(decision=served, by=officers[0])
    publication.publication_withdraw(
        published=published,
        changed_on=dates.local_date(timezone.now()),
        reason="经行政复议被撤销",
        by=officers[0],
    )
    assert publication.republishable(served) is None
    with pytest.raises(ValidationError, match="不再公开"):
        publication.decision_publish(decision=served, by=officers[0])
    client.force_login(officers[0])
    url = reverse("enforcement:archive", args=[served.case_id])
    page = client.get(url).content.decode()
    assert 'data-testid="republish-form"' not in page
    refused = client.post(url, {"action": "publish"})
    assert refused.status_code == 400 and "不再公开" in refused.content.decode()
    assert PublishedDecision.objects.filter(decision=served).count() == 1
    assert (
        published.reference
        not in client.get(reverse("enforcement:public_decisions")).content.decode()
    )


def test_another_districts_staff_may_not_publish_again(
    client: Client,
    amended: Deliberation,
    enforcement_head: User,
    district_b_officer: User,
    other_officer: User,
) -> None:
    decision = amended.decision
    publication.decision_publish(decision=decision, by=enforcement_head)
    correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    for outsider in (district_b_officer, other_officer):
        with pytest.raises(PermissionDenied):
            publication.decision_publish(decision=decision, by=outsider)
    client.force_login(district_b_officer)
    url = reverse("enforcement:archive", args=[decision.case_id])
    assert client.post(url, {"action": "publish"}).status_code in (403, 404)
    assert not PublishedDecision.objects.filter(
        decision=decision, withdrawn_at__isnull=True
    ).exists()


def test_corrected_before_first_publication_is_published_as_corrected(
    amended: Deliberation, enforcement_head: User
) -> None:
    decision = amended.decision
    made = correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    published = publication.decision_publish(decision=decision, by=enforcement_head)
    assert published.reference == made.document.reference
    assert published.original_reference == made.original_document.reference
    assert "150000.00" in published.penalty
    # the duty to publish arose with the decision: due from the decision day
    decision.refresh_from_db()
    assert published.due_on == publication.publication_due(decision)
