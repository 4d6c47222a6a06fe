"""Petition cases (信访举报案件): entry, evidence for the five conditions (seed 001
四(二)) and the case's steps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise

from .. import standards
from ..models import (
    PetitionCase,
)
from ..processes import CASE
from ._common import _STAMPS, _enterprise_check, _require, _today, reopen_note
from .enforcement_links import petition_links_check
from .enterprise_link import enterprise_link_allowed
from .regulations import closeout_basis


@dataclass
class CaseData:
    number: str
    round: str
    source: str
    received_on: date
    content: str
    category: str
    responsible_units: str
    deadline: date
    district: Division | None = None
    unit: Unit | None = None
    responsible_persons: str = ""
    complainant_name: str = ""
    complainant_phone: str = ""
    key_case: bool = False
    guarantors: str = ""
    # B13: the supervising department, a unit of the registry; `unlisted` a
    # name kept from before the registry (migration 0009) that a ledger file
    # carried back unchanged; `keep_supervising_department` (a ledger file
    # without the column) keeps the stored value.
    supervising_department: Unit | None = None
    supervising_department_unlisted: str = ""
    keep_supervising_department: bool = False
    # Issue 11 item 3: the enterprise concerned, if any; `keep_enterprise` (a
    # ledger file without the 统一社会信用代码 column) keeps the stored link.
    enterprise: Enterprise | None = None
    keep_enterprise: bool = False
    # B30: the departments added to the city review group, from a ledger column;
    # None keeps the stored list (a file without the column). `unlisted` keeps
    # typed names not in the registry that the case already carried (0008).
    review_departments: list[Unit] | None = None
    review_departments_unlisted: list[str] = field(default_factory=list)


_CASE_LEDGER_FIELDS = (
    "round",
    "source",
    "received_on",
    "content",
    "category",
    "responsible_units",
    "responsible_persons",
    "deadline",
    "district",
    "unit",
    "key_case",
    "guarantors",
)


def _key_case_check(data: CaseData) -> None:
    if data.key_case and not data.guarantors.strip():
        # B8: a key case has the responsible unit's top leaders as guarantors.
        raise ValidationError("重点案件须填写包保领导（责任单位党政主要领导）。")


def key_case_plan_missing(case: PetitionCase) -> list[str]:
    """B8: what a key case's plan still lacks (empty for other cases)."""
    if not case.key_case:
        return []
    return [
        label
        for label, value in (
            ("包保领导", case.guarantors),
            ("工作计划", case.work_plan),
            ("推进机制", case.push_mechanism),
            ("整改标准", case.key_standard),
        )
        if not value.strip()
    ]


@transaction.atomic
def petition_key_plan(
    *,
    by: User,
    case: PetitionCase,
    key_case: bool,
    guarantors: str = "",
    work_plan: str = "",
    push_mechanism: str = "",
    key_standard: str = "",
    deadline: date | None = None,
) -> PetitionCase:
    """B8: flag a key case (重点案件) with its guarantor leaders, work plan, push
    mechanism, standard and deadline (the case's 办结时限, changed only while the
    case is 办理中 in its first round, like the ledger's lock). The city office,
    or a handler of the case's 承办单位."""
    if not enterprise_link_allowed(by, case):
        raise PermissionDenied("只有市督改办或案件承办单位可以登记重点案件。")
    if case.status in ("closed", "filed"):
        raise ValidationError("案件已销号，不能修改重点案件登记。")
    values = {
        "key_case": key_case,
        "guarantors": guarantors.strip(),
        "work_plan": work_plan.strip(),
        "push_mechanism": push_mechanism.strip(),
        "key_standard": key_standard.strip(),
    }
    if key_case:
        missing = [
            label
            for label, name in (
                ("包保领导（责任单位党政主要领导）", "guarantors"),
                ("工作计划", "work_plan"),
                ("推进机制", "push_mechanism"),
                ("整改标准", "key_standard"),
            )
            if not values[name]
        ]
        if missing:
            raise ValidationError("重点案件须填写" + "、".join(missing) + "。")
    if deadline is not None and deadline != case.deadline:
        if case.status != "handling" or case.review_round > 1:
            raise ValidationError(
                "案件已申请验收或经过复核，不能修改办结时限（考核年度以此为准）。"
            )
        values["deadline"] = deadline
    before = {k: getattr(case, k) for k in values}
    if before == values:
        raise ValidationError("重点案件登记没有变化。")
    for name, value in values.items():
        setattr(case, name, value)
    case.save(update_fields=[*values, "updated_at"])
    records.append(
        action="rectification.case_key_plan",
        target=case,
        actor=by,
        before={k: str(v) for k, v in before.items()},
        after={k: str(v) for k, v in values.items()},
    )
    return case


