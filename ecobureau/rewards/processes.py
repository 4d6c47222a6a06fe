"""The reward procedure of 《鞍山市生态环境违法行为举报奖励实施细则（试行）》第九条.

登记（登记表）→ 交办（交办单）→ 现场勘验（10个工作日）→
  不予奖励：告知书，5个工作日内告知；
  查处：处罚决定（或司法机关追究责任）后5个工作日内填写审批表 → 逐级审批 →
  审批后5个工作日内制作通知书 → 送达或网站公示 → 30个工作日内领取（可顺延）→
  发放，或逾期视为放弃。

Clocks on steps are started by `case_transition`; the 审批表 clock (from the
penalty decision's date) and the claim clock (from service or publication) are
started by the services with those dates, on the step they belong to, so the
next transition stops them.
"""

from ecobureau.casework.workflow import ClockSpec, Process, Step, Transition

BASIS = "鞍山市生态环境违法行为举报奖励实施细则（试行）第九条"
HANDLERS = ("reward_handler",)
# The handling unit surveys the site (承办单位, 第九条).
SURVEYORS = (
    "reward_handler",
    "enforcement_officer",
    "enforcement_head",
    "sub_bureau_staff",
    "sub_bureau_head",
)

REWARD = Process(
    model="rewards.rewardreport",
    steps=[
        Step("registered", "已登记待交办", work_title="有奖举报待交办：{case}"),
        Step(
            "dispatched",
            "待现场勘验",
            work_title="有奖举报待现场勘验：{case}",
            clock=ClockSpec(
                "现场勘验期限", 10, "workdays", basis=BASIS + "（10个工作日）"
            ),
        ),
        Step(
            "surveyed", "已勘验待查处结果", work_title="有奖举报待录入查处结果：{case}"
        ),
        Step(
            "excluding",
            "待告知不予奖励",
            work_title="有奖举报待送达不予奖励告知书：{case}",
            clock=ClockSpec(
                "不予奖励告知期限", 5, "workdays", basis=BASIS + "（5个工作日）"
            ),
        ),
        Step("excluded", "不予奖励（已告知）", terminal=True),
        Step(
            "penalty_decided", "待填报审批表", work_title="有奖举报待填报审批表：{case}"
        ),
        Step("approving", "审批中"),
        Step(
            "approved",
            "待制作通知书",
            work_title="有奖举报待制作通知书：{case}",
            clock=ClockSpec(
                "通知书制作期限", 5, "workdays", basis=BASIS + "（审批后5个工作日）"
            ),
        ),
        Step("notified", "待领取", work_title="举报奖金待领取：{case}"),
        Step("paid", "已发放", terminal=True),
        Step("forfeited", "逾期未领视为放弃", terminal=True),
        Step("redirected", "非本局职能（已告知途径）", terminal=True),
    ],
    transitions=[
        Transition(
            "dispatch",
            "交办",
            source=["registered"],
            target="dispatched",
            roles=HANDLERS,
            documents=["reward_dispatch_note"],
        ),
        Transition(
            "redirect",
            "告知举报途径",
            source=["registered"],
            target="redirected",
            roles=HANDLERS,
            requires=["redirect_to"],
        ),
        Transition(
            "survey",
            "完成现场勘验",
            source=["dispatched"],
            target="surveyed",
            roles=SURVEYORS,
            requires=["survey_note"],
        ),
        Transition(
            "exclude",
            "不予奖励",
            source=["dispatched", "surveyed", "penalty_decided"],
            target="excluding",
            roles=HANDLERS,
            requires=["exclusion_note"],
        ),
        Transition(
            "serve_exclusion",
            "送达不予奖励告知书",
            source=["excluding"],
            target="excluded",
            roles=HANDLERS,
            documents=["reward_exclusion_notice"],
            requires=["service", "served_on"],
        ),
        Transition(
            "penalty",
            "录入处罚决定",
            source=["surveyed"],
            target="penalty_decided",
            roles=HANDLERS,
            requires=["penalty_decided_on", "categories"],
        ),
        Transition(
            "propose",
            "提请审批",
            source=["penalty_decided"],
            target="approving",
            roles=HANDLERS,
            documents=["reward_approval_form"],
            requires=["amount"],
        ),
        Transition(
            "approve",
            "审批通过",
            source=["approving"],
            target="approved",
            roles=HANDLERS,
        ),
        Transition(
            "reconsider",
            "审批未通过，重新填报",
            source=["approving"],
            target="penalty_decided",
            roles=HANDLERS,
        ),
        Transition(
            "notify",
            "送达或公示通知书",
            source=["approved"],
            target="notified",
            roles=HANDLERS,
            documents=["reward_notice"],
            requires=["service", "served_on"],
        ),
        Transition(
            "pay",
            "发放奖金",
            source=["notified"],
            target="paid",
            roles=HANDLERS,
            requires=["claimed_by", "paid_at"],
        ),
        Transition(
            "forfeit",
            "逾期未领，视为放弃",
            source=["notified"],
            target="forfeited",
            roles=HANDLERS,
            requires=["forfeited_at"],
        ),
    ],
)
