"""Archive, 备案 and publication (issue 10 items 2 and 4)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework.models import Document
from ecobureau.casework.services import clocks_for

from ..models import CaseFile, LegalFiling, PublishedDecision
from ..services import archive, execution, publication
from . import test_execution
from .test_decisions import case_actions
from .test_execution import receipt, today
from .test_execution_more import RECORD, summary_decision

served = test_execution.served


def pay_in_full(decision, by):
    execution.payment_record(
        decision=decision,
        amount=str(decision.fine),
        paid_on=today(),
        receipt=receipt(),
        by=by,
    )
    decision.refresh_from_db()


def test_ordinary_case_to_archive_with_catalogue(served, officers, other_officer):
    case = served.case
    # 备案 within 7 days of service: the clock started at service (法制审核 第十四条)
    clock = clocks_for(case).get(step=archive.FILING_STEP)
    assert clock.amount == 7 and clock.is_open
    with pytest.raises(PermissionDenied):
        archive.legal_filing_record(decision=served, by=other_officer)
    filing = archive.legal_filing_record(decision=served, by=officers[0])
    assert filing.items[0]["item"] == "行政处罚决定书"
    assert "罚决" in filing.items[0]["documents"]
    clock.refresh_from_db()
    assert not clock.is_open
    # not yet executed: no archive
    with pytest.raises(ValidationError, match="执行完毕"):
        archive.case_archive(case=case, by=officers[0])
    pay_in_full(served, officers[0])
    case.refresh_from_db()
    assert case.status == "executed"
    archive_clock = clocks_for(case).filter(label="立卷归档期限").first()
    assert archive_clock is not None and archive_clock.amount == 30
    with pytest.raises(PermissionDenied):
        archive.case_archive(case=case, by=other_officer)
    case_file = archive.case_archive(case=case, by=officers[0])
    case.refresh_from_db()
    assert case.status == "archived"
    kinds = [item["kind"] for item in case_file.catalogue]
    assert {"enf_penalty_decision", "enf_prior_notice", "payment"} <= set(kinds)
    assert all(
        len(item["sha256"]) == 64
        for item in case_file.catalogue
        if item["kind"].startswith("enf_")
    )
    numbers = [int(item["no"]) for item in case_file.catalogue]
    assert numbers == list(range(1, len(numbers) + 1))
    document = case_file.document
    assert document.kind == "enf_case_catalogue" and "卷" in document.reference
    content = document.attachment.blob  # the PDF is stored and hashed
    assert len(content.sha256) == 64
    assert case_file.due_on == case_file.ended_on + timedelta(days=30)
    with pytest.raises(ValidationError, match="已归档"):
        archive.case_archive(case=case, by=officers[0])
    assert "enforcement.case_archive" in case_actions(case)


def test_catalogue_pdf_has_the_embedded_font(served, officers):
    pay_in_full(served, officers[0])
    case_file = archive.case_archive(case=served.case, by=officers[0])
    from ecobureau.casework.services import attachment_open

    assert case_file.document is not None
    handle = attachment_open(case_file.document.attachment)
    data = handle.read()
    handle.close()
    assert data.startswith(b"%PDF") and b"FontFile" in data


def test_incomplete_file_needs_a_reason(served, officers):
    pay_in_full(served, officers[0])
    Document.objects.filter(kind="enf_prior_notice").delete()
    with pytest.raises(ValidationError, match="行政处罚先行告知书"):
        archive.case_archive(case=served.case, by=officers[0])
    case_file = archive.case_archive(
        case=served.case, by=officers[0], missing_reason="先行告知书原件移交法制科"
    )
    assert case_file.missing[0] == "行政处罚先行告知书"


def test_publication_hides_a_private_person_and_is_withdrawn(
    client, investigated, officers
):
    decision = summary_decision(investigated, officers[0], fine="150")
    from ..services import decisions

    decisions.summary_decide(decision=decision, record=RECORD, by=officers[0])
    decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "当事人签收"},
        by=officers[0],
    )
    published = publication.decision_publish(decision=decision, by=officers[0])
    assert published.party == publication.CITIZEN_LABEL and published.credit_code == ""
    url = reverse("enforcement:public_decisions")
    body = client.get(url).content.decode()  # no login
    assert published.reference in body and investigated.enterprise.name not in body
    rows = list(
        csv.reader(
            io.StringIO(client.get(url + "?format=csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[1][0] == published.reference and rows[1][1] == publication.CITIZEN_LABEL
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert book.active.cell(row=2, column=1).value == published.reference
    assert (
        client.get(url + "?q=不存在的文号").content.decode().count(published.reference)
        == 0
    )
    with pytest.raises(ValidationError, match="撤下原因"):
        publication.publication_withdraw(
            published=published, changed_on=today(), reason="", by=officers[0]
        )
    publication.publication_withdraw(
        published=published,
        changed_on=today(),
        reason="经行政复议被撤销",
        by=officers[0],
    )
    published.refresh_from_db()
    assert published.withdraw_due > today()
    assert published.reference not in client.get(url).content.decode()


def test_organisation_published_by_name_and_outsiders_refused(
    served, officers, enterprise_user_b, other_officer
):
    with pytest.raises(PermissionDenied):
        publication.decision_publish(decision=served, by=other_officer)
    with pytest.raises(PermissionDenied):
        publication.decision_publish(decision=served, by=enterprise_user_b)
    published = publication.decision_publish(decision=served, by=officers[0])
    assert published.party == served.case.enterprise.name
    assert published.due_on > published.decided_on
    assert PublishedDecision.objects.count() == 1


def test_archive_page_shows_catalogue_keeps_input_and_refuses_the_party(
    client, served, officers, enterprise_user_a
):
    url = reverse("enforcement:archive", args=[served.case.pk])
    client.force_login(officers[0])
    body = client.get(url).content.decode()
    assert "卷内目录" in body or "catalogue" in body
    page = client.post(
        url,
        {
            "action": "suspension",
            "kind": "litigation",
            "starts_on": today().isoformat(),
            "basis": "",
        },
    )
    body = page.content.decode()
    assert page.status_code == 400 and "依据" in body
    response = client.post(url, {"action": "filing"})
    assert response.status_code == 302 and LegalFiling.objects.count() == 1
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403, 404)
    assert not CaseFile.objects.exists()
