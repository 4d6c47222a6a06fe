import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_chinese_first_whatever_the_browser_prefers(client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert "联系我们" in page and 'lang="zh-hans"' in page


@pytest.mark.django_db
def test_english_is_one_choice_away(client) -> None:
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/"}, follow=True
    )
    page = response.content.decode()
    assert "Contact us" in page and 'lang="en"' in page
    assert "Environmental report hotline" in page


def _unescaped(po_string: str) -> str:
    """A PO string's C escapes (\\" \\\\ \\n \\t) as the compiled catalogue has them."""
    escapes = {"n": "\n", "t": "\t"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[1]), po_string)


def test_the_english_catalogue_is_complete_and_compiled() -> None:
    text = PO.read_text(encoding="utf-8")
    # A message with a context (msgctxt, e.g. "audit scope") is its own entry:
    # the same Chinese may read differently in English there.
    found = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.*)"', text, re.M)
    entries = {
        (_unescaped(context), _unescaped(msgid)): _unescaped(msgstr)
        for context, msgid, msgstr in found
    }
    assert entries and all(entries.values()), "every message needs an English text"
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def english(context: str, msgid: str) -> str:
        return compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)

    assert {key: english(*key) for key in entries} == entries, "run compilemessages"
