"""The public page of permitted and actual discharge totals (排污许可量与实际排放量,
D14): organisation data only, no person's name or contact; not scoped to a person,
since the page is public. Actual totals come from the stored yearly totals
(`refresh_discharge_summary`), or computed live for a check. Re-exported by
`monitoring.selectors`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import SHANGHAI

from .models import (
    DischargeAllowance,
    DischargeSummaryState,
    DischargeYearTotal,
    Instrument,
)


@dataclass(frozen=True)
class AllowanceLine:
    pollutant_name: str
    pollutant_code: str
    yearly_tonnes: Decimal
    actual_tonnes: Decimal | None
    method: str
    route: str
    receiving: str

    @property
    def over(self) -> bool:
        return (
            self.actual_tonnes is not None and self.actual_tonnes > self.yearly_tonnes
        )


@dataclass(frozen=True)
class PublicDischarge:
    """One enterprise's line on the public page: organisation data only (name,
    district, permit number and term, method, totals), no person's name or
    contact."""

    enterprise_id: int
    name: str
    district: str
    industry: str
    permit_number: str
    valid_until: date | None
    lines: list[AllowanceLine]


def _allowances_in_force(today: date) -> QuerySet[DischargeAllowance]:
    return DischargeAllowance.objects.filter(permit__kind="discharge").filter(
        Q(permit__valid_until__isnull=True) | Q(permit__valid_until__gte=today)
    )


def discharge_enterprises_public(
    q: str = "", today: date | None = None
) -> QuerySet[Any]:
    """Enterprises with a discharge permit in force that states permitted
    totals, by name: the rows of the public page (paginated by the view)."""
    today = today or timezone.localdate()
    ids = _allowances_in_force(today).values("enterprise_id")
    qs = Enterprise.objects.filter(pk__in=ids)
    text = q.strip()
    if text:
        qs = qs.filter(name__icontains=text)
    return qs.order_by("name", "pk").values_list("pk", flat=True)


def discharge_list_public(
    *,
    enterprise_ids: list[int],
    year: int,
    today: date | None = None,
    live: bool = False,
) -> list[PublicDischarge]:
    """Each enterprise's discharge method and permitted and actual totals
    (seed 003 (十三): 将排放方式和排放总量公开), for the public page. Only
    permits in force are shown. The actual total is the stored sum of the
    year's daily totals (`DischargeYearTotal`, computed up to
    `discharge_summary_computed_at()`), one query for the page; `live`
    computes it from the monitoring data of the year up to now instead (one
    enterprise's staff page)."""
    today = today or timezone.localdate()
    allowances = (
        _allowances_in_force(today)
        .filter(enterprise_id__in=enterprise_ids)
        .select_related("permit", "enterprise", "enterprise__district")
        .order_by("pollutant_code")
    )
    by_enterprise: dict[int, list[DischargeAllowance]] = defaultdict(list)
    for allowance in allowances:
        by_enterprise[allowance.enterprise_id].append(allowance)
    if live:
        actual = _actual_live(list(by_enterprise), year)
    else:
        actual = _actual_stored(list(by_enterprise), year)
    result = []
    for enterprise_id in enterprise_ids:
        rows = by_enterprise.get(enterprise_id)
        if not rows:
            continue
        totals = actual.get(enterprise_id, {})
        first = rows[0]
        result.append(
            PublicDischarge(
                enterprise_id=enterprise_id,
                name=first.enterprise.name,
                district=first.enterprise.district.name,
                industry=first.enterprise.industry_name,
                permit_number=first.permit.number,
                valid_until=first.permit.valid_until,
                lines=[
                    AllowanceLine(
                        pollutant_name=row.pollutant_name,
                        pollutant_code=row.pollutant_code,
                        yearly_tonnes=row.yearly_tonnes,
                        actual_tonnes=totals.get(row.pollutant_code),
                        method=row.get_method_display(),
                        route=row.get_route_display(),
                        receiving=row.receiving,
                    )
                    for row in rows
                ],
            )
        )
    return result


def _actual_live(enterprise_ids: list[int], year: int) -> dict[int, dict[str, Decimal]]:
    from . import discharge as totals_of

    instruments: dict[int, list[Instrument]] = defaultdict(list)
    for instrument in Instrument.objects.filter(enterprise_id__in=enterprise_ids):
        instruments[instrument.enterprise_id].append(instrument)
    until = min(timezone.now(), datetime(year + 1, 1, 1, tzinfo=SHANGHAI))
    return {
        enterprise_id: {
            code: total.tonnes_decimal
            for code, total in totals_of.year_totals(
                instruments[enterprise_id], year, until=until
            ).items()
        }
        for enterprise_id in enterprise_ids
    }


def _actual_stored(
    enterprise_ids: list[int], year: int
) -> dict[int, dict[str, Decimal]]:
    from . import discharge as totals_of

    actual: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for enterprise_id, code, tonnes in DischargeYearTotal.objects.filter(
        enterprise_id__in=enterprise_ids, year=year
    ).values_list("enterprise_id", "pollutant_code", "tonnes"):
        actual[enterprise_id][code] = totals_of.tonnes_decimal(tonnes)
    return actual


def discharge_summary_computed_at() -> datetime | None:
    """When the stored daily totals of the public page were last computed
    (data up to that moment counted), or None before the first run."""
    return (
        DischargeSummaryState.objects.filter(pk=1)
        .values_list("computed_at", flat=True)
        .first()
    )
