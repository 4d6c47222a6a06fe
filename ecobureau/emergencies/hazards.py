"""Writes of the regional environmental-safety hazard register (区域环境安全隐患,
C27; seed 002 六(二)7): a hazard entered by the district's staff, edited while it
is open, marked rectified, published or withdrawn from the portal. Each write is
one transaction with one record entry (ids and dates only, never the text).

Who: holders of `emergencies.handle_incident` (应急值守 city-wide, sub-bureau
staff for their own district); another district's hazard is refused.

What the public sees (`public_row`): district, place, enterprise name, level,
description, measure, deadline, status and dates — no person. The texts are typed
by staff, so every resident ID and mobile number in them, and the names and phones
of the enterprise's legal representative and contact, are masked on the way out
(`lib.deidentify.mask_text`); the recorder is never read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.deidentify import mask_text

from .models import RiskSource, SafetyHazard

HANDLE = "emergencies.handle_incident"
EDITABLE = (
    "district",
    "place",
    "enterprise",
    "risk_source",
    "found_on",
    "description",
    "level",
    "measure",
    "deadline",
)


def may_edit_district(user: User, district_id: int | None) -> bool:
    """Staff handling incidents whose data scope covers the district."""
    if not (
        user.is_authenticated
        and user.is_active
        and user.is_staff_member
        and user.has_perm(HANDLE)
    ):
        return False
    q = account_selectors.scope_q(user, township=None, unit=None)
    return q == Q() or (district_id is not None and q == Q(district_id=district_id))


def _require(by: User, district_id: int | None) -> None:
    if not may_edit_district(by, district_id):
        raise PermissionDenied("您无权登记或修改该区县的环境安全隐患。")


def _text(value: str, label: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    if limit and len(value) > limit:
        raise ValidationError(f"{label}不超过{limit}字。")
    return value


def _check(values: dict[str, Any]) -> dict[str, Any]:
    district: Division | None = values.get("district")
    if district is None or district.level != 2:
        raise ValidationError("请选择隐患所在区县。")
    values["place"] = _text(values.get("place", ""), "隐患地点", 200)
    values["description"] = _text(values.get("description", ""), "隐患描述")
    values["measure"] = _text(values.get("measure", ""), "整改措施")
    if values.get("level") not in SafetyHazard.Level.values:
        raise ValidationError("请选择隐患等级。")
    found_on: date | None = values.get("found_on")
    deadline: date | None = values.get("deadline")
    if found_on is None or deadline is None:
        raise ValidationError("请填写发现日期和整改期限。")
    if found_on > timezone.localdate():
        raise ValidationError("发现日期不能晚于今天。")
    if deadline < found_on:
        raise ValidationError("整改期限不能早于发现日期。")
    enterprise: Enterprise | None = values.get("enterprise")
    if enterprise is not None and enterprise.district_id != district.pk:
        raise ValidationError(f"所选企业不在{district.name}。")
    source: RiskSource | None = values.get("risk_source")
    if source is not None and (
        enterprise is None or source.enterprise_id != enterprise.pk
    ):
        raise ValidationError("所选风险源须属于所选企业。")
    return values


def _ids(hazard: SafetyHazard) -> dict[str, Any]:
    return {
        "district": hazard.district_id,
        "enterprise": hazard.enterprise_id,
        "risk_source": hazard.risk_source_id,
        "found_on": hazard.found_on,
        "level": hazard.level,
        "deadline": hazard.deadline,
    }


@transaction.atomic
def hazard_add(*, by: User, publish: bool = False, **values: Any) -> SafetyHazard:
    """Enter a hazard of a district in the user's scope; `publish` puts it on the
    portal at once."""
    _require(by, getattr(values.get("district"), "pk", None))
    values = _check({k: values.get(k) for k in EDITABLE})
    hazard = SafetyHazard.objects.create(
        **values,
        created_by=by,
        published_at=timezone.now() if publish else None,
    )
    records.append(
        action="emergencies.hazard.add",
        target=hazard,
        actor=by,
        after={**_ids(hazard), "published": publish},
    )
    return hazard


@transaction.atomic
def hazard_update(*, hazard: SafetyHazard, by: User, **values: Any) -> SafetyHazard:
    """Correct an open hazard (a rectified one is closed). Both the old and the new
    district must be in the user's scope."""
    hazard = SafetyHazard.objects.select_for_update().get(pk=hazard.pk)
    _require(by, hazard.district_id)
    if hazard.status == SafetyHazard.Status.RECTIFIED:
        raise ValidationError("该隐患已整改完成，不能再修改。")
    merged = {k: values.get(k, getattr(hazard, k)) for k in EDITABLE}
    _require(by, getattr(merged.get("district"), "pk", None))
    merged = _check(merged)
    before = _ids(hazard)
    for name, value in merged.items():
        setattr(hazard, name, value)
    hazard.save()
    records.append(
        action="emergencies.hazard.update",
        target=hazard,
        actor=by,
        before=before,
        after=_ids(hazard),
    )
    return hazard


