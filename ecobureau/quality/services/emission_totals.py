"""District emission targets and actuals, and the daily emission roll-up
from the online Cou values (X3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib.dates import local_date

from .. import emissions
from ..models import (
    EmissionActual,
    EmissionDay,
    EmissionRollup,
    EmissionTarget,
    Pollutant,
)
from .common import (
    _require_district,
)

# --- Emission targets and actuals ------------------------------------------------------


@transaction.atomic
def emission_target_set(
    *,
    actor: User,
    year: int,
    district: Division,
    pollutant: str,
    base_tonnes: Decimal,
    cap_tonnes: Decimal,
    is_demo: bool = False,
) -> EmissionTarget:
    # Targets are assigned from above: only city-scope staff enter them.
    if not (
        actor.has_perm("quality.manage_quality")
        and (actor.is_superuser or actor.scope == User.Scope.CITY)
    ):
        raise PermissionDenied("减排目标由市局录入")
    if pollutant not in Pollutant.values:
        raise ValidationError(
            {"pollutant": "污染物应为化学需氧量、氨氮、二氧化硫或氮氧化物"}
        )
    if base_tonnes < 0 or cap_tonnes < 0:
        raise ValidationError("排放量不能为负数")
    if cap_tonnes > base_tonnes:
        raise ValidationError(
            {"cap_tonnes": "控制目标不应高于基准年排放量（减排任务为削减）"}
        )
    row, _ = EmissionTarget.objects.update_or_create(
        year=year,
        district=district,
        pollutant=pollutant,
        defaults={
            "base_tonnes": base_tonnes,
            "cap_tonnes": cap_tonnes,
            "is_demo": is_demo,
        },
    )
    records.append(
        action="quality.emission_target_set",
        target=row,
        actor=actor,
        after={"base_tonnes": base_tonnes, "cap_tonnes": cap_tonnes},
        data={"year": year, "district": district.code, "pollutant": pollutant},
    )
    return row


@transaction.atomic
def emission_actual_set(
    *,
    actor: User,
    year: int,
    month: int,
    district: Division,
    pollutant: str,
    tonnes: Decimal,
) -> EmissionActual:
    _require_district(actor, district.pk)
    if not 1 <= month <= 12:
        raise ValidationError({"month": "月份应为1～12"})
    if pollutant not in Pollutant.values:
        raise ValidationError(
            {"pollutant": "污染物应为化学需氧量、氨氮、二氧化硫或氮氧化物"}
        )
    if tonnes < 0:
        raise ValidationError({"tonnes": "排放量不能为负数"})
    previous = EmissionActual.objects.filter(
        year=year, month=month, district=district, pollutant=pollutant
    ).first()
    before = previous.tonnes if previous else None
    row, _ = EmissionActual.objects.update_or_create(
        year=year,
        month=month,
        district=district,
        pollutant=pollutant,
        defaults={"tonnes": tonnes, "source": "页面录入", "batch": None},
    )
    records.append(
        action="quality.emission_actual_set",
        target=row,
        actor=actor,
        before=before,
        after=tonnes,
        data={
            "year": year,
            "month": month,
            "district": district.code,
            "pollutant": pollutant,
        },
    )
    return row


# --- Daily emission roll-up ------------------------------------------------------------

ROLLUP_MAX_DAYS = (
    92  # one run rebuilds at most a quarter; the command splits longer spans
)
_ROLLUP_LOCK = 0x51A11700  # pg_advisory_xact_lock key: one roll-up at a time


@transaction.atomic
def emissions_rollup(
    *,
    first_day: date,
    last_day: date,
    now: datetime,
    actor: User | None = None,
    is_demo: bool = False,
) -> EmissionRollup:
    """Rebuild the daily emission roll-up (`EmissionDay`) of every instrument for
    the whole Shanghai days first_day..last_day from the hourly Cou values, and
    record the run. Only finished days (before today, Shanghai); a day already
    rolled up is replaced (late uploads are counted by rerunning). `actor` None is
    the scheduler; a person must be city-scope quality staff."""
    if actor is not None and not (
        actor.has_perm("quality.manage_quality")
        and (actor.is_superuser or actor.scope == User.Scope.CITY)
    ):
        raise PermissionDenied("排放量日汇总由市局执行")
    if first_day > last_day:
        raise ValidationError("起始日期不能晚于结束日期")
    if last_day >= local_date(now):
        raise ValidationError("只能汇总已结束的日期（北京时间今天以前）")
    if (last_day - first_day).days + 1 > ROLLUP_MAX_DAYS:
        raise ValidationError(f"一次最多汇总{ROLLUP_MAX_DAYS}天，请分段执行")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ROLLUP_LOCK])
    rows = emissions.rollup_rows(first_day, last_day)
    replaced = EmissionDay.objects.filter(
        day__gte=first_day, day__lte=last_day
    ).delete()[0]
    run = EmissionRollup.objects.create(
        first_day=first_day,
        last_day=last_day,
        rows=len(rows),
        kg=sum(r[3] for r in rows),
        missing_hours=sum(r[5] for r in rows),
        created_by=actor,
        is_demo=is_demo,
    )
    EmissionDay.objects.bulk_create(
        (
            EmissionDay(
                instrument_id=iid,
                pollutant=pollutant,
                day=day,
                kg=kg,
                hours=hours,
                missing_hours=missing,
                rollup=run,
            )
            for iid, pollutant, day, kg, hours, missing in rows
        ),
        batch_size=2000,
    )
    records.append(
        action="quality.emissions_rollup",
        target=run,
        actor=actor,
        data={
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "rows": len(rows),
            "replaced": replaced,
            "kg": f"{run.kg:.4f}",
            "missing_hours": run.missing_hours,
        },
    )
    return run


def rollup_spans(first_day: date, last_day: date) -> list[tuple[date, date]]:
    """first_day..last_day cut into calendar months (each within ROLLUP_MAX_DAYS)."""
    spans = []
    on = first_day
    while on <= last_day:
        next_month = (on.replace(day=28) + timedelta(days=4)).replace(day=1)
        upto = min(last_day, next_month - timedelta(days=1))
        spans.append((on, upto))
        on = upto + timedelta(days=1)
    return spans
