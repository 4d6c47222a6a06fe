"""Reads of rectification, always scoped: a responsible unit sees its own items,
a district its district, the city all (accounts.selectors.scope_q); the public
sees published items only, without the complainant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User

from .models import Measure, PetitionCase, RectificationTask
from .processes import DONE_STEPS


def _may_view(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("rectification.view_rectificationtask")
    )


def _measure_count(condition: Q) -> Subquery:
    return Subquery(
        Measure.objects.filter(condition, task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def task_list_for_user(user: User) -> QuerySet[RectificationTask]:
    if not _may_view(user):
        return RectificationTask.objects.none()
    return (
        RectificationTask.objects.filter(account_selectors.scope_q(user))
        .select_related("district", "unit")
        .annotate(
            # Correlated subqueries: computed only for the rows a page shows
            # (a GROUP BY over the join would count every task first).
            measure_count=_measure_count(Q()),
            measures_done=_measure_count(Q(done_on__isnull=False)),
        )
        .order_by("number")
    )


def task_get_for_user(user: User, pk: int) -> RectificationTask:
    if not _may_view(user):
        raise PermissionDenied("您没有查看督察整改的权限。")
    return get_object_or_404(
        RectificationTask.objects.filter(account_selectors.scope_q(user))
        .select_related("district", "unit")
        .prefetch_related(
            Prefetch("measures", queryset=Measure.objects.order_by("seq")),
            "milestones",
            "reports__by",
            "supervisions",
        ),
        pk=pk,
    )


def case_list_for_user(user: User) -> QuerySet[PetitionCase]:
    if not _may_view(user):
        return PetitionCase.objects.none()
    return (
        PetitionCase.objects.filter(account_selectors.scope_q(user))
        .select_related("district", "unit")
        .order_by("number")
    )


def case_get_for_user(user: User, pk: int) -> PetitionCase:
    if not _may_view(user):
        raise PermissionDenied("您没有查看督察整改的权限。")
    return get_object_or_404(
        PetitionCase.objects.filter(account_selectors.scope_q(user))
        .select_related("district", "unit")
        .prefetch_related(
            "acceptance_members",
            "signoffs",
            "reports__by",
            "supervisions",
            "revisits",
        ),
        pk=pk,
    )


def may_see_complainant(user: User) -> bool:
    return user.is_superuser or user.has_perm("rectification.view_complainant")


# Fields the public pages show; never the complainant.
PUBLIC_TASK_FIELDS = ("pk", "number", "round", "problem", "target", "deadline")
PUBLIC_CASE_FIELDS = ("pk", "number", "round", "content", "category", "truth")


def task_list_public() -> QuerySet[RectificationTask]:
    return (
        RectificationTask.objects.filter(published_at__isnull=False)
        .select_related("district")
        .only(*PUBLIC_TASK_FIELDS, "status", "published_at", "closed_at", "district")
        .order_by("number")
    )


def case_list_public() -> QuerySet[PetitionCase]:
    return (
        PetitionCase.objects.filter(published_at__isnull=False)
        .select_related("district")
        .only(*PUBLIC_CASE_FIELDS, "status", "published_at", "closed_at", "district")
        .order_by("number")
    )


@dataclass(frozen=True)
class ProgressLine:
    """E1 at a glance: "18项整改任务已按时保质完成15项,剩余3项将于年底前完成"."""

    label: str
    total: int
    done: int
    done_on_time: int
    open: int
    late: int
    due_this_year: int
    at_risk: int


def progress_summary(
    user: User, *, today: date, by: str = "round"
) -> list[ProgressLine]:
    """Task progress per round (or per district), counted by the database."""
    tasks = task_list_for_user(user).order_by()
    done = Q(status__in=DONE_STEPS)
    key = "round" if by == "round" else "district__name"
    rows = (
        tasks.values(key)
        .annotate(
            total=Count("pk", distinct=True),
            done=Count("pk", filter=done, distinct=True),
            done_on_time=Count(
                "pk",
                filter=done & Q(completed_on__lte=F("deadline")),
                distinct=True,
            ),
            late=Count("pk", filter=~done & Q(deadline__lt=today), distinct=True),
            due_this_year=Count(
                "pk",
                filter=~done & Q(deadline__gte=today, deadline__year=today.year),
                distinct=True,
            ),
            at_risk=Count(
                "pk", filter=~done & Q(at_risk_flagged_at__isnull=False), distinct=True
            ),
        )
        .order_by(key)
    )
    return [
        ProgressLine(
            label=row[key] or "（未填区县）",
            total=row["total"],
            done=row["done"],
            done_on_time=row["done_on_time"],
            open=row["total"] - row["done"],
            late=row["late"],
            due_this_year=row["due_this_year"],
            at_risk=row["at_risk"],
        )
        for row in rows
    ]


def headline(line: ProgressLine) -> str:
    text = f"{line.total}项整改任务已按时保质完成{line.done_on_time}项"
    if line.open:
        text += f"，剩余{line.open}项"
        if line.late:
            text += f"（其中超期{line.late}项）"
    return text


def at_risk_list_for_user(user: User) -> QuerySet[RectificationTask]:
    return (
        task_list_for_user(user)
        .exclude(status__in=DONE_STEPS)
        .filter(Q(at_risk_flagged_at__isnull=False) | Q(late_flagged_at__isnull=False))
    )
