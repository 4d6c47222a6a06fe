"""The engagement module's rules as data, each with its source.

EIA intermediaries: 鞍山市环境影响评价中介服务技术单位管理规定（试行）(seed 000). The
conduct events and what each one leads to are copied from its sections 二 and 三;
the seed names no blacklist, so none is kept here (a ban on compiling reports is a
penalty under 环评法 第三十二条, decided in an enforcement case, not by this module).

Demands: seed 000 与企业互动 (五) "建立企业诉求收集、处理、反馈制度" names no reply
limit: the limit is example configuration (示例配置), `ENGAGEMENT_DEMAND_REPLY_WORKDAYS`.

Supervisors: 鞍山市生态环境执法监督员工作规则 (seed 000) 第三条 age "一般不超过60周岁",
第四条 term 3 years, renewable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

SOURCE = "《鞍山市环境影响评价中介服务技术单位管理规定（试行）》"

# --- Demands ------------------------------------------------------------------------

DEMAND_REPLY_BASIS = (
    "示例配置：种子000 与企业互动（五）“建立企业诉求收集、处理、反馈制度”未规定答复时限，"
    "本局暂定{days}个工作日，需按局办公室规定核定"
)
DEMAND_REPLY_DEFAULT = 5


# 诉求反馈绿色通道 (seed 004): answered first — a shorter limit, 示例配置 (the seed
# gives none), `ENGAGEMENT_GREEN_CHANNEL_REPLY_WORKDAYS`.
GREEN_CHANNEL_REPLY_DEFAULT = 3
# The seed's numbers (2025): the channel's size the page compares against.
GREEN_CHANNEL_SEED_COUNTS = {"key": 147, "general": 430}


def green_channel_reply_workdays() -> int:
    return int(
        getattr(
            settings,
            "ENGAGEMENT_GREEN_CHANNEL_REPLY_WORKDAYS",
            GREEN_CHANNEL_REPLY_DEFAULT,
        )
    )


def demand_reply_workdays() -> int:
    return int(
        getattr(settings, "ENGAGEMENT_DEMAND_REPLY_WORKDAYS", DEMAND_REPLY_DEFAULT)
    )


RATING_CHOICES = [
    (5, "非常满意"),
    (4, "满意"),
    (3, "基本满意"),
    (2, "不满意"),
    (1, "非常不满意"),
]
SATISFIED_FROM = 3  # 基本满意 and above count as satisfied (示例配置)

# --- EIA intermediaries -------------------------------------------------------------

CRITICISM = "criticism"
CREDIT_POINTS = "credit_points"
REPORT_UP = "report_up"
PENALTY = "penalty"
JUDICIAL = "judicial"
ASSESSMENT = "assessment"
PRAISE = "praise"

CONSEQUENCE_CHOICES = [
    (CRITICISM, "通报批评"),
    (CREDIT_POINTS, "在环评信用平台上记分"),
    (REPORT_UP, "上报省生态环境厅及生态环境部"),
    (PENALTY, "依照《环境影响评价法》第三十二条予以处罚（转执法立案）"),
    (JUDICIAL, "涉嫌犯罪移送司法机关"),
    (ASSESSMENT, "纳入环评编制单位管理和考核"),
    (PRAISE, "通报表扬"),
]
CONSEQUENCE_LABELS = dict(CONSEQUENCE_CHOICES)

_CRITICISE = (CRITICISM, CREDIT_POINTS, REPORT_UP)


@dataclass(frozen=True)
class ConductRule:
    code: str
    label: str
    article: str  # where in the 管理规定
    consequences: tuple[str, ...]  # decided together
    optional: tuple[str, ...] = ()  # decided only where the facts call for it
    positive: bool = False

    @property
    def basis(self) -> str:
        return f"{SOURCE}{self.article}"


CONDUCT_RULES = (
    ConductRule(
        "banned_project",
        "承接禁止类项目环评（淘汰禁止建设、自然保护区核心区、饮用水源一级保护区等）",
        "二（一）1",
        (ASSESSMENT,),
    ),
    ConductRule(
        "staffing",
        "人员配备不符合要求（编制主持人非全职或无环评工程师证书、挂靠、转包）",
        "二（一）2-4",
        (ASSESSMENT,),
    ),
    ConductRule(
        "failed_review",
        "因环评质量原因未能一次性通过专家技术审查",
        "三（一）1",
        _CRITICISE,
    ),
    ConductRule(
        "builder_complaint",
        "未履行一次性告知或未及时提出选址选线调整意见致项目滞后被建设单位投诉",
        "三（一）2",
        _CRITICISE,
    ),
    ConductRule(
        "late_supplement",
        "通过技术审查后未在规定期限内补充修改完善且未书面申请延期",
        "三（一）3",
        _CRITICISE,
    ),
    ConductRule(
        "contract_overrun",
        "因环评单位原因超过中介服务合同期限未完成环评工作",
        "三（一）4",
        _CRITICISE,
    ),
    ConductRule(
        "returned_over_3",
        "环境影响报告书（表）退改超过3次",
        "三（一）5",
        _CRITICISE,
    ),
    ConductRule(
        "spot_check_quality",
        "环评文件抽检存在《编制监督管理办法》第二十七条规定情形的质量问题",
        "三（二）1",
        (*_CRITICISE, PENALTY),
        (JUDICIAL,),
    ),
    ConductRule(
        "extortion",
        "故意刁难、索要额外费用财物、冒充公职人员索贿、强卖治理设施或强行搭售服务",
        "三（二）2",
        (*_CRITICISE, PENALTY),
        (JUDICIAL,),
    ),
    ConductRule(
        "inciting_bribery",
        "指使、暗示建设单位向评审专家、评估机构或政府部门工作人员行贿",
        "三（二）3",
        (*_CRITICISE, PENALTY),
        (JUDICIAL,),
    ),
    ConductRule(
        "praise",
        "环评质量考核优良且主动缩减20%以上技术服务时限",
        "三（三）",
        (PRAISE,),
        positive=True,
    ),
)
CONDUCT = {rule.code: rule for rule in CONDUCT_RULES}
CONDUCT_CHOICES = [(rule.code, rule.label) for rule in CONDUCT_RULES]
PUBLICATION_BASIS = (
    f"{SOURCE}三（四）“上述情况通报和处理结果，市生态环境局将在门户网站进行公示”"
)
# The 20% rule of 三（三）: service time cut by at least this share.
PRAISE_MIN_CUT = 0.20
# 三（三）"环评质量考核优良": the ratings that count as 优良. The rating scale itself is
# the bureau's (示例配置，需按环评质量考核办法核定).
QUALITY_CHOICES = [
    ("excellent", "优秀"),
    ("good", "良好"),
    ("pass", "合格"),
    ("fail", "不合格"),
]
QUALITY_GOOD = ("excellent", "good")
PRAISE_BASIS = (
    f"{SOURCE}三（三）“环评质量考核优良，且主动缩减20%以上技术服务时限的”"
    "（考核等级名称为示例配置，需按环评质量考核办法核定）"
)
RETURNS_BASIS = f"{SOURCE}三（一）5“环境影响报告书（表）退改超过3次的”"
# 三（一）5: returned more than this many times.
RETURNS_LIMIT = 3

# --- Supervisors --------------------------------------------------------------------

SUPERVISOR_MAX_AGE = 60
SUPERVISOR_AGE_BASIS = (
    "鞍山市生态环境执法监督员工作规则 第三条“受聘时年龄一般不超过60周岁”"
)
SUPERVISOR_TERM_YEARS = 3
SUPERVISOR_TERM_BASIS = "鞍山市生态环境执法监督员工作规则 第四条“聘期3年，可连聘连任”"
SUPERVISOR_RECUSAL_BASIS = (
    "鞍山市生态环境执法监督员工作规则 第八条（三）“与所承办的执法监督事项有关联或者"
    "存在利害关系的，应当主动申请回避”"
)
SUPERVISOR_ACCESS_BASIS = (
    "鞍山市生态环境执法监督员工作规则 第七条（四）“查阅、复制有关文件、记录和其他资料”"
)
SUPERVISOR_NOMINATION_BASIS = (
    "鞍山市生态环境执法监督员工作规则 第四条：执法队确定名额并向市人大、市政协、"
    "县（市）区提出推荐意向 → 有关机关推荐人选 → 执法队审核后确定"
)
# 工作规则 第三条 (一)–(六): the conditions the team checks at vetting (第四条（三）
# "按照条件审核"). (六)'s age part is checked from the birth date (SUPERVISOR_MAX_AGE);
# its health part is ticked with the others.
SUPERVISOR_CONDITIONS = (
    ("c1", "（一）坚持中国特色社会主义，拥护中华人民共和国宪法"),
    ("c2", "（二）遵守职业道德和社会公德"),
    ("c3", "（三）支持生态环境执法监督工作，关心法治政府建设等方面工作"),
    (
        "c4",
        "（四）具有与履行职责相应的专业知识、政策水平和工作能力，在各自领域有较大影响",
    ),
    ("c5", "（五）密切联系群众，坚持原则，实事求是，遵纪守法，公正廉洁"),
    ("c6", "（六）身体健康（年龄按出生日期核对）"),
)
SUPERVISOR_CONDITION_CODES = tuple(code for code, _ in SUPERVISOR_CONDITIONS)
SUPERVISOR_CERTIFICATE = "《鞍山市生态环境执法监督员证》"
SUPERVISOR_CERTIFICATE_BASIS = (
    "鞍山市生态环境执法监督员工作规则 第九条“开展行政执法监督工作，应当出示"
    "《鞍山市生态环境执法监督员证》”"
)
SUPERVISOR_BUREAU_BASIS = (
    "鞍山市生态环境执法监督员工作规则 第十条“可以向市执法队反映，也可以直接向市生态环境局"
    "反映”：直接向市生态环境局反映的事项由局领导（或局指定的科室）办理，执法队不经办"
)

# Business-environment social supervisors (seed 004 "2025年度，共选聘社会监督员38名"):
# chosen for a year (年度). How many calendar years one choice covers is example
# configuration (ENGAGEMENT_BUSINESS_SUPERVISOR_TERM_YEARS, default 1): the term runs
# to 31 December of the last year.
BUSINESS_SUPERVISOR_TERM_DEFAULT = 1
BUSINESS_SUPERVISOR_TERM_BASIS = (
    "示例配置：种子004“2025年度，共选聘社会监督员38名”，按年度选聘，聘期{years}个年度"
    "（至年度末12月31日），需按营商环境监督工作文件核定"
)


def business_supervisor_term_years() -> int:
    return max(
        1,
        int(
            getattr(
                settings,
                "ENGAGEMENT_BUSINESS_SUPERVISOR_TERM_YEARS",
                BUSINESS_SUPERVISOR_TERM_DEFAULT,
            )
        ),
    )


# Seed 004 "参与现场执法检查、行政案件审核共计66人次": only these count for the business
# group's person-times (not meetings or training).
BUSINESS_COUNTED_KINDS = ("inspection", "file_review", "case_audit")
BUSINESS_COUNT_BASIS = (
    "种子004“营商环境社会监督员参与现场执法检查、行政案件审核共计66人次”"
)
# Participation kinds that are supervision work (第六条（三）), for which the
# enforcement supervisor shows the certificate (第九条); meetings and training are
# the team's own activities (第十二条) and need none.
SUPERVISION_WORK_KINDS = (
    "inspection",
    "file_review",
    "rulemaking",
    "investigation",
    "case_audit",
)

SOCIAL_SUPERVISOR_BASIS = "种子002 四（五）1“也可根据工作需要聘任社会环境保护监督员”"

# 工作规则 第十一条 "应当及时调查核实并依法处理，并向市生态环境执法监督员反馈工作进展
# 情况和办理结果" fixes no number of days: the limit is example configuration.
SUPERVISOR_REPORT_DEFAULT = 10
SUPERVISOR_REPORT_BASIS = (
    "示例配置：执法监督员工作规则 第十一条要求“及时调查核实并依法处理”，未规定天数，"
    "本局暂定{days}个工作日，需按执法队规定核定"
)


def supervisor_report_workdays() -> int:
    return int(
        getattr(
            settings, "ENGAGEMENT_SUPERVISOR_REPORT_WORKDAYS", SUPERVISOR_REPORT_DEFAULT
        )
    )


# --- Reception day (企业环保接待日) ----------------------------------------------------

# Seed 000 与企业互动（四）"固定每月第二周的周二为“企业接待日”". Which week is the
# month's first is not fixed by the seed; the rule is a setting (示例配置):
# - "calendar": weeks run Monday–Sunday and week 1 is the week holding the 1st
#   (so the day can fall on the 2nd–8th, and is the first Tuesday when the
#   1st is a Wednesday–Sunday);
# - "full": week 1 is the first week whose Monday lies in the month (8th–14th);
# - "second_tuesday": simply the month's second Tuesday (8th–14th).
RECEPTION_WEEK_RULES = {
    "calendar": "以含1日的自然周（周一至周日）为第一周",
    "full": "以当月第一个周一开始的整周为第一周",
    "second_tuesday": "当月第二个周二",
}
RECEPTION_WEEK_RULE_DEFAULT = "calendar"
RECEPTION_BASIS = (
    "种子000 与企业互动（四）“固定每月第二周的周二为“企业接待日””；"
    "第一周的认定为示例配置：{rule}（设置 ENGAGEMENT_RECEPTION_WEEK_RULE）"
)


def reception_week_rule() -> str:
    rule = str(
        getattr(settings, "ENGAGEMENT_RECEPTION_WEEK_RULE", RECEPTION_WEEK_RULE_DEFAULT)
    )
    if rule not in RECEPTION_WEEK_RULES:
        raise ValueError(
            f"ENGAGEMENT_RECEPTION_WEEK_RULE must be one of {sorted(RECEPTION_WEEK_RULES)}"
        )
    return rule


def reception_basis() -> str:
    return RECEPTION_BASIS.format(rule=RECEPTION_WEEK_RULES[reception_week_rule()])


# --- Revisits after enforcement (执法案件回访) -----------------------------------------

REVISIT_BASIS = (
    "种子000 与企业互动（十一）“局党办每月对市执法队报送的执法案件进行整理归类，"
    "重点对执法人员文明执法、廉洁执法等开展企业回访，对发现的问题，及时提出处理建议"
    "并向局党组报告”；种子004“码上监督……对企业进行回访”"
)

# --- 百名干部进千家企业 (A69) ---------------------------------------------------------

CADRE_VISIT_BASIS = (
    "种子000 与企业互动（六）“每月开展1次百名干部进千家企业活动”：参与干部为本年度已记录"
    "过百名干部走访的工作人员，每人每月至少1次"
)

# --- Participation in engagement for the assessment (A76) --------------------------

PARTICIPATION_BASIS = (
    "种子000 与企业互动 四（四）“将“与企业互动”活动纳入局绩效考核内容，定期考核、"
    "通报各科室、单位及党员干部参与互动的效果”"
)

# --- EIA reports (A102) -------------------------------------------------------------

EIA_REPORT_BASIS = (
    f"{SOURCE}二（一）2“通过全国统一的环境影响评价信用平台生成项目编号以及"
    "《编制单位和编制人员情况表》”"
)

# --- 与基层互动 6, 1 (典型培树, 支部星级评定) -------------------------------------------

# Seed 000 与基层互动 6 "评选……全系统生态环境基层工作十大标兵、三十名基层先进工作者和
# 优秀党务干部": ten and thirty a year; the seed gives no number for 优秀党务干部 (None:
# no quota).
HONOUR_QUOTAS: dict[str, int | None] = {
    "model_worker": 10,
    "advanced_worker": 30,
    "party_cadre": None,
}
HONOUR_BASIS = (
    "种子000 与基层互动 6：从生态环境基层一线工作人员中评选全系统生态环境基层工作"
    "十大标兵、三十名基层先进工作者和优秀党务干部"
)
HONOUR_VETO_BASIS = (
    "种子003（八）一票否决：取消该责任单位当年各类表彰奖励资格，"
    "取消责任人当年评优评先和提拔任用资格"
)
# Seed 000 与基层互动 1 "组织全系统11个党支部开展标准化建设和星级评定工作".
PARTY_BRANCHES = 11
# The seed names no scale for 星级评定: one to five stars is 示例配置.
BRANCH_STAR_MAX = 5
BRANCH_STAR_BASIS = (
    "示例配置：种子000 未规定星级档次，暂按一至五星，需按机关党委文件核定"
)
