"""Sections other modules add to an enterprise's file page (一企一档).

Enforcement adds its inspections and cases, monitoring its instruments and
exceedances, credit its ratings … without this module importing any of them. A
module registers in its `AppConfig.ready()`:

    from ecobureau.enterprises import sections

    sections.register_section(
        "执法检查",
        "enforcement/_enterprise_section.html",
        context_fn=selectors.enterprise_section_context,  # (user, enterprise) -> dict
        order=30,
    )

The template is included with `enterprise`, `user` and `data` (what `context_fn`
returned); `context_fn` reads through the module's own scoped selectors. By default
only staff see a section; pass `visible` to show it to the enterprise itself too.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .models import Enterprise


@dataclass(frozen=True)
class Section:
    title: str
    template: str
    context_fn: Callable[[Any, Enterprise], Mapping[str, Any]]
    order: int
    visible: Callable[[Any], bool]


@dataclass(frozen=True)
class BoundSection:
    """A section ready for one page: its title, template and data."""

    title: str
    template: str
    data: Mapping[str, Any]


_SECTIONS: dict[str, Section] = {}


def _staff_only(user: Any) -> bool:
    return bool(user.is_staff_member)


def register_section(
    title: str,
    template: str,
    context_fn: Callable[[Any, Enterprise], Mapping[str, Any]],
    order: int,
    *,
    visible: Callable[[Any], bool] | None = None,
) -> None:
    """Add a section; registering the same template again replaces it."""
    _SECTIONS[template] = Section(
        title, template, context_fn, order, visible or _staff_only
    )


def unregister_section(template: str) -> None:
    _SECTIONS.pop(template, None)


def sections_for(user: Any, enterprise: Enterprise) -> list[BoundSection]:
    """The sections this user may see on this enterprise's page, in order."""
    return [
        BoundSection(s.title, s.template, s.context_fn(user, enterprise))
        for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.title))
        if s.visible(user)
    ]
