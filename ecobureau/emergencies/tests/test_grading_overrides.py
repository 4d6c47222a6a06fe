"""EMERGENCY_GRADING_OVERRIDES: the bureau sets criteria marked 示例配置 (NOT
CONFIRMED) only; an official or third-party value of the plan is refused at check
time; a reason resting on the bureau's value says （本局配置）."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from ecobureau.emergencies import grading, services
from ecobureau.emergencies.checks import grading_overrides_check
from ecobureau.emergencies.grading import (
    GENERAL,
    LARGER,
    MAJOR,
    NOT_CONFIRMED,
    Criteria,
    Facts,
    Threshold,
    apply_overrides,
    grade,
)


def test_without_overrides_the_configured_criteria_are_the_plans():
    assert grading.configured_criteria() is grading.DEFAULT
    assert grading_overrides_check() == []


def test_a_numeric_override_moves_the_boundary_and_says_so():
    # No numeric criterion is unconfirmed today: an unconfirmed one, as the
    # module's data would hold it, shows the rule at its boundary.
    base = Criteria(
        numeric=(
            Threshold("poisoned", MAJOR, 50, "50人以上100人以下中毒或重伤", "official"),
            Threshold("poisoned", LARGER, 10, "10人以上50人以下中毒或重伤"),
        ),
        levels=(),
    )
    criteria = apply_overrides({"poisoned:larger": 20}, base)
    assert grade(Facts(poisoned=10), base).grade == LARGER
    assert grade(Facts(poisoned=19), criteria).grade == GENERAL
    result = grade(Facts(poisoned=20), criteria)
    assert result.grade == LARGER
    assert result.reasons == ["较大（Ⅲ级）：中毒或重伤人数20以上（20）（本局配置）"]
    assert grade(Facts(poisoned=50), criteria).grade == MAJOR
    # the bands keep their order
    with pytest.raises(ValueError, match="须低于"):
        apply_overrides({"poisoned:larger": 50}, base)
    with pytest.raises(ValueError, match="大于0"):
        apply_overrides({"poisoned:larger": 0}, base)
    with pytest.raises(ValueError, match="正整数"):
        apply_overrides({"poisoned:larger": "12.5"}, base)


def test_an_ordinal_override_changes_the_grade_at_the_boundary(settings):
    # Default: 跨设区的市级行政区域影响 is 较大 (item 6, not confirmed).
    assert grade(Facts(boundary="city")).grade == LARGER
    settings.EMERGENCY_GRADING_OVERRIDES = {"boundary:larger": "province"}
    criteria = grading.configured_criteria()
    result = grade(Facts(boundary="city"), criteria)
    assert result.grade == GENERAL
    assert result.reasons == [
        "造成跨设区的市级行政区域影响：按本局配置不构成较大（Ⅲ级）（本局配置）"
    ]
    # the level above still reaches its own (third-party) grade
    assert grade(Facts(boundary="province"), criteria).grade == MAJOR
    row = next(r for r in grading.criteria_table(criteria) if r.overridden)
    assert row.value == "boundary = province"
    assert "本局配置" in row.status_label and row.status == NOT_CONFIRMED
    assert grading_overrides_check() == []


@pytest.mark.django_db
def test_the_incident_is_graded_with_the_bureaus_values(
    settings, duty_officer, incident_a
):
    settings.EMERGENCY_GRADING_OVERRIDES = {"water:larger": "county"}
    facts = {"water": "township", "loss_10k_yuan": Decimal("0")}
    entry = services.incident_grade(incident=incident_a, by=duty_officer, facts=facts)
    assert entry.grade == GENERAL
    assert "（本局配置）" in entry.reasons


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"deaths:major": 12}, "不能修改deaths:major"),  # OFFICIAL
        ({"evacuated:larger": 6000}, "不能修改evacuated:larger"),  # THIRD_PARTY
        ({"water:major": "city"}, "不能修改water:major"),  # THIRD_PARTY
        ({"deaths:general": 1}, "未知项"),
        ({"water:larger": "none"}, "应为以下级别之一"),
        ({"water:larger": "city"}, "不得高于"),
    ],
)
def test_overriding_a_value_of_the_plan_or_a_wrong_value_is_refused(
    settings, overrides, message
):
    settings.EMERGENCY_GRADING_OVERRIDES = overrides
    with pytest.raises(ImproperlyConfigured, match=message):
        grading.configured_criteria()
    (error,) = grading_overrides_check()
    assert error.id == "emergencies.E001" and message in error.msg
    if "不能修改" in message:
        assert "只有标为示例配置（NOT CONFIRMED）的标准可由本局配置" in error.msg
