"""The `petition-score` and `task-grade` rules (CONTRACTS.md), registered into
lib.rules by RectificationConfig.ready(). The arithmetic lives in this module's
pure `scoring` and `standards`; here it gets the contract's keys and its explain."""

from __future__ import annotations

from typing import Any

from ecobureau.lib import rules

from . import scoring, standards

# Seed 001: 鞍千景管发〔2021〕31号 (千山风景区推进督察整改工作方案), its 附件1.
DOCUMENT = "鞍千景管发〔2021〕31号附件1"
METHOD = "《鞍山市中央和省生态环境保护督察任务整改和信访案件办理工作考核办法（试行）》"
BASIS = f"{DOCUMENT}{METHOD}考核评分标准"
CASE_BASIS = f"{BASIS}（二）群众信访举报案件评分标准"
TASK_BASIS = f"{BASIS}（一）整改任务考核评分标准"
VERSION = "鞍千景管发〔2021〕31号附件1（试行）"
TASK_KEYS = ("all_measures_done", "on_schedule", "annual_target_met", "major_problem")


def run_petition_score(data: dict[str, Any], ctx: rules.RuleContext) -> dict[str, Any]:
    """The explain: the method cited once, then each step with the item of
    评分标准（二） it applies — the subjects' average, the archive's and the
    result's proportions included."""
    try:
        out, steps = scoring.petition_score_explained(data)
    except scoring.ScoreInputError as error:
        raise rules.RuleInputError(str(error)) from error
    explain = [f"依据{CASE_BASIS}"]
    for item, text in steps:
        where = "1–6" if item == "得分" else item
        explain.append(f"{text}（{DOCUMENT}考核评分标准（二）{where}）")
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
    )
    why = {
        "不合格": "未达到年度目标",
        "合格": "达到年度目标但整改措施未按序时完成",
        "良好": "达到年度目标但整改措施未全部完成",
        "优秀": "整改措施全部完成且达到年度目标",
    }[grade]
    explain = [f"{why}，评为{grade}（{TASK_BASIS}）"]
    if data["major_problem"]:
        # 附件1: a major problem makes the unit's result 不合格, not the task's (B21, B25).
        explain.append(
            "存在重大问题：不改变本任务等次；所在地区或部门年度考核一律视为不合格、"
            f"排名最后（{DOCUMENT}{METHOD}“在中央和省督察部门日常巡查检查时被发现整改工作存在重大问题"
            "……一律视为考核不合格，排名最后”）"
        )
    return {"grade": grade, "explain": explain}


RULES = (
    rules.Rule(
        name="petition-score",
        version=VERSION,
        valid_from=None,
        valid_to=None,
        description="督察转办群众信访举报案件评分（鞍千景管发〔2021〕31号附件1）",
        run=run_petition_score,
    ),
    rules.Rule(
        name="task-grade",
        version=VERSION,
        valid_from=None,
        valid_to=None,
        description="督察整改任务年度考核等次（鞍千景管发〔2021〕31号附件1）",
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
