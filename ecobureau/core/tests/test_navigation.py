"""The staff navigation bar and the portal's in the visitor's language: every
module's entry is marked for translation and found in the English catalogue."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from ecobureau.core import navigation
from ecobureau.portal import registry

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _nav(page: str, label: str) -> str:
    return page.split(f'aria-label="{label}"')[1].split("</nav>")[0]


def test_every_staff_entry_reads_in_english(client, city_leader):
    client.force_login(city_leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("casework:workbench")).content.decode()
    nav = _nav(page, "Main navigation")
    labels = re.findall(r">([^<]+)</a>", nav)
    assert "Leadership view" in labels and "Enforcement inspections" in labels
    assert [label for label in labels if CHINESE.search(label)] == []


def test_every_registered_label_has_an_english_text(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.get("/")  # the apps have registered their entries by now
    with translation.override("en"):
        # as entries_for gives them: lazy labels resolve, plain ones are looked up
        staff = [translation.gettext(str(e.label)) for e in navigation._ENTRIES]
        public = [translation.gettext(link.title) for link in registry.NAV]
    untranslated = [label for label in staff + public if CHINESE.search(label)]
    assert untranslated == []


def test_the_portal_bar_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    nav = _nav(client.get("/").content.decode(), "Site navigation")
    assert "Environmental quality" in nav and "Disclosure of total emissions" in nav
    assert not CHINESE.search(" ".join(re.findall(r">([^<]+)</a>", nav)))
