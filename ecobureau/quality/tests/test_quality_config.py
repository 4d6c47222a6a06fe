"""The water choices moved into QUALITY_STATISTICS_RULES (示例配置): the CWQI city
weighting, the provincial good-water target beside the share; bad values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from ecobureau.quality import selectors, statistics
from ecobureau.quality import water_class as wc

from .conftest import make_section
from .test_statistics import add_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(monitor, district_a):
    a = make_section(monitor, district_a, "R1")
    b = make_section(monitor, district_a, "R2")
    lake = make_section(monitor, district_a, "L1", water_body="lake")
    add_sample(a, date(2026, 1, 5), do=10)  # 5/10 = 0.5
    add_sample(b, date(2026, 1, 5), do="2.5")  # 5/2.5 = 2.0
    add_sample(lake, date(2026, 1, 5), do=5)  # 5/5 = 1.0
    return a, b, lake


def test_cwqi_city_weighting_is_a_setting(settings, bodies) -> None:
    # "count": river index of the mean DO (10 + 2.5) / 2 = 6.25 → 5/6.25 = 0.8,
    # weighted 2 : 1 with the lake's 1.0 → (0.8 × 2 + 1.0) / 3 = 0.8667
    summary = selectors.water_summary(year=2026, last_month=1, level=None)
    assert wc.round4(summary.cwqi) == D("0.8667")
    settings.QUALITY_STATISTICS_RULES = {"cwqi_city_weighting": "section_mean"}
    # "section_mean": (0.5 + 2.0 + 1.0) / 3 = 1.1667
    summary = selectors.water_summary(year=2026, last_month=1, level=None)
    assert wc.round4(summary.cwqi) == D("1.1667")
    assert any("各断面指数的算术平均" in x for x in statistics.rules().cite_water())
    settings.QUALITY_STATISTICS_RULES = {"cwqi_city_weighting": "median"}
    with pytest.raises(ImproperlyConfigured):
        statistics.rules()


def test_good_water_target_beside_the_share(
    settings, client, city_leader, bodies
) -> None:
    # I–III: R1 (DO 10 → I) and L1 (DO 5 → III); R2 (DO 2.5 → V): 2/3 = 66.7 %
    summary = selectors.water_summary(year=2026, last_month=1, level=None)
    assert summary.good_target == D(80) and summary.good_target_met is False
    client.force_login(city_leader)
    body = client.get(
        reverse("quality:dashboard"), {"year": 2026, "month": 1, "level": ""}
    ).content.decode()
    assert 'data-testid="good-target">80%' in body and "未达到" in body
    settings.QUALITY_STATISTICS_RULES = {"good_water_target": {"2026": 60}}
    summary = selectors.water_summary(year=2026, last_month=1, level=None)
    assert summary.good_target == D(60) and summary.good_target_met is True
    assert selectors.water_summary(year=2025, last_month=1).good_target is None
    settings.QUALITY_STATISTICS_RULES = {"good_water_target": 120}
    with pytest.raises(ImproperlyConfigured):
        statistics.rules()