@transaction.atomic
def petition_create(*, by: User, data: CaseData) -> PetitionCase:
    _require(by, "manage_ledger")
    if not data.number.strip():
        raise ValidationError("请填写受理编号。")
    if PetitionCase.objects.filter(number=data.number).exists():
        raise ValidationError(f"受理编号{data.number}已存在。")
    if data.category not in PetitionCase.Category.values:
        raise ValidationError("请选择问题类型。")
    _key_case_check(data)
    _enterprise_check(by, data.enterprise)
    if data.supervising_department is not None:
        refusal = supervising_department_refusal(data.supervising_department)
        if refusal:
            raise ValidationError(refusal)
    case = PetitionCase.objects.create(
        number=data.number,
        enterprise=data.enterprise,
        supervising_department=data.supervising_department,
        supervising_department_unlisted=(
            ""
            if data.supervising_department
            else data.supervising_department_unlisted.strip()
        ),
        complainant_name=data.complainant_name,
        complainant_phone=data.complainant_phone,
        **{name: getattr(data, name) for name in _CASE_LEDGER_FIELDS},
    )
    casework_services.case_start(process=CASE, case=case, step="handling", by=by)
    if data.review_departments:
        _review_departments_change(
            by=by, case=case, units=data.review_departments, unlisted=[]
        )
    return case


# Issue 11 audit: once a case has applied for acceptance (left 办理中, or came
# back to it by a failed review or a rebound: a later review round) its 办结时限
# — which decides its assessment year (B24) — and its 问题类型 — which decided
# the acceptance standard applied (附件2 一(三)) — are no longer the ledger's to
# change; an unchanged row is accepted.
CASE_LEDGER_EDITABLE = ("handling",)


def petition_ledger_refusals(case: PetitionCase, data: CaseData) -> list[str]:
    """Why a ledger row may not update `case` (empty when it may)."""
    if case.status in CASE_LEDGER_EDITABLE and case.review_round <= 1:
        return []
    changes = []
    if data.deadline != case.deadline:
        changes.append(f"办结时限（{case.deadline.isoformat()}）")
    if data.category != case.category:
        changes.append(f"问题类型（{case.get_category_display()}）")
    if not changes:
        return []
    return [
        f"案件{case.number}已申请验收（当前状态：{CASE.step(case.status).label}），"
        "不能通过导入修改" + "、".join(changes)
    ]


@transaction.atomic
def petition_update_ledger(
    *, by: User, case: PetitionCase, data: CaseData, with_identity: bool
) -> PetitionCase:
    """Ledger fields from an edited ledger; the complainant only when the file
    carried the protected columns (`with_identity`)."""
    _require(by, "manage_ledger")
    _key_case_check(data)
    refusals = petition_ledger_refusals(case, data)
    if refusals:
        raise ValidationError("；".join(refusals) + "。")
    before = {
        "deadline": case.deadline,
        "category": case.category,
        "enterprise": case.enterprise_id,
        "supervising_department": case.supervising_department_name,
    }
    if not data.keep_enterprise:
        if data.enterprise is not None and data.enterprise.pk != case.enterprise_id:
            _enterprise_check(by, data.enterprise)
        case.enterprise = data.enterprise
    for name in _CASE_LEDGER_FIELDS:
        setattr(case, name, getattr(data, name))
    if not data.keep_supervising_department:
        unit = data.supervising_department
        if unit is not None and unit.pk != case.supervising_department_id:
            refusal = supervising_department_refusal(unit)
            if refusal:
                raise ValidationError(refusal)
        case.supervising_department = unit
        case.supervising_department_unlisted = (
            "" if unit else data.supervising_department_unlisted.strip()
        )
    if with_identity:
        case.complainant_name = data.complainant_name
        case.complainant_phone = data.complainant_phone
    case.save()
    if data.review_departments is not None:
        _review_departments_change(
            by=by,
            case=case,
            units=data.review_departments,
            unlisted=data.review_departments_unlisted,
        )
    records.append(
        action="rectification.case_update",
        target=case,
        actor=by,
        before=before,
        after={
            "deadline": case.deadline,
            "category": case.category,
            "enterprise": case.enterprise_id,
            "supervising_department": case.supervising_department_name,
        },
    )
    return case


