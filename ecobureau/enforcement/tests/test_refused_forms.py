"""A refused form answers 400 with the page re-rendered, what was typed kept and a
Chinese error (COMMON.md): new case, the case page, a new compulsory measure,
the file-review draw. The new inspection, QR scan and health sheet are checked in
test_views.py, investigation documents in test_investigation.py, the urgent
measure in test_measures_urgent.py, the file-review record in
test_file_review_page.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecobureau.enterprises.tests.factories import make_credit_code

from ..models import CompulsoryMeasure, EnforcementCase, FileReview

pytestmark = pytest.mark.django_db


def test_new_case_for_an_unknown_enterprise_refused_with_input_kept(
    client, enforcement_head, enterprise_a, officers
):
    client.force_login(enforcement_head)
    page = client.post(
        reverse("enforcement:case-new"),
        {
            "credit_code": make_credit_code(99),  # a valid code, no such enterprise
            "source": EnforcementCase.Source.TRANSFER,
            "reference": "辽环执法〔2026〕99号",
            "start_reason": "省厅交办的违法线索。",
            "facts": "废水直排雨水管网。",
            "officers": [o.pk for o in officers],
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "未找到该企业，或该企业不在您的数据范围内" in text
    assert "辽环执法〔2026〕99号" in text and "废水直排雨水管网。" in text
    assert not EnforcementCase.objects.exists()


def test_case_page_refused_action_answers_400(client, filed_case, enforcement_head):
    client.force_login(enforcement_head)
    url = reverse("enforcement:case-detail", args=[filed_case.pk])
    page = client.post(url, {"action": "nonsense"})
    assert page.status_code == 400
    assert "未知操作" in page.content.decode()
    assert client.get(url).status_code == 200


def test_new_measure_refused_keeps_what_was_typed(client, filed_case, officers):
    client.force_login(officers[0])
    page = client.post(
        reverse("enforcement:measure-new", args=[filed_case.pk]),
        {
            "kind": CompulsoryMeasure.Kind.SEAL,
            "items": "",
            "place": "企业东侧危险废物贮存间",
            "reason": "危险废物可能被转移。",
            "basis": "固废法第二十七条",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "企业东侧危险废物贮存间" in text and "危险废物可能被转移。" in text
    assert 'role="alert"' in text
    assert not CompulsoryMeasure.objects.exists()


def test_file_review_draw_refused_keeps_the_batch(client, reviewers):
    client.force_login(reviewers[0])
    page = client.post(
        reverse("enforcement:file-reviews"),
        {"kind": "periodic", "batch": "2026年第四季度", "count": "三"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "抽取数量请填写整数" in text and "2026年第四季度" in text
    assert not FileReview.objects.exists()
