"""Yearly work plans (工作计划及其完成情况, D19; seed 003 (十八)): a plan registered
and its items added by the city bureau, progress reported item by item (by the city
bureau, or by the sub-bureau of the item's district), the plan published on the
portal with its completion rate. Each write: one transaction, one record entry
(ids, statuses and dates; units' names, never people's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib.dates import local_date

from .. import selectors
from ..models import WorkPlan, WorkPlanItem
from .common import _require_city_manager


def _text(value: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}")
    if len(value) > limit:
        raise ValidationError(f"{label}不超过{limit}字")
    return value


@transaction.atomic
def work_plan_create(
    *,
    actor: User,
    year: int,
    title: str,
    issuer: str,
    now: datetime,
    is_demo: bool = False,
) -> WorkPlan:
    """Register the year's work plan (city-scope quality staff; one a year)."""
    _require_city_manager(actor, "年度工作计划由市局登记")
    this_year = local_date(now).year
    if not this_year - 1 <= year <= this_year + 1:
        raise ValidationError(f"年度应在{this_year - 1}至{this_year + 1}年之间")
    title = _text(title, "计划名称", 200)
    issuer = _text(issuer, "制定单位", 100)
    if WorkPlan.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度工作计划已登记")
    plan = WorkPlan.objects.create(
        year=year, title=title, issuer=issuer, recorded_by=actor, is_demo=is_demo
    )
    records.append(
        action="quality.work_plan_create",
        target=plan,
        actor=actor,
        data={"year": year},
    )
    return plan


@transaction.atomic
def work_plan_item_add(
    *,
    actor: User,
    plan: WorkPlan,
    task: str,
    responsible_unit: str,
    deadline: date,
    district: Division | None = None,
) -> WorkPlanItem:
    """Add a task to the plan; its deadline inside the plan's year."""
    _require_city_manager(actor, "年度工作计划由市局登记")
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    task = _text(task, "工作任务", 300)
    responsible_unit = _text(responsible_unit, "责任单位", 100)
    if deadline.year != plan.year:
        raise ValidationError(f"完成时限应在{plan.year}年内")
    if district is not None and district.level != 2:
        raise ValidationError("所属区县须为区县")
    position = (plan.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = WorkPlanItem.objects.create(
        plan=plan,
        position=position,
        task=task,
        responsible_unit=responsible_unit,
        district=district,
        deadline=deadline,
    )
    records.append(
        action="quality.work_plan_item_add",
        target=plan,
        actor=actor,
        after={"item": item.pk, "deadline": deadline, "district": item.district_id},
    )
    return item


def may_report(actor: User, item: WorkPlanItem) -> bool:
    """City-scope quality managers for every item; a district's managers for the
    items of their district."""
    if item.district_id is None:
        return bool(
            actor.is_authenticated
            and actor.has_perm("quality.manage_quality")
            and (actor.is_superuser or actor.scope == User.Scope.CITY)
        )
    return selectors.can_manage_district(actor, item.district_id)


@transaction.atomic
def work_plan_item_progress(
    *,
    actor: User,
    item: WorkPlanItem,
    status: str,
    note: str,
    now: datetime,
    completed_on: date | None = None,
) -> WorkPlanItem:
    """Report how far an item has got. 已完成 needs its completion date (not in the
    future, not before the plan's year); the other states carry none. A progress
    note is required each time."""
    item = (
        WorkPlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    )
    if not may_report(actor, item):
        raise PermissionDenied("您无权填报该项工作的进展")
    if status not in WorkPlanItem.Status.values:
        raise ValidationError({"status": "请选择完成情况"})
    note = _text(note, "进展说明", 1000)
    if status == WorkPlanItem.Status.DONE:
        if completed_on is None:
            raise ValidationError({"completed_on": "已完成的工作请填写完成日期"})
        if completed_on > local_date(now):
            raise ValidationError({"completed_on": "完成日期不能晚于今天"})
        if completed_on.year < item.plan.year:
            raise ValidationError(
                {"completed_on": f"完成日期不能早于{item.plan.year}年"}
            )
    elif completed_on is not None:
        raise ValidationError({"completed_on": "尚未完成的工作不填写完成日期"})
    before = {"status": item.status, "completed_on": item.completed_on}
    item.status, item.note, item.completed_on = status, note, completed_on
    item.save(update_fields=["status", "note", "completed_on", "updated_at"])
    records.append(
        action="quality.work_plan_item_progress",
        target=item.plan,
        actor=actor,
        before={"item": item.pk, **before},
        after={"item": item.pk, "status": status, "completed_on": completed_on},
    )
    return item


@transaction.atomic
def work_plan_publish(*, actor: User, plan: WorkPlan, now: datetime) -> WorkPlan:
    """Publish the plan on the portal; its items' progress shows as it is updated."""
    _require_city_manager(actor, "年度工作计划由市局公开")
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.published_at is not None:
        raise ValidationError("该工作计划已公开")
    if not plan.items.exists():
        raise ValidationError("计划中还没有工作任务，不能公开")
    plan.published_at = now
    plan.save(update_fields=["published_at", "updated_at"])
    records.append(
        action="quality.work_plan_publish",
        target=plan,
        actor=actor,
        after={"published_at": now},
    )
    return plan


@dataclass(frozen=True)
class Completion:
    done: int
    total: int

    @property
    def text(self) -> str:
        if not self.total:
            return "—"
        return f"{self.done}/{self.total}（{self.done / self.total * 100:.1f}%）"


def completion(plan: WorkPlan) -> Completion:
    items = list(plan.items.all())
    done = sum(1 for i in items if i.status == WorkPlanItem.Status.DONE)
    return Completion(done, len(items))
