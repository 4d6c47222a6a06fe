"""Fairness of the double-random draw over many seeds: every enterprise of a class
has the same chance of being drawn, every qualified inspector the same chance of
being sent, whatever their id or place in the pool, and a conflict of interest
takes a person out of one enterprise's team without favouring anyone else.

The seeds are fixed, so the statistics are deterministic: the bounds below are the
chi-square critical values at p = 0.001, which a fair draw passes and a draw
biased towards low ids or the head of the pool fails by far."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ecobureau.lib import draw as lib

ROUNDS = 1500
# chi-square critical values at p = 0.001
CHI2_19 = 43.82
CHI2_29 = 58.30


def chi_square(counts: Counter[int], keys: list[int], expected: float) -> float:
    return sum((counts[key] - expected) ** 2 / expected for key in keys)


def test_every_enterprise_of_a_class_is_equally_likely() -> None:
    c_ids = list(range(100, 120))  # 20 C, 25 % → 5 drawn each round
    a_ids = list(range(500, 540))  # 40 A, 5 % → 2 drawn each round
    enterprises = [(pk, "C") for pk in c_ids] + [(pk, "A") for pk in a_ids]
    drawn: Counter[int] = Counter()
    for n in range(ROUNDS):
        result = lib.draw(
            seed=f"fair-{n}",
            enterprises=enterprises,
            inspectors=list(range(1, 11)),
            percents={"C": Decimal(25), "B": Decimal(0), "A": Decimal(5)},
        )
        drawn.update(a.enterprise_id for a in result.assignments)
    assert chi_square(drawn, c_ids, ROUNDS * 5 / 20) < CHI2_19
    a_expected = ROUNDS * 2 / 40
    assert all(abs(drawn[pk] - a_expected) < 0.35 * a_expected for pk in a_ids)
    # The lowest ids are not favoured.
    assert sum(drawn[pk] for pk in c_ids[:5]) < 1.15 * ROUNDS * 5 * 5 / 20


def test_every_inspector_is_equally_likely_to_be_sent() -> None:
    inspectors = list(range(1, 31))  # 30 people, 5 teams of 2 each round
    sent: Counter[int] = Counter()
    for n in range(ROUNDS):
        result = lib.draw(
            seed=f"team-{n}",
            enterprises=[(pk, "C") for pk in range(1, 21)],
            inspectors=inspectors,
            percents={"C": Decimal(25), "B": Decimal(0), "A": Decimal(0)},
        )
        assert all(len(set(a.inspectors)) == 2 for a in result.assignments)
        sent.update(i for a in result.assignments for i in a.inspectors)
    assert chi_square(sent, inspectors, ROUNDS * 10 / 30) < CHI2_29


def test_a_conflict_excludes_one_pair_and_nothing_else() -> None:
    """Inspector 1 may never go to enterprise 7; over many rounds the others share
    enterprise 7 evenly, and inspector 1 still goes to the rest."""
    inspectors = list(range(1, 11))
    at_seven: Counter[int] = Counter()
    one_elsewhere = 0
    for n in range(ROUNDS):
        result = lib.draw(
            seed=f"conflict-{n}",
            enterprises=[(pk, "C") for pk in range(1, 11)],
            inspectors=inspectors,
            percents={"C": Decimal(100), "B": Decimal(0), "A": Decimal(0)},
            conflicts=[(1, 7)],
        )
        assert result.unassigned == []
        for a in result.assignments:
            if a.enterprise_id == 7:
                assert 1 not in a.inspectors
                at_seven.update(a.inspectors)
            elif 1 in a.inspectors:
                one_elsewhere += 1
    assert at_seven[1] == 0
    # The 9 others share the 2 places at enterprise 7 evenly.
    chi = chi_square(at_seven, inspectors[1:], ROUNDS * 2 / 9)
    assert chi < 27.88  # chi-square, 8 degrees of freedom, p = 0.001
    assert one_elsewhere > ROUNDS  # inspector 1 is still sent elsewhere
