"""Reads about people and places, and the data-scope filter every module uses."""

from django.db.models import Q, QuerySet

from ecobureau.core.models import Division

from .models import Role, Unit, User
from .roles import HEAD_ROLES


def scope_q(
    user: User,
    *,
    district: str | None = "district",
    township: str | None = "township",
    unit: str | None = "unit",
    owner: str | None = None,
) -> Q:
    """A filter that keeps only rows inside the user's data scope.

    The caller names its own fields: the level-2 division (`district`), the level-3
    division (`township`), the responsible unit, and the owner. A scope that cannot
    be applied to the model (e.g. "own items" on a model with no owner) keeps
    nothing: a missing scope never widens what someone sees.
    """
    nothing = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active or user.is_public:
        return nothing
    if user.is_superuser or user.scope == User.Scope.CITY:
        return Q()
    if user.scope == User.Scope.DIVISION and user.scope_division_id is not None:
        division: Division = user.scope_division  # type: ignore[assignment]
        if division.level == 1:
            return Q()
        field = district if division.level == 2 else township
        return Q(**{f"{field}_id": division.pk}) if field else nothing
    if user.scope == User.Scope.UNIT and unit and user.unit_id is not None:
        return Q(**{f"{unit}_id": user.unit_id})
    if user.scope == User.Scope.OWN and owner:
        return Q(**{f"{owner}_id": user.pk})
    return nothing


def division_list_for_user(user: User) -> QuerySet[Division]:
    """Divisions a user may file or filter items under."""
    divisions = Division.objects.select_related("parent")
    if user.is_superuser or user.scope == User.Scope.CITY:
        return divisions
    if user.scope == User.Scope.DIVISION and user.scope_division_id:
        root = user.scope_division_id
        return divisions.filter(Q(pk=root) | Q(parent_id=root))
    return divisions.none()


def districts() -> QuerySet[Division]:
    return Division.objects.filter(level=2).order_by("sort_order", "code")


def unit_list() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True).select_related("parent", "division")


def staff_list_for_user(user: User) -> QuerySet[User]:
    """Staff a user may see in lists and choose as handlers: their scope's units."""
    staff = User.objects.filter(
        kind__in=[User.Kind.STAFF, User.Kind.EXTERNAL], is_active=True
    )
    staff = staff.select_related("unit", "scope_division")
    if user.is_superuser or user.scope == User.Scope.CITY:
        return staff
    if user.scope == User.Scope.DIVISION and user.scope_division_id:
        root = user.scope_division_id
        return staff.filter(
            Q(unit__division_id=root)
            | Q(unit__division__parent_id=root)
            | Q(pk=user.pk)
        )
    if user.unit_id:
        return staff.filter(unit_id=user.unit_id)
    return staff.filter(pk=user.pk)


def role_list() -> QuerySet[Role]:
    return Role.objects.prefetch_related("permissions")


def user_has_role(user: User, code: str) -> bool:
    return user.is_authenticated and user.roles.filter(code=code).exists()


def unit_heads(unit_ids: set[int]) -> dict[int, list[int]]:
    """The ids of the heads of each unit (people holding a head role in it)."""
    heads: dict[int, list[int]] = {}
    rows = (
        User.objects.filter(
            unit_id__in=unit_ids, is_active=True, roles__code__in=HEAD_ROLES
        )
        .values_list("unit_id", "pk")
        .distinct()
    )
    for unit_id, user_id in rows:
        heads.setdefault(unit_id, []).append(user_id)
    return heads
