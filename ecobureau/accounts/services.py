"""Every write about people: accounts, roles, scopes, log-ins."""

from collections.abc import Iterable

from django.contrib.auth import authenticate
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib import credit_code

from . import roles, throttle
from .models import LoginEvent, Role, Unit, User


def login_authenticate(*, request: HttpRequest, username: str, password: str) -> User:
    """Check the throttle, authenticate, and write the log-in audit either way.

    Raise ValidationError with the message to show when the log-in is refused.
    """
    username = _login_name(username)
    address = throttle.client_address(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    if throttle.locked_out(username=username, address=address):
        _log_event(username=username, address=address, agent=agent, reason="locked")
        raise ValidationError(
            f"登录失败次数过多，账户已暂时锁定，请{throttle.lockout_minutes()}分钟后再试。",
            code="locked",
        )
    try:
        user = authenticate(request, username=username, password=password)
    except PermissionDenied:
        user = None
    if user is None:
        _log_event(
            username=username, address=address, agent=agent, reason="bad_credentials"
        )
        raise ValidationError("账号或密码错误。", code="invalid_login")
    _log_event(username=username, address=address, agent=agent, user=user)
    return user


def _login_name(raw: str) -> str:
    """Credit codes come in any case, with spaces; use them as GB 32100 writes them."""
    name = raw.strip()
    candidate = credit_code.normalize(name)
    if len(candidate) == 18 and credit_code.is_valid(candidate):
        return candidate
    return name


def _log_event(
    *,
    username: str,
    address: str | None,
    agent: str,
    reason: str = "",
    user: object = None,
) -> None:
    LoginEvent.objects.create(
        username=username[:150],
        user=user if isinstance(user, User) else None,
        address=address,
        success=user is not None,
        reason=reason,
        user_agent=agent,
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    kind: str,
    full_name: str,
    by: User | None,
    unit: Unit | None = None,
    role_codes: Iterable[str] = (),
    scope: str = User.Scope.OWN,
    scope_division: Division | None = None,
    phone: str = "",
    email: str = "",
    title: str = "",
    must_change_password: bool = False,
) -> User:
    """Create an account of any kind. A None password leaves it unusable until set."""
    if User.objects.filter(username=username).exists():
        raise ValidationError("该账号已存在。")
    user = User(
        username=username,
        kind=kind,
        full_name=full_name,
        unit=unit,
        scope=scope,
        scope_division=scope_division,
        phone=phone,
        email=email,
        title=title,
        must_change_password=must_change_password,
    )
    check_scope(user)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save()
    user.roles.set(Role.objects.filter(code__in=list(role_codes)))
    records.append(
        action="user.create",
        target=user,
        actor=by,
        after={
            "kind": kind,
            "roles": sorted(role_codes),
            "scope": scope,
            "scope_division": scope_division.pk if scope_division else None,
            "unit": unit.pk if unit else None,
        },
    )
    return user


def check_scope(user: User) -> None:
    if user.scope == User.Scope.DIVISION and user.scope_division is None:
        raise ValidationError("数据范围为“本辖区”时必须选择辖区。")
    if (
        user.scope == User.Scope.DIVISION
        and user.scope_division
        and user.scope_division.level == 1
    ):
        user.scope = User.Scope.CITY
    if user.is_public and user.scope != User.Scope.OWN:
        raise ValidationError("企业和公众账户只能查看本人事项。")


@transaction.atomic
def user_set_access(
    *,
    user: User,
    by: User,
    role_codes: Iterable[str],
    scope: str,
    scope_division: Division | None,
    unit: Unit | None,
    is_active: bool,
) -> User:
    """Change what a person may do and see; recorded with before and after."""
    if not by.has_perm("accounts.manage_users"):
        raise PermissionDenied("无权管理用户。")
    before = access_snapshot(user)
    user.scope = scope
    user.scope_division = scope_division if scope == User.Scope.DIVISION else None
    user.unit = unit
    user.is_active = is_active
    check_scope(user)
    user.save(update_fields=["scope", "scope_division", "unit", "is_active"])
    user.roles.set(Role.objects.filter(code__in=list(role_codes)))
    after = access_snapshot(user)
    if before != after:
        records.append(
            action="user.access", target=user, actor=by, before=before, after=after
        )
    return user


def access_snapshot(user: User) -> dict[str, object]:
    return {
        "roles": sorted(user.roles.values_list("code", flat=True)),
        "scope": user.scope,
        "scope_division": user.scope_division_id,
        "unit": user.unit_id,
        "active": user.is_active,
    }


@transaction.atomic
def password_change(*, user: User, new_password: str) -> User:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    records.append(action="user.password", target=user, actor=user)
    return user


@transaction.atomic
def citizen_register(*, phone: str, password: str, full_name: str = "") -> User:
    """A member of the public opens an account with a mobile number."""
    phone = phone.strip()
    if not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
        raise ValidationError("请输入11位手机号码。")
    return user_create(
        username=phone,
        password=password,
        kind=User.Kind.CITIZEN,
        full_name=full_name,
        phone=phone,
        by=None,
        role_codes=["citizen"],
    )


@transaction.atomic
def enterprise_register(*, code: str, password: str, name: str, phone: str) -> User:
    """An enterprise opens an account with its 统一社会信用代码."""
    try:
        code = credit_code.validate(credit_code.normalize(code))
    except credit_code.CreditCodeError as error:
        raise ValidationError(str(error)) from error
    return user_create(
        username=code,
        password=password,
        kind=User.Kind.ENTERPRISE,
        full_name=name,
        phone=phone,
        by=None,
        role_codes=["enterprise"],
    )


@transaction.atomic
def roles_load_catalogue() -> int:
    """Write the role catalogue to the database; add what is missing, remove nothing."""
    # All permissions in one query: the catalogue names several hundred, and this
    # runs on every `load_reference` (so every `make run`).
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    added = 0
    for spec in roles.CATALOGUE.values():
        role, _ = Role.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "description": spec.description,
            },
        )
        missing = sorted(set(spec.permissions) - set(known))
        if missing:
            raise LookupError(f"role {spec.code}: no permission {missing[0]}")
        held = set(role.permissions.values_list("pk", flat=True))
        to_add = sorted({known[label] for label in spec.permissions} - held)
        if to_add:
            role.permissions.add(*to_add)
            added += len(to_add)
    return added
