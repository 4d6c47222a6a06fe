"""Default scoring configuration, installed as data (services.schemes_install).

Everything here that rules.md marks NOT CONFIRMED is example configuration
(示例配置，需按省厅文件核定): the names and weights of the national 21 indicators
(C2), every score cut-off (C6, C8), Liaoning's point schedule (C7/C8) and the rest of
the direct-downgrade list (C5). Administrators change the rows, or add a new scheme
with a later effective date, when the provincial text arrives (rules.md §9 item 1).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_noop

EXAMPLE_LABEL = gettext_noop("示例配置，需按省厅文件核定")

NATIONAL_BASIS = "《企业环境信用评价办法（试行）》环发〔2013〕150号"
LIAONING_BASIS = "《辽宁省企业环境信用评价管理办法》辽环发〔2022〕20号"

# (aspect, code, name, source, points per record, cap = weight)
NATIONAL_INDICATORS: list[tuple[str, str, str, str, str, str]] = [
    ("污染防治", "N01", "大气及水污染物达标排放", "exceedance", "3", "13"),
    ("污染防治", "N02", "一般固体废物处理处置", "manual", "5", "5"),
    ("污染防治", "N03", "危险废物规范化管理", "manual", "5", "5"),
    ("污染防治", "N04", "噪声污染防治", "manual", "4", "4"),
    ("污染防治", "N05", "污染物排放总量控制", "over_total", "8", "8"),
    ("污染防治", "N06", "自动监控设施运行与数据质量", "anomaly", "2", "6"),
    ("污染防治", "N07", "持证排污", "no_permit", "8", "8"),
    ("生态保护", "N08", "选址布局中的生态保护", "manual", "2", "2"),
    ("生态保护", "N09", "生态保护措施落实", "manual", "3", "3"),
    ("生态保护", "N10", "生态恢复与修复", "manual", "3", "3"),
    ("环境管理", "N11", "环境违法行为立案查处", "case_filed", "4", "8"),
    ("环境管理", "N12", "环境行政处罚", "penalty", "3", "6"),
    ("环境管理", "N13", "排污许可证有效", "permit_expired", "4", "4"),
    ("环境管理", "N14", "环境影响评价和“三同时”", "manual", "4", "4"),
    ("环境管理", "N15", "突发环境事件应急管理", "incident", "4", "4"),
    ("环境管理", "N16", "环境信息公开", "disclosure", "3", "3"),
    ("环境管理", "N17", "内部环境管理制度", "manual", "2", "2"),
    ("社会监督", "N18", "群众投诉举报属实", "complaint_true", "2", "6"),
    ("社会监督", "N19", "新闻媒体监督", "manual", "2", "2"),
    ("社会监督", "N20", "环境信用承诺履行", "manual", "2", "2"),
    ("社会监督", "N21", "履行环境社会责任", "manual", "2", "2"),
]

# The national 21 indicators hold none about inspection rectification (督察整改).
# N22 reads the rectification source as a supplement outside the 21 (issue 12):
# its name, points and cap are 示例配置，需按省厅文件核定 — no national text gives
# them — and its basis says it is not one of the 21. The 21 and their weights
# (summing to 100) are left as they are; the score stays within 0–100.
NATIONAL_SUPPLEMENT_INDICATORS: list[tuple[str, str, str, str, str, str]] = [
    ("环境管理", "N22", "督察整改任务或信访案件逾期、反弹", "rectification", "2", "4"),
]
SUPPLEMENT_NOTE = "环发〔2013〕150号21项指标之外的补充项"

# (aspect, code, name, source, points per record, cap)
LIAONING_INDICATORS: list[tuple[str, str, str, str, str, str]] = [
    ("违法查处", "L01", "因环境违法行为被立案查处", "case_filed", "6", "30"),
    ("违法查处", "L02", "受到环境行政处罚", "penalty", "4", "20"),
    ("排放管理", "L03", "自动监控数据超标", "exceedance", "1", "10"),
    ("排放管理", "L04", "自动监控数据异常", "anomaly", "2", "10"),
    ("排放管理", "L05", "无证排污", "no_permit", "12", "12"),
    ("排放管理", "L06", "超许可排放量排污", "over_total", "12", "12"),
    ("许可管理", "L07", "排污许可证过期或缺失", "permit_expired", "6", "6"),
    ("社会监督", "L08", "投诉举报经核查属实", "complaint_true", "2", "10"),
    ("其他", "L09", "初审填报的其他记分事项", "manual", "2", "30"),
    ("突发事件", "L10", "发生负有责任的突发环境事件", "incident", "10", "20"),
    # Issue 12: rectification tasks and petition cases naming the enterprise that
    # missed their deadline or rebounded (seed 001 三(一)2 反弹、四 按时完成;
    # rectification.selectors.overdue_items_for_enterprises). 示例配置: no Liaoning
    # text gives points for it.
    ("督察整改", "L11", "督察整改任务或信访案件逾期、反弹", "rectification", "5", "15"),
    # Disclosure duties (信息公开义务): a breach established by enforcement's check
    # against list item 8 违反信息公开规定的行为. 示例配置.
    ("信息公开", "L12", "未依法公开环境信息", "disclosure", "3", "9"),
]
# The basis printed on L11 (the rectification source) beside the example label.
RECTIFICATION_BASIS = (
    "种子001 千山风景区督察整改工作方案 三(一)2（反弹问题重新整改）、四（按时保质完成）"
)


# The basis printed on the disclosure indicators (N16, L12).
DISCLOSURE_BASIS = (
    "《企业事业单位环境信息公开办法》第十六条；种子000《鞍山市生态环境部门依法不予"
    "行政处罚的轻微环境违法行为目录清单》第8项"
)
# Which entries of enforcement's minor-violation list are the disclosure duty
# (matched on the entry's title, the list being editable data).
DISCLOSURE_ITEM_TITLE = "信息公开"


def indicator_basis(scheme_basis: str, source: str, code: str = "") -> str:
    """What an installed indicator cites: the scheme's text, or the source's own
    text for rectification and disclosure (and, for a national supplement, that it
    is not one of the 21); always with the example label."""
    cited = {
        "rectification": RECTIFICATION_BASIS,
        "disclosure": DISCLOSURE_BASIS,
        "bonus": BONUS_BASIS,
    }.get(source, scheme_basis)
    if code in {row[1] for row in NATIONAL_SUPPLEMENT_INDICATORS}:
        cited = f"{cited}；{SUPPLEMENT_NOTE}"
    return f"{cited}；{EXAMPLE_LABEL}"


# 守信加分 (issue 12 item 2 "positive conduct"): items the pre-scoring team enters
# with the record they rest on; each adds its points up to its own cap, all of them
# together up to BONUS_TOTAL_CAP, and the score never exceeds SCORE_CEILING.
# No national or Liaoning text read so far gives bonus items: every name, point,
# cap and the total cap here are 示例配置，需按省厅文件核定.
# (aspect, code, name, source, points per record, cap)
BONUS_INDICATORS: list[tuple[str, str, str, str, str, str]] = [
    ("守信加分", "B01", "获得县级以上生态环境部门表彰或认定", "bonus", "3", "3"),
    ("守信加分", "B02", "自愿开展清洁生产审核并通过评估", "bonus", "2", "2"),
    (
        "守信加分",
        "B03",
        "自愿公开环境信息或开放环保设施接受公众参观",
        "bonus",
        "1",
        "2",
    ),
    ("守信加分", "B04", "主动实施超出法定要求的减排措施并经核实", "bonus", "2", "2"),
]
BONUS_TOTAL_CAP = "5"
SCORE_CEILING = "100"
BONUS_BASIS = (
    "issue 12 守信加分（国办发〔2007〕17号“守信激励制度”）；加分项目、分值、"
    "单项上限和加分合计上限（" + BONUS_TOTAL_CAP + "分）"
)

# (code, name, colour, min score, worst)
NATIONAL_GRADES = [
    ("green", gettext_noop("环保诚信企业"), "green", "90", False),
    ("blue", gettext_noop("环保良好企业"), "blue", "80", False),
    ("yellow", gettext_noop("环保警示企业"), "yellow", "60", False),
    ("red", gettext_noop("环保不良企业"), "red", "0", True),
]
LIAONING_GRADES = [
    ("trusted", gettext_noop("守信"), "green", "90", False),
    ("fair", gettext_noop("一般守信"), "blue", "75", False),
    ("untrusted", gettext_noop("失信"), "yellow", "60", False),
    ("serious", gettext_noop("严重失信"), "red", "0", True),
]
GRADE_BASIS = {
    "national": "等级名称与颜色：环发〔2013〕150号（rules.md C1，2nd）；分数线为示例配置（C6）",
    "liaoning": "等级名称：大连市2022年评价结果（rules.md C8，2nd）；分数线为示例配置",
}

# (code, text, source, confirmed) — 环发〔2013〕150号 一票否决 items 1–7 (rules.md §2.1,
# quoted in the Siping and Fujian reports, 2nd); the rest of the list NOT CONFIRMED.
VETOES = [
    ("V1", "环境违法构成环境犯罪", ""),
    ("V2", "建设项目环评未批先建", ""),
    ("V3", "环保设施未建成、未验收或验收不合格即投入生产", ""),
    ("V4", "建设项目发生重大变动未重新报批环评即投入生产", ""),
    ("V5", "主要污染物排放总量超过控制指标", "over_total"),
    ("V6", "私设暗管、渗井、渗坑或偷排大气污染物", ""),
    ("V7", "违法排放、倾倒、处置危险废物或交无资质单位处置", ""),
]
VETO_BASIS = (
    "环发〔2013〕150号 一票否决情形第{n}项（据四平、福建转述，2nd；完整清单待核实）"
)

# 信用修复管理办法 (NDRC, in force 2026-04-01; rules.md C10, 2nd): months a piece
# of information stays published — minimum (repair may be requested after it) and
# maximum (publication stops by itself).
REPAIR_PERIODS = {
    "minor": (0, 3),
    "general": (3, 12),
    "serious": (12, 36),
}
REPAIR_BASIS = "国家发展改革委《信用修复管理办法》（2026-04-01施行；rules.md C10，2nd）"

# rules.md C9 (环发〔2015〕161号, 2nd): bad credit records are published, generally,
# for at least 5 years, counted from the day the penalty decision was carried out in
# full (执行完毕). C10 (the NDRC rule above, in force 2026-04-01, for bad credit
# information of every sector) sets maxima of 1 year (一般) and 3 years (严重) that
# contradict it. Which one governs publication is decided by the day asked
# (`selectors.publication_rule_on`): before the setting CREDIT_C10_PUBLICATION_FROM
# (default 2026-04-01) C9, from it C10 — for results published earlier too (the
# later national rule; no grandfathering). Not settled with the bureau: set the
# date far in the future to keep C9's 5 years. docs/modules/credit.md "C9 and C10".
C9_PUBLICATION_YEARS = 5
C9_BASIS = (
    "环发〔2015〕161号《关于加强企业环境信用体系建设的指导意见》：企业环境不良信用记录"
    "公开期限一般不少于5年，自行政处罚决定执行完毕之日起计算（rules.md C9，2nd）"
)
C10_PUBLICATION_FROM = date(2026, 4, 1)
C10_PUBLICATION_BASIS = (
    REPAIR_BASIS
    + "：一般失信信息最长公示1年、严重失信信息最长公示3年，期满自动停止公示"
)
PUBLICATION_RULE_NOTE = (
    "{c10_from}起按《信用修复管理办法》（C10）确定公示期限，此前按环发〔2015〕161号（C9）；"
    "二者衔接尚待与省厅核定（设置项 CREDIT_C10_PUBLICATION_FROM）"
)
# Which grade counts as which kind of bad credit information (示例配置: no text
# read maps the evaluation grades onto the 信用修复管理办法 classes; shown with
# EXAMPLE_LABEL wherever it decides something the enterprise sees).
SEVERITY_OF_GRADE = {
    "yellow": "general",
    "untrusted": "general",
    "red": "serious",
    "serious": "serious",
}

# 守信激励，失信惩戒 (seed 000 企业环境信用评价, 国办发〔2007〕17号 "健全负面信息披露制度和
# 守信激励制度"): what each grade colour means for the positive list (监督执法正面清单,
# owned by `enterprises`) and for the supervision class whose frequency `grid` sets.
# (eligible for the positive list, suggested grid class or "" = the rule's class, text)
# 示例配置: no national or Liaoning text fixes the mapping.
GRADE_CONSEQUENCES: dict[str, tuple[bool, str, str]] = {
    "green": (True, "A", "守信激励：可研究列入监督执法正面清单，建议降低检查频次"),
    "blue": (True, "", "按监管分类规则确定的频次检查"),
    "yellow": (
        False,
        "C",
        "失信惩戒：不宜列入正面清单（已列入的建议移出），建议提高检查频次",
    ),
    "red": (
        False,
        "C",
        "严重失信：不得列入正面清单（已列入的应移出），列为重点监管对象，提高检查频次",
    ),
}
SEVERITY_LABELS = {
    "minor": gettext_noop("轻微失信"),
    "general": gettext_noop("一般失信"),
    "serious": gettext_noop("严重失信"),
}
# C10: "the period runs from the date of the judicial or administrative document".
# The platform's own records that are such a document (or, for a direct
# downgrade, the record it rests on): the penalty decision (行政处罚决定书).
REPAIR_DOCUMENT_SOURCES = ("penalty",)
REPAIR_TYPED_NOTE = (
    "平台没有该失信信息所依据文书的记录，最短公示期按企业填写的文书日期计算"
    "（审核时核对原件）"
)

CONSEQUENCE_BASIS = (
    "seed 000 企业环境信用评价（国办发〔2007〕17号“守信激励制度”“失信行为联合惩戒”）；"
    "等级与正面清单、检查频次的对应为示例配置，需按省厅文件核定"
)

# rules.md C7 (辽环发〔2022〕20号; the 10-day rule is from the 征求意见稿 第四条, 2nd):
# information is entered into the credit system within 10 working days of arising,
# then scored (记分). The number of days is the setting CREDIT_ENTRY_WORKDAYS.
ENTRY_WORKDAYS = 10
ENTRY_BASIS = (
    "《辽宁省企业环境信用评价管理办法》（征求意见稿）第四条：信息产生之日起{days}个工作日内"
    "录入信用系统并记分（rules.md C7，2nd；" + EXAMPLE_LABEL + "）"
)
# The sources the clock follows: every record the scoring reads as it arises.
# permit_expired is a state on 31 December, not an event, and is left out.
ENTRY_SOURCES_EXCLUDED = ("permit_expired",)

CITY_REVIEW_DAYS = 20
CITY_REVIEW_BASIS = "seed 000 其他行政权力1 企业环境信用评价：办结时限20个工作日"

# rules.md §2.1: "public notice for 15 days, with objections re-checked and
# answered" (Wuhu 2021, a local timetable); the national text's own notice
# period, objection window and answer deadline are NOT CONFIRMED — settings.
# CREDIT_OBJECTION_REPLY_WORKDAYS: working days from an objection to its answer
# (a casework clock on the objection, like the review clock).
OBJECTION_REPLY_WORKDAYS = 10
OBJECTION_REPLY_BASIS = (
    "异议答复期限：自收到异议之日起{days}个工作日内核实并答复（rules.md §2.1：国家文件的"
    "异议处理期限未核实；" + EXAMPLE_LABEL + "）"
)
# CREDIT_NOTICE_DAYS: a notice period (公示) before the result is final, during
# which the enterprise may object; 0 = no notice period (the result is published
# directly, as before). Calendar days, the start day not counted, a last day on a
# holiday moved to the next working day (rules.md P23).
NOTICE_DAYS = 0
NOTICE_EXAMPLE_DAYS = 15  # rules.md §2.1, Wuhu 2021 “公示15天”
NOTICE_BASIS = (
    "公示期{days}日，公示期内企业可提出异议，异议答复后方可公布（rules.md §2.1：芜湖2021年"
    "工作方案“公示15天”，国家文件的公示期未核实；" + EXAMPLE_LABEL + "）"
)

DEFAULT_EFFECTIVE_FROM = date(2022, 9, 30)
NATIONAL_EFFECTIVE_FROM = date(2013, 12, 18)


def decimal(text: str) -> Decimal:
    return Decimal(text)


# 企业环境信息依法披露 (annual disclosure report). rules.md has no row for the due
# date, so it ships as example configuration: the value is the one in
# 《企业环境信息依法披露管理办法》（生态环境部令第24号）第十四条 as commonly quoted.
DISCLOSURE_REPORT_DUE = (3, 15)  # (month, day) of the year after the report year
DISCLOSURE_REPORT_BASIS = (
    "《企业环境信息依法披露管理办法》（生态环境部令第24号）第十四条：每年3月15日前"
    "披露上一年度的年度环境信息依法披露报告（rules.md 未收录；" + EXAMPLE_LABEL + "）"
)
# Who must disclose, as far as the enterprise file tells: key sources (重点排污单位).
DISCLOSURE_REPORT_SCOPE = "企业档案中的重点排污单位（" + EXAMPLE_LABEL + "）"
# The minor-violation list entry a missed report is offered as (seed 000 item 8).
DISCLOSURE_REPORT_ENTRY = "违反信息公开规定的行为"


# rules.md C4: "16 heavy-polluting sectors" (环发〔2013〕150号 第三条 names the 16 重污染
# 行业 of 环办函〔2008〕373号: 火电、钢铁、水泥、电解铝、煤炭、冶金、化工、石化、建材、造纸、
# 酿造、制药、发酵、纺织、制革和采矿业). Which GB/T 4754-2017 codes each covers is not in
# the seeds: 示例配置，需按省厅文件核定. Longest prefixes first.
HEAVY_POLLUTING_SECTORS_LABEL = (
    "重污染行业与国民经济行业代码的对应为示例配置，需按省厅文件核定"
)
HEAVY_POLLUTING_SECTORS: tuple[tuple[str, str], ...] = (
    ("4411", "火电"),
    ("3011", "水泥"),
    ("3216", "电解铝"),
    ("1511", "酿造"),
    ("1512", "酿造"),
    ("1513", "酿造"),
    ("1514", "酿造"),
    ("1495", "发酵"),
    ("191", "制革"),
    ("06", "煤炭"),
    ("07", "采矿业"),
    ("08", "采矿业"),
    ("09", "采矿业"),
    ("10", "采矿业"),
    ("17", "纺织"),
    ("22", "造纸"),
    ("25", "石化"),
    ("26", "化工"),
    ("27", "制药"),
    ("30", "建材"),
    ("31", "钢铁"),
    ("32", "冶金"),
)
