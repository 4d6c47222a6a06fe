"""The two processes of this module (casework.workflow): clues and filings."""

from ecobureau.casework.workflow import Process, Step, Transition

# Who decides a clue: the enforcement team and the sub-bureaus (seed 004: clues
# are pushed to enforcement to reduce on-site checks).
CLUE_DECIDERS = (
    "enforcement_officer",
    "enforcement_head",
    "sub_bureau_staff",
    "sub_bureau_head",
)

# 在线数据线索 (requirements E8): no statutory time limit applies to sorting a
# clue, so the step has no clock; the workbench lists it until decided.
CLUE = Process(
    model="monitoring.clue",
    steps=[
        Step("new", "待研判", work_title="在线数据线索：{case}"),
        Step("dismissed", "已排除", terminal=True),
        Step("referred", "已转现场执法", terminal=True),
    ],
    transitions=[
        Transition(
            "dismiss",
            "排除",
            source=["new"],
            target="dismissed",
            roles=CLUE_DECIDERS,
            requires=["decision_reason"],
        ),
        Transition(
            "refer",
            "转现场执法",
            source=["new"],
            target="referred",
            roles=CLUE_DECIDERS,
            requires=["decision_reason", "referral"],
        ),
    ],
)

# 受理机构: 鞍山市生态环境保护综合行政执法队及各分局 (seed 000 其他行政权力 2).
FILING_DECIDERS = (
    "enforcement_officer",
    "enforcement_head",
    "sub_bureau_staff",
    "sub_bureau_head",
)

# 自动监控设备安装及变更备案: decided the same day (办结时限“当天”). The
# submitted step's clock and work item are opened by `services.filing_submit`,
# because a filing received after office hours is due the next working day.
FILING = Process(
    model="monitoring.filing",
    steps=[
        Step("submitted", "待办理"),
        Step("filed", "已备案", terminal=True),
        Step("returned", "已退回", terminal=True),
    ],
    transitions=[
        Transition(
            "file",
            "予以备案",
            source=["submitted"],
            target="filed",
            roles=FILING_DECIDERS,
            requires=["opinion"],
        ),
        Transition(
            "return",
            "退回",
            source=["submitted"],
            target="returned",
            roles=FILING_DECIDERS,
            requires=["opinion"],
        ),
    ],
)
