"""The enterprise's own case pages in English when chosen (the language cookie):
its cases, the documents served on it, the seal in force and its applications to
consult or copy the records; without the cookie they stay Chinese."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from .test_party_documents import issued  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _main(client, url, *, english):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_party_case_pages_in_english(client, filed_case, issued, enterprise_user_a):  # noqa: F811
    client.force_login(enterprise_user_a)
    main = _main(client, reverse("enforcement:party-cases"), english=True)
    assert f"Case #{filed_case.pk}" in main and "本单位执法案件" not in main
    main = _main(
        client, reverse("enforcement:party-case", args=[filed_case.pk]), english=True
    )
    assert "Documents served on your organisation" in main
    assert "<dt>Sealing</dt>" in main and "In force" in main
    assert "Applications to consult or copy enforcement records" in main
    assert '<option value="consult">Consult</option>' in main
    assert "送达本单位的文书" not in main and "申请方式" not in main


def test_without_the_choice_the_party_pages_stay_chinese(
    client,
    filed_case,
    issued,  # noqa: F811
    enterprise_user_a,
):
    client.force_login(enterprise_user_a)
    main = _main(
        client, reverse("enforcement:party-case", args=[filed_case.pk]), english=False
    )
    assert f"案件#{filed_case.pk}：" in main and "<dt>查封</dt>" in main
    assert "送达本单位的文书" in main and "实施中" in main
