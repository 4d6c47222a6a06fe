"""The demo step builds last year's evaluation through the services (示例数据)."""

import random

import pytest

from ecobureau.credit import demo
from ecobureau.credit.models import DepartmentOpinion, Evaluation, Objection
from ecobureau.demo.city import DemoCity

pytestmark = pytest.mark.django_db


def test_demo_builds_a_year(
    credit_officer,
    enterprise_user_a,
    enterprise_b,
    district_a,
    district_b,
    district_b_officer,
):
    city = DemoCity(
        seed=1,
        password="x",
        rng=random.Random(1),
        divisions={d.code: d for d in (district_a, district_b)},
        units={},
        people={
            "credit": credit_officer,
            "enterprise-a": enterprise_user_a,
            # consulted before reporting (征求部门（科室）意见)
            "team-head": district_b_officer,
        },
    )
    demo.build(city)
    assert Evaluation.objects.filter(status="published").count() == 1
    assert (
        Evaluation.objects.filter(status="prescored").exists()
        or Evaluation.objects.count() == 1
    )
    assert Objection.objects.count() == 1
    opinion = DepartmentOpinion.objects.get()
    assert opinion.verdict == "has" and opinion.handling == "adopted"
    assert "示例数据" in Evaluation.objects.first().scope_reason  # type: ignore[union-attr]
