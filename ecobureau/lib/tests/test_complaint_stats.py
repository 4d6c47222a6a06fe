"""The revisit sample and the ranking arithmetic on a worked month."""

from decimal import Decimal
from fractions import Fraction

from ecobureau.lib import complaint_stats as cs

TEN = Fraction(1, 10)


def test_the_sample_is_ceil_ten_percent_and_at_least_one() -> None:
    assert [cs.sample_size(n, TEN) for n in (0, 1, 9, 10, 11, 20, 21)] == [
        0,
        1,
        1,
        1,
        2,
        2,
        3,
    ]


def test_the_draw_is_random_reproducible_and_independent_of_input_order() -> None:
    ids = list(range(100, 160))
    one = cs.draw(ids, rate=TEN, seed="2026-10:unit-7")
    assert len(one) == 6 and set(one) <= set(ids)
    assert cs.draw(reversed(ids), rate=TEN, seed="2026-10:unit-7") == one
    others = {
        tuple(cs.draw(ids, rate=TEN, seed=f"2026-10:unit-{n}")) for n in range(20)
    }
    assert len(others) > 15  # different seeds, different samples


def test_ranking_of_a_worked_month() -> None:
    # 铁东: 10 due, 9 of them closed; 12 closed, 11 on time; 8 answered, 7 satisfied.
    # 铁西: 4 due, 4 closed; 5 closed, 5 on time; 5 answered, 3 satisfied; 2 repeats.
    # 千山: nothing due; 2 closed, 1 on time.
    # 立山: no cases: not ranked.
    facts = [
        cs.UnitMonth(1, "铁东分局", 10, 9, 12, 11, 8, 7, 0),
        cs.UnitMonth(2, "铁西分局", 4, 4, 5, 5, 5, 3, 2),
        cs.UnitMonth(3, "千山分局", 0, 0, 2, 1, 0, 0, 0),
        cs.UnitMonth(4, "立山分局", 0, 0, 0, 0, 0, 0, 0),
    ]
    ranked = cs.rank(facts, bottom=1, points=Decimal("2"))
    assert [r.facts.unit_name for r in ranked] == ["铁西分局", "千山分局", "铁东分局"]
    west, qianshan, east = ranked
    assert (west.completion, west.on_time, west.satisfaction) == (
        Decimal("100.0"),
        Decimal("100.0"),
        Decimal("60.0"),
    )
    assert (east.completion, east.on_time, east.satisfaction) == (
        Decimal("90.0"),
        Decimal("91.7"),
        Decimal("87.5"),
    )
    # Nothing due: the completion rate is not a number, and does not count against.
    assert qianshan.completion is None and qianshan.on_time == Decimal("50.0")
    assert [r.deduction for r in ranked] == [0, 0, Decimal("2")]
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_a_zero_rate_ranks_below_an_empty_one() -> None:
    zero = cs.UnitMonth(1, "甲", 2, 0, 0, 0, 0, 0, 0)
    empty = cs.UnitMonth(2, "乙", 0, 0, 0, 0, 1, 1, 0)
    assert [r.facts.unit_name for r in cs.rank([zero, empty])] == ["乙", "甲"]
