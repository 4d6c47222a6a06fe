"""The processes of the air module (casework.workflow)."""

from ecobureau.casework.workflow import ClockSpec, Process, Step, Transition

FORECASTERS = ("forecaster",)
WARNING_HANDLERS = ("forecaster", "section_head", "section_staff")
WARNING_LIFTERS = ("forecaster", "section_head", "bureau_leader")
PLAN_REVIEWERS = ("section_head", "section_staff")

# 每日空气质量预报 (seed 000 服务承诺 4, 信息公开制度): drafted by the 14:00 job,
# reviewed in consultation (会商, 服务理念 4 "强化会商机制"), published before 15:00.
# The "before 15:00" clock runs across both steps: `services.forecast_create`
# starts it and `services.forecast_publish` stops it (it is not a step clock,
# because a calendar-day clock would move a weekend's 15:00 to Monday while
# the forecast is published every day).
FORECAST = Process(
    model="air.forecast",
    steps=[
        # Work items are opened by the services, tied to the 15:00 clock.
        Step("draft", "待会商"),
        Step("reviewed", "已会商待发布"),
        Step("published", "已发布", terminal=True),
    ],
    transitions=[
        Transition(
            "review",
            "会商确认",
            source=["draft"],
            target="reviewed",
            roles=FORECASTERS,
            requires=["review_reason"],
        ),
        Transition(
            "reopen",
            "退回重新会商",
            source=["reviewed"],
            target="draft",
            roles=FORECASTERS,
        ),
        Transition(
            "publish",
            "发布",
            source=["reviewed"],
            target="published",
            roles=FORECASTERS,
        ),
    ],
    scope_fields={"district": None, "township": None, "unit": "unit"},
)

# 重污染天气预警 (环大气〔2024〕6号; seed 000 服务承诺 4 "及时发布重污染天气预警"):
# proposed from a published forecast that meets the grading, approved in order
# (casework approvals: 承办→审核→批准), published, lifted.
WARNING = Process(
    model="air.warning",
    steps=[
        Step("proposed", "预警建议", work_title="{case}：待提请审批"),
        Step("submitted", "审批中"),
        Step("published", "已发布", work_title="{case}：发布中，关注解除条件"),
        Step("lifted", "已解除", terminal=True),
        Step("dismissed", "不予发布", terminal=True),
    ],
    transitions=[
        Transition(
            "submit",
            "提请审批",
            source=["proposed"],
            target="submitted",
            roles=WARNING_HANDLERS,
        ),
        Transition(
            "publish",
            "发布预警",
            source=["submitted"],
            target="published",
            roles=WARNING_HANDLERS,
        ),
        Transition(
            "lift",
            "解除预警",
            source=["published"],
            target="lifted",
            roles=WARNING_LIFTERS,
            requires=["lift_reason"],
        ),
        Transition(
            "dismiss",
            "不予发布",
            source=["proposed", "submitted"],
            target="dismissed",
            roles=WARNING_HANDLERS,
            requires=["dismiss_reason"],
        ),
    ],
    scope_fields={"district": None, "township": None, "unit": "unit"},
)

# 重污染天气应急预案备案管理 (seed 000 其他行政权力 9): filed with the 大气科,
# 办结时限 20个工作日. Enterprises file through their portal account; a returned
# plan is revised and filed again as a new version.
PLAN = Process(
    model="air.emergencyplan",
    steps=[
        Step(
            "submitted",
            "待备案审查",
            work_title="应急预案备案审查：{case}",
            clock=ClockSpec(
                "应急预案备案办结时限",
                20,
                "workdays",
                basis="鞍山市生态环境局办事标准：重污染天气应急预案备案管理，办结时限20个工作日",
            ),
        ),
        # A returned plan ends here; the enterprise files a new version.
        Step("returned", "退回修改", terminal=True),
        Step("filed", "已备案", terminal=True),
        Step("superseded", "已被新版本替代", terminal=True),
    ],
    transitions=[
        Transition(
            "file",
            "予以备案",
            source=["submitted"],
            target="filed",
            roles=PLAN_REVIEWERS,
        ),
        Transition(
            "return",
            "退回修改",
            source=["submitted"],
            target="returned",
            roles=PLAN_REVIEWERS,
            requires=["review_opinion"],
        ),
        # When a newer version is filed (plan_file), never chosen by hand.
        Transition(
            "supersede",
            "由新版本替代",
            source=["filed"],
            target="superseded",
            roles=PLAN_REVIEWERS,
        ),
    ],
)
