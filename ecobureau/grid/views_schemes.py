"""Implementation schemes (《网格化环境监管体系建设实施方案》) filed with the level
above and published (seed 002 七, C29)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import services as casework_services
from ecobureau.core.forms import attempt, refused_status
from ecobureau.lib import list_export

from . import public_lists, selectors, services
from .forms import SchemeDecisionForm, SchemeForm
from .models import ImplementationScheme
from .views import form_page


@require_GET
@staff_required
def scheme_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_gridcell")
    page = Paginator(selectors.scheme_list_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "grid/scheme_list.html", {"page": page})


@staff_required
def scheme_new(request: AppRequest, cell_pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, cell_pk)
    require_perm(request, "grid.manage_grid")
    form = SchemeForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "title": f"{cell.division.name}{services.SCHEME_TITLE}",
            "issued_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(
                services.scheme_file(
                    cell=cell,
                    title=data["title"],
                    issued_on=data["issued_on"],
                    file=data["file"],
                    by=request.user,
                )
            ),
        ):
            return redirect("grid:scheme-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title=f"报送实施方案备案：{cell.name}",
        intro="各县（市）区、乡镇（街道）制定网格化环境监管体系建设实施方案，报上级政府备案，"
        "并向社会公开（七）。",
        submit="报送备案",
        back=reverse("grid:cell-detail", args=[cell.pk]),
    )


@staff_required
def scheme_detail(request: AppRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get_for_user(request.user, pk)
    form = SchemeDecisionForm(
        request.POST if request.POST.get("form") == "decide" else None
    )
    if request.method == "POST":
        if request.POST.get("form") == "publish":
            try:
                services.scheme_publish(scheme=scheme, by=request.user)
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, "方案已公开。")
            return redirect("grid:scheme-detail", pk=pk)
        if form.is_valid() and attempt(
            form,
            lambda: services.scheme_decide(
                scheme=scheme,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                by=request.user,
            ),
        ):
            return redirect("grid:scheme-detail", pk=pk)
    visible = selectors.cell_list_for_user(request.user)
    own = visible.filter(pk=scheme.cell_id)
    upper = visible.filter(pk=scheme.filed_with_id)
    return render(
        request,
        "grid/scheme_detail.html",
        {
            "scheme": scheme,
            "form": form,
            "may_decide": scheme.status == ImplementationScheme.Status.FILED
            and request.user.has_perm("grid.evaluate_cell")
            and upper.exists(),
            "may_publish": scheme.status == ImplementationScheme.Status.ACCEPTED
            and scheme.published_at is None
            and request.user.has_perm("grid.manage_grid")
            and own.exists(),
            "history": casework_selectors.history_for(scheme),
        },
        status=refused_status(form),
    )


@require_GET
def public_schemes(request: AppRequest) -> HttpResponse:
    """Published implementation schemes, for anyone (seed 002 七 "向社会公开"):
    searchable, paged, exportable (?format=csv|xlsx), with publication dates."""
    q = request.GET.get("q", "")[:100]
    schemes = selectors.scheme_list_public(q)
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return public_lists.schemes_export(fmt, schemes)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grid/public_schemes.html",
        {
            "page": Paginator(schemes, 30).get_page(request.GET.get("page")),
            "q": q,
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
            "export_query": query.urlencode(),
        },
    )


@require_GET
def public_scheme_file(request: AppRequest, pk: int) -> HttpResponseBase:
    from django.http import FileResponse

    scheme = selectors.scheme_get_public(pk)
    handle = casework_services.attachment_open(scheme.attachment)
    return FileResponse(
        handle,
        as_attachment=False,
        filename=scheme.attachment.name,
        content_type="application/pdf",
    )
