"""The portal and the public API show published forecasts and warnings only;
staff pages keep their scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ecobureau.air import services

from .conftest import flat
from .helpers import CLEAN, published_forecast

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 11, 10)


def test_only_published_forecasts_reach_the_public(client, observe, anshan, forecaster):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    published = published_forecast(anshan, ISSUE, forecaster, CLEAN)
    draft = services.forecast_create(city=anshan, issue=ISSUE + timedelta(days=1))

    assert (
        client.get(reverse("air:public-forecast", args=[published.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("air:public-forecast", args=[draft.pk])).status_code == 404
    )
    archive = client.get("/api/air/forecasts?city=210300").json()
    assert [f["id"] for f in archive] == [published.pk]
    assert client.get(f"/api/air/forecasts/{draft.pk}").status_code == 401
    daily = client.get(
        "/api/air/daily?city=210300&start=2026-11-07&end=2026-11-10"
    ).json()
    assert [d["date"] for d in daily] == [
        "2026-11-07",
        "2026-11-08",
        "2026-11-09",
        "2026-11-10",
    ]
    assert daily[0]["standard"] == "HJ633-2026"


def test_staff_api_shows_a_draft_in_scope_only(
    client, observe, anshan, forecaster, district_b_officer
):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    draft = services.forecast_create(city=anshan, issue=ISSUE)
    client.force_login(forecaster)
    assert client.get(f"/api/air/forecasts/{draft.pk}").json()["status"] == "draft"
    client.force_login(district_b_officer)
    assert client.get(f"/api/air/forecasts/{draft.pk}").status_code == 404


def test_the_portal_page_renders_without_any_data(client, anshan):
    response = client.get(reverse("air:public"))
    assert response.status_code == 200
    assert "暂无已发布的预报" in response.content.decode()


def test_the_dashboard_renders_for_staff_and_not_for_the_public(
    client, observe, anshan, district_a_officer, citizen
):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    client.force_login(district_a_officer)
    page = client.get(reverse("air:dashboard"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    client.force_login(citizen)
    assert client.get(reverse("air:dashboard")).status_code == 403


def test_the_forecast_list_has_a_fixed_number_of_queries(
    client, observe, anshan, forecaster, django_assert_num_queries
):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    for n in range(3):
        published_forecast(anshan, ISSUE + timedelta(days=n), forecaster, CLEAN)
    client.force_login(forecaster)
    url = reverse("air:forecast-list") + "?city=210300"
    client.get(url)
    with django_assert_num_queries(10):
        client.get(url)
    published_forecast(anshan, ISSUE + timedelta(days=3), forecaster, CLEAN)
    with django_assert_num_queries(10):
        assert len(client.get(url).context["forecasts"]) == 4
