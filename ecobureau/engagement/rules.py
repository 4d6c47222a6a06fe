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
# 三（一）5: returned more than this many times.
RETURNS_LIMIT = 3

# --- Supervisors --------------------------------------------------------------------

SUPERVISOR_MAX_AGE = 60
SUPERVISOR_AGE_BASIS = (
    "鞍山市生态环境执法监督员工作规则 第三条“受聘时年龄一般不超过60周岁”"
)
SUPERVISOR_TERM_YEARS = 3
SUPERVISOR_TERM_BASIS = "鞍山市生态环境执法监督员工作规则 第四条“聘期3年，可连聘连任”"
