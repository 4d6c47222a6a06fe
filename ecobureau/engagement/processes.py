"""The enterprise demand's process (casework.workflow).

待分派 → 办理中 → 已答复. The reply clock (step "reply", 示例配置 working days) runs
from filing to the answer. The enterprise rates the answer (services.demand_rate, a
field change on the record, not a step); an unsatisfied rating lets staff reopen the
demand (已答复 → 办理中) with a stated reason.
"""

from ecobureau.casework.workflow import Process, Step, Transition

HANDLER_ROLES = ("section_staff", "sub_bureau_staff", "enforcement_officer")
HEAD_ROLES = ("bureau_leader", "section_head", "sub_bureau_head", "enforcement_head")

DEMAND = Process(
    model="engagement.demand",
    steps=[
        Step("submitted", "待分派", work_title="企业诉求待分派：{case}"),
        Step("handling", "办理中", work_title="企业诉求待答复：{case}"),
        Step("answered", "已答复"),
    ],
    transitions=[
        Transition(
            "assign",
            "分派办理",
            source=["submitted"],
            target="handling",
            roles=(*HANDLER_ROLES, *HEAD_ROLES),
        ),
        Transition(
            "answer",
            "答复企业",
            source=["handling"],
            target="answered",
            roles=(*HANDLER_ROLES, *HEAD_ROLES),
            requires=["answer"],
        ),
        Transition(
            "reopen",
            "重新办理",
            source=["answered"],
            target="handling",
            roles=HEAD_ROLES,
            requires=["reopen_note"],
            assignee_may_act=False,
        ),
    ],
)
