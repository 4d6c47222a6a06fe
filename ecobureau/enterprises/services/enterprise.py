"""Writes to an enterprise's file: its facts, outlets, limits, permits and accounts.

Each write checks the actor's permission and data scope (PermissionDenied), the
business rules (ValidationError with a Chinese message, keyed by field where one
field is at fault) and appends a record entry in the same transaction. Changes to
outlets, limits and permits are recorded on the enterprise, so the file's history
is one list. Names of people and phone numbers never enter the record: only the
fact that they changed.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors
from ecobureau.enterprises.models import (
    EmissionLimit,
    Enterprise,
    EnterpriseAccount,
    Outlet,
    Permit,
)
from ecobureau.lib import credit_code

# Fields that name or reach a person (法定代表人, 联系人, 电话): the record notes
# that they changed, never their values (STYLE.md §4, the record).
PERSONAL_FIELDS = frozenset({"legal_representative", "contact_name", "contact_phone"})


@dataclass
class EnterpriseData:
    """The facts of one enterprise, as a form or an import row gives them."""

    credit_code: str
    name: str
    address: str
    district: Division
    township: Division | None = None
    longitude: Decimal | None = None
    latitude: Decimal | None = None
    industry_code: str = ""
    industry_name: str = ""
    size: str = Enterprise.Size.SMALL
    legal_representative: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    key_source: str = ""
    permit_category: str = ""
    status: str = Enterprise.Status.OPERATING
    supervising_unit: Unit | None = None
    note: str = ""


ENTERPRISE_FIELDS = tuple(f.name for f in fields(EnterpriseData))


# --- Checks shared by the writes ---------------------------------------------------


def _require_perm(user: User, perm: str, message: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def _require_scope(user: User, enterprise: Enterprise) -> None:
    allowed = selectors.scope_allows(
        user,
        pk=enterprise.pk,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
        supervising_unit_id=enterprise.supervising_unit_id,
    )
    if not allowed:
        raise PermissionDenied("该企业不在您的数据范围内。")


def credit_code_check(raw: str) -> str:
    """The code as GB 32100 writes it, or ValidationError with the Chinese reason."""
    try:
        return credit_code.validate(credit_code.normalize(raw))
    except credit_code.CreditCodeError as error:
        raise ValidationError(str(error), code="credit_code") from error


def township_error(district: Division, township: Division | None) -> str | None:
    """Why this township cannot be filed under this district, or None."""
    if district.level != 2:
        return f"“{district.name}”不是区县。"
    if township is None:
        return None
    if township.level != 3:
        return f"“{township.name}”不是乡镇街道。"
    if township.parent_id != district.pk:
        return f"乡镇街道“{township.name}”不属于“{district.name}”。"
    return None


def _validate_enterprise(data: EnterpriseData, *, exclude_pk: int | None) -> None:
    errors: dict[str, str] = {}
    try:
        data.credit_code = credit_code_check(data.credit_code)
    except ValidationError as error:
        errors["credit_code"] = error.messages[0]
    else:
        same_code = Enterprise.objects.filter(credit_code=data.credit_code)
        if exclude_pk is not None:
            same_code = same_code.exclude(pk=exclude_pk)
        clash = same_code.values_list("name", flat=True).first()
        if clash is not None:
            errors["credit_code"] = f"该统一社会信用代码已登记为“{clash}”。"
    if not data.name.strip():
        errors["name"] = "请填写单位名称。"
    if not data.address.strip():
        errors["address"] = "请填写生产经营场所地址。"
    place = township_error(data.district, data.township)
    if place:
        errors["township"] = place
    if errors:
        raise ValidationError(errors)


def _snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """Field values as the record stores them: ids for relations (read from the
    row itself, so no related object is fetched), plain values otherwise."""
    meta = obj._meta
    return {
        name: getattr(obj, getattr(meta.get_field(name), "attname", name))
        for name in names
    }


def _changes(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Changed fields as (before, after, changed personal fields)."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    personal: list[str] = []
    for name, value in after.items():
        if before[name] == value:
            continue
        if name in PERSONAL_FIELDS:
            personal.append(name)
        else:
            old[name] = before[name]
            new[name] = value
    return old, new, personal


def _record_data(personal: list[str]) -> dict[str, Any] | None:
    return {"personal_fields": sorted(personal)} if personal else None


def _fk_name(name: str) -> str:
    return (
        f"{name}_id" if name in ("district", "township", "supervising_unit") else name
    )


# --- Enterprise ------------------------------------------------------------------


@transaction.atomic
def enterprise_create(*, data: EnterpriseData, by: User) -> Enterprise:
    """File a new enterprise inside the actor's scope."""
    _require_perm(by, "enterprises.add_enterprise", "您无权新建企业档案。")
    _validate_enterprise(data, exclude_pk=None)
    enterprise = Enterprise(**{name: getattr(data, name) for name in ENTERPRISE_FIELDS})
    _require_scope(by, enterprise)
    enterprise.save()
    after = _snapshot(enterprise, ENTERPRISE_FIELDS)
    personal = [name for name in PERSONAL_FIELDS if after[name]]
    records.append(
        action="enterprise.create",
        target=enterprise,
        actor=by,
        after={k: v for k, v in after.items() if k not in PERSONAL_FIELDS},
        data=_record_data(personal),
    )
    return enterprise


