"""What the drill-down modules share: a drill-down's shape and its cell formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ecobureau.accounts.models import User
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
