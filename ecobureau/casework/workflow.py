"""A small declarative way for a module to define its process.

A module describes its case as steps and transitions; `casework.services.
case_transition` performs a transition: it checks who may act, the rule, the
required fields and documents, moves the status with a conditional update (two
people acting at once: one wins, the other is told), stops and starts the legal
clocks, keeps the workbench in step, and writes the record entry — in one
transaction. Plain Python; no engine.

Example (accountability follow-ups, `casework/processes.py`)::

    ACCOUNTABILITY = Process(
        model="casework.accountability",
        steps=[
            Step("open", "待核查", work_title="责任追究待核查：{case}",
                 clock=ClockSpec("核查期限", 15, "workdays")),
            Step("concluded", "已办结", terminal=True),
        ],
        transitions=[
            Transition("conclude", "办结", source=["open"], target="concluded",
                       roles=["legal_reviewer"], requires=["findings", "outcome"]),
        ],
    )

A transition that completes a step done with simultaneous audio/video (现场检查,
抽样, 听证, 查封扣押 …) names the kinds it needs: `recordings=("audio", "video")`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import time
from typing import Any


@dataclass(frozen=True)
class ClockSpec:
    """The legal clock a step starts. `basis` cites the rule the limit comes from."""

    label: str
    amount: int
    unit: str  # "workdays" | "days" | "months" | "hours"
    basis: str = ""
    target_amount: int | None = None  # an earlier promised limit (承诺时限)
    end_time: time | None = None  # "每日15点前": the deadline falls at this local time


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    clock: ClockSpec | None = None
    # While the case is in this step it waits for its assignee (or unit): the
    # workbench shows an item titled like this ("{case}" is str(case)).
    work_title: str | None = None
    terminal: bool = False


Check = Callable[[Any, dict[str, Any]], None]

RECORDING_KINDS = ("audio", "video")  # Attachment.Kind.AUDIO, Attachment.Kind.VIDEO


def _as_tuple(obj: object, *names: str) -> None:
    for name in names:
        object.__setattr__(obj, name, tuple(getattr(obj, name)))


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    source: Iterable[str]
    target: str
    roles: Iterable[str] = ()  # any of these role codes may act
    requires: Iterable[str] = ()  # case fields that must be filled first
    documents: Iterable[str] = ()  # document kinds that must have been issued
    check: Check | None = None  # a further business rule; raises ValidationError
    assignee_may_act: bool = True  # the case's assignee may act without the role
    # Steps done with simultaneous audio/video (全过程记录实施办法 第十三条, 第十五条,
    # 第二十五条, 第二十七条, 第三十条; requirements A36): an attachment of one of
    # these kinds, uploaded in the current step, or a stated reason why recording
    # was unsuitable. ("audio", "video"): either will do.
    recordings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _as_tuple(self, "source", "roles", "requires", "documents", "recordings")
        unknown = set(self.recordings) - set(RECORDING_KINDS)
        if unknown:
            raise ValueError(f"{self.code}: unknown recording kinds {unknown}")


DEFAULT_SCOPE_FIELDS = {"district": "district", "township": "township", "unit": "unit"}


@dataclass(frozen=True)
class Process:
    """The steps and transitions of one kind of case (one model)."""

    model: str  # "app_label.modelname"
    steps: Iterable[Step]
    transitions: Iterable[Transition]
    # The case's own field names for the data scope (accounts.selectors.scope_q).
    scope_fields: dict[str, str | None] = field(
        default_factory=lambda: dict(DEFAULT_SCOPE_FIELDS)
    )

    def __post_init__(self) -> None:
        _as_tuple(self, "steps", "transitions")
        codes = {step.code for step in self.steps}
        if len(codes) != len(tuple(self.steps)):
            raise ValueError(f"{self.model}: duplicate step codes")
        names = [t.code for t in self.transitions]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.model}: duplicate transition codes")
        for transition in self.transitions:
            unknown = (set(transition.source) | {transition.target}) - codes
            if unknown:
                raise ValueError(
                    f"{self.model}.{transition.code}: unknown steps {unknown}"
                )

    def step(self, code: str) -> Step:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(f"{self.model}: no step {code!r}")

    def transition(self, code: str) -> Transition:
        for transition in self.transitions:
            if transition.code == code:
                return transition
        raise KeyError(f"{self.model}: no transition {code!r}")

    def available(self, status: str) -> list[Transition]:
        return [t for t in self.transitions if status in t.source]
