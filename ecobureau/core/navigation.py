"""The staff navigation bar: each module registers its entries in `ready()`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    order: int
    visible: Callable[[Any], bool]


_ENTRIES: list[NavEntry] = []


def register(
    label: str | Promise,
    url_name: str,
    *,
    order: int,
    visible: Callable[[Any], bool] | None = None,
) -> None:
    if any(entry.url_name == url_name for entry in _ENTRIES):
        return
    _ENTRIES.append(
        NavEntry(label, url_name, order, visible or (lambda user: user.is_staff_member))
    )


def entries_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    if not user.is_authenticated:
        return []
    items = []
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if not entry.visible(user):
            continue
        url = reverse(entry.url_name)
        items.append(
            {
                # Plain labels are registered marked (gettext_noop) and
                # translated here, in the request's language; lazy ones
                # translate themselves.
                "label": entry.label
                if isinstance(entry.label, Promise)
                else gettext(entry.label),
                "url": url,
                "active": current_path.startswith(url) and url != "/",
            }
        )
    return items
