"""Open311 GeoReport v2 at /open311/v2/ (views_open311.py)."""

from django.urls import URLPattern, URLResolver, path, register_converter

from . import views_open311


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"

urlpatterns: list[URLPattern | URLResolver] = [
    path("v2/services.<fmt:fmt>", views_open311.service_list, name="services"),
    path(
        "v2/services/<str:code>.<fmt:fmt>",
        views_open311.service_definition,
        name="service",
    ),
    path("v2/requests.<fmt:fmt>", views_open311.requests, name="requests"),
    path(
        "v2/requests/<str:code>.<fmt:fmt>",
        views_open311.request_detail,
        name="request",
    ),
]
