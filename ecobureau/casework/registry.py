"""How the casework core reaches objects of modules above it without importing them.

Each module registers, in its `AppConfig.ready()`, the object types it owns:
- how to fetch one for a user (its scoped selector), so attachments, documents and
  histories of that object are shown only to people who may see the object;
- how to link to it and label it, so the workbench can list work items of any kind;
- optionally, what must follow an approval's decision on it at once, in the same
  transaction (e.g. an urgent seal refused by the head is released: 行政强制法
  第十九条 "应当立即解除").

Lookups import nothing: they call what was registered (STYLE.md §3, registries).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models


@dataclass(frozen=True)
class TargetType:
    label: str  # "enterprises.enterprise"
    verbose_name: str  # "企业"
    get_for_user: Callable[[Any, int], models.Model]  # raises Http404 if out of scope
    url: Callable[[models.Model], str]
    # called as on_approval_decided(approval, target) inside approval_decide
    on_approval_decided: Callable[[Any, models.Model], None] | None = None


_TARGETS: dict[str, TargetType] = {}


def register_target(
    label: str,
    *,
    verbose_name: str,
    get_for_user: Callable[[Any, int], models.Model],
    url: Callable[[models.Model], str],
    on_approval_decided: Callable[[Any, models.Model], None] | None = None,
) -> None:
    _TARGETS[label] = TargetType(
        label, verbose_name, get_for_user, url, on_approval_decided
    )


def target_type(label: str) -> TargetType:
    try:
        return _TARGETS[label]
    except KeyError:
        raise PermissionDenied(f"未登记的对象类型：{label}") from None


def target_get_for_user(user: Any, label: str, target_id: int) -> models.Model:
    """The object, if the user may see it; else Http404 (from the module's selector)."""
    return target_type(label).get_for_user(user, target_id)


def registered_targets() -> dict[str, TargetType]:
    return dict(_TARGETS)
