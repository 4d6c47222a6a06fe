"""The incident's and the opinion event's processes (casework.workflow).

Incident: 待核实 → 应急处置中 → 处置结束待评估 → 已评估总结 (or 不构成突发环境事件).
The report clocks (初报/续报/处理结果报告) are not step clocks: they run beside the
steps, in hours, and are started and stopped by services.report_* (limits.py).

Opinion event: 待研判分派 → 办理中 → 回复待审核 → 已回复 → 已办结. The reply clock
runs from discovery to the approved reply, across a return for revision.
"""

from typing import Any

from django.core.exceptions import ValidationError

from ecobureau.casework.workflow import Process, Step, Transition

HANDLER_ROLES = ("emergency_staff", "sub_bureau_head", "sub_bureau_staff")
HEAD_ROLES = ("bureau_leader", "sub_bureau_head", "section_head")
REVIEWER_ROLES = ("bureau_leader", "sub_bureau_head", "section_head")


def _graded(case: Any, changes: dict[str, Any]) -> None:
    if not case.grade:
        raise ValidationError("请先完成初步定级。")


INCIDENT = Process(
    model="emergencies.incident",
    steps=[
        Step("received", "待核实", work_title="突发环境事件待核实：{case}"),
        Step("responding", "应急处置中", work_title="突发环境事件处置中：{case}"),
        Step(
            "closed",
            "处置结束待评估",
            work_title="突发环境事件待损害评估与总结：{case}",
        ),
        Step("reviewed", "已评估总结", terminal=True),
        Step("dismissed", "不构成突发环境事件", terminal=True),
    ],
    transitions=[
        Transition(
            "verify",
            "核实并启动处置",
            source=["received"],
            target="responding",
            roles=HANDLER_ROLES,
            requires=["verification"],
            check=_graded,
        ),
        Transition(
            "dismiss",
            "核实不构成突发环境事件",
            source=["received"],
            target="dismissed",
            roles=(*HANDLER_ROLES, *HEAD_ROLES),
            requires=["verification", "dismiss_reason"],
        ),
        Transition(
            "close",
            "应急处置结束",
            source=["responding"],
            target="closed",
            roles=(*HANDLER_ROLES, *HEAD_ROLES),
            requires=["closure_summary"],
            assignee_may_act=False,
        ),
        Transition(
            "conclude",
            "完成损害评估与总结",
            source=["closed"],
            target="reviewed",
            roles=(*HANDLER_ROLES, *HEAD_ROLES),
            requires=["damage_assessment", "review_summary"],
        ),
    ],
)


def _other_reviewer(case: Any, changes: dict[str, Any]) -> None:
    reviewer = changes.get("reviewed_by")
    if reviewer is not None and reviewer.pk == case.drafted_by_id:
        raise ValidationError("回复稿须由起草人以外的人员审核。")


OPINION = Process(
    model="emergencies.opinionevent",
    steps=[
        Step("registered", "待研判分派", work_title="舆情待研判分派：{case}"),
        Step("handling", "办理中", work_title="舆情办理中，待拟回复：{case}"),
        Step("reviewing", "回复待审核", work_title="舆情回复待审核：{case}"),
        Step("replied", "已回复", work_title="舆情已回复，待办结：{case}"),
        Step("closed", "已办结", terminal=True),
    ],
    transitions=[
        Transition(
            "assign",
            "分派办理",
            source=["registered"],
            target="handling",
            roles=(*HANDLER_ROLES, *HEAD_ROLES),
        ),
        Transition(
            "submit",
            "提交回复稿",
            source=["handling"],
            target="reviewing",
            roles=HANDLER_ROLES,
            requires=["reply_draft"],
        ),
        Transition(
            "return",
            "退回修改",
            source=["reviewing"],
            target="handling",
            roles=REVIEWER_ROLES,
            requires=["return_note"],
            assignee_may_act=False,
        ),
        Transition(
            "approve",
            "审核通过并发布回复",
            source=["reviewing"],
            target="replied",
            roles=REVIEWER_ROLES,
            check=_other_reviewer,
            assignee_may_act=False,
        ),
        Transition(
            "close",
            "办结",
            source=["replied"],
            target="closed",
            roles=(*HANDLER_ROLES, *HEAD_ROLES),
            requires=["closure_note"],
        ),
    ],
)
