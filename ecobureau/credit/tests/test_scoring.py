"""The pure scoring function: deductions, caps, grades, 一票否决, exclusions."""

from datetime import date
from decimal import Decimal as D

from ecobureau.credit import config
from ecobureau.credit.scoring import (
    Fact,
    GradeSpec,
    IndicatorSpec,
    SchemeSpec,
    VetoSpec,
    add_months,
    repair_window,
    score,
)

SCHEME = SchemeSpec(
    name="测试方案",
    base_score=D(100),
    indicators=[
        IndicatorSpec("I1", "污染防治", "达标排放", "exceedance", D(3), D(7)),
        IndicatorSpec("I2", "环境管理", "立案查处", "case_filed", D(5), D(10)),
        IndicatorSpec("I3", "其他", "初审填报", "manual", D(2), D(30)),
    ],
    grades=[
        GradeSpec("green", "诚信", "green", D(90)),
        GradeSpec("blue", "良好", "blue", D(80)),
        GradeSpec("yellow", "警示", "yellow", D(60)),
        GradeSpec("red", "不良", "red", D(0), is_worst=True),
    ],
    vetoes=[VetoSpec("V5", "总量超标", "over_total", "环发〔2013〕150号")],
)


def fact(source: str, n: int, **kw: object) -> Fact:
    return Fact(source, f"x:{source}:{n}", f"记录{n}", date(2025, 3, n), **kw)  # type: ignore[arg-type,unused-ignore]


def test_no_records_full_score_top_grade() -> None:
    result = score(SCHEME, [])
    assert result.score == D(100)
    assert result.grade.code == "green"
    assert result.lines == []


def test_each_record_explains_itself_and_cap_applies() -> None:
    facts = [fact("exceedance", i) for i in (1, 2, 3)] + [fact("case_filed", 4)]
    result = score(SCHEME, facts)
    points = [(line.ref, line.points) for line in result.lines]
    assert points == [
        ("x:exceedance:1", D(3)),
        ("x:exceedance:2", D(3)),
        ("x:exceedance:3", D(1)),  # the cap of 7
        ("x:case_filed:4", D(5)),
    ]
    assert result.lines[2].note.startswith("已达该项最高扣分")
    assert result.deducted == D(12)
    assert result.score == D(88)
    assert result.grade.code == "blue"
    assert any("记录4" in s and "扣 5 分" in s for s in result.explain)


def test_manual_fact_uses_its_own_points_within_the_cap() -> None:
    result = score(SCHEME, [fact("manual", 1, code="I3", points=D(25))])
    assert result.score == D(75)
    assert result.grade.code == "yellow"


def test_veto_gives_worst_grade_whatever_the_score() -> None:
    result = score(SCHEME, [fact("over_total", 1)])
    assert result.score == D(100)
    assert result.grade.code == "red"
    assert result.vetoes[0][0].code == "V5"
    assert any("一票否决" in s for s in result.explain)


def test_manual_veto_by_code() -> None:
    result = score(SCHEME, [fact("manual", 1, code="V5")])
    assert result.grade.code == "red"


def test_excluded_record_does_not_count() -> None:
    facts = [fact("case_filed", 1), fact("case_filed", 2)]
    result = score(SCHEME, facts, excluded=["x:case_filed:1"])
    assert result.deducted == D(5)
    assert any("不予计分" in s for s in result.explain)


def test_score_never_below_zero() -> None:
    big = SchemeSpec(
        "大",
        D(10),
        [IndicatorSpec("I", "a", "b", "case_filed", D(5), D(50))],
        SCHEME.grades,
    )
    assert score(big, [fact("case_filed", i) for i in (1, 2, 3)]).score == D(0)


def test_national_default_has_4_aspects_21_indicators_weights_100() -> None:
    assert len(config.NATIONAL_INDICATORS) == 21
    assert {row[0] for row in config.NATIONAL_INDICATORS} == {
        "污染防治",
        "生态保护",
        "环境管理",
        "社会监督",
    }
    assert sum(D(row[5]) for row in config.NATIONAL_INDICATORS) == D(100)


def test_repair_periods_c10() -> None:
    assert repair_window(date(2026, 1, 31), *config.REPAIR_PERIODS["general"]) == (
        date(2026, 4, 30),
        date(2027, 1, 31),
    )
    assert repair_window(date(2026, 5, 10), *config.REPAIR_PERIODS["serious"]) == (
        date(2027, 5, 10),
        date(2029, 5, 10),
    )
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
