"""JSON API of this module, mounted at /api/permits/ (ecobureau/api.py).

Same data as the pages, through the same selectors: the catalogue for any
signed-in user; applications in the staff member's data scope, or the public
account's own.
"""

from datetime import date, datetime

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from ecobureau.accounts.http import AppRequest
from ecobureau.core.api_paging import BoundedPageNumberPagination

from . import processes, selectors
from .models import Application, Material, ServiceItem

router = Router(tags=["政务服务"])


class MaterialOut(Schema):
    code: str
    name: str
    kind: str
    required: bool
    condition: str
    note: str


class BasisOut(Schema):
    law: str
    articles: str
    valid_from: date | None
    valid_to: date | None
    in_force: bool


class ItemSummary(Schema):
    code: str
    category: str
    category_label: str
    name: str
    list_name: str
    time_limit_text: str
    time_limit_amount: int | None
    time_limit_unit: str
    online: bool

    @staticmethod
    def resolve_category_label(obj: ServiceItem) -> str:
        return obj.get_category_display()


class ItemDetail(ItemSummary):
    aliases: list[str]
    applicable_parties: str
    legal_basis_text: str
    accepting_body: str
    place_and_hours: str
    materials_text: str
    procedure_text: str
    result: str
    fees: str
    sample_forms: str
    faq: str
    complaint_channel: str
    season_start_month: int | None
    season_end_month: int | None
    materials: list[MaterialOut]
    legal_basis: list[BasisOut]
    steps: list[str]

    @staticmethod
    def resolve_materials(obj: ServiceItem) -> list[Material]:
        return list(obj.materials.all())

    @staticmethod
    def resolve_legal_basis(obj: ServiceItem) -> list[dict[str, object]]:
        return [
            {
                "law": view.basis.law,
                "articles": view.basis.articles,
                "valid_from": view.basis.valid_from,
                "valid_to": view.basis.valid_to,
                "in_force": view.in_force,
            }
            for view in selectors.legal_basis_for(obj)
        ]

    @staticmethod
    def resolve_steps(obj: ServiceItem) -> list[str]:
        return [step.label for step in selectors.guide_steps(obj)]


class ApplicationOut(Schema):
    id: int
    number: str
    item: str
    item_name: str
    applicant_name: str
    channel: str
    status: str
    step_label: str
    submitted_at: datetime | None
    decided_at: datetime | None
    outcome: str

    @staticmethod
    def resolve_item(obj: Application) -> str:
        return obj.item.code

    @staticmethod
    def resolve_item_name(obj: Application) -> str:
        return obj.item.name

    @staticmethod
    def resolve_step_label(obj: Application) -> str:
        return processes.step_label(obj)


@router.get("/items/", response=list[ItemSummary], summary="政务服务事项目录")
def item_list(request: AppRequest, q: str = "") -> list[ServiceItem]:
    return selectors.item_list_public(q[:60])


@router.get("/items/{code}/", response=ItemDetail, summary="事项办事指南（一次性告知）")
def item_detail(request: AppRequest, code: str) -> ServiceItem:
    return selectors.item_get_public(code)


def _applications(request: AppRequest) -> list[Application] | object:
    if request.user.is_staff_member:
        return selectors.application_list_for_user(request.user)
    return selectors.application_list_for_applicant(request.user)


@router.get(
    "/applications/",
    response=list[ApplicationOut],
    summary="办件（工作人员：数据范围内；企业和公众：本人的）",
)
@paginate(BoundedPageNumberPagination, page_size=50)
def application_list(request: AppRequest) -> object:
    return _applications(request)


@router.get("/applications/{pk}/", response=ApplicationOut, summary="办件进度")
def application_detail(request: AppRequest, pk: int) -> Application:
    if request.user.is_staff_member:
        return selectors.application_get_for_user(request.user, pk)
    if request.user.is_public:
        return selectors.application_get_for_applicant(request.user, pk)
    raise Http404
