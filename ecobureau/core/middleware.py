from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese unless the visitor chose another language.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a
    bureau PC or a phone set to English still gets the Chinese site; English is one
    click away (the language switch sets the cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The language is the thread's: reset it, so what runs next on this
            # thread (the next request's code before this middleware, a test after
            # its request) does not inherit the visitor's choice. Responses are
            # rendered by now (no streaming response carries translated text).
            translation.deactivate()
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# Scripts only from our own files: no inline <script>, no on…= handlers, no eval
# (issue 16 item 6). Styles may be inline: htmx, Leaflet and Swagger UI set element
# styles. Everything is vendored, so nothing is allowed from elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class ContentSecurityPolicyMiddleware:
    """Sends CONTENT_SECURITY_POLICY on every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class RefuseNullCharacterMiddleware:
    """Refuses a request whose query string holds the NUL character (U+0000).

    PostgreSQL cannot store or compare text containing NUL (psycopg raises DataError,
    a server error) while SQLite quietly accepts it; a search box or an API filter
    would answer 500 on one database and 200 on the other. Forms already refuse NUL
    (Django's ProhibitNullCharactersValidator), with the typed values kept; this
    covers the filters views and API operations read straight from the query
    string. The API answers 422 in django-ninja's shape, like its other parameter
    errors; pages answer 400 with a Chinese explanation.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = _parameters_with_null_character(request)
        if refused:
            return _null_character_answer(request, refused)
        return self.get_response(request)


def _parameters_with_null_character(request: HttpRequest) -> list[str]:
    return sorted(
        name
        for name, values in request.GET.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    )


def _null_character_answer(request: HttpRequest, names: list[str]) -> HttpResponse:
    message = translation.gettext("参数中含有不可见的空字符（NUL），请删除后重试。")
    if request.path.startswith("/api/"):
        detail = [
            {
                "type": "null_character",
                "loc": ["query", name.replace("\x00", "")],
                "msg": message,
            }
            for name in names
        ]
        return JsonResponse({"detail": detail}, status=422)
    return render(request, "400.html", {"message": message}, status=400)
