"""与基层互动 (seed 000): 典型培树 (6) — nominations, the selection and the published
list; 支部标准化建设和星级评定 (1); the lectures and party classes (3)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from .. import rules
from .. import selectors_grassroots as honour_selectors
from ..models import (
    BranchRating,
    HonourList,
    HonourNomination,
    Lecture,
    PartyBranch,
)
from ._common import _not_future, _require, _text, _today
from .grassroots import MANAGE, _staff

# "全系统" (seed 000 与基层互动 6): the bureau's own units, not townships or other
# departments.
SYSTEM_UNIT_KINDS = (
    Unit.Kind.BUREAU,
    Unit.Kind.SECTION,
    Unit.Kind.TEAM,
    Unit.Kind.SUB_BUREAU,
    Unit.Kind.CENTRE,
)


def _own_unit_or_office(by: User, unit: Unit | None, what: str) -> Unit:
    """Staff act for their own unit; the office (MANAGE) for any unit of the system."""
    _staff(by)
    unit = unit or by.unit
    if unit is None:
        raise ValidationError("请选择单位。")
    if unit.pk != by.unit_id and not by.has_perm(MANAGE):
        raise PermissionDenied(f"只能{what}本单位的。")
    if unit.kind not in SYSTEM_UNIT_KINDS:
        raise ValidationError(
            "只能选择生态环境系统内的单位（局机关、执法队、分局、直属中心）。"
        )
    return unit


def _not_published(year: int) -> None:
    if HonourList.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度表彰名单已公布，不能再更改。")


def _refuse_vetoed(*, year: int, unit: Unit, person_name: str) -> None:
    refusals = [
        hit.message
        for hit in honour_selectors.honour_veto_hits(
            year=year, unit=unit, person_name=person_name
        )
        if hit.refuse
    ]
    if refusals:
        raise ValidationError(refusals)


@transaction.atomic
def honour_nominate(
    *,
    by: User,
    year: int,
    category: str,
    person_name: str,
    post: str,
    deeds: str,
    unit: Unit | None = None,
) -> HonourNomination:
    """A unit nominates one of its frontline staff for the year's honours
    (与基层互动 6). Refused for someone the year's 一票否决 covers (D7)."""
    unit = _own_unit_or_office(by, unit, "推荐")
    if category not in HonourNomination.Category.values:
        raise ValidationError("请选择评选类别。")
    if year > _today().year:
        raise ValidationError("评选年度不能晚于本年度。")
    _not_published(year)
    person_name = _text(person_name, "被推荐人姓名")
    _refuse_vetoed(year=year, unit=unit, person_name=person_name)
    if HonourNomination.objects.filter(
        year=year, category=category, unit=unit, person_name=person_name
    ).exists():
        raise ValidationError("该人员已被推荐为本年度该类别。")
    nomination = HonourNomination.objects.create(
        year=year,
        category=category,
        unit=unit,
        person_name=person_name,
        post=_text(post, "职务（岗位）"),
        deeds=_text(deeds, "主要事迹"),
        nominated_by=by,
    )
    # Names stay out of the record (STYLE.md §4): the row's id and the category.
    records.append(
        action="engagement.honour.nominate",
        target=nomination,
        actor=by,
        after=nomination.status,
        data={"year": year, "category": category, "unit": unit.pk},
    )
    return nomination


@transaction.atomic
def honour_decide(
    *, by: User, nomination: HonourNomination, select: bool, note: str
) -> HonourNomination:
    """The leadership group's office selects or passes over a nominee, within the
    seed's numbers (十大, 三十名) and never for someone vetoed that year."""
    _staff(by)
    _require(by, MANAGE)
    # Lock the year's nominations in one order, so two decisions never both take
    # the last place of a quota.
    year_rows = list(
        HonourNomination.objects.select_for_update()
        .filter(year=nomination.year, category=nomination.category)
        .order_by("pk")
    )
    nomination = next(row for row in year_rows if row.pk == nomination.pk)
    if nomination.status != HonourNomination.Status.NOMINATED:
        raise ValidationError("该推荐已评选。")
    _not_published(nomination.year)
    note = _text(note, "评选意见")
    if select:
        _refuse_vetoed(
            year=nomination.year,
            unit=nomination.unit,
            person_name=nomination.person_name,
        )
        quota = rules.HONOUR_QUOTAS.get(nomination.category)
        taken = sum(r.status == HonourNomination.Status.SELECTED for r in year_rows)
        if quota is not None and taken >= quota:
            raise ValidationError(
                f"{nomination.get_category_display()}名额为{quota}名，已评选满额。"
            )
    nomination.status = (
        HonourNomination.Status.SELECTED
        if select
        else HonourNomination.Status.NOT_SELECTED
    )
    nomination.decided_by = by
    nomination.decision_note = note
    nomination.save(
        update_fields=["status", "decided_by", "decision_note", "updated_at"]
    )
    records.append(
        action="engagement.honour.decide",
        target=nomination,
        actor=by,
        before=HonourNomination.Status.NOMINATED,
        after=nomination.status,
    )
    return nomination


