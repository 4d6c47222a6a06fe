"""The two processes of rectification.

A task (整改任务): 待审议 → 整改中 → 整改完成待验收 → 待市级复核 → 待公示 →
公示中待销号 → 已销号待备案 → 已备案 — "整改一个、验收一个、公示一个、销号一个、
备案一个" (seed 001 五4). A reopened task (反弹, 整改不到位) goes back to 整改中
with its history and the category it is handled by (整改不到位 / 问题反弹 / 其他,
seed 001 三(一)2 "分类处置、台帐式管理…重新整改，重新销号").

A petition case (信访举报案件) follows "区验收、市复核" (seed 004; seed 001 附件2 三):
the handling unit applies; acceptance is organised within 7 days; the area's
rectification body applies for city review within 3 days; the city office organises
the review within 5 days. All periods are calendar days (the seed says 日, not
工作日). The 5-day clock stops when the review group is organised (the `organise`
transition), since the seed's 5 days are for organising the review (B32).
"""

from typing import Any

from ecobureau.casework.workflow import ClockSpec, Process, Step, Transition

# City rectification office (市督改办, in the bureau), district heads, handlers.
OFFICE_ROLES = ("bureau_leader", "section_head", "section_staff")
DISTRICT_ROLES = ("sub_bureau_head", "township_official")
HANDLER_ROLES = (
    "sub_bureau_staff",
    "sub_bureau_head",
    "department_handler",
    "township_official",
    "section_staff",
)

ACCEPTANCE_DAYS = 7
REVIEW_REQUEST_DAYS = 3
REVIEW_ORGANISE_DAYS = 5
ACCEPTANCE_BASIS = "seed 001 附件2 三2：接到验收申请后，7日内组织验收并出具验收意见"
REVIEW_REQUEST_BASIS = "seed 001 附件2 三3：验收工作完成后，3日内向市督改办申请复核"
REVIEW_ORGANISE_BASIS = "seed 001 附件2 三3：市督改办5日内组织市级复核工作组进行复核"


def _task_complete_check(task: Any, changes: dict[str, Any]) -> None:
    from .services import task_complete_check

    task_complete_check(task)


def _task_close_check(task: Any, changes: dict[str, Any]) -> None:
    from .services import close_check

    close_check(task)


def _case_complete_check(case: Any, changes: dict[str, Any]) -> None:
    from .services import petition_complete_check

    petition_complete_check(case)


def _case_accept_check(case: Any, changes: dict[str, Any]) -> None:
    from .services import acceptance_check

    acceptance_check(case)


def _case_review_check(case: Any, changes: dict[str, Any]) -> None:
    from .services import review_pass_check

    review_pass_check(case)


def _case_close_check(case: Any, changes: dict[str, Any]) -> None:
    from .services import close_check

    close_check(case)


TASK = Process(
    model="rectification.rectificationtask",
    steps=[
        Step("draft", "待审议", work_title="整改清单待审议：{case}"),
        Step("rectifying", "整改中", work_title="整改中：{case}"),
        Step("completed", "整改完成待验收", work_title="整改任务待区验收：{case}"),
        Step("accepted", "待市级复核", work_title="整改任务待市级复核：{case}"),
        Step("reviewed", "待公示", work_title="整改任务待公示：{case}"),
        Step("published", "公示中待销号", work_title="整改任务待销号：{case}"),
        Step("closed", "已销号待备案", work_title="整改任务待备案：{case}"),
        Step("filed", "已备案", terminal=True),
    ],
    transitions=[
        Transition(
            "approve",
            "审议通过",
            source=["draft"],
            target="rectifying",
            roles=OFFICE_ROLES,
            requires=["approval_meeting", "approved_on"],
            assignee_may_act=False,
        ),
        Transition(
            "complete",
            "报送整改完成",
            source=["rectifying"],
            target="completed",
            roles=HANDLER_ROLES,
            check=_task_complete_check,
        ),
        Transition(
            "accept",
            "区验收通过",
            source=["completed"],
            target="accepted",
            roles=(*DISTRICT_ROLES, *OFFICE_ROLES),
            requires=["acceptance_opinion"],
            assignee_may_act=False,
        ),
        Transition(
            "review",
            "市复核通过",
            source=["accepted"],
            target="reviewed",
            roles=OFFICE_ROLES,
            requires=["review_opinion"],
            assignee_may_act=False,
        ),
        Transition(
            "return",
            "退回重新整改",
            source=["completed", "accepted"],
            target="rectifying",
            roles=(*DISTRICT_ROLES, *OFFICE_ROLES),
            requires=["reopen_reason"],
            assignee_may_act=False,
        ),
        Transition(
            "publish",
            "公示",
            source=["reviewed"],
            target="published",
            roles=OFFICE_ROLES,
            requires=["publication_note"],
            assignee_may_act=False,
        ),
        Transition(
            "close",
            "销号",
            source=["published"],
            target="closed",
            roles=OFFICE_ROLES,
            check=_task_close_check,
            assignee_may_act=False,
        ),
        Transition(
            "file",
            "备案",
            source=["closed"],
            target="filed",
            roles=OFFICE_ROLES,
            requires=["filing_note"],
            assignee_may_act=False,
        ),
        Transition(
            "reopen",
            "反弹重新整改",
            source=["closed", "filed"],
            target="rectifying",
            roles=OFFICE_ROLES,
            requires=["reopen_category", "reopen_reason"],
            assignee_may_act=False,
        ),
    ],
)

