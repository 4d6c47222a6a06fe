from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from . import registry


def portal(request: HttpRequest) -> dict[str, object]:
    return {
        "portal_nav": SimpleLazyObject(
            lambda: [
                # Titles are registered marked (gettext_noop) and translated here,
                # when the page is rendered in the visitor's language.
                {"label": gettext(link.title), "url": reverse(link.url_name)}
                for link in registry.NAV
            ]
        )
    }
