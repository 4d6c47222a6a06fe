"""Rankings per unit per month on a worked month (definitions: docs/glossary.md)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from ecobureau.accounts.tests.factories import UnitFactory
from ecobureau.complaints import selectors
from ecobureau.complaints.models import Complaint
from ecobureau.lib.dates import SHANGHAI

from .conftest import submit

pytestmark = pytest.mark.django_db


def at(day, hour=12, month=10):
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


def make(unit, *, due=None, closed=None, satisfaction="", rated=None, **extra):
    c = submit(
        text="扬尘", place=f"测试路{Complaint.objects.count()}号", anonymous=True
    )
    extra = dict(extra)
    Complaint.objects.filter(pk=c.pk).update(
        unit=unit,
        status=extra.pop("status", "closed" if closed else "dispatched"),
        handling_due_at=due,
        closed_at=closed,
        satisfaction=satisfaction,
        satisfaction_at=rated,
        **extra,
    )
    return c


def test_a_worked_october(bureau, desk, settings):
    settings.COMPLAINT_RANKING_BOTTOM_COUNT = 1
    settings.COMPLAINT_RANKING_DEDUCTION_POINTS = "2"
    east = UnitFactory(code="east", name="铁东分局", kind="sub_bureau", parent=bureau)
    west = UnitFactory(code="west", name="铁西分局", kind="sub_bureau", parent=bureau)
    # 铁东: four due in October: three closed by then (one of them late), one open.
    make(east, due=at(10), closed=at(9), satisfaction="satisfied", rated=at(12))
    make(east, due=at(20), closed=at(18), satisfaction="basic", rated=at(25))
    make(east, due=at(25), closed=at(28), satisfaction="unsatisfied", rated=at(30))
    make(east, due=at(30))
    # closed in October but due in November; the caller could not be reached.
    make(
        east,
        due=at(5, month=11),
        closed=at(15),
        satisfaction="unreachable",
        rated=at(16),
    )
    # 铁西: two due, both closed on time; one satisfied; one repeat complaint.
    original = make(
        west, due=at(8), closed=at(7), satisfaction="satisfied", rated=at(9)
    )
    make(west, due=at(9), closed=at(9))
    make(desk, repeat_visit=True, repeat_of=original, received_at=at(20))
    # A merged duplicate and a complaint not accepted are not counted.
    make(west, due=at(9), closed=at(9), status="merged")
    ranked = selectors.ranking(date(2026, 10, 1))
    by_name = {r.facts.unit_name: r for r in ranked}
    e, w = by_name["铁东分局"], by_name["铁西分局"]
    assert (e.facts.due, e.facts.due_closed) == (4, 3)
    assert (e.facts.closed, e.facts.closed_on_time) == (4, 3)
    assert (e.facts.answered, e.facts.satisfied) == (3, 2)
    assert (e.completion, e.on_time, e.satisfaction) == (
        Decimal("75.0"),
        Decimal("75.0"),
        Decimal("66.7"),
    )
    assert (w.facts.due, w.facts.due_closed, w.facts.closed, w.facts.repeats) == (
        2,
        2,
        2,
        1,
    )
    assert (w.completion, w.on_time, w.satisfaction) == (
        Decimal("100.0"),
        Decimal("100.0"),
        Decimal("100.0"),
    )
    assert [r.facts.unit_name for r in ranked][:2] == ["铁西分局", "铁东分局"]
    assert ranked[-1].deduction == Decimal("2")
