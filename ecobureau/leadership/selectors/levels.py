"""Levels of the leadership view (the city, a district, a unit) and who may see which."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Q,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Division

# --- Levels ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """The city, one district, or one unit."""

    kind: str  # "city" | "district" | "unit"
    name: str
    district: Division | None = None
    unit: Unit | None = None

    @property
    def pk(self) -> int | None:
        if self.unit is not None:
            return self.unit.pk
        if self.district is not None:
            return self.district.pk
        return None

    def url(self) -> str:
        if self.kind == "city":
            return reverse("leadership:city")
        return reverse(f"leadership:{self.kind}", args=[self.pk])

    def q(self, *, district: str = "district", unit: str = "unit") -> Q:
        """The filter keeping this level's rows, the caller naming its fields."""
        if self.unit is not None:
            return Q(**{f"{unit}_id": self.unit.pk})
        if self.district is not None:
            return Q(**{f"{district}_id": self.district.pk})
        return Q()


def may_view(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff_member
        and user.has_perm("leadership.view_leadership")
    )


def _require(user: User) -> None:
    if not may_view(user):
        raise PermissionDenied("领导视图仅供局、分局和科室负责人查看。")


def is_city(user: User) -> bool:
    if user.is_superuser or user.scope == User.Scope.CITY:
        return True
    division = user.scope_division if user.scope == User.Scope.DIVISION else None
    return division is not None and division.level == 1


def _own_district_id(user: User) -> int | None:
    if user.scope == User.Scope.DIVISION and user.scope_division_id is not None:
        division: Division = user.scope_division  # type: ignore[assignment]
        if division.level == 2:
            return division.pk
    return None


def home_level(user: User) -> Level:
    """The level a viewer lands on: the city, their district, or their unit."""
    _require(user)
    if is_city(user):
        return city_level(user)
    district_id = _own_district_id(user)
    if district_id is not None:
        return district_level(user, district_id)
    if user.unit_id is not None:
        return unit_level(user, user.unit_id)
    raise PermissionDenied("您的数据范围不含任何单位或区县。")


def city_level(user: User) -> Level:
    _require(user)
    if not is_city(user):
        raise PermissionDenied("全市页面仅供市局领导查看。")
    return Level("city", "全市")


def district_level(user: User, pk: int) -> Level:
    _require(user)
    district = get_object_or_404(Division, pk=pk, level=2)
    if not (is_city(user) or _own_district_id(user) == district.pk):
        raise Http404("没有该区县。")
    return Level("district", district.name, district=district)


def unit_level(user: User, pk: int) -> Level:
    _require(user)
    unit = get_object_or_404(Unit.objects.select_related("division"), pk=pk)
    own = _own_district_id(user)
    allowed = (
        is_city(user)
        or user.unit_id == unit.pk
        or (
            own is not None
            and unit.division_id is not None
            and (unit.division_id == own or unit.division.parent_id == own)  # type: ignore[union-attr]
        )
    )
    if not allowed:
        raise Http404("没有该单位。")
    return Level("unit", unit.short_name or unit.name, unit=unit)


def level_get(user: User, kind: str, pk: int | None) -> Level:
    if kind == "city":
        return city_level(user)
    if kind == "district" and pk is not None:
        return district_level(user, pk)
    if kind == "unit" and pk is not None:
        return unit_level(user, pk)
    raise Http404("没有该层级。")


def children_of(level: Level) -> list[tuple[str, str]]:
    """(name, url) of the levels below: the districts of the city, the units of a
    district."""
    if level.kind == "city":
        districts = Division.objects.filter(level=2).order_by("sort_order", "code")
        return [
            (d.name, reverse("leadership:district", args=[d.pk])) for d in districts
        ]
    if level.kind == "district" and level.district is not None:
        units = Unit.objects.filter(
            Q(division_id=level.district.pk) | Q(division__parent_id=level.district.pk),
            is_active=True,
        ).order_by("code")
        return [
            (u.short_name or u.name, reverse("leadership:unit", args=[u.pk]))
            for u in units
        ]
    return []
