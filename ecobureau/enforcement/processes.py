"""The inspection's process: 待入企检查 → 现场检查中 → 已完成 (or 已取消).

- `arrive` is taken by the service when the second credentialed officer scans in
  (行政处罚法第四十二条: at least two officers; rules.md P20).
- `finish` completes the on-site inspection. 全过程记录实施办法 第十三条: an on-site
  inspection (现场检查（勘验）) is recorded with simultaneous audio/video unless
  unsuitable, so the step needs a recording or a stated reason (casework's
  `recordings`).
"""

from typing import Any

from ecobureau.casework.workflow import ClockSpec, Process, Step, Transition

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

# --- The case (立案 to the end of the investigation) ------------------------------

FILING_BASIS = "生态环境行政处罚办法（生态环境部令第30号）第十八条：15日内决定是否立案"
FILING_DAYS = 15
FILING_EXTENSION_DAYS = 15
URGENT_APPROVAL_HOURS = 24
URGENT_BASIS = (
    "行政执法全过程记录实施办法第八条：情况紧急先行启动的，24小时内补报程序启动审批"
)
PRESERVATION_DAYS = 7
PRESERVATION_BASIS = (
    "行政处罚法第五十六条、第八十五条：先行登记保存的，7个工作日内作出处理决定"
)
CASE_DECIDERS = ("enforcement_head", "bureau_leader", "sub_bureau_head")
# 查封、扣押: at most 30 days, +30 once with the head's approval. The period is the
# law's; rules.md has no P-row for it yet (asked of the lead), so the basis is cited
# here from the statute itself.
MEASURE_DAYS = 30
MEASURE_EXTENSION_DAYS = 30
MEASURE_BASIS = (
    "行政强制法第二十五条：查封、扣押的期限不得超过三十日；情况复杂的，"
    "经行政机关负责人批准，可以延长，但延长期限不得超过三十日"
)


def _minor_check(case: Any, changes: dict[str, Any]) -> None:
    from .services.minor import close_check

    close_check(case)


def _case_check(case: Any, changes: dict[str, Any]) -> None:
    from .services.cases import filing_check

    filing_check(case)


def _conclude_check(case: Any, changes: dict[str, Any]) -> None:
    from .services.investigation import conclude_check

    conclude_check(case)


def _decline_check(case: Any, changes: dict[str, Any]) -> None:
    from .services.cases import decline_check

    decline_check(case)


CASE = Process(
    model="enforcement.enforcementcase",
    steps=[
        Step(
            "registered",
            "待立案审查",
            work_title="案件待决定是否立案：{case}",
            clock=ClockSpec("立案期限", FILING_DAYS, "days", basis=FILING_BASIS),
        ),
        Step("investigating", "调查取证中", work_title="案件调查取证中：{case}"),
        Step(
            "investigated",
            "调查终结待审查",
            work_title="案件调查终结，待案件审查：{case}",
        ),
        Step("not_filed", "不予立案", terminal=True),
        Step("not_punished", "不予行政处罚（轻微违法）", terminal=True),
    ],
    transitions=[
        Transition(
            "file",
            "立案",
            source=["registered"],
            target="investigating",
            roles=CASE_DECIDERS,
            requires=["facts"],
            check=_case_check,
            assignee_may_act=False,
        ),
        Transition(
            "decline",
            "不予立案",
            source=["registered"],
            target="not_filed",
            roles=CASE_DECIDERS,
            requires=["decline_reason"],
            check=_decline_check,
            assignee_may_act=False,
        ),
        Transition(
            "conclude",
            "调查终结",
            source=["investigating"],
            target="investigated",
            roles=(*OFFICER_ROLES, *CASE_DECIDERS),
            check=_conclude_check,
        ),
        Transition(
            "close_minor",
            "轻微违法不予行政处罚",
            source=["investigating", "investigated"],
            target="not_punished",
            roles=CASE_DECIDERS,
            check=_minor_check,
            assignee_may_act=False,
        ),
    ],
)
