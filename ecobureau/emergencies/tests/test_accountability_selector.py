"""The read that feeds major incidents into accountability (X1 → D3, D7):
incidents graded 重大 or 特别重大 by the grade in force, of a year in Shanghai time
(事发时间, else 获知时间), not dismissed, of one district or the whole city."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from ecobureau.emergencies import selectors, services
from ecobureau.lib.dates import SHANGHAI

from .conftest import register

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
NO_FACTS = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": "0",
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}


def _graded(by, deaths: int, **register_kwargs):
    incident = register(by, **register_kwargs)
    services.incident_grade(
        incident=incident, by=by, facts={**NO_FACTS, "deaths": deaths}
    )
    return incident


@time_machine.travel(NOW, tick=False)
def test_lists_major_and_especially_major_of_the_year_only(
    duty_officer, district_a, district_b
) -> None:
    # given: 重大 in A, 特别重大 in B, 较大 and 一般 in A, a dismissed 重大 in A
    major = _graded(duty_officer, 10, district=district_a, title="A区重大")
    especially = _graded(duty_officer, 30, district=district_b, title="B区特别重大")
    _graded(duty_officer, 3, district=district_a, title="较大")
    _graded(duty_officer, 1, district=district_a, title="一般")
    register(duty_officer, district=district_a, title="未定级")
    dismissed = _graded(duty_officer, 10, district=district_a, title="已排除")
    services.incident_dismiss(
        incident=dismissed, by=duty_officer, verification="核实", reason="不构成"
    )

    # when / then: the whole city, then one district
    rows = selectors.major_incidents_for_accountability(year=2026)
    assert [r.pk for r in rows] == [major.pk, especially.pk]
    assert rows[0].grade_label == "重大（Ⅱ级）" and rows[0].is_major
    assert rows[0].district_name == district_a.name
    assert rows[1].grade_label == "特别重大（Ⅰ级）"
    in_a = selectors.major_incidents_for_accountability(year=2026, district=district_a)
    assert [r.pk for r in in_a] == [major.pk]
    assert selectors.major_incidents_for_accountability(
        year=2026, district=district_b.pk
    ) == [rows[1]]
    assert selectors.major_incidents_for_accountability(year=2025) == []


@time_machine.travel(NOW, tick=False)
def test_year_is_the_shanghai_year_of_the_incident_else_of_its_receipt(
    duty_officer, district_a
) -> None:
    # 2025-12-31 23:30 in Shanghai is 15:30 UTC: still 2025.
    late_2025 = _graded(
        duty_officer, 10, district=district_a,
        occurred_at=datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI),
        received_at=datetime(2026, 1, 1, 0, 10, tzinfo=SHANGHAI),
    )  # fmt: skip
    # No 事发时间: the moment the bureau learnt of it counts.
    early_2026 = _graded(
        duty_officer, 10, district=district_a,
        received_at=datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI),
    )  # fmt: skip
    assert [r.pk for r in selectors.major_incidents_for_accountability(year=2025)] == [
        late_2025.pk
    ]
    rows = selectors.major_incidents_for_accountability(year=2026)
    assert [r.pk for r in rows] == [early_2026.pk]
    assert rows[0].year == 2026 and rows[0].happened_on.isoformat() == "2026-01-01"


@time_machine.travel(NOW, tick=False)
def test_the_grade_in_force_counts_after_a_regrading(duty_officer, district_a):
    incident = _graded(duty_officer, 10, district=district_a)
    assert len(selectors.major_incidents_for_accountability(year=2026)) == 1
    services.incident_grade(
        incident=incident,
        by=duty_officer,
        facts={**NO_FACTS, "deaths": 3},
        note="核实后死亡人数更正为3人",
    )
    assert selectors.major_incidents_for_accountability(year=2026) == []
    # The single read used by the rule checks still finds it, below 重大.
    found = selectors.incident_for_accountability(incident.pk)
    assert found is not None and found.grade == "larger" and not found.is_major


@time_machine.travel(NOW, tick=False)
def test_single_read_skips_ungraded_and_dismissed(duty_officer, district_a):
    ungraded = register(duty_officer, district=district_a)
    dismissed = _graded(duty_officer, 10, district=district_a)
    services.incident_dismiss(
        incident=dismissed, by=duty_officer, verification="核实", reason="不构成"
    )
    assert selectors.incident_for_accountability(ungraded.pk) is None
    assert selectors.incident_for_accountability(dismissed.pk) is None
    assert selectors.incident_for_accountability(999999) is None


@time_machine.travel(NOW, tick=False)
def test_one_query_for_any_number_of_incidents(
    duty_officer, district_a, django_assert_num_queries
) -> None:
    for _ in range(3):
        _graded(duty_officer, 10, district=district_a)
    with django_assert_num_queries(1):
        rows = selectors.major_incidents_for_accountability(year=2026)
    assert len(rows) == 3
