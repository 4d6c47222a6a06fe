"""The credit pages citizens and enterprises read, in English when chosen (the
language cookie the portal's switch sets): the published list and its exports'
headers, and an enterprise's own ratings and rating page; without the cookie
they stay in Chinese, whatever the browser prefers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from .test_consequences import red_published  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _page(client, url, *, english, **params):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    return response, response.content.decode("utf-8-sig")


def test_the_published_list_in_english(client, red_published):  # noqa: F811
    response, page = _page(client, reverse("credit:public"), english=True)
    assert response.status_code == 200 and 'lang="en"' in page
    assert "Enterprise environmental credit ratings by this bureau" in page
    assert "Bureau’s grade" in page and "Seriously untrustworthy" in page
    assert "1 in total." in page and "Not imported" in page
    assert red_published.enterprise.name in page  # names stay as registered
    assert "本局企业环境信用评价结果" not in page and "严重失信" not in page
    _, csv = _page(client, reverse("credit:public_results_export_csv"), english=True)
    assert csv.splitlines()[0].startswith("Rating year,")
    assert "Seriously untrustworthy" in csv and "严重失信" not in csv


def test_the_enterprises_own_pages_in_english(
    client,
    red_published,  # noqa: F811
    enterprise_user_a,
):
    client.force_login(enterprise_user_a)
    _, mine = _page(client, reverse("credit:mine"), english=True)
    assert "My environmental credit" in mine and "Published" in mine
    assert "我的环境信用" not in mine and "已公布" not in mine
    url = reverse("credit:mine-detail", args=[red_published.pk])
    response, page = _page(client, url, english=True)
    assert response.status_code == 200
    assert "Scoring details" in page and "Raise an objection" in page
    assert "Incentives for good credit, penalties for bad credit" in page
    assert "Credit repair" in page
    for chinese in ("评分明细", "提出异议", "申请信用修复", "守信激励，失信惩戒"):
        assert chinese not in page, chinese


def test_without_the_choice_the_pages_stay_chinese(
    client,
    red_published,  # noqa: F811
    enterprise_user_a,
):
    _, page = _page(client, reverse("credit:public"), english=False)
    assert "本局企业环境信用评价结果" in page and "严重失信" in page
    assert "共 1 条。" in page and "Bureau’s grade" not in page
    client.force_login(enterprise_user_a)
    url = reverse("credit:mine-detail", args=[red_published.pk])
    _, detail = _page(client, url, english=False)
    assert (
        "评分明细" in detail and "提出异议" in detail and "守信激励，失信惩戒" in detail
    )
    assert "Scoring details" not in detail
