"""JSON API of the enterprise file, mounted at /api/enterprises/.

Same data scope as the pages: the session's user, through the module's selectors.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ecobureau.accounts.http import AppRequest
from ecobureau.core.api_paging import BoundedPageNumberPagination, RowId

from . import selectors
from .models import (
    EmissionLimit,
    Enterprise,
    Facility,
    FacilityStatusChange,
    Outlet,
    Permit,
)

router = Router(tags=["企业档案"])


class EnterpriseQuery(Schema):
    q: str = ""
    district: RowId | None = None
    township: RowId | None = None
    key_source: str = ""
    status: str = ""
    industry: str = ""

    def to_filters(self) -> selectors.EnterpriseFilters:
        return selectors.EnterpriseFilters(
            q=self.q,
            district_id=self.district,
            township_id=self.township,
            key_source=self.key_source,
            status=self.status,
            industry=self.industry,
        )


class EnterpriseSummary(Schema):
    id: int
    credit_code: str
    name: str
    address: str
    district: str
    township: str | None
    industry_code: str
    industry_name: str
    size: str
    size_label: str
    key_source: str
    key_source_label: str
    status: str
    status_label: str
    supervising_unit: str | None

    @staticmethod
    def resolve_district(obj: Enterprise) -> str:
        return obj.district.name

    @staticmethod
    def resolve_township(obj: Enterprise) -> str | None:
        return obj.township.name if obj.township else None

    @staticmethod
    def resolve_supervising_unit(obj: Enterprise) -> str | None:
        return obj.supervising_unit.name if obj.supervising_unit else None

    @staticmethod
    def resolve_size_label(obj: Enterprise) -> str:
        return obj.get_size_display()

    @staticmethod
    def resolve_key_source_label(obj: Enterprise) -> str:
        return obj.get_key_source_display()

    @staticmethod
    def resolve_status_label(obj: Enterprise) -> str:
        return obj.get_status_display()


class LimitOut(Schema):
    id: int
    pollutant_code: str
    pollutant_name: str
    limit_value: Decimal
    unit: str
    basis: str
    standard: str
    effective_from: date
    effective_to: date | None


class OutletOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    longitude: Decimal | None
    latitude: Decimal | None
    is_active: bool
    limits: list[LimitOut]

    @staticmethod
    def resolve_limits(obj: Outlet) -> list[EmissionLimit]:
        return list(obj.limits.all())


class PermitOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    issuer: str
    issued_on: date | None
    valid_until: date | None

    @staticmethod
    def resolve_kind_label(obj: Permit) -> str:
        return obj.get_kind_display()


class FacilityStatusOut(Schema):
    """One status of a facility; who recorded it is not given out.

    A stop may name monitoring's facility-failure report (A98): `failure_id` is
    that report's id (null when none is linked), `failure_began_at` when the
    failure began, given only to a reader who may see the report (monitoring's
    data scope, as on the file page), else null."""

    changed_on: date
    old_status: str
    new_status: str
    new_status_label: str
    reason: str
    failure_id: int | None
    failure_began_at: datetime | None

    @staticmethod
    def resolve_new_status_label(obj: FacilityStatusChange) -> str:
        return obj.get_new_status_display()

    @staticmethod
    def resolve_failure_began_at(obj: FacilityStatusChange) -> datetime | None:
        # `failures_around` is set by selectors.facility_list_for_page: the
        # reports around the stop that the reader may see.
        reports: list[selectors.FailureReport] = getattr(obj, "failures_around", [])
        for report in reports:
            if report.id == obj.failure_id:
                return report.began_at
        return None


class FacilityOut(Schema):
    """A pollution-control facility (A92), read-only."""

    id: int
    name: str
    kind: str
    kind_label: str
    pollutants: str
    process: str
    capacity: Decimal | None
    capacity_unit: str
    outlet_code: str | None
    built_on: date | None
    commissioned_on: date | None
    status: str
    status_label: str
    status_since: date
    status_changes: list[FacilityStatusOut]

    @staticmethod
    def resolve_kind_label(obj: Facility) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_outlet_code(obj: Facility) -> str | None:
        return obj.outlet.code if obj.outlet else None

    @staticmethod
    def resolve_status_label(obj: Facility) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_status_changes(obj: Facility) -> list[FacilityStatusChange]:
        return list(obj.status_changes.all())


class EnterpriseDetail(EnterpriseSummary):
    longitude: Decimal | None
    latitude: Decimal | None
    legal_representative: str
    contact_name: str
    contact_phone: str
    permit_category: str
    note: str
    updated_at: datetime
    outlets: list[OutletOut]
    permits: list[PermitOut]
    facilities: list[FacilityOut]

    @staticmethod
    def resolve_outlets(obj: Enterprise) -> list[Outlet]:
        return list(selectors.outlet_list_for_enterprise(obj))

    @staticmethod
    def resolve_permits(obj: Enterprise) -> list[Permit]:
        return list(selectors.permit_list_for_enterprise(obj))

    @staticmethod
    def resolve_facilities(obj: Enterprise, context: dict[str, Any]) -> list[Facility]:
        # The page's selector: each stop carries the failure reports around it
        # that this reader may see (one lookup for the whole enterprise).
        request: AppRequest = context["request"]
        return selectors.facility_list_for_page(request.user, obj)


@router.get("/", response=list[EnterpriseSummary], summary="企业列表（按数据范围）")
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def enterprise_list(request: AppRequest, filters: Query[EnterpriseQuery]) -> object:
    return selectors.enterprise_list_for_user(
        request.user, filters=filters.to_filters()
    )


@router.get("/{int:enterprise_id}", response=EnterpriseDetail, summary="企业档案详情")
def enterprise_detail(request: AppRequest, enterprise_id: int) -> object:
    return selectors.enterprise_get_for_user(request.user, enterprise_id)
