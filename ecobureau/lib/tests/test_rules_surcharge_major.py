"""The `surcharge` and `major-decision` rules (CONTRACTS.md), worked by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ecobureau.lib import rules
from ecobureau.lib.workdays import Calendar

CTX = rules.RuleContext(as_of=date(2026, 11, 22), calendar=Calendar())


def run(name: str, **data: object) -> dict[str, Any]:
    return rules.get(name, CTX.as_of).run(dict(data), CTX)


@pytest.mark.parametrize(
    ("paid_on", "suspended", "days", "surcharge"),
    [
        ("2026-03-01", [], 0, 0),  # paid on the due date
        ("2026-02-20", [], 0, 0),  # early
        ("2026-03-02", [], 1, 300),  # the day after: 3 % of 10,000
        # 03-02 … 03-11 is 10 days; 03-03 and 03-04 suspended (both ends count).
        ("2026-03-11", [["2026-03-03", "2026-03-04"]], 8, 2400),
        # Overlapping suspensions count their shared days once: 03-03 … 03-06.
        (
            "2026-03-11",
            [["2026-03-03", "2026-03-05"], ["2026-03-04", "2026-03-06"]],
            6,
            1800,
        ),
        # A suspension before the due date changes nothing.
        ("2026-03-05", [["2026-02-01", "2026-02-10"]], 4, 1200),
        # 34 days would be 102 % of the fine: capped at the fine, days still counted.
        ("2026-04-04", [], 34, 10000),
    ],
)
def test_surcharge_counts_calendar_days_after_due(
    paid_on: str, suspended: list[list[str]], days: int, surcharge: float
) -> None:
    out = run(
        "surcharge", fine=10000, due="2026-03-01", paid_on=paid_on, suspended=suspended
    )
    assert (out["days"], out["surcharge"]) == (days, surcharge)
    assert out["explain"]


def test_surcharge_refuses_bad_input_in_chinese() -> None:
    with pytest.raises(rules.RuleInputError) as error:
        run("surcharge", fine=-1, due="2026-13-01", paid_on="x")
    assert "fine" in error.value.message and "due" in error.value.message


BASE = {
    "party": "organisation",
    "fine": 0,
    "daily_penalty": False,
    "measures": [],
    "serious": False,
}


@pytest.mark.parametrize(
    ("change", "major", "hearing"),
    [
        ({"fine": 299_999.99}, False, True),
        ({"fine": 300_000}, True, True),  # 含30万元
        ({"fine": 300_000, "daily_penalty": True}, False, True),  # 不含按日计罚
        ({"party": "citizen", "fine": 300_000}, True, True),  # any party
        ({"fine": 199_999}, False, False),
        ({"party": "citizen", "fine": 5_000}, False, True),
        ({"party": "citizen", "fine": 4_999}, False, False),
        ({"measures": ["seal"]}, False, False),  # seal, not serious
        ({"measures": ["seize"], "serious": True}, True, False),
        ({"measures": ["suspend-production"]}, False, True),
        ({"measures": ["restrict-production"], "serious": True}, True, True),
        ({"measures": ["detention-transfer"]}, True, False),
        ({"measures": ["criminal-transfer"]}, True, False),
        ({"measures": ["revoke-permit"]}, False, True),
    ],
)
def test_major_decision_grounds(
    change: dict[str, object], major: bool, hearing: bool
) -> None:
    out = run("major-decision", **{**BASE, **change})
    assert out["legal_review"] is major and out["collective_deliberation"] is major
    assert out["hearing_notice"] is hearing
    assert bool(out["reasons"]) is major
    assert any("第六十三条" in line for line in out["explain"])


def test_major_decision_refuses_unknown_measures() -> None:
    with pytest.raises(rules.RuleInputError) as error:
        run("major-decision", **{**BASE, "measures": ["demolish"], "party": "state"})
    assert "measures" in error.value.message and "party" in error.value.message
