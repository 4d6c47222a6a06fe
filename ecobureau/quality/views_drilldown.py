"""The staff bulletin page and the drill-downs from its figures (and from the
leadership pages' quality figures) to the rows behind them (issue 13 item 6).

Scope: quality staff only (`quality.view_quality`, else 403; the public gets the
log-in page). Water, drinking water and air are public information, so the city
figures' rows are the same for every quality reader; a district choice is
limited to the reader's own districts (another district: 404), and the emission
rows follow the reader's district scope (`selectors.emission_*_for_user`).

Each drill-down reads the period of `drilldown.period_parse` (a month, year to
the month's end, or a month range; the air drill-down also a day range,
`drilldown.air_period_parse`); a malformed period answers 400 with the page, the
Chinese error and what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.accounts.models import User
from ecobureau.core.forms import refused_status
from ecobureau.core.models import Division
from ecobureau.lib.dates import local_date

from . import air_figures, bulletin, drilldown, forms, selectors, services, statistics
from .views import _period, _require_view

# The drill-down of each kind of bulletin figure (bulletin.Figure.drill).
KINDS = {
    "water": "quality:drill-water",
    "drinking": "quality:drill-drinking",
    "air": "quality:drill-air",
    "emissions": "quality:drill-emissions",
}


def _district(request: AppRequest) -> Division | None:
    """?district= among the reader's districts; none for the whole city."""
    value = request.GET.get("district") or ""
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return selectors.district_for_user(request.user, int(value))


P = TypeVar("P", drilldown.DrillPeriod, drilldown.DrillPeriod | drilldown.DayPeriod)


def _base_with(
    request: AppRequest, parse: Callable[..., P]
) -> tuple[P | None, Division | None, dict[str, object]]:
    """(period, district, the page's common context); the period is None when
    the query string's was refused (the context then carries the error)."""
    _require_view(request)
    district = _district(request)
    context: dict[str, object] = {
        "district": district,
        "districts": selectors.districts_for_user(request.user),
    }
    try:
        period = parse(request.GET, today=local_date(timezone.now()))
    except ValidationError as error:
        context["period_error"] = error.messages[0]
        context["chosen"] = {
            key: request.GET.get(key, "")
            for key in ("period", "year", "month", "from", "to")
        }
        return None, district, context
    context.update(
        {
            "period": period,
            "year": period.year,
            "month": period.last,
            "chosen": period.params(),
            # The other drill-downs read months only: a day range links to none.
            "drill_query": period.query(district.pk if district else None)
            if isinstance(period, drilldown.DrillPeriod)
            else None,
        }
    )
    return period, district, context


def _base(
    request: AppRequest,
) -> tuple[drilldown.DrillPeriod | None, Division | None, dict[str, object]]:
    return _base_with(request, drilldown.period_parse)


def _refused(
    request: AppRequest, template: str, context: dict[str, object]
) -> HttpResponse:
    return render(request, template, context, status=400)


def _may_issue(user: User) -> bool:
    # The same check as services.bulletin_issue (city-scope quality managers).
    try:
        services._require_city_manager(user, "")
    except PermissionDenied:
        return False
    return True


def _bulletin_render(
    request: AppRequest, year: int, month: int, form: forms.BulletinIssueForm | None
) -> HttpResponse:
    now = timezone.now()
    items = bulletin.figures(request.user, year=year, month=month, now=now)
    issue = selectors.bulletin_issue_public(year, month)
    # Live against issued: the public figures only, both in Chinese (the issued
    # text), so a figure corrected since the issue is flagged for a correction.
    changed: dict[tuple[str, str], bulletin.Change] = {}
    changes: list[bulletin.Change] = []
    if issue is not None:
        with translation.override("zh-hans"):
            live = bulletin.figures_public(year=year, month=month)
        changes = bulletin.changes(bulletin.from_json(issue.figures), live)
        changed = {(c.part, c.label): c for c in changes}
    parts: dict[str, list[tuple[bulletin.Figure, str, bulletin.Change | None]]] = {}
    for item in items:
        parts.setdefault(item.part, []).append(
            (item, KINDS.get(item.drill, ""), changed.get((item.part, item.label)))
        )
    over = (year, month) <= bulletin.last_published_month(local_date(now))
    may_issue = over and _may_issue(request.user)
    if may_issue and form is None:
        form = forms.BulletinIssueForm(initial={"year": year, "month": month})
    return render(
        request,
        "quality/bulletin.html",
        {
            "year": year,
            "month": month,
            "parts": parts,
            "issue": issue,
            "changes": changes,
            "issues": selectors.bulletin_issue_list_for_user(request.user),
            "issue_form": form if may_issue else None,
            "over": over,
            # The bulletin's figures are year to the month's end: the links
            # open the drill-downs of that period.
            "drill_query": drilldown.DrillPeriod.ytd(year, month).query(),
        },
        status=refused_status(form),
    )


