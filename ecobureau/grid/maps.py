"""What the maps draw, prepared for `json_script` (STYLE.md §8).

One datum: WGS-84 (glossary 坐标系). Enterprises' coordinates, browsers' positions
and GeoJSON boundaries are all WGS-84; the map has no online tiles (the platform
runs offline), so nothing is drawn in GCJ-02 and nothing needs converting here.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ecobureau.accounts.models import User

from . import selectors
from .models import GridCell, Problem

DATUM = "WGS-84"
# A city has about 100,000 registered units; the map shows the C and B classes
# and at most this many points, so the page stays light on a phone.
MAX_ENTERPRISES = 5000


def _feature(cell: GridCell, *, public: bool = False) -> dict[str, Any]:
    url = (
        reverse("grid:public-cell", args=[cell.pk])
        if public
        else reverse("grid:cell-detail", args=[cell.pk])
    )
    return {
        "type": "Feature",
        "geometry": cell.boundary,
        "properties": {
            "id": cell.pk,
            "name": cell.name,
            "level": cell.level,
            "kind": cell.kind,
            "demo": cell.boundary_is_demo,
            "url": url,
        },
    }


def cell_map(cell: GridCell, *, public: bool = False) -> dict[str, Any]:
    """One cell and the cells directly under it."""
    cells = [cell] + [
        child for child in cell.children.filter(is_active=True) if child.boundary
    ]
    return {
        "datum": DATUM,
        "cells": [_feature(c, public=public) for c in cells if c.boundary],
        "enterprises": [],
        "problems": [],
    }


def staff_map(user: User) -> dict[str, Any]:
    """Cells coloured by level, enterprises by class, open problems (issue §8)."""
    cells = (
        selectors.cell_list_for_user(user).filter(is_active=True).exclude(boundary=None)
    )
    supervision = (
        selectors.supervision_list_for_user(user)
        .exclude(enterprise__latitude=None)
        .order_by("-klass", "enterprise_id")
        .values_list(
            "enterprise_id",
            "enterprise__name",
            "klass",
            "enterprise__latitude",
            "enterprise__longitude",
        )[:MAX_ENTERPRISES]
    )
    problems = (
        selectors.problem_list_for_user(user, status="open")
        .exclude(latitude=None)
        .values_list("pk", "category", "latitude", "longitude")[:2000]
    )
    categories = dict(Problem.Category.choices)
    return {
        "datum": DATUM,
        "cells": [_feature(cell) for cell in cells],
        "enterprises": [
            {
                "id": pk,
                "name": name,
                "class": klass,
                "lat": float(lat or 0),
                "lng": float(lng or 0),
                "url": reverse("grid:class-detail", args=[pk]),
            }
            for pk, name, klass, lat, lng in supervision
        ],
        "problems": [
            {
                "id": pk,
                "category": categories.get(category, category),
                "lat": float(lat or 0),
                "lng": float(lng or 0),
                "url": reverse("grid:problem-detail", args=[pk]),
            }
            for pk, category, lat, lng in problems
        ],
        "truncated": selectors.supervision_list_for_user(user).count()
        > MAX_ENTERPRISES,
        "classes": {
            "A": "A类（简化管理）",
            "B": "B类（常规管理）",
            "C": "C类（强化监管）",
        },
    }
