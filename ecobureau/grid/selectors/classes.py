"""Reads of enterprise supervision: classes, the due calendar, key documents."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from ..models import (
    EnterpriseSupervision,
    InspectionTask,
    KeyEnterpriseDocument,
    Violation,
)
from ._common import today

# --- The credit grade, through a hook (credit sits above grid) ------------------------

# Credit (企业环境信用评价) is above grid in the module map (STYLE §3), so grid never
# imports it: credit registers a lookup here in CreditConfig.ready() — enterprise
# ids and a day in, each enterprise's grade colour in force that day out
# ("green" | "blue" | "yellow" | "red"; absent when none is published or in
# force). One call per batch of enterprises, not one per enterprise (the nightly
# sync classifies the whole city). Without credit installed grid classifies by
# its rule alone.
CreditColourLookup = Callable[[Sequence[int], date], Mapping[int, str]]
CREDIT_COLOUR_LOOKUP: CreditColourLookup | None = None


def register_credit_colour_lookup(lookup: CreditColourLookup | None) -> None:
    """Set (or, with None, remove) the lookup; credit calls it at start-up."""
    global CREDIT_COLOUR_LOOKUP
    CREDIT_COLOUR_LOOKUP = lookup


def credit_colours(enterprise_ids: Iterable[int], on: date) -> dict[int, str]:
    """The credit colour in force on `on` of each enterprise that has one."""
    lookup = CREDIT_COLOUR_LOOKUP
    ids = list(enterprise_ids)
    if lookup is None or not ids:
        return {}
    return {pk: colour for pk, colour in lookup(ids, on).items() if colour}


@dataclass(frozen=True)
class CreditGrade:
    """An enterprise's credit grade in force and what it means for the positive
    list (守信激励，失信惩戒), as credit decides it: credit builds these in its
    registered lookup; grid only shows them and refuses a listing on them."""

    year: int
    grade_name: str
    colour: str  # "green" | "blue" | "yellow" | "red"
    positive_list_eligible: bool
    text: str  # the consequence, in Chinese
    basis: str  # where the consequence comes from (示例配置 where it is)

    @property
    def colour_name(self) -> str:
        return CREDIT_COLOUR_NAMES.get(self.colour, self.colour)


CREDIT_COLOUR_NAMES = {"green": "绿牌", "blue": "蓝牌", "yellow": "黄牌", "red": "红牌"}

# The grade itself, for the positive-list review: ids and a day in, each
# enterprise's `CreditGrade` in force that day out (absent when none). Registered
# by credit beside the colour lookup; one call per page of enterprises.
CreditGradeLookup = Callable[[Sequence[int], date], Mapping[int, CreditGrade]]
CREDIT_GRADE_LOOKUP: CreditGradeLookup | None = None


def register_credit_grade_lookup(lookup: CreditGradeLookup | None) -> None:
    """Set (or, with None, remove) the grade lookup; credit calls it at start-up."""
    global CREDIT_GRADE_LOOKUP
    CREDIT_GRADE_LOOKUP = lookup


def credit_grades(enterprise_ids: Iterable[int], on: date) -> dict[int, CreditGrade]:
    """The credit grade in force on `on` of each enterprise that has one ({} when
    credit is not installed)."""
    lookup = CREDIT_GRADE_LOOKUP
    ids = list(enterprise_ids)
    if lookup is None or not ids:
        return {}
    return dict(lookup(ids, on))


# --- Enterprise supervision (classes, calendar) --------------------------------------


def supervision_list_for_user(
    user: User, *, klass: str = "", q: str = ""
) -> QuerySet[EnterpriseSupervision]:
    rows = EnterpriseSupervision.objects.filter(
        enterprise__in=enterprise_selectors.enterprise_list_for_user(user).values("pk")
    ).select_related("enterprise", "district", "cell", "officer")
    if klass:
        rows = rows.filter(klass=klass)
    if q.strip():
        rows = rows.filter(enterprise__name__icontains=q.strip())
    return rows.order_by("enterprise__name", "pk")


def supervision_for_enterprise(enterprise: Enterprise) -> EnterpriseSupervision | None:
    return (
        EnterpriseSupervision.objects.filter(enterprise=enterprise)
        .select_related("cell", "officer", "override_by")
        .first()
    )


def supervision_get_for_user(user: User, enterprise_pk: int) -> EnterpriseSupervision:
    enterprise = enterprise_selectors.enterprise_get_for_user(user, enterprise_pk)
    return get_object_or_404(
        EnterpriseSupervision.objects.select_related(
            "enterprise", "cell", "officer", "override_by"
        ),
        enterprise=enterprise,
    )


def supervision_get_by_pk_for_user(user: User, pk: int) -> EnterpriseSupervision:
    rows = EnterpriseSupervision.objects.filter(
        enterprise__in=enterprise_selectors.enterprise_list_for_user(user).values("pk")
    )
    return get_object_or_404(rows, pk=pk)


def tasks_for_enterprise(enterprise: Enterprise) -> QuerySet[InspectionTask]:
    return (
        InspectionTask.objects.filter(enterprise=enterprise)
        .select_related("draw")
        .prefetch_related("inspectors")
        .order_by("-due_by", "-pk")
    )


def violations_for(enterprise: Enterprise) -> QuerySet[Violation]:
    return Violation.objects.filter(enterprise=enterprise).select_related("recorded_by")


def class_counts(user: User) -> dict[str, int]:
    rows = (
        supervision_list_for_user(user)
        .order_by()
        .values("klass")
        .annotate(n=Count("pk"))
    )
    counts = {"A": 0, "B": 0, "C": 0}
    for row in rows:
        counts[row["klass"]] = row["n"]
    return counts


@dataclass
class CalendarMonth:
    month: date
    profiles: list[EnterpriseSupervision] = field(default_factory=list)


@dataclass
class DueCalendar:
    overdue: list[EnterpriseSupervision]
    months: list[CalendarMonth]


def due_calendar(officer: User, *, months: int = 3) -> DueCalendar:
    """The officer's enterprises falling due: overdue first, then month by month
    (seed 002 附件1 二1 "设定企业监管频次，到期动态提醒")."""
    now = today()
    horizon = now + timedelta(days=31 * months)
    rows = (
        EnterpriseSupervision.objects.filter(officer=officer, next_due_on__lte=horizon)
        .select_related("enterprise")
        .order_by("next_due_on", "pk")
    )
    overdue: list[EnterpriseSupervision] = []
    grouped: dict[date, CalendarMonth] = {}
    for row in rows:
        due = row.next_due_on
        assert due is not None  # filtered on next_due_on above
        if due < now:
            overdue.append(row)
            continue
        key = due.replace(day=1)
        grouped.setdefault(key, CalendarMonth(key)).profiles.append(row)
    return DueCalendar(overdue, [grouped[key] for key in sorted(grouped)])


def tasks_for_inspector(user: User) -> QuerySet[InspectionTask]:
    return (
        InspectionTask.objects.filter(
            inspectors=user, status=InspectionTask.Status.PLANNED
        )
        .select_related("enterprise", "draw")
        .order_by("due_by", "pk")
    )


# --- The three documents of a key enterprise -----------------------------------------


@dataclass(frozen=True)
class KeyDocuments:
    latest: list[KeyEnterpriseDocument]
    missing: list[str]  # labels of the kinds with no document yet
    required: bool  # a key (class C) enterprise must have all three


def key_documents(supervision: Any) -> KeyDocuments:
    """The latest version of each document, and which are missing (附件1 二1 asks
    them for each key enterprise: here, each class C enterprise)."""
    latest: dict[str, KeyEnterpriseDocument] = {}
    for document in supervision.documents.select_related("attachment").order_by(
        "kind", "-issued_on", "-pk"
    ):
        latest.setdefault(document.kind, document)
    kinds = KeyEnterpriseDocument.Kind
    return KeyDocuments(
        latest=[latest[k] for k in kinds.values if k in latest],
        missing=[kinds(k).label for k in kinds.values if k not in latest],
        required=supervision.klass == "C",
    )
