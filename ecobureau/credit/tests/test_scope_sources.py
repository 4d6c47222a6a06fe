"""rules.md C4: the mandatory-scope candidates also name enterprises under 挂牌督办
in the year and those in a heavy-polluting sector by their GB/T 4754 code (the
code mapping labelled 示例配置); not another year's listing, not another sector."""

from __future__ import annotations

from datetime import date

import pytest

from ecobureau.credit import services
from ecobureau.enforcement.models import EnforcementCase, ListedSupervision

from .conftest import at

pytestmark = pytest.mark.django_db


def _listed(enterprise, officer, listed_on: date) -> None:
    case = EnforcementCase.objects.create(
        enterprise=enterprise,
        source=EnforcementCase.Source.INSPECTION,
        start_reason="废水超标",
        facts="现场检查发现",
        created_by=officer,
        filed_at=at(listed_on.year, listed_on.month, listed_on.day),
        status="investigating",
    )
    ListedSupervision.objects.create(
        case=case,
        authority="省生态环境厅",
        reference=f"辽环督〔{listed_on.year}〕7号",
        listed_on=listed_on,
        deadline=listed_on.replace(month=12, day=31),
        matter="废水超标排放",
        recorded_by=officer,
        recorded_at=at(listed_on.year, listed_on.month, listed_on.day),
    )


def test_listed_supervision_of_the_year_names_the_enterprise(
    year_2025, enterprise_b, credit_officer
) -> None:
    _listed(enterprise_b, credit_officer, date(2024, 6, 1))  # another year
    assert enterprise_b.pk not in {
        e.pk for e, _ in services.scope_candidates(year_2025)
    }
    _listed(enterprise_b, credit_officer, date(2025, 6, 1))
    reasons = {e.pk: r for e, r in services.scope_candidates(year_2025)}
    assert (
        "上年度被省生态环境厅挂牌督办（辽环督〔2025〕7号）" in reasons[enterprise_b.pk]
    )


@pytest.mark.parametrize(
    ("code", "sector"),
    [("2614", "化工"), ("3120", "钢铁"), ("4411", "火电"), ("1912", "制革")],
)
def test_heavy_polluting_sector_by_industry_code(
    year_2025, enterprise_b, code, sector
) -> None:
    enterprise_b.industry_code = code
    enterprise_b.save(update_fields=["industry_code"])
    reasons = {e.pk: r for e, r in services.scope_candidates(year_2025)}
    assert f"重污染行业（{sector}，行业对应为示例配置）" in reasons[enterprise_b.pk]


def test_other_sectors_are_not_named(year_2025, enterprise_b) -> None:
    enterprise_b.industry_code = "6510"  # software: not a heavy-polluting sector
    enterprise_b.save(update_fields=["industry_code"])
    assert enterprise_b.pk not in {
        e.pk for e, _ in services.scope_candidates(year_2025)
    }
