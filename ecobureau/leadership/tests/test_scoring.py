from decimal import Decimal

from ecobureau.leadership import scoring


def facts(unit_id, name, **kw):
    return scoring.UnitFacts(unit_id=unit_id, unit_name=name, **kw)


def test_weighted_score_with_deductions():
    # completion 3/4 = 75.0, on time 2/3 = 66.7, satisfaction 1/2 = 50.0
    f = facts(1, "甲", due=4, due_closed=3, closed=3, closed_on_time=2, answered=2,
              satisfied=1, repeats=2, ranking_deduction=Decimal("2"))  # fmt: skip
    s = scoring.score_unit(f, scoring.EXAMPLE_SCHEME, Decimal("3"))
    # (40×75.0 + 20×66.7 + 40×50.0) / 100 = 63.34 → 63.3
    assert s.base == Decimal("63.3")
    assert s.repeat_deduction == Decimal("2")
    assert s.score == Decimal("63.3") - 2 - 2 - 3


def test_indicator_without_data_is_left_out_and_rest_rescaled():
    f = facts(1, "甲", due=2, due_closed=2, closed=2, closed_on_time=1)
    s = scoring.score_unit(f, scoring.EXAMPLE_SCHEME)
    # satisfaction unknown: (40×100 + 20×50) / 60 = 83.3
    assert s.base == Decimal("83.3")


def test_caps_and_ranking_with_ties_and_unscored_last():
    a = scoring.score_unit(
        facts(1, "甲", due=1, due_closed=1, repeats=50),
        scoring.EXAMPLE_SCHEME,
        Decimal("99"),
    )
    assert a.repeat_deduction == Decimal("10") and a.supervision_deduction == Decimal(
        "20"
    )
    b = scoring.score_unit(facts(2, "乙", due=1, due_closed=1), scoring.EXAMPLE_SCHEME)
    c = scoring.score_unit(facts(3, "丙", due=2, due_closed=2), scoring.EXAMPLE_SCHEME)
    d = scoring.score_unit(facts(4, "丁"), scoring.EXAMPLE_SCHEME)
    ranked = scoring.rank([a, d, b, c])
    assert [(r.facts.unit_name, r.rank) for r in ranked] == [
        ("丙", 1), ("乙", 1), ("甲", 3), ("丁", 0)
    ]  # fmt: skip
    assert scoring.EXAMPLE_SCHEME["label"] == "示例配置，需按考核办法核定"
