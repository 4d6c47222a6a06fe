from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import selectors


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": SimpleLazyObject(lambda: selectors.unread_count(user))}
