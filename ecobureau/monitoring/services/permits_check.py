"""Discharge without a valid permit, or above the permitted total (requirements
D14; seed 003 (十三) “禁止无证或超量排污并将排放方式和排放总量公开”).

The permits themselves are the enterprises module's (`enterprises.Permit`, read
through its selectors); this module keeps, per discharge permit, each pollutant's
yearly permitted total and the discharge method (`DischargeAllowance`), computes
the actual totals from the monitoring data (`monitoring.discharge`), and flags
an enterprise once per kind, year and pollutant; each flag opens a clue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise, Permit
from ecobureau.lib import hj212_codes
from ecobureau.lib.dates import SHANGHAI

from .. import discharge
from ..models import DischargeAllowance, DischargeFlag, Instrument
from .clues import clue_open_for_flag

MANAGE_PERM = "monitoring.add_dischargeallowance"
# Permits that allow discharging: the permit itself, and the registration
# receipt of units under registration management (排污登记).
DISCHARGE_KINDS = (Permit.Kind.DISCHARGE, Permit.Kind.DISCHARGE_REGISTRATION)
# An enterprise "discharges" when one of its instruments sent data this recently.
DISCHARGING_WITHIN = timedelta(days=2)


def valid_discharge_permits(enterprise: Enterprise, on: date) -> list[Permit]:
    """The enterprise's discharge permits (or registration receipts) in force."""
    return [
        permit
        for permit in enterprise_selectors.permit_list_for_enterprise(enterprise)
        if permit.kind in DISCHARGE_KINDS
        and (permit.issued_on is None or permit.issued_on <= on)
        and (permit.valid_until is None or permit.valid_until >= on)
    ]


@dataclass(frozen=True)
class AllowanceData:
    pollutant_code: str
    yearly_tonnes: Decimal
    method: str
    route: str
    receiving: str = ""


@transaction.atomic
def allowance_set(
    *, permit: Permit, data: AllowanceData, by: User
) -> DischargeAllowance:
    """Enter or correct one pollutant's permitted yearly total on a discharge
    permit, with the discharge method published beside it."""
    if not by.is_staff_member or not by.has_perm(MANAGE_PERM):
        raise PermissionDenied("您没有登记许可排放量的权限。")
    enterprise = permit.enterprise
    if (
        not enterprise_selectors.enterprise_list_for_user(by)
        .filter(pk=enterprise.pk)
        .exists()
    ):
        raise PermissionDenied("该企业不在您的数据范围内。")
    if permit.kind != Permit.Kind.DISCHARGE:
        raise ValidationError("许可排放量只能登记在排污许可证上。")
    code = hj212_codes.code_2017(data.pollutant_code.strip())
    if code not in hj212_codes.POLLUTANTS or code in discharge.FLOW_CODES:
        raise ValidationError(f"“{data.pollutant_code}”不是HJ 212污染物编码。")
    if data.yearly_tonnes is None or data.yearly_tonnes <= 0:
        raise ValidationError("年许可排放量应大于0吨。")
    if data.method not in DischargeAllowance.Method.values:
        raise ValidationError("请选择排放方式。")
    if data.route not in DischargeAllowance.Route.values:
        raise ValidationError("请选择排放去向。")
    allowance = DischargeAllowance.objects.filter(
        permit=permit, pollutant_code=code
    ).first()
    before = (
        {"yearly_tonnes": allowance.yearly_tonnes, "method": allowance.method}
        if allowance
        else None
    )
    if allowance is None:
        allowance = DischargeAllowance(
            permit=permit, enterprise=enterprise, pollutant_code=code
        )
    allowance.pollutant_name = hj212_codes.pollutant_name(code)
    allowance.yearly_tonnes = data.yearly_tonnes
    allowance.method = data.method
    allowance.route = data.route
    allowance.receiving = data.receiving.strip()
    allowance.save()
    records.append(
        action="monitoring.allowance.set",
        target=allowance,
        actor=by,
        before=before,
        after={
            "permit": permit.pk,
            "code": code,
            "yearly_tonnes": allowance.yearly_tonnes,
            "method": allowance.method,
            "route": allowance.route,
        },
    )
    return allowance


