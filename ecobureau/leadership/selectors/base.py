"""What the drill-down modules share: a drill-down's shape and its cell formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Clock
from ecobureau.lib.dates import SHANGHAI

from .levels import Level
from .periods import Period


# Each drill-down: the items behind one figure. `items(user, level, period)`
# returns the queryset; `row(obj)` the cells shown (first cell linked to `link`).
@dataclass(frozen=True)
class Drill:
    section: str
    label: str
    items: Callable[[User, Level, Period], QuerySet[Any]]
    headers: tuple[str, ...]
    row: Callable[[Any], tuple[Any, ...]]
    link: Callable[[Any], str]


def _local(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return timezone.localtime(moment, SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _name(obj: Any) -> str:
    return str(obj or "—")


def _yes(flag: Any) -> str:
    return "是" if flag else "否"


def reply_clock(model: type[Model], column: str) -> Subquery:
    """A column of the row's latest reply clock (casework, step "reply", not
    cancelled) — an opinion event's or a demand's — read-only, for annotating."""
    return Subquery(
        Clock.objects.filter(
            target_type=model._meta.label_lower, target_id=OuterRef("pk"), step="reply"
        )
        .exclude(state=Clock.State.CANCELLED)
        .order_by("-started_at", "-pk")
        .values(column)[:1]
    )


# --- The page's shapes: a figure and a section of figures ---------------------------


@dataclass
class Figure:
    key: str
    label: str
    value: str
    count: int  # the number of items the drill-down lists
    detail: str = ""  # e.g. "按期 90（90.0%）"
    url: str = ""


@dataclass
class Section:
    title: str
    figures: list[Figure] = field(default_factory=list)
    note: str = ""
    allowed: bool = True
    # An optional table under the figures: one row per district or department,
    # each cell (column header, shown value, drill-down count, URL or "").
    breakdown_title: str = ""
    breakdown_headers: tuple[str, ...] = ()
    breakdown: list[tuple[str, list[tuple[str, str, int, str]]]] = field(
        default_factory=list
    )
    # Sentences at a glance under the figures (督察整改: seed 004's E1 sentence).
    headlines: list[str] = field(default_factory=list)