@transaction.atomic
def petition_evidence(
    *,
    by: User,
    case: PetitionCase,
    conditions: dict[str, str],
    truth: str,
    temporary_measure: bool = False,
) -> PetitionCase:
    """Evidence for the five conditions of 四(二) and the verification result."""
    _require(by, "handle_rectification")
    if case.status != "handling":
        raise ValidationError("只有办理中的案件可以报送办结佐证。")
    # 四(二)'s five conditions and the case's kind's acceptance checklist (B28).
    known = {c.code for c in standards.PETITION_CONDITIONS} | {
        c.code for c in standards.CATEGORY_CONDITIONS.get(case.category, ())
    }
    case.conditions = {
        k: v.strip() for k, v in conditions.items() if k in known and v.strip()
    }
    case.truth = truth
    case.temporary_measure = temporary_measure
    case.save(update_fields=["conditions", "truth", "temporary_measure", "updated_at"])
    records.append(
        action="rectification.case_evidence",
        target=case,
        actor=by,
        after={"conditions": sorted(case.conditions), "truth": truth},
    )
    return case


def complainant_known(case: PetitionCase) -> bool:
    return bool(case.complainant_name.strip() or case.complainant_phone.strip())


def petition_complete_check(case: PetitionCase) -> None:
    """四(二): all five conditions evidenced; B28: every item of the kind's
    acceptance checklist (附件2 一(三)) evidenced; 附件2 一(三)1: never on a
    temporary fix."""
    if not case.truth:
        raise ValidationError("请先填写核实结论（属实、部分属实或不属实）。")
    missing = standards.petition_missing(case.conditions)
    if missing:
        raise ValidationError(
            "案件尚未同时满足办结条件，缺少佐证："
            + "、".join(c.label for c in missing)
            + "。"
        )
    plan = key_case_plan_missing(case)
    if plan:
        raise ValidationError(
            "重点案件须先登记" + "、".join(plan) + "（种子001三(二)2）。"
        )
    checklist = standards.category_missing(case.category, case.conditions)
    if checklist:
        raise ValidationError(
            f"案件尚未满足“{case.get_category_display()}”的验收标准，缺少佐证："
            + "、".join(c.label for c in checklist)
            + "（附件2 一(三)）。"
        )
    if case.temporary_measure:
        raise ValidationError("采取临时性应对措施暂时解决问题的，不得视为办结。")
    petition_links_check(case)


