"""The rule registry: every rule the platform applies automatically, by name and
version (CONTRACTS.md, `python manage.py rules`).

A rule is a pure function from one JSON object to one JSON object plus an
"explain" list of Chinese sentences. Each rule lives in its own module under
this package, which lists its versions in `RULES`; modules are discovered, so
adding a rule touches only its own file. They are imported on first use, so
importing this package stays cheap.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ecobureau.lib.workdays import Calendar


# One module per rule family, imported lazily by `_load()`.
def rule_modules() -> list[str]:
    """Every module of this package: each one that defines RULES is a rule module.
    Discovered, so a module adding a rule touches only its own file."""
    return sorted(
        info.name for info in pkgutil.iter_modules(__path__) if not info.ispkg
    )


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides its input: the date whose regulations apply
    (`--as-of`, or today) and the working-day calendar."""

    as_of: date
    calendar: Calendar


class RuleInputError(ValueError):
    """An input line the rule cannot decide; the message is Chinese and is shown
    to the caller as `{"error": message}`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownRuleError(LookupError):
    """No rule of that name, or no version of it in force on the date asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


RuleFunction = Callable[[dict[str, Any], RuleContext], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """One version of one rule.

    `version` names the regulation the version encodes (e.g. "HJ633-2026");
    `valid_from` and `valid_to` are inclusive, None meaning open-ended.
    `run(data, ctx)` returns the output keys plus "explain", or raises
    RuleInputError.
    """

    name: str
    version: str
    valid_from: date | None
    valid_to: date | None
    description: str
    run: RuleFunction

    def in_force(self, on: date) -> bool:
        after_start = self.valid_from is None or self.valid_from <= on
        before_end = self.valid_to is None or on <= self.valid_to
        return after_start and before_end


_rules: dict[str, list[Rule]] = {}
_loaded = False
_lock = threading.Lock()


def register(rule: Rule) -> Rule:
    """Add one version of a rule. Versions of one rule must not overlap in time,
    so that `get` has exactly one answer for any date."""
    versions = _rules.setdefault(rule.name, [])
    for other in versions:
        if other.version == rule.version or _overlap(other, rule):
            raise ValueError(
                f"rule {rule.name}: version {rule.version} overlaps {other.version}"
            )
    versions.append(rule)
    versions.sort(key=lambda item: item.valid_from or date.min)
    return rule


def _overlap(a: Rule, b: Rule) -> bool:
    a_from, b_from = a.valid_from or date.min, b.valid_from or date.min
    a_to, b_to = a.valid_to or date.max, b.valid_to or date.max
    return a_from <= b_to and b_from <= a_to


def get(name: str, as_of: date) -> Rule:
    """The version of rule `name` in force on `as_of`."""
    _load()
    versions = _rules.get(name)
    if not versions:
        known = "、".join(sorted(_rules)) or "无"
        raise UnknownRuleError(f"未知规则“{name}”，可用规则：{known}")
    for rule in versions:
        if rule.in_force(as_of):
            return rule
    raise UnknownRuleError(f"规则“{name}”没有在{as_of}有效的版本")


def all_rules() -> list[Rule]:
    """Every version of every rule, by name, then by start of validity."""
    _load()
    return [rule for name in sorted(_rules) for rule in _rules[name]]


def _load() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        for module_name in rule_modules():
            module = importlib.import_module(f"{__name__}.{module_name}")
            for rule in getattr(module, "RULES", ()):
                register(rule)
        _loaded = True
