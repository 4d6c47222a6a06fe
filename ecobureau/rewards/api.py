"""JSON API of this module, mounted at /api/rewards/ (ecobureau/api.py).

Reporters appear masked for everyone: the identity is shown only on the reward
handlers' page, one view at a time, each view recorded.
"""

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from ecobureau.accounts.http import AppRequest
from ecobureau.core.api_paging import BoundedPageNumberPagination

from . import selectors
from .models import RewardReport

router = Router(tags=["举报奖励"])


class ReporterOut(Schema):
    name: str
    id_number: str
    phone: str
    share: Decimal | None


class ReportOut(Schema):
    id: int
    registration_no: str
    registered_at: datetime
    position: int
    status: str
    status_label: str
    reported_party: str
    amount: Decimal | None
    reporters: list[ReporterOut]

    @staticmethod
    def resolve_status_label(obj: RewardReport) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_reporters(obj: RewardReport) -> list[dict[str, object]]:
        return [
            {
                "name": link.reporter.name_mask,
                "id_number": link.reporter.id_mask,
                "phone": link.reporter.phone_mask,
                "share": link.share,
            }
            for link in selectors.reporters_masked(obj)
        ]


@router.get("/", response=list[ReportOut])
@paginate(BoundedPageNumberPagination, page_size=50)
def report_list(request: AppRequest) -> object:
    return selectors.report_list_for_user(request.user)


@router.get("/{report_id}", response=ReportOut)
def report_detail(request: AppRequest, report_id: int) -> RewardReport:
    return selectors.report_get_for_user(request.user, report_id)
