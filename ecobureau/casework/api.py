"""JSON API of the workbench, mounted at /api/workbench/: the same items, order and
scope as the page."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from ecobureau.accounts.http import AppRequest
from ecobureau.core.api_paging import MAX_OFFSET

from . import selectors
from .models import WorkItem

router = Router(tags=["工作台"])


class WorkbenchQuery(Schema):
    view: str = "mine"
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class WorkItemOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    step: str
    step_label: str
    target_type: str
    target_id: int
    url: str
    due_at: datetime | None
    urgency: int
    urgency_label: str
    assignee: str | None
    unit: str | None

    @staticmethod
    def resolve_url(obj: WorkItem) -> str:
        return f"/workbench/open/{obj.target_type}/{obj.target_id}/"

    @staticmethod
    def resolve_urgency_label(obj: WorkItem) -> str:
        return str(obj.get_urgency_display())

    @staticmethod
    def resolve_assignee(obj: WorkItem) -> str | None:
        return obj.assignee.display_name if obj.assignee else None

    @staticmethod
    def resolve_unit(obj: WorkItem) -> str | None:
        return obj.unit.name if obj.unit else None


class WorkbenchOut(Schema):
    total: int
    overdue: int
    due_soon: int
    items: list[WorkItemOut]


@router.get("/", response=WorkbenchOut, summary="我的待办（按紧急程度排序，每次50条）")
def workbench(request: AppRequest, query: Query[WorkbenchQuery]) -> dict[str, object]:
    if not request.user.is_staff_member:
        return {"total": 0, "overdue": 0, "due_soon": 0, "items": []}
    view = "scope" if query.view == "scope" else "mine"
    page = selectors.workbench_page(
        request.user, view=view, offset=max(0, query.offset)
    )
    return {
        "total": page.total,
        "overdue": page.overdue,
        "due_soon": page.due_soon,
        "items": page.items,
    }
