"""The `petition-score` and `task-grade` rules (CONTRACTS.md), registered into
lib.rules by RectificationConfig.ready(). The arithmetic lives in this module's
pure `scoring` and `standards`; here it gets the contract's keys and its explain."""

from __future__ import annotations

from typing import Any

from ecobureau.lib import rules

from . import scoring, standards

BASIS = "潜山区督察整改工作方案附件1《考核评分标准》"
TASK_KEYS = ("all_measures_done", "on_schedule", "annual_target_met", "major_problem")
PART_NAMES = {
    "responsibility": "责任落实",
    "rectification": "整改情况",
    "archive": "档案情况",
    "result": "整改成效",
    "bonus": "加分项",
}


def run_petition_score(data: dict[str, Any], ctx: rules.RuleContext) -> dict[str, Any]:
    try:
        out = scoring.petition_score(data)
    except scoring.ScoreInputError as error:
        raise rules.RuleInputError(str(error)) from error
    parts = out["parts"]
    explain = [
        f"{name}得{parts[key]}分（{BASIS}，群众信访举报案件评分标准）"
        for key, name in PART_NAMES.items()
    ]
    explain.append(
        f"扣分项共扣{parts['deduction']}分（处罚未到位、未按时限完成、重复访各扣5分）"
    )
    if data.get("fake"):
        explain.append("经核实存在表面、虚假或敷衍整改，案件得0分")
    explain.append(f"案件得分{out['score']}分")
    return {**out, "explain": explain}


def run_task_grade(data: dict[str, Any], ctx: rules.RuleContext) -> dict[str, Any]:
    unknown = [key for key in data if key not in TASK_KEYS]
    wrong = [key for key in TASK_KEYS if not isinstance(data.get(key), bool)]
    if unknown or wrong:
        problems = [f"未知字段“{key}”" for key in unknown]
        problems += [f"“{key}”应为true或false" for key in wrong]
        raise rules.RuleInputError("；".join(problems))
    grade = standards.task_grade(
        all_done=data["all_measures_done"],
        on_schedule=data["on_schedule"],
        target_met=data["annual_target_met"],
        major_problem=data["major_problem"],
    )
    why = {
        "不合格": "存在重大问题或未完成年度目标",
        "合格": "未按进度完成",
        "良好": "按进度推进但措施未全部完成",
        "优秀": "措施全部按期完成",
    }[grade]
    return {
        "grade": grade,
        "explain": [f"{why}，评为{grade}（{BASIS}，整改任务考核评分标准）"],
    }


RULES = (
    rules.Rule(
        name="petition-score",
        version="潜山区督察整改考核办法",
        valid_from=None,
        valid_to=None,
        description="督察转办群众信访举报案件评分（seed 001附件1）",
        run=run_petition_score,
    ),
    rules.Rule(
        name="task-grade",
        version="潜山区督察整改考核办法",
        valid_from=None,
        valid_to=None,
        description="督察整改任务年度考核等次（seed 001附件1）",
        run=run_task_grade,
    ),
)


def register_all() -> None:
    """Add the rules once (ready() may run again in some test set-ups)."""
    for rule in RULES:
        try:
            rules.register(rule)
        except ValueError:
            continue
