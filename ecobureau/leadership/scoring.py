"""Unit scores for the monthly ranking and the quarterly assessment. Pure: no
Django, no database.

The seeds say units are ranked monthly "按照诉求案件办结率、满意率等各项指标" and
assessed quarterly (与群众互动 三、3–4; requirements A84, A96), and that the
supervision results of 与基层互动 are tied to performance scores (A80). They give no
indicator weights: EXAMPLE_SCHEME below is example configuration only
(示例配置，需按考核办法核定), stored with every confirmed assessment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SCHEME_LABEL = "示例配置，需按考核办法核定"

EXAMPLE_SCHEME: dict[str, Any] = {
    "label": SCHEME_LABEL,
    "indicators": [
        {"code": "completion", "name": "办结率", "weight": 40},
        {"code": "on_time", "name": "按期办结率", "weight": 20},
        {"code": "satisfaction", "name": "满意率", "weight": 40},
    ],
    "repeat_points": "1",  # points off per 重复访
    "repeat_cap": "10",
    "supervision_cap": "20",  # 与基层互动督查扣分 (A80), entered on confirmation
}

_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class UnitFacts:
    """One unit's counts over the period (months summed for a quarter)."""

    unit_id: int
    unit_name: str
    due: int = 0
    due_closed: int = 0
    closed: int = 0
    closed_on_time: int = 0
    answered: int = 0
    satisfied: int = 0
    repeats: int = 0
    ranking_deduction: Decimal = Decimal(0)  # monthly bottom-rank deductions (A84)


@dataclass(frozen=True)
class UnitScore:
    facts: UnitFacts
    rates: dict[str, Decimal | None]
    base: Decimal | None
    repeat_deduction: Decimal
    supervision_deduction: Decimal
    score: Decimal | None
    rank: int = 0
    notes: list[str] = field(default_factory=list)


def rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(_TENTH, ROUND_HALF_UP)


def rates_of(facts: UnitFacts) -> dict[str, Decimal | None]:
    return {
        "completion": rate(facts.due_closed, facts.due),
        "on_time": rate(facts.closed_on_time, facts.closed),
        "satisfaction": rate(facts.satisfied, facts.answered),
    }


def score_unit(
    facts: UnitFacts, scheme: Mapping[str, Any], supervision: Decimal = Decimal(0)
) -> UnitScore:
    """Weighted rates (an indicator with nothing to count is left out and the
    others rescaled), minus repeats, the monthly deductions and 与基层互动."""
    rates = rates_of(facts)
    weighted = Decimal(0)
    weights = Decimal(0)
    for indicator in scheme["indicators"]:
        value = rates.get(indicator["code"])
        if value is None:
            continue
        weight = Decimal(str(indicator["weight"]))
        weighted += weight * value / 100
        weights += weight
    base = (
        (weighted * 100 / weights).quantize(_TENTH, ROUND_HALF_UP) if weights else None
    )
    repeat = min(
        Decimal(str(scheme["repeat_points"])) * facts.repeats,
        Decimal(str(scheme["repeat_cap"])),
    )
    cap = Decimal(str(scheme["supervision_cap"]))
    supervision = min(max(supervision, Decimal(0)), cap)
    score = None
    if base is not None:
        score = (base - repeat - facts.ranking_deduction - supervision).quantize(
            _TENTH, ROUND_HALF_UP
        )
    return UnitScore(
        facts=facts,
        rates=rates,
        base=base,
        repeat_deduction=repeat,
        supervision_deduction=supervision,
        score=score,
    )


def rank(scores: Sequence[UnitScore]) -> list[UnitScore]:
    """Highest score first; equal scores share a rank; units with nothing to score
    come last, unranked (rank 0)."""
    scored = sorted(
        (s for s in scores if s.score is not None),
        key=lambda s: (-(s.score or 0), s.facts.unit_name),
    )
    out: list[UnitScore] = []
    previous: Decimal | None = None
    current = 0
    for position, s in enumerate(scored, start=1):
        if s.score != previous:
            current = position
            previous = s.score
        out.append(_with_rank(s, current))
    out += sorted(
        (s for s in scores if s.score is None), key=lambda s: s.facts.unit_name
    )
    return out


def _with_rank(s: UnitScore, value: int) -> UnitScore:
    return UnitScore(
        facts=s.facts,
        rates=s.rates,
        base=s.base,
        repeat_deduction=s.repeat_deduction,
        supervision_deduction=s.supervision_deduction,
        score=s.score,
        rank=value,
        notes=s.notes,
    )


def add(a: UnitFacts, b: UnitFacts) -> UnitFacts:
    """Two months' facts of one unit summed."""
    return UnitFacts(
        unit_id=a.unit_id,
        unit_name=a.unit_name,
        due=a.due + b.due,
        due_closed=a.due_closed + b.due_closed,
        closed=a.closed + b.closed,
        closed_on_time=a.closed_on_time + b.closed_on_time,
        answered=a.answered + b.answered,
        satisfied=a.satisfied + b.satisfied,
        repeats=a.repeats + b.repeats,
        ranking_deduction=a.ranking_deduction + b.ranking_deduction,
    )


def to_row(s: UnitScore) -> dict[str, Any]:
    """A stored row: ids, names and numbers only (no personal data)."""
    f = s.facts
    return {
        "unit_id": f.unit_id,
        "unit_name": f.unit_name,
        "due": f.due,
        "due_closed": f.due_closed,
        "closed": f.closed,
        "closed_on_time": f.closed_on_time,
        "answered": f.answered,
        "satisfied": f.satisfied,
        "repeats": f.repeats,
        "rates": {k: (None if v is None else str(v)) for k, v in s.rates.items()},
        "base": None if s.base is None else str(s.base),
        "repeat_deduction": str(s.repeat_deduction),
        "ranking_deduction": str(f.ranking_deduction),
        "supervision_deduction": str(s.supervision_deduction),
        "score": None if s.score is None else str(s.score),
        "rank": s.rank,
    }