@transaction.atomic
def honour_list_publish(
    *, by: User, year: int, document_no: str, decided_on: date
) -> HonourList:
    """Publish the year's list once every nominee is decided; a veto recorded after
    a selection still stops the publication (D7)."""
    _staff(by)
    _require(by, MANAGE)
    _not_published(year)
    _not_future(decided_on, "表彰决定日期")
    rows = list(
        HonourNomination.objects.select_for_update()
        .filter(year=year)
        .select_related("unit")
        .order_by("pk")
    )
    pending = sum(r.status == HonourNomination.Status.NOMINATED for r in rows)
    if pending:
        raise ValidationError(f"尚有{pending}名被推荐人未评选，不能公布名单。")
    selected = [r for r in rows if r.status == HonourNomination.Status.SELECTED]
    if not selected:
        raise ValidationError(f"{year}年度尚无当选人员，不能公布名单。")
    for row in selected:
        _refuse_vetoed(year=year, unit=row.unit, person_name=row.person_name)
    honour_list = HonourList.objects.create(
        year=year,
        document_no=_text(document_no, "表彰决定文号"),
        decided_on=decided_on,
        published_by=by,
    )
    counts = {
        category: sum(r.category == category for r in selected)
        for category in HonourNomination.Category.values
    }
    records.append(
        action="engagement.honour.publish",
        target=honour_list,
        actor=by,
        after="published",
        data={"year": year, "selected": counts},
    )
    return honour_list


# --- 支部标准化建设和星级评定 (1) ----------------------------------------------------------


@transaction.atomic
def party_branch_register(
    *, by: User, name: str, secretary: str, members: int, unit: Unit | None = None
) -> PartyBranch:
    """The office (机关党委办公室) keeps the system's branches (the seed counts 11)."""
    _staff(by)
    _require(by, MANAGE)
    name = _text(name, "党支部名称")
    if PartyBranch.objects.filter(name=name).exists():
        raise ValidationError("该党支部已登记。")
    if members < 1:
        raise ValidationError("请填写党员人数。")
    branch = PartyBranch.objects.create(
        name=name, unit=unit, secretary=_text(secretary, "支部书记"), members=members
    )
    records.append(
        action="engagement.branch.register", target=branch, actor=by, after="active"
    )
    return branch


@transaction.atomic
def branch_rate(
    *,
    by: User,
    branch: PartyBranch,
    year: int,
    standardised: bool,
    stars: int,
    basis: str,
    rated_on: date,
) -> BranchRating:
    """Record one branch's 标准化建设 result and star rating for a year, once."""
    _staff(by)
    _require(by, MANAGE)
    if not 1 <= stars <= rules.BRANCH_STAR_MAX:
        raise ValidationError(f"星级应为1至{rules.BRANCH_STAR_MAX}星。")
    _not_future(rated_on, "评定日期")
    if rated_on.year < year:
        raise ValidationError("评定日期不能早于评定年度。")
    if BranchRating.objects.filter(branch=branch, year=year).exists():
        raise ValidationError(f"{branch.name}{year}年度已评定。")
    rating = BranchRating.objects.create(
        branch=branch,
        year=year,
        standardised=standardised,
        stars=stars,
        basis=_text(basis, "评定依据"),
        rated_on=rated_on,
        rated_by=by,
    )
    records.append(
        action="engagement.branch.rate",
        target=rating,
        actor=by,
        after={"stars": stars, "standardised": standardised, "year": year},
    )
    return rating


# --- 机关大讲堂、环境大讲堂、廉政大讲堂、专题党课 (3) ---------------------------------------


@transaction.atomic
def lecture_register(
    *,
    by: User,
    kind: str,
    held_on: date,
    topic: str,
    speaker: str,
    attendees: int,
    unit: Unit | None = None,
) -> Lecture:
    """Register a lecture or party class held (与基层互动 3)."""
    unit = _own_unit_or_office(by, unit, "登记")
    if kind not in Lecture.Kind.values:
        raise ValidationError("请选择培训类型。")
    _not_future(held_on, "举办日期")
    if attendees < 1:
        raise ValidationError("参加人数至少为1人。")
    lecture = Lecture.objects.create(
        kind=kind,
        held_on=held_on,
        topic=_text(topic, "主题"),
        speaker=_text(speaker, "主讲人"),
        attendees=attendees,
        unit=unit,
        created_by=by,
    )
    records.append(
        action="engagement.lecture.register",
        target=lecture,
        actor=by,
        after={"kind": kind, "unit": unit.pk},
    )
    return lecture


__all__ = [
    "branch_rate",
    "honour_decide",
    "honour_list_publish",
    "honour_nominate",
    "lecture_register",
    "party_branch_register",
]
