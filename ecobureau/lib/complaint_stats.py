"""Complaint statistics, pure: the monthly revisit sample and the unit rankings.

Revisit (回访): seed 000 与群众互动 §4 "确保每月复查或回访不低于10%" (for inspection
cases; requirements A83 make the rate a setting for ordinary complaints). The
sample is ceil(rate × the unit's cases closed in the month), at least one when
there are any, drawn at random but reproducibly: the same seed and the same cases
give the same sample.

Rankings (与群众互动 §3 "按照诉求案件办结率、满意率等各项指标，对各单位、各科室
办理情况进行排名"): the definitions are in docs/glossary.md and below.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def sample_size(closed: int, rate: Fraction) -> int:
    """ceil(rate × closed), at least one when anything was closed."""
    if closed <= 0:
        return 0
    return max(1, min(closed, math.ceil(rate * closed)))


def draw(ids: Iterable[int], *, rate: Fraction, seed: str) -> list[int]:
    """The revisit sample of one unit's closed cases, sorted.

    The cases are sorted first, so the order they were read in does not matter;
    the generator is seeded from the text `seed` through SHA-256, so the draw does
    not depend on Python's hash randomisation.
    """
    population = sorted(set(ids))
    size = sample_size(len(population), rate)
    digest = hashlib.sha256(seed.encode()).digest()
    generator = random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311
    return sorted(generator.sample(population, size))


@dataclass(frozen=True)
class UnitMonth:
    """What one unit did with complaints in one month (the facts a ranking uses)."""

    unit_id: int
    unit_name: str
    due: int  # handling deadline fell in the month
    due_closed: int  # of those, closed by the end of the month
    closed: int  # closed (replied) in the month
    closed_on_time: int  # of those, closed by their deadline
    answered: int  # satisfaction recorded in the month (reached)
    satisfied: int  # of those, 满意 or 基本满意
    repeats: int  # 重复访 received in the month against this unit's cases


@dataclass(frozen=True)
class Ranked:
    facts: UnitMonth
    completion: Decimal | None  # due_closed / due
    on_time: Decimal | None  # closed_on_time / closed
    satisfaction: Decimal | None  # satisfied / answered
    rank: int
    deduction: Decimal  # performance points deducted (bottom of the ranking)


def rate(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal, None when whole is 0."""
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def rank(
    facts: Sequence[UnitMonth], *, bottom: int = 0, points: Decimal = Decimal(0)
) -> list[Ranked]:
    """Units ordered best first: completion rate, then on-time rate, then
    satisfaction rate (higher is better; a rate with no cases counts as 100 %),
    then fewer repeat complaints, then the unit's name. Units with no cases at all
    in the month are not ranked. The last `bottom` units lose `points` each
    (与群众互动 §3 "排名靠后者扣除相应绩效考核分数"; how many and how much is a
    setting, requirements A84)."""
    active = [f for f in facts if f.due or f.closed or f.answered or f.repeats]

    def best(value: Decimal | None) -> Decimal:
        return Decimal(100) if value is None else value

    def key(f: UnitMonth) -> tuple[Decimal, Decimal, Decimal, int, str]:
        return (
            -best(rate(f.due_closed, f.due)),
            -best(rate(f.closed_on_time, f.closed)),
            -best(rate(f.satisfied, f.answered)),
            f.repeats,
            f.unit_name,
        )

    ordered = sorted(active, key=key)
    result = []
    for position, f in enumerate(ordered, start=1):
        deducted = points if bottom and position > len(ordered) - bottom else Decimal(0)
        result.append(
            Ranked(
                facts=f,
                completion=rate(f.due_closed, f.due),
                on_time=rate(f.closed_on_time, f.closed),
                satisfaction=rate(f.satisfied, f.answered),
                rank=position,
                deduction=deducted,
            )
        )
    return result
