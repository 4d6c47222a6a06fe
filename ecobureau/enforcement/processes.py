"""The inspection's process: 待入企检查 → 现场检查中 → 已完成 (or 已取消).

- `arrive` is taken by the service when the second credentialed officer scans in
  (行政处罚法第四十二条: at least two officers; rules.md P20).
- `finish` completes the on-site inspection. 全过程记录实施办法 第十三条: an on-site
  inspection (现场检查（勘验）) is recorded with simultaneous audio/video unless
  unsuitable, so the step needs a recording or a stated reason (casework's
  `recordings`).
"""

from ecobureau.casework.workflow import Process, Step, Transition

# Officers who carry out inspections, and the heads who plan and oversee them.
OFFICER_ROLES = ("enforcement_officer", "enforcement_head")
HEAD_ROLES = ("enforcement_head", "sub_bureau_head", "bureau_leader")

INSPECTION = Process(
    model="enforcement.inspection",
    steps=[
        Step("planned", "待入企检查", work_title="待入企检查：{case}"),
        Step("on_site", "现场检查中", work_title="现场检查中，待完成笔录：{case}"),
        Step("done", "已完成", terminal=True),
        Step("cancelled", "已取消", terminal=True),
    ],
    transitions=[
        Transition(
            "arrive",
            "扫码入企",
            source=["planned"],
            target="on_site",
            roles=OFFICER_ROLES,
        ),
        Transition(
            "finish",
            "完成现场检查",
            source=["on_site"],
            target="done",
            roles=OFFICER_ROLES,
            recordings=("audio", "video"),
        ),
        Transition(
            "cancel",
            "取消检查",
            source=["planned"],
            target="cancelled",
            roles=HEAD_ROLES,
            requires=["cancel_reason"],
            assignee_may_act=False,
        ),
    ],
)