CASE = Process(
    model="rectification.petitioncase",
    steps=[
        Step("handling", "办理中", work_title="督察转办信访案件办理中：{case}"),
        Step(
            "acceptance",
            "待区验收",
            work_title="信访案件待组织验收：{case}",
            clock=ClockSpec(
                "组织验收期限", ACCEPTANCE_DAYS, "days", basis=ACCEPTANCE_BASIS
            ),
        ),
        Step(
            "accepted",
            "验收通过待申请复核",
            work_title="信访案件待申请市级复核：{case}",
            clock=ClockSpec(
                "申请复核期限", REVIEW_REQUEST_DAYS, "days", basis=REVIEW_REQUEST_BASIS
            ),
        ),
        Step(
            "review_requested",
            "待组织市级复核",
            work_title="信访案件待组织市级复核：{case}",
            clock=ClockSpec(
                "组织复核期限",
                REVIEW_ORGANISE_DAYS,
                "days",
                basis=REVIEW_ORGANISE_BASIS,
            ),
        ),
        Step("reviewing", "市级复核中", work_title="信访案件市级复核中：{case}"),
        Step("reviewed", "复核通过待公示", work_title="信访案件待公示：{case}"),
        Step("published", "公示中待销号", work_title="信访案件待销号：{case}"),
        Step("closed", "已销号待备案", work_title="信访案件待备案：{case}"),
        Step("filed", "已备案", terminal=True),
    ],
    transitions=[
        Transition(
            "apply",
            "申请验收",
            source=["handling"],
            target="acceptance",
            roles=HANDLER_ROLES,
            check=_case_complete_check,
        ),
        Transition(
            "accept",
            "验收通过",
            source=["acceptance"],
            target="accepted",
            roles=(*DISTRICT_ROLES, *OFFICE_ROLES),
            requires=[
                "acceptance_body",
                "accepted_on",
                "acceptance_leader",
                "opinion_rectification",
                "opinion_penalty",
                "opinion_satisfaction",
                "opinion_accountability",
            ],
            check=_case_accept_check,
            assignee_may_act=False,
        ),
        Transition(
            "request_review",
            "申请市级复核",
            source=["accepted"],
            target="review_requested",
            roles=(*DISTRICT_ROLES, *OFFICE_ROLES),
            assignee_may_act=False,
        ),
        Transition(
            "organise",
            "组织复核工作组",
            source=["review_requested"],
            target="reviewing",
            roles=OFFICE_ROLES,
            requires=["review_leader"],
            assignee_may_act=False,
        ),
        Transition(
            "pass_review",
            "复核通过",
            source=["reviewing"],
            target="reviewed",
            roles=OFFICE_ROLES,
            requires=["reviewed_on"],
            check=_case_review_check,
            assignee_may_act=False,
        ),
        Transition(
            "fail_review",
            "复核未通过，退回整改",
            source=["reviewing", "acceptance"],
            target="handling",
            roles=(*DISTRICT_ROLES, *OFFICE_ROLES),
            requires=["review_return_reason"],
            assignee_may_act=False,
        ),
        Transition(
            "publish",
            "公示",
            source=["reviewed"],
            target="published",
            roles=OFFICE_ROLES,
            requires=["publication_note"],
            assignee_may_act=False,
        ),
        Transition(
            "close",
            "销号",
            source=["published"],
            target="closed",
            roles=OFFICE_ROLES,
            check=_case_close_check,
            assignee_may_act=False,
        ),
        Transition(
            "file",
            "备案",
            source=["closed"],
            target="filed",
            roles=OFFICE_ROLES,
            requires=["filing_note"],
            assignee_may_act=False,
        ),
        Transition(
            "reopen",
            "反弹重新整改",
            source=["closed", "filed"],
            target="handling",
            roles=OFFICE_ROLES,
            requires=["reopen_category", "reopen_reason"],
            assignee_may_act=False,
        ),
    ],
)

OPEN_TASK_STEPS = ("draft", "rectifying")
OPEN_CASE_STEPS = ("handling",)
DONE_STEPS = ("published", "closed", "filed")
