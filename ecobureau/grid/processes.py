"""The grid's two processes: a reported problem, and its transfer to a department.

Seed 002 四(四): 检查 → 查处 (handle, or 移交、移送 to whoever is responsible, who must
finish within the time set) → 反馈 (the result goes back to the cell). The time
limits are the bureau's to set (requirements C22: "configurable time limits and
standards for patrolling, reporting and handling"); the defaults are example
configuration, so the clocks read the settings when a step starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from ecobureau.casework.workflow import ClockSpec, Process, Step, Transition

if TYPE_CHECKING:
    from .models import CellStandard, GridCell

# Staff of the level above a cell who take its reports: the sub-bureau for a
# township's cell, the bureau's sections and enforcement for a district's.
HANDLER_ROLES = (
    "sub_bureau_head",
    "sub_bureau_staff",
    "section_head",
    "section_staff",
    "enforcement_head",
    "bureau_leader",
)
DEPARTMENT_ROLES = ("department_handler",)

LIMIT_BASIS = "网格化管理制度：巡查、报告、查处时限（种子002 六(二)1，示例配置）"


def _standard(cell: GridCell | None) -> CellStandard | None:
    """The standard of the cell's level, or of the nearest level above with one."""
    from .models import CellStandard

    seen = 0
    while cell is not None and seen < 5:
        found = CellStandard.objects.filter(cell=cell).first()
        if found is not None:
            return found
        cell, seen = cell.parent, seen + 1
    return None


def _handling_cell(cell: GridCell | None) -> GridCell | None:
    """Reports of a cell are handled by the level above (seed 002 四(四)3), whose
    own limits apply; a cell with no level above handles its own."""
    if cell is None:
        return None
    return cell.parent or cell


def accept_limit(cell: GridCell | None = None) -> int:
    standard = _standard(_handling_cell(cell))
    if standard is not None:
        return standard.accept_workdays
    return int(getattr(settings, "GRID_PROBLEM_ACCEPT_WORKDAYS", 2))


def handle_limit(cell: GridCell | None = None) -> int:
    standard = _standard(_handling_cell(cell))
    if standard is not None:
        return standard.handle_workdays
    return int(getattr(settings, "GRID_PROBLEM_HANDLE_WORKDAYS", 15))


def transfer_limit_default(cell: GridCell | None = None) -> int:
    standard = _standard(_handling_cell(cell))
    if standard is not None:
        return standard.transfer_workdays
    return int(getattr(settings, "GRID_TRANSFER_WORKDAYS", 15))


def report_hours_limit(cell: GridCell | None = None) -> int:
    """Hours within which a problem found on patrol must be reported (C22): the
    cell's own level's standard, the nearest level above's, or the setting."""
    standard = _standard(cell)
    if standard is not None:
        return standard.report_hours
    return int(getattr(settings, "GRID_REPORT_HOURS", 24))


def work_report_day(cell: GridCell | None = None) -> int:
    """Day of the month by which the cell files last month's work report (C22)."""
    standard = _standard(cell)
    if standard is not None:
        return standard.work_report_day
    return int(getattr(settings, "GRID_WORK_REPORT_DAY", 5))


def limit_basis(cell: GridCell | None) -> str:
    standard = _standard(_handling_cell(cell))
    if standard is None:
        return LIMIT_BASIS
    return f"{standard.cell.name}网格工作时限与标准（种子002 六(二)1）"


def problem_process(cell: GridCell | None = None) -> Process:
    """The problem's steps, with the limits the handling level has set for the
    problem's cell (C22), else the settings."""
    basis = limit_basis(cell)
    return Process(
        model="grid.problem",
        steps=[
            Step(
                "reported",
                "待受理",
                work_title="网格上报问题待受理：{case}",
                clock=ClockSpec(
                    "网格问题受理时限", accept_limit(cell), "workdays", basis
                ),
            ),
            Step(
                "handling",
                "办理中",
                work_title="网格上报问题办理中：{case}",
                clock=ClockSpec(
                    "网格问题办理时限", handle_limit(cell), "workdays", basis
                ),
            ),
            # Waits for the departments: each transfer runs its own clock.
            Step("transferred", "已移交部门"),
            Step("referred", "已转执法查处", work_title="待录入执法查处结果：{case}"),
            Step("closed", "已办结（已反馈网格）", terminal=True),
            Step("dismissed", "不予处理（已反馈网格）", terminal=True),
        ],
        transitions=[
            Transition(
                "accept",
                "受理",
                source=["reported"],
                target="handling",
                roles=HANDLER_ROLES,
            ),
            Transition(
                "transfer",
                "移交相关部门",
                source=["reported", "handling"],
                target="transferred",
                roles=HANDLER_ROLES,
            ),
            Transition(
                "resume",
                "收回本级办理",
                source=["transferred"],
                target="handling",
                roles=HANDLER_ROLES,
            ),
            Transition(
                "refer",
                "转执法查处",
                source=["reported", "handling"],
                target="referred",
                roles=HANDLER_ROLES,
            ),
            Transition(
                "close",
                "办结并反馈网格",
                source=["handling", "transferred", "referred"],
                target="closed",
                roles=HANDLER_ROLES,
                requires=["result"],
            ),
            Transition(
                "dismiss",
                "不予处理并反馈网格",
                source=["reported", "handling"],
                target="dismissed",
                roles=HANDLER_ROLES,
                requires=["result"],
            ),
        ],
    )


# The transfer's clock is started by `services.transfer_send` with the limit the
# transferring officer sets, as the seed leaves it to "规定时间".
TRANSFER = Process(
    model="grid.transfer",
    steps=[
        # Its clock and work item are opened by the service, with the limit set.
        Step("sent", "待部门办理"),
        Step("answered", "部门已反馈"),
        Step("accepted", "已确认办结", terminal=True),
        Step("withdrawn", "已撤回", terminal=True),
    ],
    transitions=[
        Transition(
            "answer",
            "反馈办理结果",
            source=["sent"],
            target="answered",
            roles=DEPARTMENT_ROLES,
            requires=["feedback"],
        ),
        Transition(
            "accept",
            "确认办结",
            source=["answered"],
            target="accepted",
            roles=HANDLER_ROLES,
        ),
        Transition(
            "return",
            "退回重新办理",
            source=["answered"],
            target="sent",
            roles=HANDLER_ROLES,
            requires=["review_note"],
        ),
        Transition(
            "withdraw",
            "撤回移交",
            source=["sent"],
            target="withdrawn",
            roles=HANDLER_ROLES,
            requires=["review_note"],
        ),
    ],
)
