"""Disclosure duties (信息公开义务) as an automatic credit source (issue 12): a
breach enforcement established — a case's check against the minor-violation list
entry 违反信息公开规定的行为, decided by the head in the rated year — deducts
points (national N16, Liaoning L12, 示例配置) with a line naming the case, the list
entry and the decision."""

from __future__ import annotations

import pytest

from ecobureau.credit import config, facts, services
from ecobureau.credit.models import Indicator, Scheme
from ecobureau.enforcement.models import (
    EnforcementCase,
    MinorViolationCheck,
    MinorViolationItem,
)

from .conftest import at

pytestmark = pytest.mark.django_db


def check(enterprise, officer, *, item_number, decided, decision="not_punished"):
    case = EnforcementCase.objects.create(
        enterprise=enterprise,
        source=EnforcementCase.Source.INSPECTION,
        start_reason="重点排污单位未及时公开环境信息",
        facts="现场检查发现",
        created_by=officer,
        status="closed",
    )
    return MinorViolationCheck.objects.create(
        case=case,
        item=MinorViolationItem.objects.filter(number=item_number).first(),
        facts={},
        results={},
        prior_cases=0,
        eligible=True,
        checked_by=officer,
        checked_at=decided,
        decision=decision,
        decided_by=officer if decision else None,
        decided_at=decided if decision else None,
    )


def test_disclosure_breaches_deduct_and_explain_themselves(
    evaluations, enterprise_a, enterprise_b, credit_officer
):
    item = MinorViolationItem.objects.get(number=8)
    assert "信息公开" in item.title  # seed 000 list, entry 8
    counted = check(enterprise_a, credit_officer, item_number=8, decided=at(2025, 4, 1))
    continued = check(
        enterprise_a,
        credit_officer,
        item_number=8,
        decided=at(2025, 10, 1),
        decision="rejected",
    )
    # not counted: another list entry, undecided, the year before, another enterprise
    check(enterprise_a, credit_officer, item_number=6, decided=at(2025, 5, 1))
    check(
        enterprise_a, credit_officer, item_number=8, decided=at(2025, 6, 1), decision=""
    )
    check(enterprise_a, credit_officer, item_number=8, decided=at(2024, 12, 30))
    check(enterprise_b, credit_officer, item_number=8, decided=at(2025, 4, 1))

    result = services.compute(evaluations["a"]).as_json()

    lines = [
        line
        for line in result["lines"]  # type: ignore[attr-defined]
        if line["indicator"] == "L12"
    ]
    assert [line["ref"] for line in lines] == [
        f"enforcement.minorviolationcheck:{counted.pk}",
        f"enforcement.minorviolationcheck:{continued.pk}",
    ]
    assert lines[0]["label"] == (
        f"信息公开义务：执法案件#{counted.case_id}经核对属轻微违法行为目录清单第8项"
        f"“{item.title}”（2025-04-01负责人决定：同意不予行政处罚）"
    )
    assert "不同意，继续办理" in lines[1]["label"]
    assert [line["points"] for line in lines] == ["3", "3"]  # 示例配置
    assert [line["on"] for line in lines] == ["2025-04-01", "2025-10-01"]


def test_disclosure_indicators_are_example_configuration(liaoning):
    services.schemes_install()
    national = Scheme.objects.get(code="national-2013")
    for scheme, code in ((national, "N16"), (liaoning, "L12")):
        indicator = Indicator.objects.get(scheme=scheme, code=code)
        assert indicator.source == "disclosure" and indicator.is_example
        assert config.EXAMPLE_LABEL in indicator.basis
        assert "企业事业单位环境信息公开办法" in indicator.basis


def test_disclosure_read_is_one_query(
    django_assert_num_queries, enterprise_a, enterprise_b, credit_officer
):
    check(enterprise_a, credit_officer, item_number=8, decided=at(2025, 4, 1))
    check(enterprise_b, credit_officer, item_number=8, decided=at(2025, 4, 2))
    start, end = facts.year_bounds(2025)
    with django_assert_num_queries(1):
        found = facts.disclosure_facts([enterprise_a.pk, enterprise_b.pk], start, end)
    assert {pk for pk, _ in found} == {enterprise_a.pk, enterprise_b.pk}
