"""The assessment rubric (seed 001 附件1 (二); requirements B22–B25)."""

from datetime import date

import pytest

from ..scoring import ScoredCase, ScoreInputError, petition_score, unit_results

FULL = {
    "territorial": {"lead": "main", "unit_head": "main", "person": True},
    "subjects": [{"lead": "main", "person": True}],
    "plan": {"unit": True, "measures": True, "milestones": True, "funding": True},
    "plan_reviewed": True,
    "completed_on_time": True,
    "archive": {
        "index": True,
        "dispatch_note": True,
        "units": 2,
        "units_with_materials": 2,
        "units_with_survey_records": 2,
    },
    "issues": 2,
    "issues_resolved": 2,
    "satisfied": True,
    "praise": None,
    "revisit": False,
    "source_control": False,
    "generalized": False,
    "media": [],
    "penalty_missing": False,
    "late": False,
    "repeat_complaint": False,
    "fake": False,
}


def _with(**changes):
    data = {**FULL, **changes}
    return petition_score(data)


def test_full_marks_are_100():
    # 9 + 5 + 22 + 14 + 50
    result = petition_score(FULL)
    assert result["score"] == 100.0
    assert result["parts"] == {
        "responsibility": 14.0,
        "rectification": 22.0,
        "archive": 14.0,
        "result": 50.0,
        "bonus": 0.0,
        "deduction": 0.0,
    }


def test_several_subjects_score_their_average():
    # "同属地多主体分值按平均值计得分": (5 + 2) / 2 = 3.5
    result = _with(
        subjects=[{"lead": "main", "person": True}, {"lead": "deputy", "person": False}]
    )
    assert result["parts"]["responsibility"] == 12.5


def test_partial_archive_scores_in_proportion_to_units():
    # "分值按单位数平均记得分": 1 of 3 units with materials, 2 of 3 with records.
    result = _with(
        archive={
            "index": True,
            "dispatch_note": False,
            "units": 3,
            "units_with_materials": 1,
            "units_with_survey_records": 2,
        }
    )
    assert result["parts"]["archive"] == 7.0  # 2 + 5/3 + 10/3


def test_partial_resolution_shares_the_25_points():
    # "多个信访问题按问题数量均分分值": 2 of 3 solved.
    result = _with(issues=3, issues_resolved=2, satisfied=False)
    assert result["parts"]["result"] == 16.67


def test_bonuses_add_up_and_media_is_uncapped_and_deductions_subtract():
    result = _with(
        praise="provincial",
        revisit=True,
        media=["national", "national", "city"],
        late=True,
        repeat_complaint=True,
    )
    assert result["parts"]["bonus"] == 10 + 2 + 5 + 5 + 3
    assert result["parts"]["deduction"] == 10
    assert result["score"] == 100 + 25 - 10


def test_fake_rectification_scores_zero():
    # "表面整改、虚假整改、敷衍整改的案件为0分"
    assert _with(fake=True)["score"] == 0.0


def test_bad_input_is_refused_in_chinese():
    with pytest.raises(ScoreInputError, match="issues"):
        _with(issues=0)
    with pytest.raises(ScoreInputError, match="media"):
        _with(media=["county"])


def test_unit_mean_leaves_out_cases_not_due_in_the_year_and_failed_rank_last():
    # B24 "整改时限不在本年度的案件不参与评分"; B25 "一律视为考核不合格，排名最后"
    cases = [
        ScoredCase("铁东区", date(2025, 6, 30), 90.0),
        ScoredCase("铁东区", date(2025, 12, 31), 80.0),
        ScoredCase("铁东区", date(2026, 6, 30), 10.0),
        ScoredCase("铁西区", date(2025, 3, 1), 95.0),
        ScoredCase("立山区", date(2025, 3, 1), 70.0),
    ]
    results = unit_results(cases, year=2025, failed=["铁西区"])
    assert [(r.unit, r.score, r.rank, r.failed) for r in results] == [
        ("铁东区", 85.0, 1, False),
        ("立山区", 70.0, 2, False),
        ("铁西区", 95.0, 3, True),
    ]