@transaction.atomic
def petition_transition(
    *,
    by: User,
    case: PetitionCase,
    transition: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> PetitionCase:
    changes = dict(changes or {})
    if transition in _STAMPS:
        changes[_STAMPS[transition]] = timezone.now()
    if transition == "close":
        # B15: the close-out records the regulation it followed.
        changes["closeout_basis"] = closeout_basis(case, _today())
    if transition == "fail_review":
        changes["review_round"] = case.review_round + 1
    if transition == "reopen":
        note = reopen_note(changes, note)
        changes.update(
            published_at=None,
            closed_at=None,
            conditions={},
            review_round=case.review_round + 1,
        )
    if transition in ("fail_review", "reopen"):
        case.acceptance_members.all().delete()
        changes.update(accepted_on=None)
    carried = None
    if transition == "organise" and review_clock_stop() == "pass_review":
        carried = _review_clock_carry(case=case, by=by)
    casework_services.case_transition(
        process=CASE,
        case=case,
        transition=transition,
        by=by,
        changes=changes,
        note=note,
    )
    if carried is not None:
        # The same 5-day limit from the same start, now on the review step: it
        # stops when the review ends (passed or failed).
        casework_services.clock_start(
            target=case,
            step="reviewing",
            label=carried.label,
            amount=carried.amount,
            unit=carried.unit,
            basis=carried.basis,
            started_at=carried.started_at,
            by=by,
            responsible=case.assignee,
            responsible_unit=case.unit,
            district=case.district,
            township=case.township,
        )
    return case


# B32: the seed's 5 days (附件2 三3) are for organising the review group, so the
# 组织复核期限 stops at `organise` by default; a bureau that reads them as the
# time to finish the review sets RECTIFICATION_REVIEW_CLOCK_STOP = "pass_review".
REVIEW_CLOCK_STOPS = ("organise", "pass_review")


def review_clock_stop() -> str:
    value = getattr(settings, "RECTIFICATION_REVIEW_CLOCK_STOP", "organise")
    if value not in REVIEW_CLOCK_STOPS:
        raise ImproperlyConfigured(
            "RECTIFICATION_REVIEW_CLOCK_STOP must be one of "
            + ", ".join(REVIEW_CLOCK_STOPS)
        )
    return str(value)


def _review_clock_carry(*, case: PetitionCase, by: User) -> Any:
    """Withdraw the open 组织复核期限 of the review_requested step so leaving the
    step does not stop it; return it, to be restarted on the review step."""
    clock = next(
        (
            c
            for c in casework_services.clocks_for(case).filter(step="review_requested")
            if c.is_open
        ),
        None,
    )
    if clock is None:
        return None
    casework_services.clock_cancel(
        clock=clock,
        by=by,
        reason="组织复核期限延续至复核完成（RECTIFICATION_REVIEW_CLOCK_STOP）",
    )
    return clock


def supervising_department_refusal(unit: Unit) -> str:
    """Why `unit` may not be a case's supervising department (B13), or "": it
    must be an active department of the registry (a city industry department,
    seed 001 五3) and not one of the review group's four basic bodies (附件2
    二(二)), read as `review_department_refusals` reads them."""
    if unit.kind != Unit.Kind.DEPARTMENT or not unit.is_active:
        return f"{unit.name}不是单位名录中启用的行业主管部门。"
    if body := standards.basic_body(unit.name, city_name()):
        return f"{unit.name}是复核工作组的基本组成单位（{body}），不是行业主管部门。"
    return ""


def department_named(name: str) -> Unit | None:
    """The registry's active department of that name or short name, compared
    with the city's own name read as 市 (鞍山市住建局 = 市住建局); None if none."""
    city = city_name()
    wanted = standards.city_relative(name, city)
    if not wanted:
        return None
    departments = Unit.objects.filter(
        kind=Unit.Kind.DEPARTMENT, is_active=True
    ).order_by("sort_order", "code")
    for unit in departments:
        names = (unit.name, unit.short_name)
        if any(n and standards.city_relative(n, city) == wanted for n in names):
            return unit
    return None


@transaction.atomic
def petition_supervising_department(
    *, by: User, case: PetitionCase, department: Unit
) -> PetitionCase:
    """Record the city industry department that supervises the case (督导责任单位,
    seed 001 五3; B13), a unit of the registry: it takes part in the acceptance
    and signs the opinion, and signs its parts of the city review with the
    bureau (附件2 二(三)). A typed name kept by migration 0009 is replaced."""
    if not (
        by.is_superuser
        or by.has_perm("rectification.manage_ledger")
        or by.has_perm("rectification.accept_rectification")
    ):
        raise PermissionDenied("您没有该操作的权限。")
    if case.status not in ("handling", "acceptance"):
        raise ValidationError("只有办理中或待验收的案件可以登记督导责任单位。")
    refusal = supervising_department_refusal(department)
    if refusal:
        raise ValidationError(refusal)
    before = {
        "department": case.supervising_department_name,
        "unit": case.supervising_department_id,
    }
    case.supervising_department = department
    case.supervising_department_unlisted = ""
    case.save(
        update_fields=[
            "supervising_department",
            "supervising_department_unlisted",
            "updated_at",
        ]
    )
    records.append(
        action="rectification.case_supervising_department",
        target=case,
        actor=by,
        before=before,
        after={"department": department.name, "unit": department.pk},
    )
    return case


_BEFORE_REVIEW = ("handling", "acceptance", "accepted", "review_requested", "reviewing")


def review_group_open(case: PetitionCase) -> bool:
    """Whether the departments of the case's review group may still change: not
    once the review has passed (B30)."""
    return case.status in _BEFORE_REVIEW


def city_name() -> str:
    """The name of the city the platform serves (鞍山市), "" before it is loaded."""
    return (
        Division.objects.filter(level=1)
        .order_by("sort_order", "code")
        .values_list("name", flat=True)
        .first()
        or ""
    )


def review_department_refusals(
    case: PetitionCase, units: Iterable[Unit]
) -> dict[int, str]:
    """The units among `units` that may not be added to the case's review group
    (B30), each with the reason: not an active department of the registry, the
    case's supervising department (already in the group), or one of the group's
    four basic bodies (附件2 二(二)), the city's own name or the registry's older
    name read as the seed's short one (鞍山市司法局, 市环保部门)."""
    city = city_name()
    supervising = standards.city_relative(case.supervising_department_name, city)
    refusals = {}
    for unit in units:
        if unit.kind != Unit.Kind.DEPARTMENT or not unit.is_active:
            refusals[unit.pk] = f"{unit.name}不是单位名录中启用的行业主管部门。"
        elif supervising and standards.city_relative(unit.name, city) == supervising:
            refusals[unit.pk] = (
                f"{unit.name}是本案督导责任单位，已在复核工作组中，无需重复添加。"
            )
        elif body := standards.basic_body(unit.name, city):
            refusals[unit.pk] = (
                f"{unit.name}是复核工作组的基本组成单位（{body}），不是行业主管部门。"
            )
    return refusals


def review_department_names(case: PetitionCase) -> tuple[str, ...]:
    """The names the departments added to the case's review group sign with: the
    registry units' names, then the typed names not found in the registry
    (`review_departments_unlisted`, kept by migration 0008 until chosen again)."""
    return standards.industry_departments(
        "",
        [
            *(unit.name for unit in case.review_departments.all()),
            *standards.split_names(case.review_departments_unlisted),
        ],
    )


@transaction.atomic
def petition_review_departments(
    *, by: User, case: PetitionCase, departments: Iterable[Unit]
) -> PetitionCase:
    """Record the industry departments added to the city review group for this
    case (B30; 附件2 二(二) "根据案件具体情况，随时添加市住建局、市自然资源局、
    市农业农村局、市水利局等行业主管部门"), beyond the supervising department,
    as units of the registry. Each of them must then sign the parts assigned to
    行业主管部门 (二(三)1–3, 5) under the unit's name before the review can pass.
    The typed names not found in the registry are dropped: the list chosen
    replaces them. Empty clears the list."""
    if not (
        by.is_superuser
        or by.has_perm("rectification.manage_ledger")
        or by.has_perm("rectification.review_rectification")
    ):
        raise PermissionDenied("您没有该操作的权限。")
    case = PetitionCase.objects.select_for_update().get(pk=case.pk)
    if not review_group_open(case):
        raise ValidationError("复核通过后不能再调整复核工作组的行业主管部门。")
    if not _review_departments_change(
        by=by, case=case, units=list(departments), unlisted=[]
    ):
        raise ValidationError("行业主管部门没有变化。")
    return case


def _review_departments_change(
    *, by: User, case: PetitionCase, units: list[Unit], unlisted: list[str]
) -> bool:
    """Replace the departments added to the case's review group (B30) and write
    the record; False when the list is unchanged. Refused once the review has
    passed, and for a unit that may not be added (`review_department_refusals`).
    `unlisted` keeps typed names of migration 0008 that a ledger file carried
    back unchanged; the case page's picker passes none and so drops them."""
    units = sorted(set(units), key=lambda u: (u.sort_order, u.code))
    before = list(case.review_departments.all())
    before_unlisted = standards.split_names(case.review_departments_unlisted)
    if {u.pk for u in units} == {u.pk for u in before} and unlisted == before_unlisted:
        return False
    if not review_group_open(case):
        raise ValidationError("复核通过后不能再调整复核工作组的行业主管部门。")
    refusals = review_department_refusals(case, units)
    if refusals:
        raise ValidationError(list(refusals.values()))
    case.review_departments.set(units)
    case.review_departments_unlisted = "、".join(unlisted)
    case.save(update_fields=["review_departments_unlisted", "updated_at"])
    records.append(
        action="rectification.case_review_departments",
        target=case,
        actor=by,
        before={
            "departments": [u.name for u in before] + before_unlisted,
            "units": [u.pk for u in before],
            "unlisted": before_unlisted,
        },
        after={
            "departments": [u.name for u in units] + unlisted,
            "units": [u.pk for u in units],
            "unlisted": unlisted,
        },
    )
    return True
