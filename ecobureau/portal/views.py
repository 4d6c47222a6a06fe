from itertools import islice

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import public_account_required
from ecobureau.accounts.http import AppRequest
from ecobureau.lib import list_export

from . import disclosure, list_pdf, registry, tables
from .forms import SearchForm

PAGE_SIZE = 30


def _links(
    links: list[registry.PortalLink], user: object = None
) -> list[dict[str, str]]:
    # Modules register their titles marked with gettext_noop: translated here, when
    # the visitor's language is known.
    return [
        {
            "title": gettext(link.title),
            "url": reverse(link.url_name),
            "text": gettext(link.text) if link.text else "",
        }
        for link in links
        if link.visible is None or link.visible(user)
    ]


@require_GET
def home(request: AppRequest) -> HttpResponse:
    """The public portal's home: readable by anyone, no log-in."""
    return render(request, "portal/home.html", {"cards": _links(registry.HOME_CARDS)})


@require_GET
@public_account_required
def my(request: AppRequest) -> HttpResponse:
    """A public account's own page: what it has filed and what it may do."""
    sections = _links(registry.MY_SECTIONS, request.user)
    return render(request, "portal/my.html", {"sections": sections})


@require_GET
def disclosure_index(request: AppRequest) -> HttpResponse:
    """信息公开目录 (A90): every list, where it is, its date, and overdue flags."""
    rows = disclosure.index_rows()
    return render(
        request,
        "portal/disclosure_index.html",
        {"groups": disclosure.grouped(rows)},
    )


@require_GET
def disclosure_list(request: AppRequest, key: str) -> HttpResponse:
    """One list the portal builds: search, pages, and ?format=csv / xlsx / pdf."""
    table = tables.TABLES.get(key)
    if table is None:
        raise Http404
    entry = disclosure.BY_KEY[key]
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return list_export.response(
            fmt,
            filename=f"disclosure-{key}",
            title=str(entry.title),
            headers=table.labels(),  # in the visitor's language
            rows=tables.export_rows(table, q),
            widths=table.widths,
        )
    if fmt == "pdf":
        return _pdf(key, entry, table, q)
    page = Paginator(table.items(q), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [table.row(item) for item in page.object_list]
    template = "portal/disclosure_list.html"
    if request.htmx:
        template += "#list-table"
    return render(
        request,
        template,
        {
            "entry": entry,
            "table": table,
            "form": form,
            "q": q,
            "page": page,
            "rows": rows,
            "published_on": disclosure.published_on(entry),
            "module_url": disclosure.module_url(entry),
        },
    )


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(
    key: str, entry: disclosure.Entry, table: tables.Table, q: str
) -> HttpResponse:
    found = table.items(q)
    total = found.count() if isinstance(found, QuerySet) else len(found)
    content = list_pdf.render(
        list_pdf.ListDocument(
            title=str(entry.title),
            headers=table.labels(),
            widths=table.widths,
            rows=list(islice(tables.export_rows(table, q), list_pdf.MAX_ROWS)),
            total=total,
            published_on=disclosure.published_on(entry),
            generated_at=timezone.now(),
            query=q,
            language="en" if get_language() == "en" else "zh-CN",
        )
    )
    response = HttpResponse(content, content_type="application/pdf")
    return _attachment(response, f"disclosure-{key}.pdf")
