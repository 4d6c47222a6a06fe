"""The disclosure catalogue's texts are translatable: every entry's title, group,
scope, frequency, responsible unit and note has an English entry (locale/en), and
the catalogue page shows them when English is chosen."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from ecobureau.portal import disclosure

pytestmark = pytest.mark.django_db

_HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_catalogue_text_has_an_english_entry():
    fields = ("title", "group", "scope", "frequency", "owner", "note")
    with translation.override("en"):
        untranslated = [
            (entry.key, name, str(getattr(entry, name)))
            for entry in disclosure.CATALOGUE
            for name in fields
            if _HAN.search(str(getattr(entry, name)))
        ]
    assert not untranslated
    with translation.override("zh-hans"):
        assert str(disclosure.BY_KEY["safety-hazards"].title) == "区域环境安全隐患"


def test_the_catalogue_page_in_english(client):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("portal:disclosure"), HTTP_ACCEPT_LANGUAGE="en").content
    text = html.decode()
    assert "Regional environmental-safety hazards" in text
    assert "Yearly work plans and their completion" in text
