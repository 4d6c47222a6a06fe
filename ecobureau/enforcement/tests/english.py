"""Reading a page in a chosen language, as the portal's switch sets it (the
language cookie): the English tests of the enforcement pages share these."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.test import Client


def choose(client: Client, *, english: bool) -> None:
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)


def main_of(response: HttpResponse, status: int = 200) -> str:
    """The page's <main>, after checking the status."""
    assert response.status_code == status
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def page(
    client: Client, url: str, *, english: bool, status: int = 200, **post: object
) -> str:
    """GET the page, or POST to it and follow the redirect, in the language."""
    choose(client, english=english)
    response = client.post(url, post, follow=True) if post else client.get(url)
    return main_of(response, status)
