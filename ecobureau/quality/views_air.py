"""Air statistics over any period (E3, issue 13 item 2): the staff page with the
period form (a year to a month's end, a month, a quarter, any day range)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.lib.dates import local_date

from . import air_figures, drilldown, forms, selectors, statistics
from .views import _require_view


def _default_data() -> dict[str, str]:
    """Year to the end of the last complete month."""
    today = local_date(timezone.now())
    year, month = (
        (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    )
    return {"kind": "ytd", "year": str(year), "month": str(month)}


@require_GET
@staff_required
def air_statistics(request: AppRequest) -> HttpResponse:
    _require_view(request)
    # A district among the reader's own (another district: 404); the figures
    # are then the district's, from its own stations (air_figures.air_figures).
    value = request.GET.get("district") or ""
    if value and not value.isdigit():
        raise Http404
    district = selectors.district_for_user(request.user, int(value) if value else None)
    data = request.GET if "kind" in request.GET else _default_data()
    form = forms.AirPeriodForm(data)
    context: dict = {
        "form": form,
        "cite": statistics.rules().cite(),
        "district": district,
        "districts": selectors.districts_for_user(request.user),
    }
    if not form.is_valid():
        return render(request, "quality/air.html", context, status=400)
    start, end = form.cleaned_data["period"]
    drill = drilldown.air_page_period(form.cleaned_data["kind"], start, end)
    context.update(
        {
            "start": start,
            "end": end,
            # The days behind the figures: the same period and district.
            "drill_query": drill.query(district.pk if district else None),
            "air": air_figures.air_summary(
                start=start, end=end, district_id=district.pk if district else None
            ),
            "validity_note": air_figures.VALIDITY_NOTE,
        }
    )
    return render(request, "quality/air.html", context)
