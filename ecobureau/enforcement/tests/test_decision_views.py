"""The decision pages: the officer's page, bad input kept, the legal reviewers'
queue (only what is before them) and the party's own decision documents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record

from .. import selectors
from ..models import DiscretionStandard
from ..services import decisions
from ..services.reviews import REVIEW_CHECKLIST
from .conftest import legal_user
from .test_decisions import PACKAGE, propose

pytestmark = pytest.mark.django_db


def test_officer_proposes_on_the_page_and_bad_input_is_kept(
    client, investigated, officers
):
    client.force_login(officers[0])
    url = reverse("enforcement:decision", args=[investigated.pk])
    standard = DiscretionStandard.objects.get(code="大气-超标排放")
    form = {
        "action": "propose",
        "procedure": "ordinary",
        "party_kind": "organisation",
        "fine": "150000",
        "facts": "颗粒物超标排放。",
        "legal_basis": "《大气污染防治法》第九十九条第二项",
        "standard": standard.pk,
        "discretion_level": "较轻",
        "discretion_reasons": "",
    }
    page = client.post(url, form)
    body = page.content.decode()
    assert page.status_code == 400
    assert "请说明裁量理由" in body and "颗粒物超标排放。" in body
    response = client.post(url, {**form, "discretion_reasons": "首次，及时改正。"})
    assert response.status_code == 302
    page = client.get(url)
    assert "罚款人民币150000.00元" in page.content.decode()
    assert "示例配置" in page.content.decode()


def test_party_sees_its_own_notice_and_no_one_elses(
    client, investigated, officers, enterprise_user_a, enterprise_user_b
):
    decision = propose(investigated, officers[0], fine="150000")
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(hours=1), by=officers[0]
    )
    client.force_login(enterprise_user_a)
    page = client.get(reverse("enforcement:party-case", args=[investigated.pk]))
    assert "行政处罚事先（听证）告知书" in page.content.decode()
    document = selectors.decision_documents(investigated).get()
    url = reverse("enforcement:party-document", args=[investigated.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        Record.objects.filter(action="enforcement.decision_document_open").count() == 1
    )
    # the other enterprise does not see the case at all
    client.force_login(enterprise_user_b)
    assert client.get(url).status_code == 404


def test_reviewers_see_only_the_reviews_before_them(
    client, investigated, officers, reviewers, bureau, enforcement_head
):
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    review = decisions.review_submit(decision=decision, package=PACKAGE, by=officers[0])
    outsider = legal_user("法制审核员9", bureau)
    # unassigned: the section's queue
    client.force_login(outsider)
    assert (
        client.get(reverse("enforcement:review-detail", args=[review.pk])).status_code
        == 200
    )
    decisions.review_assign(review=review, reviewers=reviewers[:3], by=reviewers[3])
    # assigned: only the three (and the signing leader)
    assert (
        client.get(reverse("enforcement:review-detail", args=[review.pk])).status_code
        == 404
    )
    assert (
        "没有待您审核的案件"
        in client.get(reverse("enforcement:review-list")).content.decode()
    )
    client.force_login(reviewers[0])
    page = client.post(
        reverse("enforcement:review-detail", args=[review.pk]),
        {
            "action": "opinion",
            "opinion": "agree",
            "text": "同意。",
            "ok": [code for code, _ in REVIEW_CHECKLIST],
        },
    )
    assert page.status_code == 302
    review.refresh_from_db()
    assert review.opinion == "agree"
    # an enforcement head who is no reviewer sees no review
    client.force_login(enforcement_head)
    assert (
        client.get(reverse("enforcement:review-detail", args=[review.pk])).status_code
        == 404
    )
