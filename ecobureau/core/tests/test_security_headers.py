"""Security headers and the templates' readiness for them (issue 16 item 6)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE
)


def _templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    found += list((ROOT / "ecobureau").rglob("templates/**/*.html"))
    return found


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    """The policy refuses inline scripts; a template with one would break silently."""
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_HANDLER, INLINE_SCRIPT):
            offenders += [
                f"{path.relative_to(ROOT)}: {m.group(0)}"
                for m in pattern.finditer(text)
            ]
    assert offenders == []


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/api/docs"])
def test_every_page_carries_the_security_headers(client, url) -> None:
    response = client.get(url, follow=True)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_production_settings_turn_on_https_protection(monkeypatch) -> None:
    """What deploy/ecobureau.env.example sets is what settings read."""
    import importlib

    import ecobureau.settings as module

    for name, value in {
        "SECURE_COOKIES": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
    }.items():
        monkeypatch.setenv(name, value)
    reloaded = importlib.reload(module)
    try:
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SESSION_COOKIE_HTTPONLY
        assert reloaded.SECURE_SSL_REDIRECT
        assert reloaded.SECURE_HSTS_SECONDS == 31536000
    finally:
        monkeypatch.undo()
        importlib.reload(module)
