"""Environmental emergencies as a credit source (issue 14 item 4, rules.md C4).

An incident the enterprise is responsible for, graded and not dismissed, that
happened in the rated year, deducts points (L10, 示例配置) with a line naming the
incident, its grade and date; a 较大 or larger one brings the enterprise into the
mandatory scope.
"""

from __future__ import annotations

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.credit import facts, services
from ecobureau.emergencies import selectors as emergency_selectors
from ecobureau.emergencies import services as emergency_services
from ecobureau.emergencies.models import Incident

from .conftest import at


@pytest.fixture
def duty(bureau: Unit) -> User:
    return UserFactory(
        username="credit-duty",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["emergency_staff"],
    )


def incident(by, enterprise, *, when, title="储罐泄漏", **grade_facts) -> Incident:
    made = emergency_services.incident_register(
        by=by,
        title=title,
        source=Incident.Source.MONITORING,
        place="铁东区某工业园",
        summary="在线监测报警，企业储罐泄漏。",
        received_at=when,
        occurred_at=when,
        enterprise=enterprise,
        district=enterprise.district,
    )
    emergency_services.incident_grade(incident=made, by=by, facts=grade_facts)
    made.refresh_from_db()
    return made


def test_incidents_deduct_and_explain_themselves(
    evaluations, enterprise_a, enterprise_b, duty
):
    # given: two graded incidents of A in 2025, and incidents that must not count
    larger = incident(duty, enterprise_a, when=at(2025, 5, 1), deaths=3, title="较大")
    general = incident(duty, enterprise_a, when=at(2025, 8, 2), title="一般")
    assert (larger.grade, general.grade) == ("larger", "general")
    incident(duty, enterprise_a, when=at(2024, 12, 30), title="上一年")
    dismissed = incident(duty, enterprise_a, when=at(2025, 3, 3), title="已排除")
    emergency_services.incident_dismiss(
        incident=dismissed, by=duty, verification="现场核实", reason="不构成"
    )
    ungraded = emergency_services.incident_register(
        by=duty,
        title="未定级",
        source=Incident.Source.GRID,
        place="某地",
        summary="网格员报告。",
        received_at=at(2025, 9, 9),
        enterprise=enterprise_a,
        district=enterprise_a.district,
    )
    incident(duty, enterprise_b, when=at(2025, 6, 6), deaths=3, title="乙企业")

    # when
    result = services.compute(evaluations["a"]).as_json()

    # then: exactly A's two graded 2025 incidents, each named with grade and date
    lines = [
        line
        for line in result["lines"]  # type: ignore[attr-defined]
        if line["ref"].startswith("emergencies.")
    ]
    assert [line["ref"] for line in lines] == [
        f"emergencies.incident:{larger.pk}",
        f"emergencies.incident:{general.pk}",
    ]
    assert "较大（Ⅲ级）" in lines[0]["label"] and "2025-05-01" in lines[0]["label"]
    assert "一般（Ⅳ级）" in lines[1]["label"]
    assert all(line["points"] == "10" for line in lines)  # L10, 示例配置
    assert f"incident:{ungraded.pk}" not in str(result)
    assert "乙企业" not in str(result)


def test_larger_incident_brings_into_mandatory_scope(
    evaluations, enterprise_a, enterprise_b, duty
):
    incident(duty, enterprise_a, when=at(2025, 5, 1), deaths=3)
    incident(duty, enterprise_b, when=at(2025, 5, 1))  # 一般: a record, not C4
    reasons = {
        e.pk: r for e, r in services.scope_candidates(evaluations["a"].evaluation_year)
    }
    assert "上年度发生较大（Ⅲ级）突发环境事件" in reasons[enterprise_a.pk]
    assert "突发环境事件" not in reasons[enterprise_b.pk]
    assert "上年度有环境违法" in reasons[enterprise_b.pk]


def test_incident_read_is_one_query(
    enterprise_a, enterprise_b, duty, django_assert_num_queries
):
    incident(duty, enterprise_a, when=at(2025, 5, 1), deaths=3)
    incident(duty, enterprise_b, when=at(2025, 7, 1))
    start, end = facts.year_bounds(2025)
    with django_assert_num_queries(1):
        found = emergency_selectors.incidents_for_enterprises(
            [enterprise_a.pk, enterprise_b.pk], start, end
        )
    assert [(i.enterprise_id, i.larger_or_above) for i in found] == [
        (enterprise_a.pk, True),
        (enterprise_b.pk, False),
    ]
