"""督察整改 as a credit source (issue 12): tasks and petition cases linked to the
enterprise that missed a deadline in the rated year or rebounded deduct points
(L11, 示例配置) with a line naming the item, its deadline and what happened."""

from __future__ import annotations

from datetime import date

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.credit import config, facts, services
from ecobureau.credit.models import Indicator
from ecobureau.rectification.models import PetitionCase, RectificationTask
from ecobureau.rectification.tests.conftest import make_case, make_task


@pytest.fixture
def ledger_keeper(bureau: Unit) -> User:
    return UserFactory(
        username="credit-dugaiban",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_staff"],
    )


def _task(by, number, deadline, enterprise, **fields) -> RectificationTask:
    task = make_task(by, number=number, district=enterprise.district)
    RectificationTask.objects.filter(pk=task.pk).update(
        deadline=deadline, enterprise=enterprise, **fields
    )
    return task


def test_late_rectification_items_deduct_and_explain_themselves(
    evaluations, enterprise_a, enterprise_b, ledger_keeper
):
    # given: enterprise A's items of 2025 that ran late, and items that must not count
    late = _task(ledger_keeper, "T-LATE", date(2025, 3, 31), enterprise_a)
    late_done = _task(
        ledger_keeper,
        "T-LATE-DONE",
        date(2025, 6, 30),
        enterprise_a,
        completed_on=date(2025, 7, 20),
        status="filed",
    )
    _task(
        ledger_keeper,
        "T-ON-TIME",
        date(2025, 6, 30),
        enterprise_a,
        completed_on=date(2025, 6, 1),
        status="filed",
    )
    _task(ledger_keeper, "T-2024", date(2024, 12, 1), enterprise_a)
    _task(ledger_keeper, "T-B", date(2025, 3, 31), enterprise_b)
    case = make_case(ledger_keeper, number="C-LATE", district=enterprise_a.district)
    PetitionCase.objects.filter(pk=case.pk).update(
        deadline=date(2025, 9, 1), enterprise=enterprise_a
    )

    # when
    result = services.compute(evaluations["a"]).as_json()

    # then: the three late items of A, each line naming number, deadline and why
    lines = [
        line
        for line in result["lines"]  # type: ignore[attr-defined]
        if line["indicator"] == "L11"
    ]
    assert [line["ref"] for line in lines] == [
        f"rectification.rectificationtask:{late.pk}:overdue",
        f"rectification.rectificationtask:{late_done.pk}:overdue",
        f"rectification.petitioncase:{case.pk}:overdue",
    ]
    assert lines[0]["label"] == (
        "督察整改：整改任务T-LATE（完成时限2025-03-31）逾期未完成整改"
        "——未按时限完成整改（种子001 四）"
    )
    assert "逾期完成（2025-07-20完成）" in lines[1]["label"]
    assert "信访案件C-LATE（办结时限2025-09-01）逾期未办结" in lines[2]["label"]
    assert [line["on"] for line in lines] == ["2025-03-31", "2025-06-30", "2025-09-01"]
    # 5 points a record up to 15 (示例配置)
    assert [line["points"] for line in lines] == ["5", "5", "5"]
    assert any("L11 督察整改任务或信访案件逾期、反弹" in t for t in result["explain"])  # type: ignore[attr-defined]
    text = str(result)
    assert "T-ON-TIME" not in text and "T-2024" not in text and "T-B" not in text

    # B's evaluation holds B's item only
    other = services.compute(evaluations["b"]).as_json()
    assert "T-B" in str(other) and "T-LATE" not in str(other)


def test_the_indicator_is_labelled_example_configuration(liaoning):
    indicator = Indicator.objects.get(scheme=liaoning, code="L11")
    assert indicator.source == "rectification" and indicator.is_example
    assert config.EXAMPLE_LABEL in indicator.basis and "种子001" in indicator.basis


def test_rectification_read_is_bounded_in_queries(
    django_assert_max_num_queries, enterprise_a, enterprise_b, ledger_keeper
):
    _task(ledger_keeper, "Q-1", date(2025, 3, 31), enterprise_a)
    _task(ledger_keeper, "Q-2", date(2025, 4, 30), enterprise_b)
    start, end = facts.year_bounds(2025)
    from ecobureau.rectification import selectors

    with django_assert_max_num_queries(4):
        found = selectors.overdue_items_for_enterprises(
            [enterprise_a.pk, enterprise_b.pk], start, end
        )
    assert {item.number for item in found} == {"Q-1", "Q-2"}
