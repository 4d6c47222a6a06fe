"""The portal in English, chosen the way the site chooses it (the language cookie
the header's switch sets): the navigation, the home cards and the "我的" sections
the modules register, every disclosure list's column headers and search hint, its
Excel, CSV and PDF exports, and the participation forms with their labels, help
and errors. Without the cookie — whatever the browser prefers — all stays Chinese."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pypdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ecobureau.portal import tables

pytestmark = pytest.mark.django_db

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _get(client, url, *, english):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def test_every_list_header_and_search_hint_has_an_english_entry():
    with translation.override("en"):
        untranslated = [
            (key, str(label))
            for key, table in tables.TABLES.items()
            for label in (*table.headers, table.search_hint)
            if _HAN.search(str(label))
        ]
    assert not untranslated
    with translation.override("zh-hans"):
        assert tables.TABLES["officers"].labels() == ["姓名", "执法证号", "所在单位"]


def test_the_navigation_cards_and_my_sections_in_english(client, citizen):
    response = _get(client, reverse("portal:home"), english=True)
    page = response.content.decode()
    assert response.status_code == 200 and 'lang="en"' in page
    # navigation entries registered by the portal, emergencies, complaints, air
    for label in (
        "Information disclosure",
        "Publicity plan",
        "Environmental emergencies",
        "Air quality",
    ):
        assert f">{label}</a>" in page, label
    # home cards: title and text
    assert "Information disclosure catalogue" in page
    assert "random inspection results and other information published" in page
    assert "the director&#x27;s mailbox" in page or "the director's mailbox" in page
    assert ">信息公开<" not in page and "意见征集、局长信箱、政策咨询" not in page
    client.force_login(citizen)
    mine = _get(client, reverse("portal:my"), english=True).content.decode()
    assert "My letters" in mine and "read the replies and rate them" in mine
    assert "我的来信" not in mine


def test_without_the_cookie_the_portal_stays_chinese(client, citizen):
    page = _get(client, reverse("portal:home"), english=False).content.decode()
    assert ">信息公开</a>" in page and "意见征集、局长信箱、政策咨询" in page
    assert "Information disclosure" not in page
    html = _get(
        client, reverse("portal:disclosure-list", args=["officers"]), english=False
    ).content.decode()
    assert '<th scope="col">执法证号</th>' in html
    assert 'placeholder="姓名、执法证号或单位"' in html
    xlsx = client.get(
        reverse("portal:disclosure-list", args=["officers"]) + "?format=xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == ["姓名", "执法证号", "所在单位"]
    client.force_login(citizen)
    mine = _get(client, reverse("portal:my"), english=False).content.decode()
    assert "我的来信" in mine


def test_a_list_and_its_exports_in_english(client, answerer):
    answerer.credential_no = "21030020260001"
    answerer.save()
    url = reverse("portal:disclosure-list", args=["officers"])
    html = _get(client, url, english=True).content.decode()
    assert '<th scope="col">Enforcement certificate number</th>' in html
    assert 'placeholder="Name, certificate number or unit"' in html
    assert "执法证号" not in html
    # Excel: the header row in English, the row as stored
    response = client.get(url + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Name", "Enforcement certificate number", "Unit"]
    assert rows[1][:2] == ["吴办公", "21030020260001"]
    # CSV
    response = client.get(url + "?format=csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Name", "Enforcement certificate number", "Unit"]
    # PDF: headers and the head lines in English
    response = client.get(url + "?format=pdf")
    text = "".join(
        page.extract_text() or ""
        for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    flat = re.sub(r"\s+", "", text)
    assert "Enforcementcertificatenumber" in flat
    assert "Generated:" in text and "Page1of1" in flat
    assert "生成时间" not in text and "执法证号" not in flat


def test_the_letter_form_and_its_errors_in_english(client, citizen):
    client.force_login(citizen)
    url = reverse("portal:letter-new")
    page = _get(client, url, english=True).content.decode()
    assert "I agree that my letter and the reply may be published" in page
    assert "Director&#x27;s mailbox" in page or "Director's mailbox" in page
    assert "同意在去除个人信息后公开来信和答复" not in page
    # a refused form: 400, the text kept, the error in English
    response = client.post(
        url, {"kind": "mailbox", "subject": "Noise at night", "text": "   "}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Noise at night" in page and "This field is required." in page


def test_a_service_refusal_explains_in_english(citizen, answerer):
    from django.core.exceptions import PermissionDenied, ValidationError

    from ecobureau.portal import services

    with translation.override("en"):
        with pytest.raises(PermissionDenied, match="enterprise or public account"):
            services.letter_submit(
                by=answerer, kind="mailbox", subject="x", text="y", publish_consent=True
            )
        with pytest.raises(ValidationError, match="Please fill in: Content"):
            services.letter_submit(
                by=citizen, kind="mailbox", subject="x", text=" ", publish_consent=True
            )
    with (
        translation.override("zh-hans"),
        pytest.raises(ValidationError, match="请填写内容。"),
    ):
        services.letter_submit(
            by=citizen, kind="mailbox", subject="x", text=" ", publish_consent=True
        )


def test_published_letters_and_their_choices_in_english(
    client, citizen, answerer, reviewer
):
    from ecobureau.portal import services

    letter = services.letter_submit(
        by=citizen, kind="policy", subject="问", text="问题", publish_consent=True
    )
    services.letter_draft_answer(
        letter=letter,
        by=answerer,
        answer="答复",
        public_subject="油烟扰民",
        public_text="来信反映油烟扰民。",
    )
    services.letter_review(letter=letter, by=reviewer, approve=True)
    services.letter_rate(letter=letter, by=citizen, satisfaction="basic")
    page = _get(client, reverse("portal:letters"), english=True).content.decode()
    assert "Policy enquiries" in page and "Fairly satisfied 1" in page
    assert "基本满意" not in page
    detail = _get(
        client, reverse("portal:letter", args=[letter.code]), english=True
    ).content.decode()
    assert "Policy enquiries" in detail
