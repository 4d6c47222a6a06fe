"""A task's grade for a year from its stored measures and target (seed 001
附件1 (一), B21): 优秀, 良好, 合格 and 不合格 through `task_grade_for_year`."""

from __future__ import annotations

from datetime import date

import pytest

from .. import services
from ..models import RectificationTask
from .conftest import make_task

pytestmark = pytest.mark.django_db

YEAR = 2025


def graded(office_staff, number, *, target_met, measures):
    """A task due in YEAR with its two measures' (due_on, done_on) as given."""
    task = make_task(office_staff, number=number, deadline=date(YEAR, 12, 31))
    for measure, (due_on, done_on) in zip(
        task.measures.order_by("seq"), measures, strict=True
    ):
        measure.due_on, measure.done_on = due_on, done_on
        measure.save()
    RectificationTask.objects.filter(pk=task.pk).update(target_met=target_met)
    task.refresh_from_db()
    return services.task_grade_for_year(task, year=YEAR)


@pytest.mark.parametrize(
    ("target_met", "measures", "grade"),
    [
        # all measures done by their dates, target met
        (
            True,
            [(date(YEAR, 6, 30), date(YEAR, 6, 1)), (None, date(YEAR, 9, 1))],
            "优秀",
        ),
        # target met, one measure not yet done but not yet due (序时 kept)
        (
            True,
            [(date(YEAR, 6, 30), date(YEAR, 6, 1)), (date(YEAR + 1, 6, 30), None)],
            "良好",
        ),
        # target met, one measure done after its own date
        (
            True,
            [(date(YEAR, 6, 30), date(YEAR, 7, 15)), (None, date(YEAR, 9, 1))],
            "合格",
        ),
        # target met, one measure due in the year and not done
        (True, [(date(YEAR, 6, 30), None), (None, date(YEAR, 9, 1))], "合格"),
        # target missed, whatever the measures
        (
            False,
            [(date(YEAR, 6, 30), date(YEAR, 6, 1)), (None, date(YEAR, 9, 1))],
            "不合格",
        ),
        (False, [(date(YEAR, 6, 30), None), (None, None)], "不合格"),
    ],
)
def test_grade_for_the_year(office_staff, target_met, measures, grade):
    result = graded(office_staff, "T-G", target_met=target_met, measures=measures)
    assert result.grade == grade


def test_measure_done_after_the_year_counts_as_not_done(office_staff):
    # A measure done in the next year was not done in the assessed year.
    result = graded(
        office_staff,
        "T-N",
        target_met=True,
        measures=[(None, date(YEAR + 1, 1, 10)), (None, date(YEAR, 3, 1))],
    )
    assert (result.measures_done, result.grade) == (1, "良好")
    assert "措施完成1/2项" in result.why()
