"""Scoring schemes: the default installation and dated revisions (示例配置 until confirmed)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records

from .. import config, selectors
from ..models import (
    GradeBand,
    Indicator,
    Scheme,
    VetoRule,
)
from .common import _require

# ---------------------------------------------------------------- configuration


def _decimal_field(raw: object, label: str, errors: list[str]) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors.append(f"{label}应为数字。")
        return Decimal(0)
    if value < 0 or value > 1000:
        errors.append(f"{label}应在0到1000之间。")
    return value


def _check_grades(
    scheme: Scheme, grades: dict[str, Decimal], errors: list[str]
) -> None:
    """Cut-offs fall from the best grade to the worst; the worst starts at 0."""
    previous: Decimal | None = None
    for band in scheme.grades.all():
        minimum = grades[band.code]
        if band.is_worst and minimum != 0:
            errors.append(f"最低等级“{band.name}”的最低分应为0。")
        if minimum > scheme.base_score:
            errors.append(f"“{band.name}”的最低分不能高于基础分{scheme.base_score}。")
        if previous is not None and minimum >= previous:
            errors.append(f"“{band.name}”的最低分应低于上一等级的最低分。")
        previous = minimum


@transaction.atomic
def scheme_revise(
    *,
    scheme: Scheme,
    effective_from: date,
    indicators: dict[str, dict[str, object]],
    grades: dict[str, dict[str, object]],
    vetoes: dict[str, dict[str, object]],
    reason: str,
    by: User,
) -> Scheme:
    """A new version of a scheme from `effective_from` (the old one ends the day
    before): changed points, caps (weights), cut-offs, 示例配置 flags and whether
    each 一票否决 item is confirmed. Years already launched keep their version."""
    _require(selectors.may_manage(by), "只有信用评价人员可以修改评价方案。")
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    errors: list[str] = []
    if scheme.effective_to is not None:
        errors.append("该方案已有后续版本，请修改最新版本。")
    if effective_from <= scheme.effective_from:
        errors.append(
            f"新版本的生效日期应晚于现行版本的生效日期{scheme.effective_from}。"
        )
    reason = reason.strip()
    if not reason:
        errors.append("请填写修改理由及依据文件。")
    new_ind = {}
    for item in scheme.indicators.all():
        posted = indicators.get(item.code, {})
        points = _decimal_field(
            posted.get("points", item.points), f"{item.code}每项扣分", errors
        )
        cap = _decimal_field(
            posted.get("cap", item.cap), f"{item.code}最高扣分", errors
        )
        if cap > scheme.base_score:
            errors.append(f"{item.code}最高扣分不能超过基础分{scheme.base_score}。")
        if cap < points:
            errors.append(f"{item.code}最高扣分不能低于每项扣分。")
        new_ind[item.code] = (
            points,
            cap,
            bool(posted.get("is_example", item.is_example)),
        )
    new_grades = {
        g.code: _decimal_field(
            grades.get(g.code, {}).get("min_score", g.min_score),
            f"“{g.name}”最低分",
            errors,
        )
        for g in scheme.grades.all()
    }
    _check_grades(scheme, new_grades, errors)
    if errors:
        raise ValidationError(errors)
    before = selectors.scheme_values(scheme)
    code = f"{scheme.code.split('@')[0]}@{effective_from.isoformat()}"
    if Scheme.objects.filter(code=code).exists():
        raise ValidationError("该生效日期的版本已存在。")
    revised = Scheme.objects.create(
        code=code,
        kind=scheme.kind,
        name=scheme.name,
        basis=scheme.basis,
        base_score=scheme.base_score,
        effective_from=effective_from,
        is_example=scheme.is_example,
    )
    for item in scheme.indicators.all():
        points, cap, example = new_ind[item.code]
        Indicator.objects.create(
            scheme=revised,
            aspect=item.aspect,
            code=item.code,
            name=item.name,
            source=item.source,
            points=points,
            cap=cap,
            basis=item.basis,
            is_example=example,
            order=item.order,
        )
    for band in scheme.grades.all():
        GradeBand.objects.create(
            scheme=revised,
            code=band.code,
            name=band.name,
            colour=band.colour,
            min_score=new_grades[band.code],
            is_worst=band.is_worst,
            basis=band.basis,
            is_example=bool(
                grades.get(band.code, {}).get("is_example", band.is_example)
            ),
        )
    for veto in scheme.vetoes.all():
        VetoRule.objects.create(
            scheme=revised,
            code=veto.code,
            text=veto.text,
            source=veto.source,
            basis=veto.basis,
            is_confirmed=bool(
                vetoes.get(veto.code, {}).get("is_confirmed", veto.is_confirmed)
            ),
        )
    revised.is_example = (
        revised.indicators.filter(is_example=True).exists()
        or revised.grades.filter(is_example=True).exists()
    )
    revised.save(update_fields=["is_example"])
    scheme.effective_to = effective_from - timedelta(days=1)
    scheme.save(update_fields=["effective_to", "updated_at"])
    records.append(
        action="credit.scheme.revise",
        target=revised,
        actor=by,
        before=before,
        after=selectors.scheme_values(revised),
        data={"from": scheme.code, "effective_from": effective_from, "reason": reason},
    )
    return revised


@transaction.atomic
def schemes_install() -> list[Scheme]:
    """Install the default national and Liaoning schemes (example configuration)
    once; existing rows are left as administrators changed them."""
    out = []
    for kind, code, name, basis, start, indicators, grades in (
        (
            Scheme.Kind.NATIONAL,
            "national-2013",
            "全国企业环境信用评价（4类21项）",
            config.NATIONAL_BASIS,
            config.NATIONAL_EFFECTIVE_FROM,
            config.NATIONAL_INDICATORS
            + config.NATIONAL_SUPPLEMENT_INDICATORS
            + config.BONUS_INDICATORS,
            config.NATIONAL_GRADES,
        ),
        (
            Scheme.Kind.LIAONING,
            "liaoning-2022",
            "辽宁省企业环境信用评价记分",
            config.LIAONING_BASIS,
            config.DEFAULT_EFFECTIVE_FROM,
            config.LIAONING_INDICATORS + config.BONUS_INDICATORS,
            config.LIAONING_GRADES,
        ),
    ):
        scheme, created = Scheme.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name": name,
                "basis": basis,
                "effective_from": start,
                "is_example": True,
            },
        )
        out.append(scheme)
        if not created:
            continue
        for order, (aspect, icode, iname, source, points, cap) in enumerate(indicators):
            Indicator.objects.create(
                scheme=scheme,
                aspect=aspect,
                code=icode,
                name=iname,
                source=source,
                points=Decimal(points),
                cap=Decimal(cap),
                basis=config.indicator_basis(basis, source, icode),
                is_example=True,
                order=order,
            )
        for gcode, gname, colour, minimum, worst in grades:
            GradeBand.objects.create(
                scheme=scheme,
                code=gcode,
                name=gname,
                colour=colour,
                min_score=Decimal(minimum),
                is_worst=worst,
                basis=config.GRADE_BASIS[kind],
                is_example=True,
            )
        for n, (vcode, text, source) in enumerate(config.VETOES, start=1):
            VetoRule.objects.create(
                scheme=scheme,
                code=vcode,
                text=text,
                source=source,
                basis=config.VETO_BASIS.format(n=n),
                is_confirmed=False,
            )
        records.append(action="credit.scheme.install", target=scheme, after=code)
    return out
