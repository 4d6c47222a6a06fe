"""Each catalogue item's own procedure (seed 000, 办理基本流程 of each sheet), as
a casework Process, plus what the process itself cannot say: which clock runs,
where the case goes at each step, what the applicant is told.

Clocks (the 'deadline' rule computes them; services/clocks.py starts them):

- `acceptance` — 5 working days from receipt to accept, refuse or ask for
  everything missing at once (行政许可法 第三十二条第一款第（四）项, 第八十二条:
  the law's periods are working days). Not told in time: the application counts
  as accepted from the day the materials were received.
- `decision` — the item's own limit (60日, 20日, 10个工作日, 20个工作日 …; "日"
  are calendar days, as the issue reads the sheets; 即办 is 0 working days),
  from acceptance, or from submission where the sheet has no acceptance step
  (the hazardous-waste filings reviewed county → city → province).

Both pause while the applicant supplies materials (补正, "申请人补齐补正材料不计
办理时限"), and the decision clock while an excluded procedure runs: hearing,
tendering, auction, inspection, testing, quarantine, appraisal, expert review,
site survey (行政许可法 第四十五条; seed 000 行政许可 4 and 其他行政权力 3–5).
The steps and transitions are declared here; `casework.services.case_transition`
performs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ecobureau.casework.workflow import Process, Step, Transition

from .models import Application

MODEL = "permits.application"
# Applicants act only on their own case while it waits for them (补正): the case
# is then assigned to the applicant, and only the "supply" transition lets an
# assignee act. Every staff transition needs a role (assignee_may_act=False).
SCOPE: dict[str, str | None] = {
    "district": "district",
    "township": "township",
    "unit": "unit",
    "owner": "assignee",
}

WINDOW = ("service_staff",)
CITY = ("section_staff", "section_head")
COUNTY = ("sub_bureau_staff", "sub_bureau_head")
TEAM = ("enforcement_officer", "enforcement_head")
HEADS = ("section_head", "sub_bureau_head", "enforcement_head", "bureau_leader")
LEADER = ("bureau_leader",)
PROVINCE = ("province_reviewer",)
CREDIT = ("credit_staff", "section_staff", "section_head")
MONITORING = ("monitoring_staff",)
AIR = ("section_staff", "section_head", "forecaster")

# Steps whose clock is the decision clock paused: the time is not counted.
EXCLUDED_REASONS = {
    "hearing": "听证",
    "tendering": "招标",
    "auction": "拍卖",
    "inspection": "检验",
    "testing": "检测",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
    "site_survey": "实地踏查",
}


def _t(
    code: str,
    label: str,
    source: list[str],
    target: str,
    roles: tuple[str, ...],
    *,
    requires: tuple[str, ...] = (),
    documents: tuple[str, ...] = (),
    recordings: tuple[str, ...] = (),
) -> Transition:
    return Transition(
        code,
        label,
        source=source,
        target=target,
        roles=roles,
        requires=requires,
        documents=documents,
        recordings=recordings,
        assignee_may_act=False,
    )


# Staff who take in a paper supplement at the window or in their office.
RECEIVERS = (
    "service_staff",
    "section_staff",
    "section_head",
    "sub_bureau_staff",
    "sub_bureau_head",
    "enforcement_officer",
    "enforcement_head",
)


def _supply(source: str, target: str) -> Transition:
    """The applicant hands in what the correction notice listed (online, as the
    case's assignee), or staff record a paper supplement."""
    return Transition(
        "supply",
        "提交补正材料",
        source=[source],
        target=target,
        roles=RECEIVERS,
        assignee_may_act=True,
    )


def _withdraw(sources: list[str], roles: tuple[str, ...]) -> Transition:
    """Staff record the applicant's withdrawal (by letter or at the window)."""
    return _t(
        "withdraw", "撤回申请", sources, "withdrawn", roles, requires=("reasons",)
    )


def _applicant_withdraw(sources: list[str]) -> Transition:
    """The applicant withdraws while the case waits for them (instead of
    supplying)."""
    return Transition(
        "applicant_withdraw",
        "申请人撤回",
        source=sources,
        target="withdrawn",
        roles=(),
        assignee_may_act=True,
    )


# Steps every application process shares.
SUBMITTED = Step("submitted", "待受理")
SUPPLEMENT = Step("supplement", "待补正（暂停计时）")
NOT_ACCEPTED = Step("not_accepted", "不予受理", terminal=True)
LAPSED = Step("lapsed", "逾期未补正", terminal=True)
WITHDRAWN = Step("withdrawn", "已撤回", terminal=True)


def _intake(accepters: tuple[str, ...], accept_target: str) -> list[Transition]:
    """Acceptance under 行政许可法 第三十二条: accept, ask for every missing
    material at once (补正材料通知书), or refuse to accept with reasons."""
    return [
        _t(
            "accept",
            "受理",
            ["submitted"],
            accept_target,
            accepters,
            documents=("acceptance_notice",),
        ),
        _t(
            "request_supplement",
            "一次性告知补正",
            ["submitted"],
            "supplement",
            accepters,
            documents=("correction_notice",),
        ),
        _t(
            "refuse_acceptance",
            "不予受理",
            ["submitted"],
            "not_accepted",
            accepters,
            requires=("reasons",),
            documents=("non_acceptance",),
        ),
        _supply("supplement", "submitted"),
        _t(
            "lapse",
            "逾期未补正办结",
            ["supplement"],
            "lapsed",
            accepters,
            requires=("reasons",),
        ),
    ]


def _decision(
    reviewers: tuple[str, ...],
    grant_document: str,
    refuse_document: str,
    *,
    granted: str = "granted",
    refused: str = "refused",
    review_step: str = "reviewing",
) -> list[Transition]:
    """承办人 proposes with an opinion; a head decides (全过程记录 第三十八条)."""
    return [
        _t(
            "propose",
            "提出审查意见",
            [review_step],
            "deciding",
            reviewers,
            requires=("opinion",),
        ),
        _t(
            "grant",
            "准予并签发",
            ["deciding"],
            granted,
            HEADS,
            documents=(grant_document,),
        ),
        _t(
            "refuse",
            "不予许可",
            ["deciding"],
            refused,
            HEADS,
            requires=("reasons",),
            documents=(refuse_document,),
        ),
        _t("send_back", "退回重审", ["deciding"], review_step, HEADS),
    ]


def _review_supplement(
    reviewers: tuple[str, ...], step: str = "reviewing"
) -> list[Transition]:
    """A supplement asked for during the review (审查中补正): the decision clock
    pauses until the applicant supplies, then the review goes on."""
    return [
        _t(
            "request_review_supplement",
            "审查中一次性告知补正",
            [step],
            "review_supplement",
            reviewers,
            documents=("correction_notice",),
        ),
        Transition(
            "supply_review",
            "提交补正材料",
            source=["review_supplement"],
            target=step,
            roles=RECEIVERS,
            assignee_may_act=True,
        ),
    ]


REVIEW_SUPPLEMENT = Step("review_supplement", "审查中待补正（暂停计时）")


# --- 行政许可 1: 废弃电器电子产品处理企业资格审批 ---------------------------------
EWASTE = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("reviewing", "审查中"),
        REVIEW_SUPPLEMENT,
        Step("deciding", "待决定"),
        Step("granted", "准予许可（已发证）", terminal=True),
        Step("refused", "不予许可", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "reviewing"),
        *_review_supplement(CITY),
        *_decision(CITY, "ewaste_certificate", "licence_refusal"),
        _withdraw(["submitted", "reviewing", "deciding"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 行政许可 2: 贮存危险废物超过一年的批准 -----------------------------------
# Decided by the authority that issued the operator's licence (seed: 发许可证的
# 生态环境主管部门). A city licence: the city decides. A provincial licence: the
# city checks and forwards everything (行政许可法 第三十五条), the province
# decides, and the city relays the decision.
HW_STORAGE = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("reviewing", "审核中"),
        REVIEW_SUPPLEMENT,
        Step("deciding", "待决定"),
        Step("province_review", "省厅审批中"),
        Step("relaying", "待转达省厅决定"),
        Step("granted", "已批准（出具文书）", terminal=True),
        Step("refused", "不予批准", terminal=True),
        Step("relayed", "已转达省厅决定", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "reviewing"),
        *_review_supplement(CITY),
        *_decision(CITY, "licence_decision", "licence_refusal"),
        _t(
            "forward_province",
            "报省厅审批",
            ["reviewing"],
            "province_review",
            CITY,
            requires=("opinion",),
        ),
        _t(
            "province_decide",
            "省厅审批",
            ["province_review"],
            "relaying",
            PROVINCE,
            requires=("province_opinion",),
        ),
        _t("province_return", "省厅退回", ["province_review"], "reviewing", PROVINCE),
        _t(
            "relay",
            "转达并送达",
            ["relaying"],
            "relayed",
            CITY,
            documents=("relay_notice",),
        ),
        _withdraw(["submitted", "reviewing", "deciding"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 行政许可 3: 必需经水路运输医疗废物审批 -----------------------------------
MEDICAL_WATERWAY = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("reviewing", "审核中"),
        REVIEW_SUPPLEMENT,
        Step("deciding", "待决定"),
        Step("granted", "已批准（出具文书）", terminal=True),
        Step("refused", "不予批准", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "reviewing"),
        *_review_supplement(CITY),
        *_decision(CITY, "licence_decision", "licence_refusal"),
        _withdraw(["submitted", "reviewing", "deciding"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 行政许可 4: 入河排污口设置 (20个工作日, excluded procedures not counted) ----
RIVER_OUTLET = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("reviewing", "审查中"),
        REVIEW_SUPPLEMENT,
        Step("excluded", "听证/专家评审/实地踏查等（不计时）"),
        Step("deciding", "待决定"),
        Step("granted", "准予许可", terminal=True),
        Step("refused", "不予许可", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "reviewing"),
        *_review_supplement(CITY),
        _t(
            "exclude",
            "启动不计时程序",
            ["reviewing"],
            "excluded",
            CITY,
            requires=("excluded_reason",),
        ),
        _t("end_excluded", "不计时程序结束", ["excluded"], "reviewing", CITY),
        *_decision(CITY, "licence_decision", "licence_refusal"),
        _withdraw(["submitted", "reviewing", "deciding"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 行政许可 5: 夜间建筑施工许可 (10个工作日) ---------------------------------
# 申请 → 审核材料 → 相关人员到现场进行查验 → 达到许可标准进行审批 → 颁发许可.
# The on-site check is done by two or more staff (行政许可法 第三十四条第三款)
# with audio/video (全过程记录实施办法 第十三条), or a stated reason why not.
NIGHT_CONSTRUCTION = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("reviewing", "审核材料"),
        REVIEW_SUPPLEMENT,
        Step("site_check", "现场查验"),
        Step("deciding", "待审批"),
        Step("granted", "已颁发许可", terminal=True),
        Step("refused", "不予许可", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "reviewing"),
        *_review_supplement(CITY),
        _t("schedule_site_check", "安排现场查验", ["reviewing"], "site_check", CITY),
        _t(
            "complete_site_check",
            "完成现场查验",
            ["site_check"],
            "deciding",
            CITY,
            requires=("inspectors", "site_findings", "opinion"),
            recordings=("audio", "video"),
        ),
        _t(
            "grant",
            "审批通过并颁发许可",
            ["deciding"],
            "granted",
            HEADS,
            documents=("night_construction_permit",),
        ),
        _t(
            "refuse",
            "不予许可",
            ["deciding"],
            "refused",
            HEADS,
            requires=("reasons",),
            documents=("licence_refusal",),
        ),
        _t("send_back", "退回重审", ["deciding"], "reviewing", HEADS),
        _withdraw(["submitted", "reviewing", "site_check", "deciding"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)


def _chain(final_label: str) -> Process:
    """企业网站填报 → 县（市）区级审核 → 市级审核 → 省级审核 (seed 000 行政确认 1
    and 其他行政权力 7). A level that finds something wrong returns the filing to
    the enterprise; the corrected filing starts again at the county."""
    return Process(
        model=MODEL,
        steps=[
            Step("county_review", "县（市）区级审核"),
            Step("city_review", "市级审核"),
            Step("province_review", "省级审核"),
            Step("supplement", "退回企业修改（暂停计时）"),
            Step("confirmed", final_label, terminal=True),
            WITHDRAWN,
        ],
        transitions=[
            _t(
                "county_pass",
                "县区审核通过",
                ["county_review"],
                "city_review",
                COUNTY,
                requires=("opinion",),
            ),
            _t(
                "city_pass",
                "市级审核通过，报省级",
                ["city_review"],
                "province_review",
                CITY,
                requires=("opinion",),
            ),
            _t(
                "province_pass",
                "省级审核通过",
                ["province_review"],
                "confirmed",
                PROVINCE,
                requires=("province_opinion",),
            ),
            # A filing on the platform is returned with the points to correct
            # (all at once), not with a paper notice.
            _t(
                "return",
                "退回企业修改",
                ["county_review", "city_review", "province_review"],
                "supplement",
                COUNTY + CITY + PROVINCE,
                requires=("supplement_items",),
            ),
            _supply("supplement", "county_review"),
            _withdraw(["supplement"], COUNTY + CITY),
        ],
        scope_fields=SCOPE,
    )


# --- 行政确认 1: 危险废物申报登记确认 (2–3月, 县→市→省, 60日) ------------------
HW_DECLARATION = _chain("已确认（网站确认）")
# --- 其他行政权力 7: 危险废物管理计划备案 (2–3月, 县→市→省, 60日) --------------
HW_MANAGEMENT_PLAN = _chain("已备案（网站确认）")

# --- 其他行政权力 1: 企业环境信用评价 ----------------------------------------
# 企业提交承诺书 → 综合执法队、各分局初审 → 市级复核审定 → (报省厅、公布、修复:
# the credit module). Handed over as a work item for the credit unit until that
# module takes it.
CREDIT_EVALUATION = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("preliminary", "执法队/分局初审"),
        Step("city_review", "市级复核审定"),
        Step("handed_over", "已移交信用评价"),
        Step("received", "信用评价单位已接收", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "preliminary"),
        _t(
            "preliminary_pass",
            "初审完成",
            ["preliminary"],
            "city_review",
            COUNTY + TEAM,
            requires=("opinion",),
        ),
        _t(
            "hand_over",
            "复核审定并移交信用评价",
            ["city_review"],
            "handed_over",
            CITY,
        ),
        _t("receive", "接收", ["handed_over"], "received", CREDIT),
        _withdraw(["submitted", "preliminary"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 其他行政权力 2: 自动监控设备安装及变更备案 (当天) --------------------------
CEMS_FILING = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("handed_over", "已备案，待监测中心登记"),
        Step("received", "已备案并登记", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        _t(
            "file",
            "备案",
            ["submitted"],
            "handed_over",
            WINDOW + TEAM + COUNTY,
        ),
        _t(
            "request_supplement",
            "一次性告知补正",
            ["submitted"],
            "supplement",
            WINDOW + TEAM + COUNTY,
            documents=("correction_notice",),
        ),
        _t(
            "refuse_acceptance",
            "不予备案",
            ["submitted"],
            "not_accepted",
            WINDOW + TEAM + COUNTY,
            requires=("reasons",),
            documents=("filing_refusal",),
        ),
        _supply("supplement", "submitted"),
        _t(
            "lapse",
            "逾期未补正办结",
            ["supplement"],
            "lapsed",
            WINDOW + TEAM + COUNTY,
            requires=("reasons",),
        ),
        _t("receive", "监测中心登记", ["handed_over"], "received", MONITORING),
    ],
    scope_fields=SCOPE,
)


def _on_the_spot_filing(review_label: str, *, with_decision: bool) -> Process:
    """即办件 filings (seed 000 其他行政权力 3 and 4): accepted on the spot,
    reviewed by experts (time not counted), then filed by staff on the day the
    review ends. 拆除方案 keeps a separate staff decision after the experts;
    the tank register is filed as the experts' review is concluded."""
    decide_from = "deciding" if with_decision else "expert_review"
    steps = [
        SUBMITTED,
        SUPPLEMENT,
        Step("expert_review", review_label),
    ]
    if with_decision:
        steps.append(Step("deciding", "工作人员审核"))
    steps += [
        Step("filed", "已备案（出具文书）", terminal=True),
        Step("not_filed", "不予备案", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ]
    transitions = [
        *_intake(WINDOW + CITY, "expert_review"),
        _t(
            "file",
            "予以备案",
            [decide_from],
            "filed",
            CITY,
            requires=("opinion",),
            documents=("filing_certificate",),
        ),
        _t(
            "refuse_filing",
            "不予备案",
            [decide_from],
            "not_filed",
            CITY,
            requires=("reasons",),
            documents=("filing_refusal",),
        ),
        _withdraw(["submitted", "expert_review"], WINDOW + CITY),
    ]
    if with_decision:
        transitions.append(
            _t(
                "experts_done",
                "专家评审完成",
                ["expert_review"],
                "deciding",
                CITY,
                requires=("opinion",),
            )
        )
    return Process(
        model=MODEL, steps=steps, transitions=transitions, scope_fields=SCOPE
    )


# --- 其他行政权力 3: 拆除活动污染防治方案备案 (即办) --------------------------
DEMOLITION_PLAN = _on_the_spot_filing("专家评审（不计时）", with_decision=True)
# --- 其他行政权力 4: 地下储罐信息备案 (即办) ----------------------------------
UNDERGROUND_TANK = _on_the_spot_filing("专家评审及审核（不计时）", with_decision=False)

# --- 其他行政权力 5: 建设用地土壤污染各环节文件备案 (即办) --------------------
# 申请 → 工作人员审核, 符合法定形式的当即受理 → 专家评审（现场勘验） → 备案；
# 评审不合格则重新组织评审直至通过，或不予备案.
LAND_SOIL_FILING = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("expert_review", "专家评审（现场勘验，不计时）"),
        Step("filed", "已备案（永久保存）", terminal=True),
        Step("not_filed", "不予备案", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "expert_review"),
        _t(
            "review_again",
            "评审未通过，重新组织评审",
            ["expert_review"],
            "expert_review",
            CITY,
            requires=("opinion",),
        ),
        _t(
            "file",
            "评审合格，予以备案",
            ["expert_review"],
            "filed",
            CITY,
            requires=("opinion",),
            documents=("filing_certificate",),
        ),
        _t(
            "refuse_filing",
            "不予备案",
            ["expert_review"],
            "not_filed",
            CITY,
            requires=("reasons",),
            documents=("filing_refusal",),
        ),
        _withdraw(["submitted", "expert_review"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 其他行政权力 6: 海关特殊监管区域出区利用处置固体废物的批准 (20日) ----------
# 企业提交申请 → 市级海关和生态环境部门审核 → 出具文书. The customs opinion is
# recorded by the reviewing officer before the decision.
CUSTOMS_ZONE_WASTE = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("reviewing", "生态环境部门审核"),
        REVIEW_SUPPLEMENT,
        Step("customs_review", "征求海关意见"),
        Step("deciding", "待决定"),
        Step("granted", "已批准（出具文书）", terminal=True),
        Step("refused", "不予批准", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "reviewing"),
        *_review_supplement(CITY),
        _t("ask_customs", "征求海关意见", ["reviewing"], "customs_review", CITY),
        _t(
            "customs_done",
            "录入海关意见",
            ["customs_review"],
            "deciding",
            CITY,
            requires=("customs_opinion", "opinion"),
        ),
        _t(
            "grant",
            "批准并出具文书",
            ["deciding"],
            "granted",
            HEADS,
            documents=("licence_decision",),
        ),
        _t(
            "refuse",
            "不予批准",
            ["deciding"],
            "refused",
            HEADS,
            requires=("reasons",),
            documents=("licence_refusal",),
        ),
        _t("send_back", "退回重审", ["deciding"], "reviewing", HEADS),
        _withdraw(["submitted", "reviewing", "customs_review"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 其他行政权力 8: 燃煤发电企业环保电价审核 (20个工作日) ----------------------
# 企业提交材料及申请 → 市级受理并实地核查 → 报省厅审定 → 反馈省厅审定意见 →
# 送达相关企业.
COAL_POWER_TARIFF = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("site_check", "实地核查"),
        Step("province_review", "省厅审定中"),
        Step("relaying", "待反馈省厅审定意见"),
        Step("relayed", "已送达企业", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "site_check"),
        _t(
            "report_province",
            "完成实地核查，报省厅审定",
            ["site_check"],
            "province_review",
            CITY,
            requires=("inspectors", "site_findings", "opinion"),
            recordings=("audio", "video"),
        ),
        _t(
            "province_decide",
            "省厅审定",
            ["province_review"],
            "relaying",
            PROVINCE,
            requires=("province_opinion",),
        ),
        _t(
            "province_return",
            "省厅退回补充核查",
            ["province_review"],
            "site_check",
            PROVINCE,
        ),
        _t(
            "relay",
            "反馈审定意见并送达",
            ["relaying"],
            "relayed",
            CITY,
            documents=("relay_notice",),
        ),
        _withdraw(["submitted", "site_check"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)

# --- 其他行政权力 9: 重污染天气应急预案备案 (20个工作日) ------------------------
HEAVY_POLLUTION_PLAN = Process(
    model=MODEL,
    steps=[
        SUBMITTED,
        SUPPLEMENT,
        Step("reviewing", "审核预案"),
        REVIEW_SUPPLEMENT,
        Step("handed_over", "已备案，待纳入应急减排清单"),
        Step("received", "已纳入应急减排清单", terminal=True),
        Step("not_filed", "不予备案", terminal=True),
        NOT_ACCEPTED,
        LAPSED,
        WITHDRAWN,
    ],
    transitions=[
        *_intake(WINDOW + CITY, "reviewing"),
        *_review_supplement(CITY),
        _t(
            "file",
            "予以备案",
            ["reviewing"],
            "handed_over",
            CITY,
            requires=("opinion",),
            documents=("filing_certificate",),
        ),
        _t(
            "refuse_filing",
            "不予备案",
            ["reviewing"],
            "not_filed",
            CITY,
            requires=("reasons",),
            documents=("filing_refusal",),
        ),
        _t("receive", "纳入应急减排清单", ["handed_over"], "received", AIR),
        _withdraw(["submitted", "reviewing"], WINDOW + CITY),
    ],
    scope_fields=SCOPE,
)


# Steps in which the case waits for the applicant (assigned to them).
APPLICANT_STEPS = ("supplement", "review_supplement")


def _with_applicant_withdraw(process: Process) -> Process:
    """Add the applicant's own withdrawal to the steps that wait for them."""
    waiting = [s.code for s in process.steps if s.code in APPLICANT_STEPS]
    return Process(
        model=process.model,
        steps=process.steps,
        transitions=[*process.transitions, _applicant_withdraw(waiting)],
        scope_fields=process.scope_fields,
    )


@dataclass(frozen=True)
class Procedure:
    """What the process does not say: its clocks, units and hand-over."""

    process: Process
    first_step: str = "submitted"
    acceptance_clock: bool = True  # 5 working days to accept (行政许可法 第三十二条)
    licensing: bool = False  # 行政许可法 applies (deemed acceptance, +10 extension)
    # Steps whose time is not counted: the decision clock pauses on entering.
    excluded_steps: tuple[str, ...] = ()
    # Steps where the application leaves the bureau's hands: the decision clock
    # stops (met or missed), as on a terminal step.
    done_steps: tuple[str, ...] = ()
    # Who holds the case in each step: "district" (the district's sub-bureau),
    # "province" (a provincial reviewer), "handover" (the receiving unit);
    # any other step is the item's own unit.
    step_units: dict[str, str] = field(default_factory=dict)
    # 即办件: the decision clock runs from submission and is 0 working days.
    on_the_spot: bool = False
    # Submitted records are kept permanently and can never be deleted (requirements
    # A14; seed 000 其他行政权力 5 cites 环发〔2012〕140号 五: the filings "备案并永久保存").
    keep_permanently: bool = False

    def step_unit(self, step: str) -> str:
        return self.step_units.get(step, "item")


PROCEDURES: dict[str, Procedure] = {
    "ewaste-qualification": Procedure(EWASTE, licensing=True),
    "hw-storage-extension": Procedure(
        HW_STORAGE,
        licensing=True,
        done_steps=("relaying",),
        step_units={"province_review": "province"},
    ),
    "medical-waste-waterway": Procedure(MEDICAL_WATERWAY, licensing=True),
    "river-outlet": Procedure(
        RIVER_OUTLET, licensing=True, excluded_steps=("excluded",)
    ),
    "night-construction": Procedure(NIGHT_CONSTRUCTION, licensing=True),
    "hw-declaration": Procedure(
        HW_DECLARATION,
        first_step="county_review",
        acceptance_clock=False,
        step_units={"county_review": "district", "province_review": "province"},
    ),
    "hw-management-plan": Procedure(
        HW_MANAGEMENT_PLAN,
        first_step="county_review",
        acceptance_clock=False,
        step_units={"county_review": "district", "province_review": "province"},
    ),
    "credit-evaluation": Procedure(
        CREDIT_EVALUATION,
        done_steps=("handed_over",),
        step_units={"preliminary": "district", "handed_over": "handover"},
    ),
    "cems-filing": Procedure(
        CEMS_FILING,
        acceptance_clock=False,
        on_the_spot=True,
        done_steps=("handed_over",),
        step_units={"submitted": "district", "handed_over": "handover"},
    ),
    "demolition-plan": Procedure(
        DEMOLITION_PLAN,
        acceptance_clock=False,
        on_the_spot=True,
        excluded_steps=("expert_review",),
    ),
    "underground-tank": Procedure(
        UNDERGROUND_TANK,
        acceptance_clock=False,
        on_the_spot=True,
        excluded_steps=("expert_review",),
    ),
    "land-soil-filing": Procedure(
        LAND_SOIL_FILING,
        acceptance_clock=False,
        on_the_spot=True,
        excluded_steps=("expert_review",),
        keep_permanently=True,
    ),
    "customs-zone-waste": Procedure(CUSTOMS_ZONE_WASTE),
    "coal-power-tariff": Procedure(
        COAL_POWER_TARIFF,
        done_steps=("relaying",),
        step_units={"province_review": "province"},
    ),
    "heavy-pollution-plan": Procedure(
        HEAVY_POLLUTION_PLAN,
        done_steps=("handed_over",),
        step_units={"handed_over": "handover"},
    ),
}

for _code, _procedure in list(PROCEDURES.items()):
    PROCEDURES[_code] = replace(
        _procedure, process=_with_applicant_withdraw(_procedure.process)
    )


def procedure_for(application: Application) -> Procedure:
    return PROCEDURES[application.item.code]


def process_for(application: Application) -> Process:
    return procedure_for(application).process


def step_label(application: Application) -> str:
    if application.is_draft:
        return "草稿（未提交）"
    try:
        return process_for(application).step(application.status).label
    except KeyError:
        return application.status
