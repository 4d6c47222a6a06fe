"""The public air pages and an enterprise's emergency-plan pages in English, chosen
the way the site chooses it (the language cookie the switch sets); without it
they stay in Chinese."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from .conftest import flat
from .helpers import CLEAN, published_forecast

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 11, 10)


@pytest.fixture
def forecast(observe, anshan, forecaster):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    return published_forecast(anshan, ISSUE, forecaster, CLEAN)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_air_page_and_the_forecasts_in_english(client, forecast):
    page = _english(client).get(reverse("air:public")).content.decode()
    assert 'lang="en"' in page
    assert "7-day air quality forecast" in page and "AQI calendar" in page
    assert "Primary pollutant" in page and "Excellent to good" in page
    assert "Past forecasts" in page
    assert "Air quality now" in page and "10 November 2026, 23:00" in page
    assert "Hourly data for the day" in page and "not yet audited" in page
    assert "实时空气质量" not in page and "未经审核" not in page
    assert "未来7天空气质量预报" not in page and "首要污染物" not in page
    archive = client.get(reverse("air:public-archive")).content.decode()
    assert "Publication date" in archive and "Day 1" in archive
    detail = client.get(
        reverse("air:public-forecast", args=[forecast.pk])
    ).content.decode()
    assert "Observed AQI" in detail and "Awaiting observations" in detail
    assert "实况AQI" not in detail
    warnings = client.get(reverse("air:public-warnings")).content.decode()
    assert "Heavy pollution weather warning information" in warnings
    assert "No warning information yet." in warnings
    assert "重污染天气预警信息" not in warnings


def test_an_enterprises_plan_pages_in_english(client, enterprise_a, enterprise_user_a):
    _english(client)
    client.force_login(enterprise_user_a)
    mine = client.get(reverse("air:my-plans")).content.decode()
    assert "Submit emergency plan" in mine and "Filing number" in mine
    assert "Not submitted yet." in mine
    assert "报送应急预案" not in mine
    form = client.get(reverse("air:my-plan-new")).content.decode()
    assert "Emission reduction measures by level" in form
    assert "Plan name" in form and "Performance grading" in form
    assert "Yellow warning (Level III response)" in form
    assert "分级减排措施" not in form and "预案名称" not in form


def test_without_the_choice_the_pages_stay_chinese(
    client, forecast, enterprise_a, enterprise_user_a
):
    page = client.get(reverse("air:public"), HTTP_ACCEPT_LANGUAGE="en").content
    text = page.decode()
    assert "未来7天空气质量预报" in text and "优至良" in text
    assert "7-day air quality forecast" not in text
    assert "2026年11月10日发布（14:30）。AQI按HJ633-2026。" in text
    client.force_login(enterprise_user_a)
    form = client.get(reverse("air:my-plan-new")).content.decode()
    assert "分级减排措施" in form and "黄色预警（Ⅲ级响应）" in form
    assert "PM减排%" in form or "颗粒物%" in form