@require_GET
@staff_required
def bulletin_page(request: AppRequest) -> HttpResponse:
    """The monthly bulletin as a staff page, each figure linked to its rows: a
    live preview, compared with the issued bulletin of the month when there is
    one; the issued bulletins with their revisions; 发布本月公报."""
    _require_view(request)
    year, month = _period(request)
    return _bulletin_render(request, year, month, None)


@require_POST
@staff_required
def bulletin_issue(request: AppRequest) -> HttpResponse:
    _require_view(request)
    form = forms.BulletinIssueForm(request.POST)
    year, month = _period(request)
    if form.is_valid():
        year, month = form.cleaned_data["year"], form.cleaned_data["month"]
        try:
            issue = services.bulletin_issue(
                actor=request.user,
                year=year,
                month=month,
                now=timezone.now(),
                note=form.cleaned_data["note"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("已发布%(year)s年%(month)s月环境质量月报（第%(n)s版）")
                % {"year": year, "month": month, "n": issue.revision},
            )
            return redirect(reverse("quality:bulletin") + f"?year={year}&month={month}")
    return _bulletin_render(request, year, month, form)


@require_GET
@staff_required
def bulletin_issue_pdf(request: AppRequest, pk: int) -> HttpResponse:
    """The stored PDF of any revision, superseded ones included (staff)."""
    _require_view(request)
    issue = get_object_or_404(
        selectors.bulletin_issue_list_for_user(request.user), pk=pk
    )
    response = HttpResponse(bytes(issue.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=quality-bulletin-{issue.year}-{issue.month:02d}"
        f"-r{issue.revision}.pdf"
    )
    return response


@require_GET
@staff_required
def drill_water(request: AppRequest) -> HttpResponse:
    period, district, context = _base(request)
    level = request.GET.get("level", "national")
    if level not in ("national", "provincial", "city", ""):
        raise Http404
    context["level"] = level
    if period is None:
        return _refused(request, "quality/drill_water.html", context)
    context["drill"] = drilldown.water(
        period=period,
        level=level or None,
        district_id=district.pk if district else None,
    )
    return render(request, "quality/drill_water.html", context)


@require_GET
@staff_required
def drill_drinking(request: AppRequest) -> HttpResponse:
    period, district, context = _base(request)
    if period is None:
        return _refused(request, "quality/drill_drinking.html", context)
    context["drill"] = drilldown.drinking_sources(
        period=period, district_id=district.pk if district else None
    )
    context["drinking_rules"] = statistics.rules().cite_water()[2:]
    return render(request, "quality/drill_drinking.html", context)


@require_GET
@staff_required
def drill_air(request: AppRequest) -> HttpResponse:
    """Every day of the period (by default 1 January to the month's end: the
    dashboard's, the bulletin's and the leadership page's period), or of a day
    range (`?period=days&from=&to=`, the air statistics page's 任意日期段)."""
    period, district, context = _base_with(request, drilldown.air_period_parse)
    context["days_allowed"] = True
    if period is None:
        return _refused(request, "quality/drill_air.html", context)
    context.update(
        {
            "start": period.start,
            "end": period.end,
            "drill": drilldown.air_days(
                period.start, period.end, district.pk if district else None
            ),
            "validity_note": air_figures.VALIDITY_NOTE,
        }
    )
    return render(request, "quality/drill_air.html", context)


@require_GET
@staff_required
def drill_emissions(request: AppRequest) -> HttpResponse:
    period, district, context = _base(request)
    if period is None:
        return _refused(request, "quality/drill_emissions.html", context)
    context["drill"] = drilldown.emission_rows(
        request.user,
        period=period,
        now=timezone.now(),
        district_id=district.pk if district else None,
    )
    return render(request, "quality/drill_emissions.html", context)
