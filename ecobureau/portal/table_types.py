"""The shape of a disclosure list the portal builds (tables.py, tables_registers.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as Label
else:
    Label = str


@dataclass(frozen=True)
class Table:
    # Headers and the search hint are lazy translations (gettext_lazy): the page and
    # its exports follow the visitor's language; `labels` gives them as text.
    headers: tuple[Label, ...]
    widths: tuple[int, ...]
    items: Callable[[str], QuerySet[Any] | Sequence[Any]]  # filtered by the search
    row: Callable[[Any], list[object]]
    search_hint: Label

    def labels(self) -> list[str]:
        return [str(header) for header in self.headers]
