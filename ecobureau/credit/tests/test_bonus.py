"""守信加分 (issue 12 item 2, positive conduct): configured bonus items (示例配置)
entered by the pre-scorer with their basis, each explained, capped per item, in
total, and at the score ceiling; a direct downgrade still decides the grade."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.credit import config, services
from ecobureau.credit.models import Indicator
from ecobureau.credit.scoring import MANUAL, Fact, IndicatorSpec, score

from .conftest import pdf
from .test_scoring import SCHEME

BONUS_SCHEME = replace(
    SCHEME,
    indicators=[
        *SCHEME.indicators,
        IndicatorSpec("B01", "守信加分", "表彰", "bonus", D(3), D(3)),
        IndicatorSpec("B02", "守信加分", "清洁生产审核", "bonus", D(2), D(4)),
    ],
    bonus_cap=D(5),
    ceiling=D(100),
)


def bonus(code: str, n: int, points: str | None = None) -> Fact:
    return Fact(
        MANUAL,
        f"credit.adjustment:{n}",
        f"初审填报：加分{n}",
        date(2025, 5, n),
        code=code,
        points=None if points is None else D(points),
    )


def case(n: int) -> Fact:
    return Fact("case_filed", f"x:case:{n}", f"案件{n}", date(2025, 3, n))


def test_bonus_adds_and_explains_itself() -> None:
    result = score(BONUS_SCHEME, [case(1), case(2), bonus("B01", 1, "3")])
    assert result.deducted == D(10) and result.added == D(3)
    assert result.score == D(93)
    line = next(line for line in result.lines if line.indicator == "B01")
    assert line.kind == "bonus" and line.points == D(3)
    assert any("加 3 分" in s for s in result.explain)
    assert result.as_json()["added"] == "3"


def test_item_cap_total_cap_and_ceiling() -> None:
    # B01 cap 3 (asked 5); B02 two items of 2 → 4; total 7 → capped at 5
    facts = [case(1), bonus("B01", 1, "5"), bonus("B02", 2), bonus("B02", 3)]
    result = score(BONUS_SCHEME, facts)
    b01 = next(line for line in result.lines if line.indicator == "B01")
    assert b01.points == D(3) and "最高加分" in b01.note
    assert result.added == D(5)
    assert result.score == D(100)  # 100 − 5 + 5
    assert any("加分合计上限 5 分" in s for s in result.explain)
    # no deductions: the score stays at the ceiling
    alone = score(BONUS_SCHEME, [bonus("B01", 1)])
    assert alone.score == D(100) and any("不超过 100 分" in s for s in alone.explain)


def test_a_veto_still_gives_the_worst_grade() -> None:
    flag = Fact("over_total", "x:flag:1", "总量超标", date(2025, 12, 31))
    result = score(BONUS_SCHEME, [flag, bonus("B01", 1)])
    assert result.score == D(100) and result.grade.code == "red"


def test_a_bonus_fact_never_matches_a_bonus_indicator_by_source() -> None:
    stray = Fact("bonus", "x:bonus:1", "无代码", date(2025, 1, 1))
    assert score(BONUS_SCHEME, [stray]).added == D(0)


pytestmark = pytest.mark.django_db


def test_default_schemes_carry_bonus_items_as_example(liaoning) -> None:
    rows = Indicator.objects.filter(scheme=liaoning, source="bonus")
    assert {r.code for r in rows} == {row[1] for row in config.BONUS_INDICATORS}
    assert all(r.is_example and config.EXAMPLE_LABEL in r.basis for r in rows)


def test_prescorer_enters_a_bonus_with_its_basis(
    client, evaluations, district_a_officer, credit_officer, enterprise_user_a
) -> None:
    evaluation = evaluations["a"]
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=credit_officer)
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="L09",
        points=4,
        reason="其他记分事项（示例）",
        by=district_a_officer,
    )
    with pytest.raises(ValidationError, match="请填写守信加分分值"):
        services.adjustment_add(
            evaluation=evaluation,
            indicator_code="B01",
            points=0,
            reason="x",
            by=district_a_officer,
        )
    with pytest.raises(ValidationError, match="0到100"):
        services.adjustment_add(
            evaluation=evaluation,
            indicator_code="B01",
            points=-3,
            reason="x",
            by=district_a_officer,
        )
    with pytest.raises(PermissionDenied):
        services.adjustment_add(
            evaluation=evaluation,
            indicator_code="B01",
            points=3,
            reason="自评表彰",
            by=enterprise_user_a,
        )
    services.adjustment_add(
        evaluation=evaluation,
        indicator_code="B01",
        points=3,
        reason="2025年获市生态环境局表彰（鞍环发〔2025〕8号）",
        by=district_a_officer,
    )
    client.force_login(district_a_officer)
    url = reverse("credit:evaluation", args=[evaluation.pk])
    offered = client.get(url).content.decode()
    assert "守信加分 B01" in offered and config.EXAMPLE_LABEL in offered
    services.evaluation_prescore(
        evaluation=evaluation, note="初审", by=district_a_officer
    )
    evaluation.refresh_from_db()
    assert evaluation.deducted == D(4) and evaluation.score == D(99)
    line = next(
        line for line in evaluation.explanation["lines"] if line["indicator"] == "B01"
    )
    assert line["kind"] == "bonus" and "鞍环发〔2025〕8号" in line["label"]
    page = client.get(url).content
    text = page.decode()
    assert "守信加分 3" in text and "加 3" in text
