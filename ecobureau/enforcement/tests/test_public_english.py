"""Enforcement's public and enterprise-facing pages in English when chosen (the
language cookie the portal's switch sets): the published penalty decisions and
their exports' headers, the cases under listed supervision, and the enterprise's
QR code, visits and visit rating; without the cookie they stay in Chinese,
whatever the browser prefers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from .test_supervision import listing

pytestmark = pytest.mark.django_db


def _page(client, url, *, english, **params):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    return response, response.content.decode("utf-8-sig")


def test_the_published_decisions_in_english(client):
    url = reverse("enforcement:public_decisions")
    response, page = _page(client, url, english=True)
    assert response.status_code == 200 and 'lang="en"' in page
    assert "Published administrative penalty decisions" in page
    assert "Decision number" in page and "Main facts of the violation" in page
    assert "0 in total" in page
    assert "行政处罚决定公开" not in page and "主要违法事实" not in page
    _, csv = _page(client, url, english=True, format="csv")
    assert csv.splitlines()[0].startswith("Decision number,Party concerned,")


def test_the_supervised_cases_in_english(client, filed_case, enforcement_head):
    listing(filed_case, enforcement_head)
    url = reverse("enforcement:public_supervised")
    _, page = _page(client, url, english=True)
    assert "Cases under listed supervision" in page
    assert "Under supervision" in page  # the status and the filter
    assert "辽环督〔2026〕3号" in page  # the reference stays as issued
    assert "挂牌督办案件公开" not in page and "督办中" not in page


def test_the_enterprises_code_and_visits_in_english(
    client, on_site, code_a, enterprise_a, enterprise_user_a
):
    client.force_login(enterprise_user_a)
    _, code = _page(
        client,
        reverse("enforcement:enterprise-code", args=[enterprise_a.pk]),
        english=True,
    )
    assert f"{enterprise_a.name}: enforcement QR code" in code
    assert "执法二维码" not in code
    _, visits = _page(client, reverse("enforcement:visits"), english=True)
    assert f"on-site inspection #{on_site.pk}" in visits
    assert "执法检查记录" not in visits
    url = reverse("enforcement:visit-detail", args=[on_site.pk])
    _, visit = _page(client, url, english=True)
    assert f"On-site inspection #{on_site.pk}" in visit and "Valid" in visit
    assert "来访执法人员" not in visit and "满意度评价" not in visit


def test_without_the_choice_the_pages_stay_chinese(
    client, filed_case, enforcement_head, on_site, enterprise_user_a
):
    listing(filed_case, enforcement_head)
    _, decisions = _page(client, reverse("enforcement:public_decisions"), english=False)
    assert "行政处罚决定公开" in decisions and "共 0 条" in decisions
    assert "主要违法事实" in decisions
    _, supervised = _page(
        client, reverse("enforcement:public_supervised"), english=False
    )
    assert "挂牌督办案件公开" in supervised and "督办中" in supervised
    assert "Cases under listed supervision" not in supervised
    client.force_login(enterprise_user_a)
    url = reverse("enforcement:visit-detail", args=[on_site.pk])
    _, visit = _page(client, url, english=False)
    assert f"现场检查#{on_site.pk}" in visit and "来访执法人员" in visit
    assert "有效" in visit and "Valid" not in visit
