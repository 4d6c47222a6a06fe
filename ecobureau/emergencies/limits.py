"""Time limits of the emergencies module, as data with their sources.

Report limits are calendar hours (casework clocks in "hours": holidays count).

- 初报 (initial report): 突发环境事件信息报告办法（环境保护部令第17号）第三条 — after
  learning of an incident the bureau verifies it and makes a preliminary finding;
  一般/较大: report within 4 hours to the people's government at its level and the
  environmental department one level up; 重大/特别重大: within 2 hours, to the
  government and the provincial department, and at the same time to the ministry.
  Text of 第三条 read in reprints of the order (云南神龙 2012 reprint of 部令第17号,
  http://ynshenlong.cn/news/zhengceview_82.html; jcahj.com, marked 来源：生态环境部);
  the ministry's own page was not retrieved. The hours are the order's, not
  configuration. The clock runs from the moment the bureau learned of the incident
  (`Incident.received_at`); until the incident is graded the 4-hour limit runs, and a
  grade of 重大 or above replaces it with 2 hours from the same moment.
- 续报 (follow-up) and 处理结果报告 (final report): the rules say "随时上报" once the
  basic facts are clear, and "处理完毕后上报"; they give no hours. The hours below
  are 示例配置 (example configuration) until the bureau sets its own.
- 向本级人大常委会报告: seed 002 四（三）2（1） "及时", no hours — 示例配置.
- 舆情 reply limits: seed 000 与群众互动 5 "规定回复时限" names no numbers — 示例配置.
- 舆情帮扶 (help to an enterprise, seed 000 与企业互动（七）"帮助企业及时处理…重大
  舆情"): "及时" gives no hours. Naming a helper and the first joint analysis or
  measure are counted from the enterprise's request in calendar hours (an opinion
  event does not wait for working days) — 示例配置.
"""

from __future__ import annotations

from django.conf import settings

from . import grading

REPORT_BASIS = "突发环境事件信息报告办法（环境保护部令第17号）第三条"
INITIAL_HOURS = {
    grading.GENERAL: 4,
    grading.LARGER: 4,
    grading.MAJOR: 2,
    grading.ESPECIALLY_MAJOR: 2,
}
INITIAL_HOURS_UNGRADED = 4

# 示例配置: the rules give no hours for these.
FOLLOWUP_HOURS = 24
FOLLOWUP_BASIS = "示例配置：续报“随时上报”，本局暂定每24小时至少续报一次"
FINAL_HOURS = 72
FINAL_BASIS = "示例配置：处理结果报告“处理完毕后上报”，本局暂定处置结束后72小时内"

# 向本级人大常委会报告 (seed 002 四（三）2（1）, a duty of 各县（区）政府、经济区管委会:
# "对发生的重大环境事件及时向本级人民代表大会常务委员会报告，接受人大监督").
# The seed says "重大环境事件", so the report is expected for 重大 and 特别重大 only,
# not 较大; and it says only "及时": the hours are 示例配置, counted from the moment
# the incident is first graded 重大 or above (calendar hours, as the other reports).
CONGRESS_GRADE = grading.MAJOR
CONGRESS_REPORT_HOURS = 168
CONGRESS_BASIS = (
    "示例配置，依据：‘及时’，未规定时限（种子002 四（三）2（1）县（区）政府、经济区"
    "管委会“对发生的重大环境事件及时向本级人民代表大会常务委员会报告”）"
)

# 舆情 reply limits by grade, in hours from discovery (示例配置).
OPINION_BASIS = "示例配置：舆情应对工作制度“规定回复时限”（种子000 与群众互动5），时限待局办公室确定"
OPINION_GRADES = {
    "general": "一般",
    "larger": "较大",
    "major": "重大",
}
OPINION_REPLY_HOURS = {"general": 24, "larger": 12, "major": 4}

# 舆情帮扶 limits, in hours from the enterprise's request (示例配置).
HELP_ASSIGN_HOURS = 24
HELP_ASSIGN_BASIS = (
    "示例配置：种子000 与企业互动（七）“帮助企业及时处理重大舆情”未规定时限，"
    "本局暂定求助后24小时内指定帮扶责任人"
)
HELP_FIRST_ACTION_HOURS = 72
HELP_FIRST_ACTION_BASIS = (
    "示例配置：种子000 与企业互动（七）“会同企业，分析研判舆情信息，研究制定解决问题"
    "的措施”未规定时限，本局暂定求助后72小时内首次会同研判或制定措施"
)

# Emergency plans: a retrospective assessment at least every three years
# (企业事业单位突发环境事件应急预案备案管理办法（试行）环发〔2015〕4号 第十二条;
# 突发事件应急预案管理办法 — revision when the assessment finds it needed).
PLAN_REVIEW_YEARS = 3
PLAN_REVIEW_BASIS = (
    "环发〔2015〕4号 第十二条：至少每三年对环境应急预案进行一次回顾性评估"
)
PLAN_DUE_SOON_DAYS = 90


def initial_hours(grade: str) -> int:
    return INITIAL_HOURS.get(grade, INITIAL_HOURS_UNGRADED)


# The 示例配置 values above can be set by the bureau (settings read when used; the
# lead adds them to settings.py and .env.example).
def followup_hours() -> int:
    return int(getattr(settings, "EMERGENCY_FOLLOWUP_HOURS", FOLLOWUP_HOURS))


def final_hours() -> int:
    return int(getattr(settings, "EMERGENCY_FINAL_HOURS", FINAL_HOURS))


def congress_report_hours() -> int:
    return int(
        getattr(settings, "EMERGENCY_CONGRESS_REPORT_HOURS", CONGRESS_REPORT_HOURS)
    )


def congress_report_expected(grade: str) -> bool:
    """A report to the people's congress standing committee is expected for a
    重大 or 特别重大 incident (the seed's "重大环境事件")."""
    return bool(grade) and grading.at_least(grade, CONGRESS_GRADE)


def opinion_reply_hours(grade: str) -> int:
    configured = getattr(settings, "EMERGENCY_OPINION_REPLY_HOURS", None) or {}
    return int(configured.get(grade, OPINION_REPLY_HOURS[grade]))


def help_assign_hours() -> int:
    return int(getattr(settings, "EMERGENCY_HELP_ASSIGN_HOURS", HELP_ASSIGN_HOURS))


def help_first_action_hours() -> int:
    return int(
        getattr(settings, "EMERGENCY_HELP_FIRST_ACTION_HOURS", HELP_FIRST_ACTION_HOURS)
    )
