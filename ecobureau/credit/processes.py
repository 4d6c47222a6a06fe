"""The annual evaluation of one enterprise (seed 000 其他行政权力 1 企业环境信用评价):

按省厅要求确定评价范围 (services.evaluation_scope_add) → 企业提交环境信用承诺书或
排污许可证扫描件 (services.commitment_submit) → 综合执法队、各分局初审并填报数据
(`prescore`) → 市级复核审定 (`review`) → 征求部门（科室）意见后报省厅 (`consult`) →
省级部门公布评价结果 (`publish`) → 依据终审结果公开并适时启动信用修复 (models.Repair).
"""

from __future__ import annotations

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

EVALUATION = Process(
    model="credit.evaluation",
    steps=[
        Step("scoped", "待提交承诺及初审", work_title="信用评价待初审：{case}"),
        Step(
            "prescored",
            "待市级复核",
            work_title="信用评价待市级复核：{case}",
            clock=ClockSpec(
                "复核审定期限",
                config.CITY_REVIEW_DAYS,
                "workdays",
                basis=config.CITY_REVIEW_BASIS,
            ),
        ),
        Step("reviewed", "待征求意见报省", work_title="信用评价待征求意见报省：{case}"),
        Step("reported", "已报省待公布", work_title="信用评价待省厅公布：{case}"),
        Step("published", "已公布", terminal=True),
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
            assignee_may_act=False,
        ),
        Transition(
            "publish",
            "登记省厅公布结果",
            source=["reported"],
            target="published",
            roles=CREDIT,
            requires=["published_at"],
            assignee_may_act=False,
        ),
    ],
)
