"""The complaint's process: 诉求受理 → 流转 → 处置 → 反馈 (→ 回访, revisits.py).

Clocks (reference/rules.md J1–J2; seed 000 12369 办结时限 "受理时间15日，自受理后60日
内办结"):
- acceptance: within 15 days of receipt, the `received` step's clock;
- handling: within 60 days of acceptance, started by `complaint_accept` and
  stopped by `complaint_reply` (it runs across several steps, so the service
  manages it); one extension of at most 30 days with a head's approval and the
  reason told to the complainant (`complaint_extend`);
- each dispatch has its own feedback deadline (services/handling.py).
"""

from ecobureau.casework.workflow import ClockSpec, Process, Step, Transition

# Who handles complaints: the 12369 desk (应急科), sections, the enforcement team
# and the sub-bureaus (seed 000 与群众互动 §1–2 "执法队、各分局及机关各科室配合").
HANDLERS = (
    "bureau_leader",
    "section_head",
    "section_staff",
    "emergency_staff",
    "enforcement_head",
    "enforcement_officer",
    "sub_bureau_head",
    "sub_bureau_staff",
)
# Who answers a dispatch for their unit: the handlers, and the other departments,
# townships and grid officers a complaint may be handed to.
DISPATCH_RESPONDERS = (
    *HANDLERS,
    "department_handler",
    "township_official",
    "grid_officer",
)

ACCEPT_BASIS = "信访工作条例第二十二条；环境保护部令第15号（受理时间15日）"
HANDLING_BASIS = "信访工作条例第三十四条；环境保护部令第15号（自受理后60日内办结）"
HANDLING_DAYS = 60
EXTENSION_MAX_DAYS = 30

COMPLAINT = Process(
    model="complaints.complaint",
    steps=[
        Step(
            "received",
            "待受理",
            work_title="投诉待受理：{case}",
            clock=ClockSpec("受理告知期限", 15, "days", basis=ACCEPT_BASIS),
        ),
        Step("accepted", "已受理待派单", work_title="投诉待派单：{case}"),
        Step("dispatched", "办理中", work_title="投诉办理中，待汇总反馈：{case}"),
        Step("handled", "已办理待答复", work_title="投诉待答复诉求人：{case}"),
        Step("closed", "已办结", terminal=True),
        Step("not_accepted", "不予受理", terminal=True),
        Step("merged", "重复件已并案", terminal=True),
    ],
    transitions=[
        Transition(
            "accept", "受理", source=["received"], target="accepted", roles=HANDLERS
        ),
        Transition(
            "reject",
            "不予受理",
            source=["received"],
            target="not_accepted",
            roles=HANDLERS,
            requires=["not_accepted_reason"],
        ),
        Transition(
            "unmerge",
            "撤销并案（不是重复件）",
            source=["merged"],
            target="received",
            roles=HANDLERS,
        ),
        Transition(
            "dispatch", "派单", source=["accepted"], target="dispatched", roles=HANDLERS
        ),
        Transition(
            "handle",
            "办理完毕",
            source=["dispatched"],
            target="handled",
            roles=HANDLERS,
            requires=["survey", "finding", "measures"],
        ),
        Transition(
            "redo",
            "退回重新办理",
            source=["handled"],
            target="dispatched",
            roles=HANDLERS,
        ),
        Transition(
            "reply",
            "答复并办结",
            source=["handled"],
            target="closed",
            roles=HANDLERS,
            requires=["reply_text", "reply_method"],
        ),
    ],
)


# --- Tracked follow-up of a hot spot (跟踪督办, A82) -------------------------------------

# Who opens and closes a follow-up: the leaders and the 12369 desk that leads the
# petition work (seed 000 与群众互动 §2 "应急科牵头").
SUPERVISORS = ("bureau_leader", "section_head", "emergency_staff")
FOLLOW_UP_BASIS = "与群众互动实施方案 二(三)2 “开展跟踪督办”；时限由督办人确定"

FOLLOW_UP = Process(
    model="complaints.followup",
    steps=[
        Step("supervising", "督办中", work_title="投诉热点跟踪督办：{case}"),
        Step("closed", "已办结销号", terminal=True),
    ],
    transitions=[
        Transition(
            "close",
            "办结销号",
            source=["supervising"],
            target="closed",
            roles=SUPERVISORS,
            requires=["closure_note"],
            assignee_may_act=False,
        ),
    ],
)

# --- Replies to messages on the Weibo / WeChat accounts and 民心网 (A89) ----------------

# The designated collectors (seed 000 与群众互动 §7 "由专人负责收集群众留言，并及时
# 分配给责任单位或部门"; 局办公室牵头): staff holding `complaints.collect_messages`.
MESSAGE_COLLECTORS = ("section_staff", "emergency_staff")
# A reply is reviewed and approved by two heads (casework approvals, default roles):
# 舆情应对工作程序 答复 → 审核 → 发布.
MESSAGE_REPLY_SUBJECT = "留言回复审核：{code}"
# The seed requires a reply time limit but gives no figure (与群众互动 §5 "规定回复
# 时限"); the default below is 示例配置, overridden by COMPLAINT_MESSAGE_REPLY_WORKDAYS.
MESSAGE_REPLY_WORKDAYS_EXAMPLE = 5
MESSAGE_REPLY_BASIS = (
    "与群众互动实施方案 二(四)5、7 “规定回复时限”“按照舆情应对工作程序做好留言回复工作”；"
    "时限为示例配置"
)
