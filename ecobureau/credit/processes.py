"""The annual evaluation of one enterprise (seed 000 其他行政权力 1 企业环境信用评价):

按省厅要求确定评价范围 (services.evaluation_scope_add) → 企业提交环境信用承诺书或
排污许可证扫描件 (services.commitment_submit) → 综合执法队、各分局初审并填报数据
(`prescore`) → 市级复核审定 (`review`) → 征求部门（科室）意见后报省厅 (`consult`) →
省级部门公布评价结果 (`publish`) → 依据终审结果公开并适时启动信用修复 (models.Repair).

With a notice period configured (CREDIT_NOTICE_DAYS > 0, 示例配置, rules.md §2.1)
a reported result is first put on notice (`announce`, 公示中): the enterprise may
object during it, and `publish` waits for its end and for every objection to be
answered (selectors_notice.publish_blockers). With 0, `publish` follows `consult`
directly and `announce` is refused.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from ecobureau.casework.workflow import ClockSpec, Process, Step, Transition

from . import config

PRESCORERS = (
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
    "credit_staff",
)
CREDIT = ("credit_staff",)


def _check_announce(case: Any, changes: dict[str, Any]) -> None:
    from .selectors_notice import notice_days

    if not notice_days():
        raise ValidationError("本局未设定公示期，评价结果报省后直接登记公布。")
    if case.notice_start is None or case.notice_end is None:
        raise ValidationError("请先确定公示期。")


def _check_consult(case: Any, changes: dict[str, Any]) -> None:
    # Seed 000 办理基本流程 "征求部门（科室）意见后报省厅": at least one unit asked,
    # every request answered, every 有意见 handled (采纳/不采纳) before reporting.
    from .selectors_consult import consult_blockers

    blockers = consult_blockers(case)
    if blockers:
        raise ValidationError(blockers)


def _check_publish(case: Any, changes: dict[str, Any]) -> None:
    from django.utils import timezone

    from ecobureau.lib import dates

    from .selectors_notice import publish_blockers

    blockers = publish_blockers(case, dates.local_date(timezone.now()))
    if blockers:
        raise ValidationError(blockers)


EVALUATION = Process(
    model="credit.evaluation",
    steps=[
        Step(
            "scoped",
            gettext_noop("待提交承诺及初审"),
            work_title="信用评价待初审：{case}",
        ),
        Step(
            "prescored",
            gettext_noop("待市级复核"),
            work_title="信用评价待市级复核：{case}",
            clock=ClockSpec(
                "复核审定期限",
                config.CITY_REVIEW_DAYS,
                "workdays",
                basis=config.CITY_REVIEW_BASIS,
            ),
        ),
        Step(
            "reviewed",
            gettext_noop("待征求意见报省"),
            work_title="信用评价待征求意见报省：{case}",
        ),
        Step(
            "reported",
            gettext_noop("已报省待公布"),
            work_title="信用评价待省厅公布：{case}",
        ),
        Step("noticed", gettext_noop("公示中"), work_title="信用评价公示中：{case}"),
        Step("published", gettext_noop("已公布"), terminal=True),
    ],
    transitions=[
        Transition(
            "prescore",
            "初审评分",
            source=["scoped"],
            target="prescored",
            roles=PRESCORERS,
            requires=["commitment_at", "prescore_note", "score"],
            assignee_may_act=False,
        ),
        Transition(
            "review",
            "复核审定",
            source=["prescored"],
            target="reviewed",
            roles=CREDIT,
            requires=["review_note"],
            assignee_may_act=False,
        ),
        Transition(
            "send_back",
            "退回重新初审",
            source=["prescored"],
            target="scoped",
            roles=CREDIT,
            requires=["review_note"],
            assignee_may_act=False,
        ),
        Transition(
            "consult",
            "征求意见后报省",
            source=["reviewed"],
            target="reported",
            roles=CREDIT,
            requires=["consultation_note"],
            check=_check_consult,
            assignee_may_act=False,
        ),
        Transition(
            "announce",
            "公示（征求异议）",
            source=["reported"],
            target="noticed",
            roles=CREDIT,
            check=_check_announce,
            assignee_may_act=False,
        ),
        Transition(
            "publish",
            "登记省厅公布结果",
            source=["reported", "noticed"],
            target="published",
            roles=CREDIT,
            requires=["published_at"],
            check=_check_publish,
            assignee_may_act=False,
        ),
    ],
)
