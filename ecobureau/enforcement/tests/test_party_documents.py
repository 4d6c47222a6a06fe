"""The party sees and opens every document issued to it on its case — measure
decisions and lists, notices served on it — each opening recorded; never the
internal papers; another enterprise gets 404 and the public the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecobureau.casework.models import Document
from ecobureau.core.models import Record

from .. import selectors, services
from .test_investigation import SAMPLING, SITE, make
from .test_measures import approve, propose


@pytest.fixture
def issued(filed_case, officers, district_a_leader, city_leader):
    """A seal carried out (决定书, 清单), a sampling notice served on the party
    (抽查取样通知书) and an inspection record (笔录: internal), each printed."""
    measure = propose(filed_case, officers[0])
    approve(measure, district_a_leader, city_leader)
    services.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        signed=True,
        by=officers[0],
    )
    sampling = make(
        filed_case, "sampling", SAMPLING, officers, no_recording_reason="无"
    )
    site = make(
        filed_case, "site_inspection", SITE, officers, no_recording_reason="夜间"
    )
    notice = services.document_pdf_issue(document=sampling, by=officers[0])
    internal = services.document_pdf_issue(document=site, by=officers[0])
    measure_docs = Document.objects.filter(
        target_type="enforcement.compulsorymeasure", target_id=measure.pk
    ).order_by("pk")
    return list(measure_docs), notice, internal


def test_party_lists_and_opens_its_documents_each_opening_recorded(
    client, filed_case, issued, enterprise_user_a
):
    (decision, listing), notice, internal = issued
    assert [d.kind for d in (decision, listing)] == [
        "enf_measure_decision",
        "enf_measure_list",
    ]
    listed = set(selectors.party_documents(filed_case).values_list("pk", flat=True))
    assert listed == {decision.pk, listing.pk, notice.pk}

    client.force_login(enterprise_user_a)
    page = client.get(reverse("enforcement:party-case", args=[filed_case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert decision.reference in body and listing.reference in body
    assert notice.reference in body and internal.reference not in body

    url = reverse(
        "enforcement:party-issued-document", args=[filed_case.pk, decision.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = Record.objects.get(
        action="enforcement.decision_document_open",
        target_type="enforcement.enforcementcase",
        target_id=filed_case.pk,
    )
    assert entry.actor_id == enterprise_user_a.pk


def test_internal_document_refused_and_not_recorded(
    client, filed_case, issued, enterprise_user_a
):
    _, _, internal = issued
    client.force_login(enterprise_user_a)
    url = reverse(
        "enforcement:party-issued-document", args=[filed_case.pk, internal.pk]
    )
    assert client.get(url).status_code == 403
    assert not Record.objects.filter(
        action="enforcement.decision_document_open"
    ).exists()


def test_another_enterprise_gets_404_and_the_public_the_login(
    client, filed_case, issued, enterprise_user_b
):
    (decision, _), _, _ = issued
    url = reverse(
        "enforcement:party-issued-document", args=[filed_case.pk, decision.pk]
    )
    client.force_login(enterprise_user_b)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("enforcement:party-case", args=[filed_case.pk])).status_code
        == 404
    )
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