@dataclass(frozen=True)
class CheckResult:
    checked: int
    no_permit: int
    over_total: int


def discharge_check(*, now: datetime | None = None) -> CheckResult:
    """The daily check: every enterprise whose instruments sent data lately,
    without a valid discharge permit → a 无证排污 flag; every pollutant whose
    actual total this year (the year of yesterday, so 1 January closes the
    year before) is above the permitted yearly total → a 超许可排放量 flag.
    Safe to run twice: a flag is unique per enterprise, kind, year and
    pollutant, and a second run only updates the actual total."""
    now = now or timezone.now()
    today = now.astimezone(SHANGHAI).date()
    year = (today - timedelta(days=1)).year
    until = min(now, datetime(year + 1, 1, 1, tzinfo=SHANGHAI))
    instruments: dict[int, list[Instrument]] = {}
    for instrument in Instrument.objects.filter(
        status=Instrument.Status.ACTIVE
    ).order_by("enterprise_id", "pk"):
        instruments.setdefault(instrument.enterprise_id, []).append(instrument)
    discharging_since = now - DISCHARGING_WITHIN
    no_permit = over_total = 0
    enterprises = Enterprise.objects.filter(pk__in=list(instruments)).order_by("pk")
    for enterprise in enterprises:
        own = instruments[enterprise.pk]
        permits = valid_discharge_permits(enterprise, today)
        recent = any(
            i.last_seen_at is not None and i.last_seen_at >= discharging_since
            for i in own
        )
        if recent and not permits:
            no_permit += _flag(
                enterprise=enterprise,
                kind=DischargeFlag.Kind.NO_PERMIT,
                year=today.year,
                detail="自动监控设施近期有排放数据，但企业没有有效的排污许可证或排污登记",
                now=now,
            )
        allowances = DischargeAllowance.objects.filter(
            permit__in=[p for p in permits if p.kind == Permit.Kind.DISCHARGE]
        )
        if not allowances:
            continue
        totals = discharge.year_totals(own, year, until=until)
        for allowance in allowances:
            total = totals.get(allowance.pollutant_code)
            if total is None or total.tonnes_decimal <= allowance.yearly_tonnes:
                continue
            over_total += _flag(
                enterprise=enterprise,
                kind=DischargeFlag.Kind.OVER_TOTAL,
                year=year,
                code=allowance.pollutant_code,
                name=allowance.pollutant_name,
                actual=total.tonnes_decimal,
                permitted=allowance.yearly_tonnes,
                detail=(
                    f"{year}年{allowance.pollutant_name}实际排放量"
                    f"{total.tonnes_decimal.normalize():f}吨，超过年许可排放量"
                    f"{allowance.yearly_tonnes.normalize():f}吨"
                ),
                now=now,
            )
    return CheckResult(
        checked=len(instruments), no_permit=no_permit, over_total=over_total
    )


@transaction.atomic
def _flag(
    *,
    enterprise: Enterprise,
    kind: str,
    year: int,
    detail: str,
    now: datetime,
    code: str = "",
    name: str = "",
    actual: Decimal | None = None,
    permitted: Decimal | None = None,
) -> int:
    """Raise one flag and its clue; 1 if new, 0 if it existed (its figures are
    brought up to date)."""
    flag, created = DischargeFlag.objects.get_or_create(
        enterprise=enterprise,
        kind=kind,
        year=year,
        pollutant_code=code,
        defaults={
            "pollutant_name": name,
            "actual_tonnes": actual,
            "permitted_tonnes": permitted,
            "detail": detail,
            "detected_at": now,
        },
    )
    if not created:
        if actual is not None and flag.actual_tonnes != actual:
            DischargeFlag.objects.filter(pk=flag.pk).update(
                actual_tonnes=actual, detail=detail, updated_at=now
            )
        return 0
    records.append(
        action="monitoring.dischargeflag.create",
        target=flag,
        after={
            "enterprise": enterprise.pk,
            "kind": kind,
            "year": year,
            "code": code,
            "actual": actual,
            "permitted": permitted,
        },
    )
    clue_open_for_flag(flag=flag)
    return 1