@transaction.atomic
def enterprise_update(
    *, enterprise: Enterprise, data: EnterpriseData, by: User
) -> Enterprise:
    """Change an enterprise's facts; record the changed fields before and after.

    The actor must see the enterprise before the change and after it, so nobody
    can move a file out of, or into, a scope that is not theirs.
    """
    _require_perm(by, "enterprises.change_enterprise", "您无权修改企业档案。")
    _require_scope(by, enterprise)
    _validate_enterprise(data, exclude_pk=enterprise.pk)
    before = _snapshot(enterprise, ENTERPRISE_FIELDS)
    for name in ENTERPRISE_FIELDS:
        setattr(enterprise, name, getattr(data, name))
    _require_scope(by, enterprise)
    old, new, personal = _changes(before, _snapshot(enterprise, ENTERPRISE_FIELDS))
    if not old and not personal:
        return enterprise
    changed = [_fk_name(name) for name in [*old, *personal]]
    enterprise.save(update_fields=[*changed, "updated_at"])
    records.append(
        action="enterprise.update",
        target=enterprise,
        actor=by,
        before=old,
        after=new,
        data=_record_data(personal),
    )
    return enterprise


# --- Outlets, limits, permits ----------------------------------------------------


def _require_change(by: User, enterprise: Enterprise) -> None:
    _require_perm(by, "enterprises.change_enterprise", "您无权修改企业档案。")
    _require_scope(by, enterprise)


def _check_outlet_code(
    enterprise: Enterprise, code: str, exclude_pk: int | None
) -> str:
    code = code.strip().upper()
    if not code:
        raise ValidationError({"code": "请填写排放口编号。"})
    same_code = enterprise.outlets.filter(code=code)
    if exclude_pk is not None:
        same_code = same_code.exclude(pk=exclude_pk)
    if same_code.exists():
        raise ValidationError({"code": f"该企业已有编号为“{code}”的排放口。"})
    return code


OUTLET_FIELDS = ("code", "name", "kind", "longitude", "latitude", "is_active")


@transaction.atomic
def outlet_add(
    *,
    enterprise: Enterprise,
    by: User,
    code: str,
    name: str,
    kind: str,
    longitude: Decimal | None = None,
    latitude: Decimal | None = None,
    is_active: bool = True,
) -> Outlet:
    _require_change(by, enterprise)
    code = _check_outlet_code(enterprise, code, exclude_pk=None)
    outlet = Outlet.objects.create(
        enterprise=enterprise,
        code=code,
        name=name,
        kind=kind,
        longitude=longitude,
        latitude=latitude,
        is_active=is_active,
    )
    records.append(
        action="enterprise.outlet_add",
        target=enterprise,
        actor=by,
        after=_snapshot(outlet, OUTLET_FIELDS),
        data={"outlet": outlet.pk},
    )
    return outlet


@transaction.atomic
def outlet_update(
    *,
    outlet: Outlet,
    by: User,
    code: str,
    name: str,
    kind: str,
    longitude: Decimal | None = None,
    latitude: Decimal | None = None,
    is_active: bool = True,
) -> Outlet:
    enterprise = outlet.enterprise
    _require_change(by, enterprise)
    code = _check_outlet_code(enterprise, code, exclude_pk=outlet.pk)
    before = _snapshot(outlet, OUTLET_FIELDS)
    outlet.code, outlet.name, outlet.kind = code, name, kind
    outlet.longitude, outlet.latitude = longitude, latitude
    outlet.is_active = is_active
    old, new, _ = _changes(before, _snapshot(outlet, OUTLET_FIELDS))
    if not old:
        return outlet
    outlet.save(update_fields=[*old, "updated_at"])
    records.append(
        action="enterprise.outlet_update",
        target=enterprise,
        actor=by,
        before=old,
        after=new,
        data={"outlet": outlet.pk},
    )
    return outlet


LIMIT_FIELDS = (
    "pollutant_code",
    "pollutant_name",
    "limit_value",
    "unit",
    "basis",
    "standard",
    "effective_from",
    "effective_to",
)


