"""Classes computed by the rule, recomputed when a violation is recorded, overridden
with reasons, and each change recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.core.models import Record
from ecobureau.grid import services
from ecobureau.grid.models import EnterpriseSupervision, Violation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False):
        yield


def test_sync_gives_every_enterprise_its_class_and_records_it(cells, enterprises_a):
    result = services.supervision_sync(by=None)
    assert result.created == 12
    classes = dict(EnterpriseSupervision.objects.values_list("enterprise_id", "klass"))
    large, medium, small = enterprises_a[0], enterprises_a[3], enterprises_a[7]
    assert classes[large.pk] == "C"  # provincial key source
    assert classes[medium.pk] == "B"
    assert classes[small.pk] == "A"  # small, minor pollution (the default)
    row = EnterpriseSupervision.objects.get(enterprise=small)
    assert row.cell == cells["210302001"]
    assert row.next_due_on == date(2027, 11, 22)  # A: yearly (example configuration)
    assert Record.objects.filter(action="grid.class_decide").count() == 12
    again = services.supervision_sync(by=None)
    assert (again.created, again.changed) == (0, 0)


def test_a_recorded_violation_makes_the_enterprise_c_at_once(
    cells, enterprises_a, district_a_leader
):
    small = enterprises_a[7]
    services.supervision_refresh(enterprise=small, by=None)
    violation, row = services.violation_record(
        enterprise=small,
        occurred_on=TODAY - timedelta(days=30),
        description="未按规定贮存危险废物",
        by=None,
        source=("enforcement.case", "17"),
    )
    assert row.klass == "C" and row.violations_3y == 1
    assert row.next_due_on == date(2026, 12, 22)  # C: monthly
    assert "三年内存在环境违法行为（1次）" in "".join(row.explain)
    entry = Record.objects.filter(action="grid.class_decide").last()
    assert entry is not None and '"before":"A"' in entry.payload

    # Set aside on review: the violation no longer counts.
    row = services.violation_revoke(
        violation=violation, reason="复议决定撤销处罚", by=district_a_leader
    )
    assert row.klass == "A"


def test_violations_older_than_three_years_do_not_count(cells, enterprises_a):
    small = enterprises_a[8]
    Violation.objects.create(
        enterprise=small, occurred_on=date(2023, 11, 22), description="旧违法"
    )
    assert services.supervision_refresh(enterprise=small, by=None).klass == "A"
    Violation.objects.create(
        enterprise=small, occurred_on=date(2023, 11, 23), description="三年内"
    )
    assert services.supervision_refresh(enterprise=small, by=None).klass == "C"


def test_officer_override_needs_a_reason_and_is_recorded(
    cells, enterprises_a, enforcement_head
):
    row = services.supervision_refresh(enterprise=enterprises_a[3], by=None)
    assert row.klass == "B"
    with pytest.raises(ValidationError, match="请填写调整理由"):
        services.class_override(
            supervision=row, klass="C", reason="  ", by=enforcement_head
        )
    row = services.class_override(
        supervision=row, klass="C", reason="周边居民区密集、投诉多", by=enforcement_head
    )
    assert (row.klass, row.computed_class, row.override_class) == ("C", "B", "C")
    # A later recomputation keeps the officer's class.
    row = services.supervision_refresh(enterprise=enterprises_a[3], by=None)
    assert row.klass == "C"
    row = services.class_override_clear(
        supervision=row, reason="周边搬迁完成", by=enforcement_head
    )
    assert row.klass == "B" and not row.override_class
    actions = list(
        Record.objects.filter(target_type="grid.enterprisesupervision")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert "grid.class_override" in actions and "grid.class_override_clear" in actions


def test_someone_without_the_permission_cannot_override(
    cells, enterprises_a, grid_officer
):
    row = services.supervision_refresh(enterprise=enterprises_a[3], by=None)
    with pytest.raises(PermissionDenied):
        services.class_override(supervision=row, klass="A", reason="x", by=grid_officer)
    row.refresh_from_db()
    assert row.klass == "B"


def test_pollution_assessment_moves_the_class(cells, enterprises_a, enforcement_head):
    large_minor = services.supervision_refresh(enterprise=enterprises_a[3], by=None)
    row = services.pollution_set(
        supervision=large_minor,
        pollution="none",
        reason="无生产废水废气",
        by=enforcement_head,
    )
    assert row.klass == "B"  # medium stays B: A is for small enterprises only
    small = services.supervision_refresh(enterprise=enterprises_a[9], by=None)
    row = services.pollution_set(
        supervision=small,
        pollution="significant",
        reason="喷涂工序",
        by=enforcement_head,
    )
    assert row.klass == "B"


def test_only_credentialed_officers_hold_a_calendar(
    cells, enterprises_a, enforcement_head, inspectors, grid_officer
):
    row = services.supervision_refresh(enterprise=enterprises_a[0], by=None)
    with pytest.raises(ValidationError, match="网格员不从事涉企行政检查"):
        services.officer_assign(
            supervision=row, officer=grid_officer, by=enforcement_head
        )
    services.officer_assign(supervision=row, officer=inspectors[0], by=enforcement_head)
    row.refresh_from_db()
    assert row.officer == inspectors[0]
