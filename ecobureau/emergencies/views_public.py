"""The public pages of the module (no log-in): the published releases on
environmental emergencies (A91), searchable, paged and exportable."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from ecobureau.core.models import Division
from ecobureau.lib import list_export
from ecobureau.lib.dates import SHANGHAI

from . import public_releases, selectors
from .models import Release

PAGE_SIZE = 20


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:60]
    district = request.GET.get("district", "")
    releases = public_releases.release_list(
        q, int(district) if district.isdigit() else None
    )
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return list_export.response(
            fmt,
            filename="emergency-releases",
            title=gettext("突发环境事件信息发布"),
            headers=[gettext(h) for h in public_releases.HEADERS],
            rows=public_releases.export_rows(releases.iterator(chunk_size=500)),
            widths=public_releases.WIDTHS,
        )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    page = Paginator(releases, PAGE_SIZE).get_page(request.GET.get("page"))
    latest = selectors.release_list_public().aggregate(at=Max("published_at"))["at"]
    return render(
        request,
        "emergencies/public_list.html",
        {
            "page": page,
            "rows": [(release, public_releases.cells(release)) for release in page],
            "headers": public_releases.HEADERS,
            "q": q,
            "district": district,
            "districts": Division.objects.filter(level=2).order_by("code"),
            "published_on": latest.astimezone(SHANGHAI).date() if latest else None,
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
            "export_query": query.urlencode(),
        },
    )


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release: Release = selectors.release_get_public(pk)
    return render(
        request,
        "emergencies/public_detail.html",
        {
            "release": release,
            "title": public_releases.title(release),
            "body": public_releases.body(release),
        },
    )