def _check_limit(limit_value: Decimal, effective_from: date, to: date | None) -> None:
    errors: dict[str, str] = {}
    if limit_value <= 0:
        errors["limit_value"] = "限值应大于0。"
    if to is not None and to < effective_from:
        errors["effective_to"] = "失效日期不能早于生效日期。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def emission_limit_add(
    *,
    outlet: Outlet,
    by: User,
    pollutant_code: str,
    pollutant_name: str,
    limit_value: Decimal,
    unit: str,
    effective_from: date,
    basis: str = EmissionLimit.Basis.MEASURED,
    standard: str = "",
    effective_to: date | None = None,
) -> EmissionLimit:
    _require_change(by, outlet.enterprise)
    _check_limit(limit_value, effective_from, effective_to)
    limit = EmissionLimit.objects.create(
        outlet=outlet,
        pollutant_code=pollutant_code.strip(),
        pollutant_name=pollutant_name.strip(),
        limit_value=limit_value,
        unit=unit,
        basis=basis,
        standard=standard,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    records.append(
        action="enterprise.limit_add",
        target=outlet.enterprise,
        actor=by,
        after=_snapshot(limit, LIMIT_FIELDS),
        data={"outlet": outlet.pk, "limit": limit.pk},
    )
    return limit


@transaction.atomic
def emission_limit_update(
    *,
    limit: EmissionLimit,
    by: User,
    pollutant_code: str,
    pollutant_name: str,
    limit_value: Decimal,
    unit: str,
    effective_from: date,
    basis: str = EmissionLimit.Basis.MEASURED,
    standard: str = "",
    effective_to: date | None = None,
) -> EmissionLimit:
    enterprise = limit.outlet.enterprise
    _require_change(by, enterprise)
    _check_limit(limit_value, effective_from, effective_to)
    before = _snapshot(limit, LIMIT_FIELDS)
    limit.pollutant_code = pollutant_code.strip()
    limit.pollutant_name = pollutant_name.strip()
    limit.limit_value, limit.unit, limit.basis = limit_value, unit, basis
    limit.standard = standard
    limit.effective_from, limit.effective_to = effective_from, effective_to
    old, new, _ = _changes(before, _snapshot(limit, LIMIT_FIELDS))
    if not old:
        return limit
    limit.save(update_fields=list(old))
    records.append(
        action="enterprise.limit_update",
        target=enterprise,
        actor=by,
        before=old,
        after=new,
        data={"outlet": limit.outlet_id, "limit": limit.pk},
    )
    return limit


PERMIT_FIELDS = ("kind", "number", "issuer", "issued_on", "valid_until")


@transaction.atomic
def permit_add(
    *,
    enterprise: Enterprise,
    by: User,
    kind: str,
    number: str,
    issuer: str = "",
    issued_on: date | None = None,
    valid_until: date | None = None,
) -> Permit:
    """Add a permit or approval the enterprise holds (the scan is attached later)."""
    _require_change(by, enterprise)
    if not number.strip():
        raise ValidationError({"number": "请填写证号或文号。"})
    if issued_on and valid_until and valid_until < issued_on:
        raise ValidationError({"valid_until": "有效期至不能早于发证日期。"})
    permit = Permit.objects.create(
        enterprise=enterprise,
        kind=kind,
        number=number.strip(),
        issuer=issuer,
        issued_on=issued_on,
        valid_until=valid_until,
    )
    records.append(
        action="enterprise.permit_add",
        target=enterprise,
        actor=by,
        after=_snapshot(permit, PERMIT_FIELDS),
        data={"permit": permit.pk},
    )
    return permit


# --- Enterprise accounts -----------------------------------------------------------


@transaction.atomic
def enterprise_account_link(*, user: User, by: User) -> EnterpriseAccount:
    """Bind a public enterprise account to the enterprise whose credit code it logs
    in with.

    An enterprise may ask for the link itself (`by` is the account): the link is
    then unverified and shows nothing until staff confirm it. Staff who may change
    the enterprise's file link it verified, or verify an existing link.
    """
    if user.kind != User.Kind.ENTERPRISE:
        raise ValidationError("只有企业账户可以关联企业档案。")
    code = credit_code_check(user.username)
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    if enterprise is None:
        raise ValidationError(f"档案中没有统一社会信用代码为{code}的企业。")
    by_staff = by.pk != user.pk
    if by_staff:
        _require_change(by, enterprise)
    account = EnterpriseAccount.objects.filter(user=user).first()
    if account is not None and account.enterprise_id != enterprise.pk:
        raise ValidationError("该账户已关联其他企业。")
    if account is None:
        account = EnterpriseAccount.objects.create(
            enterprise=enterprise, user=user, verified=by_staff
        )
    elif by_staff and not account.verified:
        account.verified = True
        account.save(update_fields=["verified"])
    else:
        return account
    records.append(
        action="enterprise.account_link",
        target=enterprise,
        actor=by,
        after={"account": user.pk, "verified": account.verified},
    )
    return account