@transaction.atomic
def hazard_rectify(
    *, hazard: SafetyHazard, by: User, rectified_on: date, note: str
) -> SafetyHazard:
    """Mark a hazard rectified on a date between its finding and today, once."""
    hazard = SafetyHazard.objects.select_for_update().get(pk=hazard.pk)
    _require(by, hazard.district_id)
    if hazard.status == SafetyHazard.Status.RECTIFIED:
        raise ValidationError("该隐患已登记整改完成。")
    note = _text(note, "整改完成情况")
    if rectified_on < hazard.found_on:
        raise ValidationError("整改完成日期不能早于发现日期。")
    if rectified_on > timezone.localdate():
        raise ValidationError("整改完成日期不能晚于今天。")
    hazard.status = SafetyHazard.Status.RECTIFIED
    hazard.rectified_on, hazard.rectified_note = rectified_on, note
    hazard.save(
        update_fields=["status", "rectified_on", "rectified_note", "updated_at"]
    )
    records.append(
        action="emergencies.hazard.rectify",
        target=hazard,
        actor=by,
        before=SafetyHazard.Status.OPEN,
        after={
            "status": hazard.status,
            "rectified_on": rectified_on,
            "late": rectified_on > hazard.deadline,
        },
    )
    return hazard


@transaction.atomic
def hazard_publish(*, hazard: SafetyHazard, by: User, publish: bool) -> SafetyHazard:
    """Put the hazard on the portal's list, or take it off."""
    hazard = SafetyHazard.objects.select_for_update().get(pk=hazard.pk)
    _require(by, hazard.district_id)
    if publish == (hazard.published_at is not None):
        raise ValidationError("该隐患已公开。" if publish else "该隐患尚未公开。")
    hazard.published_at = timezone.now() if publish else None
    hazard.save(update_fields=["published_at", "updated_at"])
    records.append(
        action="emergencies.hazard.publish"
        if publish
        else "emergencies.hazard.withdraw",
        target=hazard,
        actor=by,
        after={"published": publish},
    )
    return hazard


# --- What the public sees ------------------------------------------------------------


@dataclass(frozen=True)
class PublicHazard:
    district: str
    place: str
    enterprise: str
    level: str
    description: str
    measure: str
    found_on: date
    deadline: date
    status: str
    rectified_on: date | None
    published_on: date


def _masked(hazard: SafetyHazard, text: str) -> str:
    e = hazard.enterprise
    names = (e.legal_representative, e.contact_name) if e is not None else ()
    phones = (e.contact_phone,) if e is not None else ()
    return mask_text(
        text, names=[n for n in names if n], phones=[p for p in phones if p]
    )


def public_row(hazard: SafetyHazard, today: date | None = None) -> PublicHazard:
    today = today or timezone.localdate()
    assert hazard.published_at is not None
    return PublicHazard(
        district=hazard.district.name,
        place=_masked(hazard, hazard.place),
        enterprise=hazard.enterprise.name if hazard.enterprise is not None else "",
        level=hazard.get_level_display(),
        description=_masked(hazard, hazard.description),
        measure=_masked(hazard, hazard.measure),
        found_on=hazard.found_on,
        deadline=hazard.deadline,
        status=hazard.status_text(today),
        rectified_on=hazard.rectified_on,
        published_on=timezone.localdate(hazard.published_at),
    )
