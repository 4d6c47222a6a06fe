"""Reads of inspection planning: inspectors, the cap, the positive list, draws, tasks."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework.models import Approval
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise, PositiveListEntry

from ..models import (
    Draw,
    InspectionTask,
    InspectorConflict,
    ListedCheckRequest,
)
from ._common import (
    ENFORCEMENT_ROLES,
    GRID_OFFICER_ROLE,
    _scope,
    _staff_with,
    either,
    routine_cap,
)

# --- Inspection planning ----------------------------------------------------------


def qualified_inspectors() -> QuerySet[User]:
    """People who may carry out an enterprise inspection: active bureau staff
    holding an enforcement role and an enforcement credential (行政处罚法第四十二条),
    and never a grid officer (国办发〔2024〕54号, rules.md I5)."""
    return (
        User.objects.filter(
            is_active=True,
            kind=User.Kind.STAFF,
            roles__code__in=ENFORCEMENT_ROLES,
        )
        .exclude(credential_no="")
        .exclude(roles__code=GRID_OFFICER_ROLE)
        .distinct()
        .order_by("pk")
    )


def inspector_list_for_user(user: User) -> QuerySet[User]:
    """Qualified inspectors a planner may put in a pool: those of their scope."""
    visible = account_selectors.staff_list_for_user(user).values("pk")
    return qualified_inspectors().filter(pk__in=visible).select_related("unit")


def is_grid_officer(user: User) -> bool:
    return user.roles.filter(code=GRID_OFFICER_ROLE).exists()


def routine_checks_counts(
    year: int, enterprise_ids: list[int] | None = None
) -> dict[int, int]:
    """Routine on-site checks per enterprise in a year (planned or done), which
    count against the yearly cap; case-triggered checks do not (rules.md I4)."""
    tasks = InspectionTask.objects.filter(
        year=year, kind__in=InspectionTask.ROUTINE_KINDS
    ).exclude(status=InspectionTask.Status.CANCELLED)
    if enterprise_ids is not None:
        tasks = tasks.filter(enterprise_id__in=enterprise_ids)
    rows = tasks.order_by().values("enterprise_id").annotate(n=Count("pk"))
    return {row["enterprise_id"]: row["n"] for row in rows}


def routine_checks_count(enterprise: Enterprise, year: int) -> int:
    return routine_checks_counts(year, [enterprise.pk]).get(enterprise.pk, 0)


def listed_enterprise_ids() -> set[int]:
    return set(
        PositiveListEntry.objects.filter(removed_on__isnull=True).values_list(
            "enterprise_id", flat=True
        )
    )


def approved_listed_requests(year: int) -> dict[int, int]:
    """enterprise id → the approved request allowing a routine on-site check of a
    positive-list enterprise that year (rules.md I3)."""
    requests = ListedCheckRequest.objects.filter(year=year).values_list(
        "pk", "enterprise_id"
    )
    by_pk = dict(requests)
    if not by_pk:
        return {}
    # One query for all of them; casework offers only a per-object reader.
    approved = Approval.objects.filter(
        target_type="grid.listedcheckrequest",
        target_id__in=list(by_pk),
        subject=ListedCheckRequest.SUBJECT,
        status=Approval.Status.APPROVED,
    ).values_list("target_id", flat=True)
    return {by_pk[pk]: pk for pk in approved}


def onsite_check_allowed(enterprise: Enterprise, year: int) -> tuple[bool, str]:
    """Whether a routine on-site check of this enterprise may be planned this year,
    and why not. For the enforcement module's "no plan, no inspection" check."""
    if enterprise.pk in listed_enterprise_ids() and enterprise.pk not in (
        approved_listed_requests(year)
    ):
        return False, "该企业在监督执法正面清单内，现场检查须经执法机构负责人批准。"
    count = routine_checks_count(enterprise, year)
    if count >= routine_cap():
        return False, (
            f"该企业{year}年日常现场检查已达{count}次，达到年度上限{routine_cap()}次"
            "（投诉举报、数据线索等个案检查不受此限）。"
        )
    return True, ""


def conflict_pairs(
    inspector_ids: list[int], enterprise_ids: list[int] | None = None
) -> list[tuple[int, int]]:
    rows = InspectorConflict.objects.filter(
        inspector_id__in=inspector_ids, ended_on__isnull=True
    )
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    return sorted(rows.values_list("inspector_id", "enterprise_id"))


def conflict_list_for_user(user: User) -> QuerySet[InspectorConflict]:
    enterprises = enterprise_selectors.enterprise_list_for_user(user).values("pk")
    return (
        InspectorConflict.objects.filter(
            enterprise__in=enterprises, ended_on__isnull=True
        )
        .select_related("inspector", "enterprise", "declared_by")
        .order_by("-declared_at")
    )


def draw_list_for_user(user: User) -> QuerySet[Draw]:
    if not _staff_with(user, "grid.view_draw"):
        return Draw.objects.none()
    return (
        Draw.objects.filter(_scope(user, unit="unit"))
        .select_related("division", "organiser", "unit")
        .order_by("-committed_at", "-pk")
    )


def draw_get_for_user(user: User, pk: int) -> Draw:
    return get_object_or_404(draw_list_for_user(user), pk=pk)


def task_list_for_user(
    user: User, *, status: str = "", kind: str = ""
) -> QuerySet[InspectionTask]:
    if not _staff_with(user, "grid.view_inspectiontask"):
        return InspectionTask.objects.none()
    tasks = InspectionTask.objects.filter(
        either(_scope(user), Q(inspectors=user))
    ).distinct()
    if status:
        tasks = tasks.filter(status=status)
    if kind:
        tasks = tasks.filter(kind=kind)
    return tasks.select_related("enterprise", "draw", "district").order_by(
        "due_by", "pk"
    )


def task_get_for_user(user: User, pk: int) -> InspectionTask:
    return get_object_or_404(task_list_for_user(user), pk=pk)


def task_inspectors(task: InspectionTask) -> list[User]:
    return list(task.inspectors.order_by("pk"))


def listed_request_list_for_user(user: User) -> QuerySet[ListedCheckRequest]:
    if not _staff_with(user, "grid.view_listedcheckrequest"):
        return ListedCheckRequest.objects.none()
    return (
        ListedCheckRequest.objects.filter(_scope(user))
        .select_related("enterprise", "requested_by")
        .order_by("-created_at")
    )


def listed_request_get_for_user(user: User, pk: int) -> ListedCheckRequest:
    return get_object_or_404(listed_request_list_for_user(user), pk=pk)
