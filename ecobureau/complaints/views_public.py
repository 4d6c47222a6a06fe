"""Public pages: file a complaint (map point and photos, anonymous allowed), follow
it with its tracking code, rate the result; a citizen's own complaints."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.accounts.decorators import public_account_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.models import Division
from ecobureau.lib import list_export

from . import forms, public_outcomes, selectors, services
from .models import Complaint
from .views import _complaint_data

# The area the offline map picker shows (WGS-84): the city of Anshan and its counties.
MAP_BOUNDS = {"south": 40.2, "north": 41.6, "west": 122.3, "east": 123.5}


@require_http_methods(["GET", "POST"])
def complaint_new(request: AppRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    form = forms.PublicComplaintForm(
        request.POST or None, request.FILES or None, user=user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_submit(
                data=_complaint_data(data, channel=Complaint.Channel.PORTAL),
                by=user if user is not None and user.is_public else None,
                photos=data["photos"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["complaint_filed"] = complaint.tracking_code
            return redirect(
                reverse("complaints:track") + f"?code={complaint.tracking_code}"
            )
    return render(
        request,
        "complaints/public_new.html",
        {
            "form": form,
            "map_config": json.dumps({"bounds": MAP_BOUNDS}),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def complaint_track(request: AppRequest) -> HttpResponse:
    code = (request.GET.get("code") or request.POST.get("code") or "").strip()
    complaint = selectors.complaint_by_code_public(code) if code else None
    rate_form = forms.PublicRateForm(request.POST or None)
    if request.method == "POST" and complaint is not None and rate_form.is_valid():
        try:
            services.complaint_rate(
                complaint=complaint,
                satisfaction=rate_form.cleaned_data["satisfaction"],
                note=rate_form.cleaned_data["note"],
                by=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            rate_form.add_error(None, error)
        else:
            messages.success(request, _("感谢您的评价。"))
            return redirect(
                reverse("complaints:track") + f"?code={complaint.tracking_code}"
            )
    just_filed = request.session.pop("complaint_filed", None) == getattr(
        complaint, "tracking_code", None
    )
    return render(
        request,
        "complaints/public_track.html",
        {
            "code": code,
            "complaint": complaint,
            "steps": selectors.public_steps(complaint) if complaint else [],
            "rate_form": rate_form,
            "just_filed": just_filed and complaint is not None,
            "not_found": bool(code) and complaint is None,
        },
        status=404 if code and complaint is None else 200,
    )


@require_GET
@public_account_required
def complaint_mine(request: AppRequest) -> HttpResponse:
    complaints = Complaint.objects.filter(submitted_by=request.user).order_by(
        "-received_at"
    )[:100]
    return render(request, "complaints/public_mine.html", {"complaints": complaints})


@require_GET
def outcomes_public(request: AppRequest) -> HttpResponse:
    """环境信访查处情况 (C27): searchable, paged, exportable; no personal data."""
    q = request.GET.get("q", "")[:100]
    district = request.GET.get("district", "")
    rows = public_outcomes.outcome_list_public(
        q=q, district_id=int(district) if district.isdigit() else None
    )
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return list_export.response(
            fmt,
            filename="complaint-outcomes",
            title=_("环境信访查处情况"),
            headers=[_(header) for header in public_outcomes.HEADERS],
            rows=public_outcomes.export_rows(rows.iterator()),
            widths=public_outcomes.WIDTHS,
        )
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/public_outcomes.html",
        {
            "page": page,
            "rows": [public_outcomes.cells(c) for c in page],
            "headers": public_outcomes.HEADERS,
            "q": q,
            "district": district,
            "districts": Division.objects.filter(level=2).order_by("code"),
            "querystring_without_page": f"{query.urlencode()}&" if query else "",
            "export_query": query.urlencode(),
        },
    )
