"""Checks of a ledger file's rows against the stored items, for `ledger.py`'s
all-or-nothing import: each returns the rows' errors in Chinese, prefixed with
the sheet and the row (“整改任务”第N行：…), and writes nothing."""

from __future__ import annotations

from typing import Any

from . import services, standards
from .models import PetitionCase


def locked_problems(
    sheet: str,
    items: dict[str, Any],
    existing: dict[str, Any],
    lines: dict[str, int],
) -> list[str]:
    """The rows that would change what an item past 待审议 (a task) or 办理中 (a
    case) no longer lets the ledger change — its deadline, target or measures,
    or a case's 办结时限 and 问题类型 (`services.task_ledger_refusals`,
    `petition_ledger_refusals`, the issue 11 audit). An unchanged row passes."""
    errors = []
    for number, data in items.items():
        current = existing.get(number)
        if current is None:
            continue
        if isinstance(current, PetitionCase):
            problems = services.petition_ledger_refusals(current, data)
        else:
            problems = services.task_ledger_refusals(current, data)
        if problems:
            errors.append(
                f"“{sheet}”第{lines[number]}行：" + "；".join(problems) + "。"
            )
    return errors


def review_problems(
    cases: dict[str, services.CaseData],
    existing: dict[str, PetitionCase | None],
    unknown: dict[str, list[str]],
    lines: dict[str, int],
) -> list[str]:
    """The rows whose 复核增加的行业主管部门 cannot be recorded (B30): a name not in
    the register of units (unless the case already carried it from before the
    register, migration 0008), a unit that may not be added (the supervising
    department, a basic body of the group), or a change after the review passed."""
    errors = []
    for number, names in unknown.items():
        data, current = cases[number], existing.get(number)
        kept = standards.split_names(
            current.review_departments_unlisted if current else ""
        )
        problems = [
            f"行业主管部门“{name}”不在单位名录中，请先在单位名录中登记或改用名录中的名称"
            for name in names
            if name not in kept
        ]
        data.review_departments_unlisted = [n for n in names if n in kept]
        if data.keep_supervising_department and current:
            probe = current
        else:
            probe = PetitionCase(
                supervising_department=data.supervising_department,
                supervising_department_unlisted=data.supervising_department_unlisted,
            )
        units = data.review_departments or []
        problems += services.review_department_refusals(probe, units).values()
        if current and not services.review_group_open(current):
            stored = {u.pk for u in current.review_departments.all()}
            if {
                u.pk for u in units
            } != stored or data.review_departments_unlisted != kept:
                problems.append("复核通过后不能再调整复核工作组的行业主管部门")
        if problems:
            line = lines[number]
            errors.append(
                f"“信访案件”第{line}行："
                + "；".join(p.rstrip("。") for p in problems)
                + "。"
            )
    return errors


def supervising_problems(
    cases: dict[str, services.CaseData],
    existing: dict[str, PetitionCase | None],
    unknown: dict[str, str],
    lines: dict[str, int],
) -> list[str]:
    """The rows whose 督导责任单位 cannot be recorded (B13): a name not in the
    registry of units — unless it is the name the case already carries from
    before the registry (migration 0009), which is kept — or a unit that may not
    supervise a case (`services.supervising_department_refusal`)."""
    errors = []
    for number, data in cases.items():
        if data.keep_supervising_department:
            continue
        current = existing.get(number)
        problem = ""
        name = unknown.get(number, "")
        if name:
            if (
                current is not None
                and current.supervising_department_id is None
                and name == current.supervising_department_unlisted
            ):
                data.supervising_department_unlisted = name
            else:
                problem = (
                    f"督导责任单位“{name}”不在单位名录中，请先在单位名录中登记"
                    "或改用名录中的名称"
                )
        elif data.supervising_department is not None and (
            current is None
            or data.supervising_department.pk != current.supervising_department_id
        ):
            problem = services.supervising_department_refusal(
                data.supervising_department
            ).rstrip("。")
        if problem:
            errors.append(f"“信访案件”第{lines[number]}行：{problem}。")
    return errors
