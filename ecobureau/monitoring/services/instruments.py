"""Instruments (自动监控设施), their operators, passwords and link state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises.models import Outlet
from ecobureau.notifications import services as notifications

from .. import selectors
from ..models import Instrument, LinkEvent, Operator, new_password

_MN = re.compile(r"[0-9A-Za-z_\-.]{1,64}")
INSTRUMENT_FIELDS = (
    "mn",
    "name",
    "vendor",
    "model_name",
    "system_code",
    "operator",
    "installed_on",
    "accepted_on",
    "note",
)


@dataclass(frozen=True)
class InstrumentData:
    mn: str
    name: str = ""
    vendor: str = ""
    model_name: str = ""
    system_code: str = "32"
    operator: Operator | None = None
    installed_on: date | None = None
    accepted_on: date | None = None
    note: str = ""


def _check_manager(by: User, outlet: Outlet) -> None:
    if not by.has_perm("monitoring.manage_instruments"):
        raise PermissionDenied("您没有登记和维护自动监控设施的权限。")
    if not selectors.enterprise_in_scope(by, outlet.enterprise_id):
        raise PermissionDenied("该企业不在您的数据范围内。")


def _clean_mn(mn: str, *, exclude_pk: int | None) -> str:
    mn = mn.strip()
    if not _MN.fullmatch(mn):
        raise ValidationError(
            "MN应为1至64位字母、数字或“_-.”（HJ 212-2017为24位十六进制字符）。"
        )
    taken = Instrument.objects.filter(mn=mn)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(f"MN“{mn}”已登记给其他设施。")
    return mn


def _snapshot(instrument: Instrument) -> dict[str, object]:
    data: dict[str, object] = {}
    for name in INSTRUMENT_FIELDS:
        value = getattr(instrument, name)
        data[name] = value.pk if hasattr(value, "pk") else value
    return data


@transaction.atomic
def instrument_register(
    *, outlet: Outlet, data: InstrumentData, by: User | None
) -> Instrument:
    """Register an instrument at an outlet (its MN is unique platform-wide).

    `by` None is the filing service acting on a filed 备案 (already checked).
    """
    if by is not None:
        _check_manager(by, outlet)
    mn = _clean_mn(data.mn, exclude_pk=None)
    instrument = Instrument.objects.create(
        mn=mn,
        enterprise_id=outlet.enterprise_id,
        outlet=outlet,
        name=data.name,
        vendor=data.vendor,
        model_name=data.model_name,
        system_code=data.system_code or ("32" if outlet.kind == "water" else "31"),
        operator=data.operator,
        installed_on=data.installed_on,
        accepted_on=data.accepted_on,
        note=data.note,
    )
    records.append(
        action="monitoring.instrument_register",
        target=instrument,
        actor=by,
        after=_snapshot(instrument),
        data={"outlet": outlet.pk, "enterprise": outlet.enterprise_id},
    )
    return instrument


@transaction.atomic
def instrument_update(
    *, instrument: Instrument, data: InstrumentData, by: User | None
) -> Instrument:
    if by is not None:
        _check_manager(by, instrument.outlet)
    before = _snapshot(instrument)
    instrument.mn = _clean_mn(data.mn, exclude_pk=instrument.pk)
    for name in INSTRUMENT_FIELDS[1:]:
        setattr(instrument, name, getattr(data, name))
    instrument.save(update_fields=[*INSTRUMENT_FIELDS, "updated_at"])
    after = _snapshot(instrument)
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        records.append(
            action="monitoring.instrument_update",
            target=instrument,
            actor=by,
            before={k: before[k] for k in changed},
            after=changed,
        )
    return instrument


@transaction.atomic
def instrument_set_password(
    *, instrument: Instrument, by: User | None, password: str | None = None
) -> str:
    """Set the instrument's access password (PW) and return it, to be shown once
    and entered into the instrument. The record notes the change, never the
    password. `by` None: the platform itself (demo and test provisioning)."""
    if by is not None:
        _check_manager(by, instrument.outlet)
    if password is None:
        password = new_password()
    password = password.strip()
    if not 1 <= len(password) <= 6 or not password.isascii() or not password.isalnum():
        raise ValidationError(
            "访问密码应为1至6位字母或数字（HJ 212-2017 表3：PW 6位）。"
        )
    instrument.set_password(password)
    instrument.save(update_fields=["password_salt", "password_hash", "updated_at"])
    records.append(action="monitoring.instrument_password", target=instrument, actor=by)
    return password


@transaction.atomic
def instrument_retire(*, instrument: Instrument, by: User, reason: str) -> Instrument:
    """Stop accepting data from an instrument (replaced, removed)."""
    _check_manager(by, instrument.outlet)
    if not reason.strip():
        raise ValidationError("请填写停用原因。")
    if instrument.status == Instrument.Status.RETIRED:
        raise ValidationError("该设施已停用。")
    instrument.status = Instrument.Status.RETIRED
    instrument.save(update_fields=["status", "updated_at"])
    records.append(
        action="monitoring.instrument_retire",
        target=instrument,
        actor=by,
        before=Instrument.Status.ACTIVE,
        after=Instrument.Status.RETIRED,
        data={"note": reason.strip()},
    )
    return instrument


@transaction.atomic
@transaction.atomic
def operator_add(
    *,
    name: str,
    by: User,
    credit_code: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    note: str = "",
) -> Operator:
    if not by.has_perm("monitoring.manage_instruments"):
        raise PermissionDenied("您没有登记运营单位的权限。")
    name = name.strip()
    if not name:
        raise ValidationError("请填写运营单位名称。")
    if Operator.objects.filter(name=name).exists():
        raise ValidationError(f"运营单位“{name}”已登记。")
    operator = Operator.objects.create(
        name=name,
        credit_code=credit_code.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        note=note.strip(),
    )
    records.append(action="monitoring.operator_add", target=operator, actor=by)
    return operator


# --- Online / offline ---------------------------------------------------------------


def offline_after() -> timedelta:
    """How long without data before an instrument counts as offline (setting
    HJ212_OFFLINE_MINUTES, default 60: an hour without even hourly data)."""
    return timedelta(minutes=getattr(settings, "HJ212_OFFLINE_MINUTES", 60))


@dataclass(frozen=True)
class LinkSweep:
    offline: int
    online: int


def links_sweep(*, now: datetime | None = None) -> LinkSweep:
    """Move instruments between online and offline from `last_seen_at`, record
    each change, and raise an alarm (站内消息 to monitoring staff and the
    supervising unit) when data stops. Each instrument is moved by a
    conditional update, so two overlapping runs alarm once."""
    now = now or timezone.now()
    line = now - offline_after()
    active = Instrument.objects.filter(status=Instrument.Status.ACTIVE)
    went_offline = active.filter(
        link=Instrument.Link.ONLINE, last_seen_at__lt=line
    ).values_list("pk", flat=True)
    came_online = active.filter(
        ~Q(link=Instrument.Link.ONLINE), last_seen_at__gte=line
    ).values_list("pk", flat=True)
    offline = sum(
        _move(pk, Instrument.Link.ONLINE, Instrument.Link.OFFLINE, now)
        for pk in list(went_offline)
    )
    online = 0
    for pk in list(came_online):
        for old in (Instrument.Link.NEVER, Instrument.Link.OFFLINE):
            online += _move(pk, old, Instrument.Link.ONLINE, now)
    return LinkSweep(offline, online)


@transaction.atomic
def _move(pk: int, old: str, new: str, now: datetime) -> int:
    claimed = Instrument.objects.filter(pk=pk, link=old).update(
        link=new, link_changed_at=now
    )
    if not claimed:
        return 0
    instrument = Instrument.objects.select_related("enterprise", "outlet").get(pk=pk)
    kind = (
        LinkEvent.Kind.OFFLINE
        if new == Instrument.Link.OFFLINE
        else LinkEvent.Kind.ONLINE
    )
    if old == Instrument.Link.NEVER:
        kind = LinkEvent.Kind.ONLINE
    LinkEvent.objects.create(
        instrument=instrument, kind=kind, at=now, last_seen_at=instrument.last_seen_at
    )
    records.append(
        action="monitoring.instrument_link", target=instrument, before=old, after=new
    )
    if kind == LinkEvent.Kind.OFFLINE:
        seen = instrument.last_seen_at
        shown = timezone.localtime(seen).strftime("%Y-%m-%d %H:%M") if seen else "—"
        notifications.send(
            recipients=selectors.alarm_recipients(instrument),
            title=f"自动监控离线报警：{instrument.enterprise.name} {instrument.outlet.code}",
            body=f"设施MN {instrument.mn} 自{shown}起未上传数据。",
            url=reverse("monitoring:instrument-detail", args=[instrument.pk]),
            level="info",
            dedupe_key=f"monitoring-offline-{instrument.pk}-{now:%Y%m%d%H%M}",
        )
    return 1
