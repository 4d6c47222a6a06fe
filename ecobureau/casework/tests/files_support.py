"""Fixtures and a URL configuration shared by the attachment and document tests.

Enterprises stand in for "any object of a module above casework": the tests register
them with the casework registry, with a getter scoped like a real module's selector.
"""

import io

import pytest
from django.shortcuts import get_object_or_404
from django.urls import include, path
from PIL import Image

from ecobureau import urls as root_urls
from ecobureau.accounts.models import User
from ecobureau.accounts.selectors import scope_q
from ecobureau.casework import registry, urls_files
from ecobureau.casework import urls as casework_urls
from ecobureau.enterprises.models import Enterprise


def enterprise_get_for_user(user: User, pk: int) -> Enterprise:
    enterprises = Enterprise.objects.filter(scope_q(user, unit="supervising_unit"))
    return get_object_or_404(enterprises, pk=pk)


@pytest.fixture
def enterprise_target(monkeypatch):
    """Enterprises registered as attachment targets for the length of a test."""
    label = Enterprise._meta.label_lower
    monkeypatch.setitem(
        registry._TARGETS,
        label,
        registry.TargetType(
            label=label,
            verbose_name="企业",
            get_for_user=enterprise_get_for_user,
            url=lambda obj: f"/enterprises/{obj.pk}/",
        ),
    )
    return label


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png(color: str = "green") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format="PNG")
    return buffer.getvalue()


MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + (b"\xff\xfb\x90\x64" + b"\x00" * 413) * 4
# An ISO base media file: an "ftyp" box with MP4 brands, then the media data.
MP4 = (
    b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"
    + b"\x00\x00\x00\x48mdat"
    + b"\x00" * 64
)


# The casework URLs with this work's patterns included, under the namespace
# "casework" as in production, and the rest of the site's URLs for the base template.
_casework = [*casework_urls.urlpatterns, *urls_files.urlpatterns]
urlpatterns = [
    path("", include((_casework, "casework"))),
    *[
        pattern
        for pattern in root_urls.urlpatterns
        if getattr(pattern, "namespace", None) != "casework"
    ],
]
