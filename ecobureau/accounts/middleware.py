import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

_TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    """End a session after SESSION_IDLE_SECONDS without a request.

    The session is written at most once a minute, not on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, "长时间未操作，已自动退出，请重新登录。")
                return redirect(
                    f"{resolve_url(settings.LOGIN_URL)}?next={request.path}"
                )
            if (
                now - last_seen >= _TOUCH_EVERY_SECONDS
                or "last_seen" not in request.session
            ):
                request.session["last_seen"] = now
        return self.get_response(request)
