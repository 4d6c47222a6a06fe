"""The visitor's language lasts for their request only: Chinese unless they chose
English (the cookie), and the thread is back to Chinese afterwards."""

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_english_for_the_request_then_chinese_again(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    assert translation.get_language() == settings.LANGUAGE_CODE
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert client.get("/").headers["Content-Language"] == settings.LANGUAGE_CODE
