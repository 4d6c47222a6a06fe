"""The reward notices served by publication (第九条 网站公示) in English when
chosen (the language cookie the portal's switch sets): the page's heading and
explanation; the notices themselves are documents and stay as issued. Without
the cookie the page stays in Chinese, whatever the browser prefers."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from ecobureau.rewards.models import Publication

from .conftest import register

pytestmark = pytest.mark.django_db


def _page(client, *, english):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("rewards:publications"), HTTP_ACCEPT_LANGUAGE="en")
    return response, response.content.decode()


@pytest.fixture
def notice(handler):
    report = register(handler)
    return Publication.objects.create(
        report=report,
        kind=Publication.Kind.EXCLUSION,
        title=f"不予奖励告知书（{report.registration_no}）",
        body="经审查，该举报不符合奖励条件。",
        published_on=date(2026, 11, 20),
        published_by=handler,
    )


def test_the_notices_page_in_english(client, notice):
    response, page = _page(client, english=True)
    assert response.status_code == 200 and 'lang="en"' in page
    assert "Public notice of rewards for reporting" in page
    assert "Under Article 9 of the Anshan" in page
    assert notice.title in page and "2026-11-20" in page  # the notice as issued
    assert "生态环境违法行为举报奖励公示" not in page and "2026年11月20日" not in page


def test_without_the_choice_the_page_stays_chinese(client, notice):
    _, page = _page(client, english=False)
    assert "生态环境违法行为举报奖励公示" in page and "2026年11月20日" in page
    assert "Public notice of rewards for reporting" not in page
