"""`ranking_facts_by_month` gives, month by month, exactly what `ranking_facts`
gives for each month alone (the leadership view's quarters and years use it)."""

import random
from datetime import date, datetime, timedelta

import pytest

from ecobureau.accounts.tests.factories import UnitFactory
from ecobureau.complaints import selectors
from ecobureau.complaints.models import Complaint
from ecobureau.lib.dates import SHANGHAI

from .test_rankings import make

pytestmark = pytest.mark.django_db

MONTHS = [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]


def local(month, day, hour=12, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def units(bureau):
    return [
        UnitFactory(code=f"u{n}", name=f"第{n}分局", kind="sub_bureau", parent=bureau)
        for n in range(3)
    ]


def test_matches_ranking_facts_on_month_edges(units, desk):
    # given: cases on the local-midnight edges, where a UTC month would differ
    a, b, c = units
    # due 31 Oct 23:30 local, closed 1 Nov 00:30 local: due in October, closed in
    # November (both still 31 Oct in UTC), so not closed by the end of October.
    make(a, due=local(10, 31, 23, 30), closed=local(11, 1, 0, 30))
    # closed in September, due in November: counts as due_closed in November.
    make(
        a,
        due=local(11, 3),
        closed=local(9, 30, 23, 59),
        satisfaction="basic",
        rated=local(10, 1, 0, 1),
    )
    # rated, unreachable, not counted as answered.
    make(
        b,
        due=local(10, 1, 0, 0),
        closed=local(10, 1, 0, 0),
        satisfaction="unreachable",
        rated=local(10, 2),
    )
    make(
        b,
        due=local(12, 1, 0, 0),
        closed=local(11, 30, 23, 59),
        satisfaction="unsatisfied",
        rated=local(12, 1, 0, 0),
    )
    make(c, due=local(9, 10))  # open, due in September
    make(c, due=local(10, 10), closed=local(10, 9), status="merged")  # not counted
    make(c, due=local(10, 10), closed=local(10, 9), status="not_accepted")
    original = make(c, due=local(9, 5), closed=local(9, 4))
    make(desk, repeat_visit=True, repeat_of=original, received_at=local(11, 1, 0, 5))
    make(
        None,
        repeat_visit=True,
        duplicate_of=original,
        received_at=local(10, 31, 23, 55),
    )

    # closed before the first month asked (August): closed by September's end;
    # closed after the last month asked (December): not closed by November's end.
    make(b, due=local(9, 2), closed=local(8, 31, 23, 59))
    make(b, due=local(11, 30, 23, 59), closed=local(12, 1, 0, 1))

    # when
    grouped = selectors.ranking_facts_by_month(MONTHS[:3])

    # then
    assert list(grouped) == MONTHS[:3]
    for month in MONTHS[:3]:
        assert grouped[month] == selectors.ranking_facts(month), month
    october = {f.unit_name: f for f in grouped[date(2026, 10, 1)]}
    assert (october["第0分局"].due, october["第0分局"].due_closed) == (1, 0)
    assert october["第1分局"].answered == 0
    assert october["第2分局"].repeats == 1
    september = {f.unit_name: f for f in grouped[date(2026, 9, 1)]}
    assert (september["第1分局"].due, september["第1分局"].due_closed) == (1, 1)
    november = {f.unit_name: f for f in grouped[date(2026, 11, 1)]}
    assert (november["第0分局"].due, november["第0分局"].due_closed) == (1, 1)
    assert (november["第1分局"].due, november["第1分局"].due_closed) == (1, 0)
    assert november["第2分局"].repeats == 1


def test_matches_ranking_facts_on_many_random_cases(units, desk):
    # given: 60 cases spread over four months and three units, seeded
    rng = random.Random(20261123)
    start = local(9, 1, 0, 0)
    minutes = 122 * 24 * 60
    made: list[Complaint] = []
    for _ in range(60):
        received = start + timedelta(minutes=rng.randrange(minutes))
        due = received + timedelta(days=rng.randrange(0, 20), hours=rng.randrange(24))
        closed = (
            received + timedelta(days=rng.randrange(0, 30), minutes=rng.randrange(1440))
            if rng.random() < 0.8
            else None
        )
        answer = rng.choice(["satisfied", "basic", "unsatisfied", "unreachable", ""])
        extra: dict[str, object] = {}
        if made and rng.random() < 0.15:
            extra = {"repeat_visit": True, "repeat_of": rng.choice(made)}
        if closed:
            extra["status"] = rng.choice(["closed", "closed", "merged"])
        made.append(
            make(
                rng.choice([*units, None]),
                due=due,
                closed=closed,
                satisfaction=answer if closed else "",
                rated=closed + timedelta(days=1) if closed and answer else None,
                received_at=received,
                **extra,
            )
        )
    assert Complaint.objects.filter(repeat_visit=True).exists()

    # when / then: the same facts, for the months asked, in any order
    grouped = selectors.ranking_facts_by_month(MONTHS)
    for month in MONTHS:
        assert grouped[month] == selectors.ranking_facts(month), month
    assert any(grouped[m] for m in MONTHS)
    apart = selectors.ranking_facts_by_month([MONTHS[3], MONTHS[0]])
    assert list(apart) == [MONTHS[0], MONTHS[3]]
    assert apart[MONTHS[0]] == grouped[MONTHS[0]]
    assert apart[MONTHS[3]] == grouped[MONTHS[3]]
    assert selectors.ranking_facts_by_month([]) == {}
