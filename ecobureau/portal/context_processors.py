from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from . import registry


def portal(request: HttpRequest) -> dict[str, object]:
    return {
        "portal_nav": SimpleLazyObject(
            lambda: [
                {"label": link.title, "url": reverse(link.url_name)}
                for link in registry.NAV
            ]
        )
    }
