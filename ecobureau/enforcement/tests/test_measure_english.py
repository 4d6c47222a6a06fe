"""The seal and seizure pages (查封、扣押) follow the reader's language: English when
chosen (the language cookie), Chinese otherwise — the default stays the Chinese
the other measure tests assert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .test_measures import propose

pytestmark = pytest.mark.django_db


def _page(client, user, url, *, english):
    client.force_login(user)
    if english:
        client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_measure_page_in_english(client, filed_case, officers):
    measure = propose(filed_case, officers[0])
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    body = _page(client, officers[0], url, english=True)
    assert "Premises, facilities or property" in body
    assert "Officers present (at least two)" in body
    assert "Carry out (after approval)" in body
    assert "Awaiting approval" in body  # the status, a translated choice
    assert "场所、设施或者财物" not in body
    # data stays as typed
    assert "企业东侧危险废物贮存间" in body


def test_major_queue_in_english(client, enforcement_head):
    url = reverse("enforcement:measure-major-queue")
    body = _page(client, enforcement_head, url, english=True)
    assert "Major seals and seizures: reviews and deliberations to handle" in body
    assert "No major seals or seizures are waiting for you." in body


def test_without_a_choice_the_pages_stay_chinese(
    client, filed_case, officers, enforcement_head
):
    measure = propose(filed_case, officers[0])
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    body = _page(client, officers[0], url, english=False)
    assert "场所、设施或者财物" in body
    assert "在场执法人员（不少于两人）" in body
    assert "实施（经批准后）" in body
    assert "Premises" not in body
    body = _page(
        client,
        enforcement_head,
        reverse("enforcement:measure-major-queue"),
        english=False,
    )
    assert "重大查封、扣押：待办理的审核与审议" in body
