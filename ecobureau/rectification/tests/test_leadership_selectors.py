"""The selectors the leadership pages read (docs/modules/rectification.md):
`petition_progress_by_unit` (petition cases per district / 承办单位: total,
closed, open, overdue) and `items_at_risk_for_user` (open tasks and cases
flagged 超期 or 预警), both inside the user's scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from .. import selectors
from ..models import PetitionCase, RectificationTask
from .conftest import make_case, make_task, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(office_staff, district_a, district_b, sub_bureau_a, sub_bureau_b):
    now = timezone.now()
    make_case(office_staff, number="A-1", district=district_a, unit=sub_bureau_a)
    PetitionCase.objects.filter(number="A-1").update(status="filed")
    make_case(
        office_staff,
        number="A-2",
        district=district_a,
        unit=sub_bureau_a,
        deadline=today() - timedelta(days=3),
    )
    PetitionCase.objects.filter(number="A-2").update(late_flagged_at=now)
    make_case(office_staff, number="A-3", district=district_a)  # no unit
    PetitionCase.objects.filter(number="A-3").update(at_risk_flagged_at=now)
    make_case(office_staff, number="B-1", district=district_b, unit=sub_bureau_b)
    PetitionCase.objects.filter(number="B-1").update(at_risk_flagged_at=now)
    make_task(office_staff, number="TA-1", district=district_a)
    RectificationTask.objects.filter(number="TA-1").update(at_risk_flagged_at=now)


def _rows(rows):
    return {(r.name, r.total, r.closed, r.open, r.overdue) for r in rows}


def test_petition_progress_per_district_and_unit(
    places, office_staff, district_a_officer, citizen, district_a, district_b
):
    rows = selectors.petition_progress_by_unit(office_staff, today=today())
    assert _rows(rows) == {
        (district_a.name, 3, 1, 2, 1),
        (district_b.name, 1, 0, 1, 0),
    }
    assert {r.key for r in rows} == {district_a.pk, district_b.pk}
    units = selectors.petition_progress_by_unit(office_staff, today=today(), by="unit")
    assert _rows(units) == {
        ("鞍山市生态环境局铁东分局", 2, 1, 1, 1),
        ("鞍山市生态环境局铁西分局", 1, 0, 1, 0),
        ("（未填承办单位）", 1, 0, 1, 0),
    }
    # a district officer: only its own district
    mine = selectors.petition_progress_by_unit(district_a_officer, today=today())
    assert [(r.total, r.closed, r.open, r.overdue) for r in mine] == [(3, 1, 2, 1)]
    assert selectors.petition_progress_by_unit(citizen, today=today()) == []
    with pytest.raises(ValueError):
        selectors.petition_progress_by_unit(office_staff, today=today(), by="x")


def test_items_at_risk_in_scope(
    places, office_staff, district_a_officer, district_b_officer, citizen
):
    items = selectors.items_at_risk_for_user(office_staff)
    assert (items[0].kind, items[0].number, items[0].flag) == ("case", "A-2", "超期")
    assert {i.label for i in items} == {
        "信访案件A-2",
        "信访案件A-3",
        "信访案件B-1",
        "整改任务TA-1",
    }  # the filed A-1 never, even if flagged
    assert items[0].url.startswith("/rectification/cases/")
    mine = {i.number for i in selectors.items_at_risk_for_user(district_a_officer)}
    assert mine == {"A-2", "A-3", "TA-1"}
    assert {i.number for i in selectors.items_at_risk_for_user(district_b_officer)} == {
        "B-1"
    }
    assert selectors.items_at_risk_for_user(citizen) == []
    assert len(selectors.items_at_risk_for_user(office_staff, limit=2)) == 2
