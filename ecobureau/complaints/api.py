"""JSON API of this module, mounted at /api/complaints/ (ecobureau/api.py).

Same data scope as the pages; the complainant's contact details appear only for
holders of `complaints.view_complainant`, masked otherwise.
"""

from datetime import date, datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from ecobureau.accounts.http import AppRequest
from ecobureau.core.api_paging import BoundedPageNumberPagination, RowId

from . import selectors
from .models import Complaint

router = Router(tags=["投诉举报"])


class ComplaintQuery(Schema):
    q: str = ""
    status: str = ""
    channel: str = ""
    district: RowId | None = None


class ComplaintOut(Schema):
    id: int
    tracking_code: str
    channel: str
    received_at: datetime
    status: str
    status_label: str
    text: str
    place: str
    enterprise_name: str
    district: str | None
    unit: str | None
    handling_due_at: datetime | None
    closed_at: datetime | None
    repeat_visit: bool
    duplicate_of: int | None

    @staticmethod
    def resolve_status_label(obj: Complaint) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_district(obj: Complaint) -> str | None:
        return obj.district.name if obj.district else None

    @staticmethod
    def resolve_unit(obj: Complaint) -> str | None:
        return obj.unit.name if obj.unit else None

    @staticmethod
    def resolve_duplicate_of(obj: Complaint) -> int | None:
        return obj.duplicate_of_id


class ContactOut(Schema):
    anonymous: bool
    name: str
    phone: str
    email: str
    masked: bool


class ComplaintDetailOut(ComplaintOut):
    contact: ContactOut
    finding: str
    measures: str
    reply_text: str
    satisfaction: str


class RankingOut(Schema):
    rank: int
    unit: str
    due: int
    due_closed: int
    completion: float | None
    closed: int
    closed_on_time: int
    on_time: float | None
    answered: int
    satisfied: int
    satisfaction: float | None
    repeats: int
    deduction: float


@router.get("/", response=list[ComplaintOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def complaint_list(request: AppRequest, filters: Query[ComplaintQuery]) -> object:
    return selectors.complaint_list_for_user(
        request.user,
        selectors.ComplaintFilters(
            q=filters.q,
            status=filters.status,
            channel=filters.channel,
            district_id=filters.district,
        ),
    )


@router.get("/rankings/{month}", response=list[RankingOut])
def ranking(request: AppRequest, month: str) -> list[dict[str, object]]:
    from ninja.errors import HttpError

    if not request.user.has_perm("complaints.view_complaint"):
        raise HttpError(403, "您没有查看投诉排名的权限。")
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        # 422 like any other invalid parameter (the OpenAPI description lists it).
        raise HttpError(422, "月份应为YYYY-MM") from None
    return [
        {
            "rank": r.rank,
            "unit": r.facts.unit_name,
            "due": r.facts.due,
            "due_closed": r.facts.due_closed,
            "completion": float(r.completion) if r.completion is not None else None,
            "closed": r.facts.closed,
            "closed_on_time": r.facts.closed_on_time,
            "on_time": float(r.on_time) if r.on_time is not None else None,
            "answered": r.facts.answered,
            "satisfied": r.facts.satisfied,
            "satisfaction": float(r.satisfaction)
            if r.satisfaction is not None
            else None,
            "repeats": r.facts.repeats,
            "deduction": float(r.deduction),
        }
        for r in selectors.ranking(first)
    ]


@router.get("/{complaint_id}", response=ComplaintDetailOut)
def complaint_detail(request: AppRequest, complaint_id: int) -> Complaint:
    complaint = selectors.complaint_get_for_user(request.user, complaint_id)
    complaint.contact = selectors.contact_for(request.user, complaint)  # type: ignore[attr-defined]
    return complaint
