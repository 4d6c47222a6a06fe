"""JSON API about the logged-in person, mounted at /api/me/."""

from ninja import Router, Schema

from ecobureau.accounts.http import AppRequest

router = Router(tags=["账户"])


class MeOut(Schema):
    username: str
    name: str
    kind: str
    unit: str | None
    roles: list[str]
    scope: str
    scope_division: str | None


@router.get("/", response=MeOut, summary="当前登录用户")
def me(request: AppRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.username,
        name=user.display_name,
        kind=user.kind,
        unit=user.unit.name if user.unit else None,
        roles=sorted(user.roles.values_list("code", flat=True)),
        scope=user.scope,
        scope_division=user.scope_division.name if user.scope_division else None,
    )
