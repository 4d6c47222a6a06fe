"""The grading rule at every threshold boundary of 附件1 (以上含本数，以下不含本数)."""

from decimal import Decimal

import pytest

from ecobureau.emergencies import grading
from ecobureau.emergencies.grading import (
    ESPECIALLY_MAJOR,
    GENERAL,
    LARGER,
    MAJOR,
    Facts,
    grade,
)

NUMERIC = [
    # field, minimum for 较大, 重大, 特别重大
    ("deaths", 3, 10, 30),
    ("poisoned", 10, 50, 100),
    ("evacuated", 5000, 10000, 50000),
]


@pytest.mark.parametrize(("field", "larger", "major", "especially"), NUMERIC)
def test_each_count_at_and_just_below_each_boundary(field, larger, major, especially):
    def at(value):
        return grade(Facts(**{field: value})).grade

    assert at(0) == GENERAL
    assert at(larger - 1) == GENERAL
    assert at(larger) == LARGER
    assert at(major - 1) == LARGER
    assert at(major) == MAJOR
    assert at(especially - 1) == MAJOR
    assert at(especially) == ESPECIALLY_MAJOR


@pytest.mark.parametrize(
    ("loss", "expected"),
    [
        ("0", GENERAL),
        ("499.99", GENERAL),
        ("500", LARGER),
        ("1999.99", LARGER),
        ("2000", MAJOR),
        ("9999.99", MAJOR),
        ("10000", ESPECIALLY_MAJOR),
    ],
)
def test_direct_economic_loss_in_10k_yuan(loss, expected):
    assert grade(Facts(loss_10k_yuan=Decimal(loss))).grade == expected


@pytest.mark.parametrize(
    ("kind", "level", "expected"),
    [
        ("water", "none", GENERAL),
        ("water", "township", LARGER),
        ("water", "county", MAJOR),
        ("water", "city", ESPECIALLY_MAJOR),
        ("boundary", "city", LARGER),
        ("boundary", "province", MAJOR),
        ("boundary", "national", ESPECIALLY_MAJOR),
        ("ecology", "species_damaged", LARGER),
        ("ecology", "partial_loss", MAJOR),
        ("ecology", "function_lost", ESPECIALLY_MAJOR),
    ],
)
def test_ordinal_criteria(kind, level, expected):
    assert grade(Facts(**{kind: level})).grade == expected


def test_the_highest_criterion_met_decides_and_each_is_cited_once():
    result = grade(Facts(deaths=35, evacuated=6000, water="county"))
    assert result.grade == ESPECIALLY_MAJOR
    assert len(result.reasons) == 3
    assert result.reasons[0].startswith(
        "特别重大（Ⅰ级）：因环境污染直接导致30人以上死亡"
    )
    assert any("5000人以上1万人以下" in reason for reason in result.reasons)


def test_an_incident_meeting_no_criterion_is_general_with_the_reason():
    result = grade(Facts())
    assert result.grade == GENERAL
    assert "尚未达到较大" in result.reasons[0]


def test_negative_or_unknown_inputs_are_refused():
    with pytest.raises(ValueError):
        grade(Facts(deaths=-1))
    with pytest.raises(ValueError):
        grade(Facts(loss_10k_yuan=Decimal("-1")))
    with pytest.raises(ValueError):
        grade(Facts(water="river"))


def test_criteria_carry_their_source():
    assert "国办函〔2014〕119号" in grading.SOURCE
    assert all(t.text for t in grading.CRITERIA)


def test_every_criterion_says_how_far_it_was_checked_and_where():
    rows = grading.criteria_table()
    assert len(rows) == len(grading.CRITERIA) + 9
    for row in rows:
        assert row.status in grading.STATUS_LABELS
        if row.status == grading.NOT_CONFIRMED:
            assert row.source == "" and "示例配置" in row.status_label
        else:
            assert row.source.startswith(("宁夏", "第三方"))
    # The values read in the government's own publication of the annex.
    official = {row.value for row in rows if row.status == grading.OFFICIAL}
    assert {"deaths ≥ 30", "deaths ≥ 10", "poisoned ≥ 100", "water = city"} <= official
    # The 较大 items (5) and (6) were not in any text retrieved.
    unconfirmed = {row.value for row in rows if row.status == grading.NOT_CONFIRMED}
    assert unconfirmed == {"water = township", "boundary = city"}


def test_a_grade_resting_on_an_unconfirmed_criterion_says_so():
    (reason,) = grade(Facts(water="township")).reasons
    assert reason.endswith("（示例配置，未核对原文）")
    (reason,) = grade(Facts(deaths=3)).reasons
    assert "示例配置" not in reason
