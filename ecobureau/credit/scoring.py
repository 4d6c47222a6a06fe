"""The credit score as a pure function: a scheme and the year's facts in, the score,
the grade and an item-by-item explanation out. No database, no clock.

Every scheme here is a deduction scheme: score = base − Σ indicator deductions, where
an indicator deducts `points` for each fact of its source, up to its `cap` (its weight).
Bonus indicators (守信加分, source "bonus", entered by the pre-scoring team) add
instead, each up to its cap and all together up to the scheme's `bonus_cap`; the
score stays within 0 and the scheme's `ceiling`.
The national 4 aspects / 21 indicators and Liaoning's 记分 scheme are both expressed
this way (config.py). A fact that matches a direct-downgrade rule (一票否决) gives the
worst grade whatever the score (环发〔2013〕150号, rules.md C5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

MANUAL = "manual"
BONUS = "bonus"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    aspect: str
    name: str
    source: str
    points: Decimal
    cap: Decimal
    basis: str = ""
    is_example: bool = True


@dataclass(frozen=True)
class GradeSpec:
    code: str
    name: str
    colour: str
    min_score: Decimal
    is_worst: bool = False
    is_example: bool = True


@dataclass(frozen=True)
class VetoSpec:
    code: str
    text: str
    source: str  # "" : only entered by the pre-scoring team (a manual fact)
    basis: str
    is_confirmed: bool = False


@dataclass(frozen=True)
class SchemeSpec:
    name: str
    base_score: Decimal
    indicators: Sequence[IndicatorSpec]
    grades: Sequence[GradeSpec]
    vetoes: Sequence[VetoSpec] = ()
    is_example: bool = True
    bonus_cap: Decimal = Decimal(0)
    ceiling: Decimal = Decimal(100)


@dataclass(frozen=True)
class Fact:
    """One record of the year. `ref` names it ("enforcement.enforcementcase:12").
    A manual fact (entered by the pre-scoring team) names its indicator or veto code
    and may carry its own points."""

    source: str
    ref: str
    label: str
    on: date | None = None
    code: str = ""
    points: Decimal | None = None


@dataclass(frozen=True)
class Line:
    indicator: str
    aspect: str
    name: str
    ref: str
    label: str
    on: str
    points: Decimal
    note: str = ""
    kind: str = "deduct"  # or "bonus" (守信加分: the points add)


def fact_json(fact: Fact) -> dict[str, str | None]:
    return {
        "source": fact.source,
        "ref": fact.ref,
        "label": fact.label,
        "on": fact.on.isoformat() if fact.on else "",
        "code": fact.code,
        "points": None if fact.points is None else fmt(fact.points),
    }


def fact_from_json(row: dict[str, Any]) -> Fact:
    points = row.get("points")
    return Fact(
        source=row["source"],
        ref=row["ref"],
        label=row.get("label", ""),
        on=date.fromisoformat(row["on"]) if row.get("on") else None,
        code=row.get("code", ""),
        points=None if points in (None, "") else Decimal(str(points)),
    )


@dataclass
class Result:
    scheme: str
    base: Decimal
    deducted: Decimal
    score: Decimal
    grade: GradeSpec
    vetoes: list[tuple[VetoSpec, Fact]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    explain: list[str] = field(default_factory=list)
    added: Decimal = Decimal(0)
    # Every fact scored, before any struck out: kept with the result so that an
    # objection re-scores the same facts (not the records as they are later).
    facts: list[Fact] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "scheme": self.scheme,
            "base": fmt(self.base),
            "deducted": fmt(self.deducted),
            "added": fmt(self.added),
            "score": fmt(self.score),
            "grade": self.grade.name,
            "vetoes": [
                {
                    "code": v.code,
                    "text": v.text,
                    "ref": f.ref,
                    "label": f.label,
                    "on": f.on.isoformat() if f.on else "",
                }
                for v, f in self.vetoes
            ],
            "lines": [
                {
                    "indicator": line.indicator,
                    "aspect": line.aspect,
                    "name": line.name,
                    "ref": line.ref,
                    "label": line.label,
                    "on": line.on,
                    "points": fmt(line.points),
                    "note": line.note,
                    "kind": line.kind,
                }
                for line in self.lines
            ],
            "explain": self.explain,
            "facts": [fact_json(f) for f in self.facts],
        }


def fmt(value: Decimal) -> str:
    """6.0 → "6", 2.5 → "2.5", 100 → "100"."""
    return format(value.normalize(), "f")


def grade_for(scheme: SchemeSpec, score: Decimal) -> GradeSpec:
    bands = sorted(scheme.grades, key=lambda g: g.min_score, reverse=True)
    for band in bands:
        if score >= band.min_score:
            return band
    return bands[-1]


def worst_grade(scheme: SchemeSpec) -> GradeSpec:
    marked = [g for g in scheme.grades if g.is_worst]
    return marked[0] if marked else min(scheme.grades, key=lambda g: g.min_score)


def score(
    scheme: SchemeSpec, facts: Iterable[Fact], *, excluded: Iterable[str] = ()
) -> Result:
    """Score one enterprise's year. `excluded`: refs an upheld objection struck out."""
    struck = set(excluded)
    given = list(facts)
    facts = [f for f in given if f.ref not in struck]
    lines: list[Line] = []
    explain: list[str] = [
        f"评价方案：{scheme.name}；基础分 {fmt(scheme.base_score)} 分。"
        + ("（示例配置，需按省厅文件核定）" if scheme.is_example else "")
    ]
    total = Decimal(0)
    bonus = Decimal(0)
    for indicator in scheme.indicators:
        adds = indicator.source == BONUS
        mine = [
            f
            for f in facts
            if (f.source == indicator.source and f.source not in (MANUAL, BONUS))
            or (f.source in (MANUAL, BONUS) and f.code == indicator.code)
        ]
        used = Decimal(0)
        for fact in mine:
            wanted = fact.points if fact.points is not None else indicator.points
            room = indicator.cap - used
            applied = max(Decimal(0), min(wanted, room))
            note = (
                ""
                if applied == wanted
                else f"已达该项最高{'加分' if adds else '扣分'} {fmt(indicator.cap)} 分"
            )
            used += applied
            lines.append(
                Line(
                    indicator=indicator.code,
                    aspect=indicator.aspect,
                    name=indicator.name,
                    ref=fact.ref,
                    label=fact.label,
                    on=fact.on.isoformat() if fact.on else "",
                    points=applied,
                    note=note,
                    kind="bonus" if adds else "deduct",
                )
            )
            explain.append(
                f"{indicator.code} {indicator.name}：{fact.label}"
                f"{'（' + fact.on.isoformat() + '）' if fact.on else ''}，"
                f"{'加' if adds else '扣'} {fmt(applied)} 分{'，' + note if note else ''}。"
                + ("（守信加分，示例配置）" if adds and indicator.is_example else "")
            )
        if adds:
            bonus += used
        else:
            total += used
    if struck:
        explain.append(f"经异议核实不予计分的记录：{'、'.join(sorted(struck))}。")
    added = min(bonus, scheme.bonus_cap)
    if bonus:
        explain.append(
            f"守信加分合计 {fmt(bonus)} 分"
            + (
                f"，超过加分合计上限 {fmt(scheme.bonus_cap)} 分，按 {fmt(added)} 分计"
                if added < bonus
                else ""
            )
            + "。"
        )
    raw = scheme.base_score - total + added
    result_score = max(Decimal(0), min(scheme.ceiling, raw))
    if raw > scheme.ceiling:
        explain.append(f"得分不超过 {fmt(scheme.ceiling)} 分。")
    grade = grade_for(scheme, result_score)
    explain.append(
        f"扣分合计 {fmt(total)} 分"
        + (f"，加分 {fmt(added)} 分" if added else "")
        + f"，得分 {fmt(result_score)} 分，按分数线评为“{grade.name}”。"
    )
    vetoes: list[tuple[VetoSpec, Fact]] = []
    for veto in scheme.vetoes:
        for fact in facts:
            hit = (veto.source and fact.source == veto.source) or (
                fact.source == MANUAL and fact.code == veto.code
            )
            if hit:
                vetoes.append((veto, fact))
                break
    if vetoes:
        grade = worst_grade(scheme)
        for veto, fact in vetoes:
            explain.append(
                f"一票否决：{veto.text}（{fact.label}；依据 {veto.basis}"
                f"{'' if veto.is_confirmed else '，条款内容待核实'}），"
                f"直接评为“{grade.name}”。"
            )
    return Result(
        scheme=scheme.name,
        base=scheme.base_score,
        deducted=total,
        score=result_score,
        grade=grade,
        vetoes=vetoes,
        lines=lines,
        explain=explain,
        added=added,
        facts=given,
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (民法典 art. 202)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def repair_window(
    decision_date: date, min_months: int, max_months: int
) -> tuple[date, date]:
    """(earliest day repair may be requested, day publication stops by itself)."""
    return add_months(decision_date, min_months), add_months(decision_date, max_months)
