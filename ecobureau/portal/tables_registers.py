"""Disclosure lists of the registers kept for publication by their owners (C27,
D19): the regional environmental-safety hazards (emergencies), the work lists —
blacklists, phase-out lists and others (the portal's own register) — and the
yearly work plans with their completion (quality). Each reads the owner's public
query and public row only: what staff chose to publish, and no person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecobureau.lib.dates import SHANGHAI

from .table_types import Table

# --- 区域环境安全隐患 (C27), from emergencies ---------------------------------------


def _hazards(q: str) -> QuerySet[Any]:
    from ecobureau.emergencies import selectors as emergencies

    return emergencies.hazard_list_public(q)


def _hazard_row(hazard: Any) -> list[object]:
    from ecobureau.emergencies import hazards

    r = hazards.public_row(hazard)
    return [
        r.district,
        r.place,
        r.enterprise,
        r.level,
        r.description,
        r.measure,
        r.found_on,
        r.deadline,
        r.status,
        r.rectified_on,
        r.published_on,
    ]


def _published_hazards() -> date | datetime | None:
    from ecobureau.emergencies import selectors as emergencies

    return emergencies.hazard_last_change_public()


# --- 黑名单、落后淘汰名单等工作清单 (D19), the portal's register -----------------------


def _work_lists(q: str) -> QuerySet[Any]:
    from . import selectors

    return selectors.work_list_entries_public(q)


def _work_list_row(entry: Any) -> list[object]:
    from . import work_lists

    r = work_lists.public_row(entry)
    return [
        r.kind,
        r.list_name,
        r.unit_name,
        r.credit_code,
        r.reason,
        r.document_no,
        r.listed_on,
        r.status,
        r.removed_on,
        r.removed_reason,
        r.published_on,
    ]


def _published_work_lists() -> date | datetime | None:
    from . import selectors

    value: Any = selectors.work_list_last_change_public()
    return value


# --- 工作计划及其完成情况 (D19), from quality ----------------------------------------


def _work_plans(q: str) -> QuerySet[Any]:
    from ecobureau.quality import selectors as quality

    return quality.work_plan_items_public(q)


def _work_plan_row(item: Any) -> list[object]:
    # Tasks and notes are typed by staff: resident ID and mobile numbers in them
    # are masked (lib.deidentify); the people who reported are never read.
    from django.utils import timezone

    from ecobureau.lib.deidentify import mask_text

    today = timezone.now().astimezone(SHANGHAI).date()
    total, done = item.plan_total, item.plan_done
    rate = f"{done}/{total}（{done / total * 100:.1f}%）" if total else "—"
    return [
        item.plan.year,
        item.plan.title,
        item.position,
        mask_text(item.task),
        item.responsible_unit
        + (f"（{item.district.name}）" if item.district_id else ""),
        item.deadline,
        item.status_text(today),
        item.completed_on,
        mask_text(item.note),
        rate,
        item.plan.published_at.astimezone(SHANGHAI).date(),
    ]


def _published_work_plans() -> date | datetime | None:
    from ecobureau.quality import selectors as quality

    return quality.work_plan_last_change_public()


TABLES: dict[str, Table] = {
    "safety-hazards": Table(
        (
            _("区县"),
            _("隐患地点"),
            _("涉及企业"),
            _("隐患等级"),
            _("隐患描述"),
            _("整改措施"),
            _("发现日期"),
            _("整改期限"),
            _("整改状态"),
            _("整改完成日期"),
            _("公开日期"),
        ),
        (10, 24, 24, 10, 40, 40, 12, 12, 12, 12, 12),
        _hazards,
        _hazard_row,
        _("区县、地点、企业或隐患描述"),
    ),
    "work-lists": Table(
        (
            _("清单类别"),
            _("清单名称"),
            _("单位名称"),
            _("统一社会信用代码"),
            _("列入原因"),
            _("决定文号"),
            _("列入日期"),
            _("状态"),
            _("移出日期"),
            _("移出原因"),
            _("公开日期"),
        ),
        (14, 24, 30, 22, 40, 22, 12, 8, 12, 30, 12),
        _work_lists,
        _work_list_row,
        _("清单名称、单位名称、信用代码或文号"),
    ),
    "work-plans": Table(
        (
            _("年度"),
            _("计划名称"),
            _("序号"),
            _("工作任务"),
            _("责任单位"),
            _("完成时限"),
            _("完成情况"),
            _("完成日期"),
            _("进展说明"),
            _("计划完成率"),
            _("公开日期"),
        ),
        (6, 24, 6, 40, 20, 12, 12, 12, 40, 16, 12),
        _work_plans,
        _work_plan_row,
        _("工作任务、责任单位、计划名称或年度"),
    ),
}

PUBLISHED: dict[str, Callable[[], date | datetime | None]] = {
    "safety-hazards": _published_hazards,
    "work-lists": _published_work_lists,
    "work-plans": _published_work_plans,
}
