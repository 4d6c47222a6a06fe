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


# --- The decision (issue 10; rules.md P4, P7–P10) ------------------------------------

DECISION_DAYS = 90
DECISION_EXTENSION_DAYS = 30
DECISION_BASIS = (
    "行政处罚法第六十条、生态环境行政处罚办法第五十七条：立案之日起90日内作出决定；"
    "经负责人批准可延长30日，经集体讨论还可再延长30日"
)
HEARING_REQUEST_DAYS = 5
HEARING_REQUEST_BASIS = (
    "行政处罚法第六十四条第一项、第八十五条：告知后5个工作日内提出听证"
)
HEARING_NOTICE_DAYS = 7
SERVICE_DAYS = 7
SERVICE_BASIS = "行政处罚法第六十一条、第八十五条：当事人不在场的，7个工作日内送达"
PAYMENT_DAYS = 15
PAYMENT_BASIS = "行政处罚法第六十七条：自收到行政处罚决定书之日起15日内缴纳罚款"
ARCHIVE_DAYS = 30
ARCHIVE_BASIS = (
    "行政执法全过程记录实施办法第三十二条：执法行为终结之日起30日内形成案卷并归档"
)


def _archive_check(case: Any, changes: dict[str, Any]) -> None:
    from .services.archive import archive_check

    archive_check(case)


def _decision_check(name: str) -> Any:
    def check(case: Any, changes: dict[str, Any]) -> None:
        from .services import decisions

        getattr(decisions, name)(case)

    return check


_notify_check = _decision_check("notify_check")
_hearing_check = _decision_check("hearing_check")
_decide_check = _decision_check("decide_check")
_summary_check = _decision_check("summary_check")
_serve_check = _decision_check("serve_check")


def _execute_check(case: Any, changes: dict[str, Any]) -> None:
    from .services.execution import execute_check

    execute_check(case)


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
        Step(
            "notified",
            "已先行告知，待陈述申辩",
            work_title="已送达先行告知书，待陈述申辩或听证申请：{case}",
            clock=ClockSpec(
                "陈述申辩、听证申请期限",
                HEARING_REQUEST_DAYS,
                "workdays",
                basis=HEARING_REQUEST_BASIS,
            ),
        ),
        Step("hearing", "听证程序中", work_title="案件听证程序中：{case}"),
        Step(
            "decided",
            "已作出处罚决定，待送达",
            work_title="处罚决定书待送达：{case}",
            clock=ClockSpec(
                "处罚决定书送达期限", SERVICE_DAYS, "workdays", basis=SERVICE_BASIS
            ),
        ),
        Step(
            "served",
            "处罚决定已送达，待履行",
            work_title="处罚决定已送达，跟踪履行：{case}",
            clock=ClockSpec("缴纳罚款期限", PAYMENT_DAYS, "days", basis=PAYMENT_BASIS),
        ),
        Step(
            "executed",
            "执行完毕",
            work_title="执行完毕，待立卷归档：{case}",
            clock=ClockSpec("立卷归档期限", ARCHIVE_DAYS, "days", basis=ARCHIVE_BASIS),
        ),
        Step("archived", "已归档", terminal=True),
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
        Transition(
            "notify",
            "送达行政处罚先行告知书",
            source=["investigated"],
            target="notified",
            roles=(*OFFICER_ROLES, *CASE_DECIDERS),
            check=_notify_check,
        ),
        Transition(
            "request_hearing",
            "当事人申请听证",
            source=["notified"],
            target="hearing",
            roles=(*OFFICER_ROLES, *CASE_DECIDERS),
            check=_hearing_check,
        ),
        Transition(
            "decide",
            "作出行政处罚决定",
            source=["notified", "hearing"],
            target="decided",
            roles=CASE_DECIDERS,
            check=_decide_check,
            assignee_may_act=False,
        ),
        Transition(
            "decide_summary",
            "简易程序当场处罚",
            source=["investigated"],
            target="decided",
            roles=(*OFFICER_ROLES, *CASE_DECIDERS),
            check=_summary_check,
        ),
        Transition(
            "serve",
            "送达处罚决定书",
            source=["decided"],
            target="served",
            roles=(*OFFICER_ROLES, *CASE_DECIDERS),
            check=_serve_check,
        ),
        # 集体审议规则 第十条1 with 行政处罚法第四十四、四十五条: a 复审 decided a
        # heavier penalty; the served decision is superseded (not executed) and
        # the case goes back before the notice (services/supersede.py).
        Transition(
            "supersede",
            "复审加重处罚，撤回原决定重新先行告知",
            source=["served"],
            target="investigated",
            roles=CASE_DECIDERS,
            assignee_may_act=False,
        ),
        Transition(
            "execute",
            "执行完毕",
            source=["served"],
            target="executed",
            roles=(*OFFICER_ROLES, *CASE_DECIDERS),
            check=_execute_check,
        ),
        Transition(
            "archive",
            "立卷归档",
            source=["executed", "not_punished"],
            target="archived",
            roles=(*OFFICER_ROLES, *CASE_DECIDERS),
            check=_archive_check,
        ),
    ],
)
