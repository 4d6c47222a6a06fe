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
        ((True, True, True, True), "不合格"),  # major problem first
        ((True, True, False, False), "不合格"),  # target missed
        ((True, False, True, False), "合格"),  # behind schedule
        ((False, True, True, False), "良好"),
        ((True, True, True, False), "优秀"),
    ],
)
def test_task_grade_in_the_contract_order(
    facts: tuple[bool, bool, bool, bool], grade: str
) -> None:
    keys = ("all_measures_done", "on_schedule", "annual_target_met", "major_problem")
    [out] = rules_run("task-grade", dict(zip(keys, facts, strict=True)))
    assert out["grade"] == grade
    assert out["explain"]


def test_task_grade_refuses_missing_and_unknown_keys() -> None:
    [out] = rules_run("task-grade", {"on_schedule": "yes", "colour": 1})
    assert "colour" in out["error"] and "on_schedule" in out["error"]
