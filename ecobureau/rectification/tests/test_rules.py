"""The `petition-score` and `task-grade` rules through `manage.py rules run`
(CONTRACTS.md): one JSON line in, one out, errors on their own line."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
from django.core.management import call_command

# The command reads the working-day calendar from the database.
pytestmark = pytest.mark.django_db


def rules_run(name: str, *lines: dict[str, Any] | str) -> list[dict[str, Any]]:
    text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines)
    out = io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO(text + "\n")
    try:
        call_command("rules", "run", name, stdout=out)
    finally:
        sys.stdin = stdin
    return [json.loads(line) for line in out.getvalue().splitlines()]


FULL_CASE = {
    "territorial": {"lead": "main", "unit_head": "main", "person": True},
    "subjects": [{"lead": "main", "person": True}, {"lead": "deputy", "person": False}],
    "plan": {"unit": True, "measures": True, "milestones": True, "funding": True},
    "plan_reviewed": True,
    "completed_on_time": True,
    "archive": {
        "index": True,
        "dispatch_note": True,
        "units": 2,
        "units_with_materials": 1,
        "units_with_survey_records": 2,
    },
    "issues": 4,
    "issues_resolved": 3,
    "satisfied": True,
    "praise": "city-head",
    "revisit": True,
    "source_control": False,
    "generalized": False,
    "media": ["city", "city"],
    "penalty_missing": False,
    "late": True,
    "repeat_complaint": False,
    "fake": False,
}


def test_petition_score_adds_the_parts_and_takes_off_the_deduction() -> None:
    [out] = rules_run("petition-score", FULL_CASE)
    parts = out["parts"]
    # Media add up with no cap (累计分值): two city reports 3 + 3; city head 5; revisit 2.
    assert parts["bonus"] == 13
    assert parts["deduction"] == 5  # 未按时限完成
    first_five = sum(parts[k] for k in ("responsibility", "rectification", "archive"))
    first_five += parts["result"] + parts["bonus"]
    assert out["score"] == pytest.approx(first_five - 5, abs=0.011)
    assert any("考核评分标准" in line for line in out["explain"])


def test_petition_score_fake_rectification_scores_zero() -> None:
    [out] = rules_run("petition-score", {**FULL_CASE, "fake": True})
    assert out["score"] == 0
    assert any("0分" in line for line in out["explain"])


def test_petition_score_bad_line_gives_an_error_and_goes_on() -> None:
    bad = {**FULL_CASE, "praise": "mayor"}
    outs = rules_run("petition-score", bad, "not json", FULL_CASE)
    assert "praise" in outs[0]["error"]
    assert "error" in outs[1]
    assert "score" in outs[2]


@pytest.mark.parametrize(
    ("facts", "grade"),
    [
        # A major problem is the unit's result, not the task's (B21, B25).
        ((True, True, True, True), "优秀"),
        ((False, True, True, True), "良好"),
        ((True, True, False, False), "不合格"),  # target missed
        ((True, False, True, False), "合格"),  # behind schedule
        ((False, True, True, False), "良好"),
        ((True, True, True, False), "优秀"),
    ],
)
def test_task_grade_in_the_seeds_order(
    facts: tuple[bool, bool, bool, bool], grade: str
) -> None:
    keys = ("all_measures_done", "on_schedule", "annual_target_met", "major_problem")
    [out] = rules_run("task-grade", dict(zip(keys, facts, strict=True)))
    assert out["grade"] == grade
    assert out["explain"]
    major = facts[3]
    assert any("一律视为考核不合格" in line for line in out["explain"]) == major


def test_task_grade_refuses_missing_and_unknown_keys() -> None:
    [out] = rules_run("task-grade", {"on_schedule": "yes", "colour": 1})
    assert "colour" in out["error"] and "on_schedule" in out["error"]


ARCHIVE: dict[str, Any] = dict(FULL_CASE["archive"])  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"subjects": [1]}, "“subjects第1项”应为对象"),
        ({"subjects": [{"lead": "main", "person": True}, "x"]}, "subjects第2项"),
        ({"subjects": [{"person": True}]}, "缺少“subjects[1].lead”"),
        ({"territorial": {"unit_head": "main", "person": True}}, "territorial.lead"),
        ({"territorial": {"lead": None, "person": True}}, "territorial.unit_head"),
        ({"territorial": []}, "“territorial”应为对象"),
        ({"archive": {**ARCHIVE, "units": "2"}}, "archive.units"),
    ],
)
def test_petition_score_bad_shapes_are_error_lines_and_exit_0(
    change: dict[str, Any], error: str
) -> None:
    # CONTRACTS.md: a line that cannot be decided gives {"error": "<Chinese>"} and
    # processing goes on; a program error would raise CommandError (exit 1).
    outs = rules_run("petition-score", {**FULL_CASE, **change}, FULL_CASE)
    assert error in outs[0]["error"] and set(outs[0]) == {"error"}
    assert outs[1]["score"] > 0


def test_petition_score_null_lead_is_a_value_but_a_missing_key_is_not() -> None:
    nobody = {"lead": None, "unit_head": None, "person": False}
    [out] = rules_run("petition-score", {**FULL_CASE, "territorial": nobody})
    assert out["parts"]["responsibility"] == 3.5  # subjects (5 + 2) / 2 only
    missing = {k: v for k, v in FULL_CASE.items() if k != "media"}
    [out] = rules_run("petition-score", missing)
    assert out == {"error": "缺少“media”"}


def test_petition_score_explains_each_step_citing_the_method() -> None:
    [out] = rules_run("petition-score", FULL_CASE)
    explain = out["explain"]
    assert "鞍千景管发〔2021〕31号附件1" in explain[0]
    assert (
        "《鞍山市中央和省生态环境保护督察任务整改和信访案件办理工作考核办法（试行）》"
        in explain[0]
    )
    assert not any("潜山" in line for line in explain)
    text = "\n".join(explain)
    # the subjects' average, the archive's and the result's proportions
    assert "2个主体分别得5分、2分，按平均值计3.5分" in text
    assert "办案单位材料1/2个单位齐全，按单位数比例计2.5分" in text
    assert "勘察笔录及图片2/2个单位完整，计5分" in text
    assert "4个信访问题解决3个，按问题数量均分计18.75分" in text
    assert "典型案例报道6分" in text
    assert all("考核评分标准（二）" in line for line in explain[1:])
    assert explain[-1].startswith("案件得分：")
    assert f"={out['score']:g}分" in explain[-1]


def test_rules_list_names_the_assessment_method() -> None:
    out = io.StringIO()
    call_command("rules", "list", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    ours = {
        x["name"]: x for x in lines if x["name"] in ("petition-score", "task-grade")
    }
    assert set(ours) == {"petition-score", "task-grade"}
    for rule in ours.values():
        assert "鞍千景管发〔2021〕31号" in rule["version"]
        assert "潜山" not in json.dumps(rule, ensure_ascii=False)
    [grade] = rules_run(
        "task-grade",
        {
            "all_measures_done": True,
            "on_schedule": True,
            "annual_target_met": True,
            "major_problem": False,
        },
    )
    assert "考核评分标准（一）整改任务考核评分标准" in grade["explain"][0]
