from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import navigation


def site(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "BUREAU_NAME": settings.BUREAU_NAME,
        "DEMO_DATA": settings.DEMO_DATA,
        "nav_items": SimpleLazyObject(
            lambda: navigation.entries_for(user, request.path)
        ),
    }
