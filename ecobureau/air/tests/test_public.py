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


def test_the_portal_shows_the_latest_hour_of_the_latest_day(client, observe, anshan):
    # two days of PM2.5 35 until noon, 115 after; the feed's last hour is
    # 23:00 of the second day, when the one-hour AQI (HJ 633—2026) is 150
    observe(ISSUE - timedelta(days=1), 2, lambda when, s: 35 if when.hour < 12 else 115)
    page = client.get(reverse("air:public")).content.decode()
    now = page.split('data-testid="aqi-now"')[1].split("</section>")[0]
    assert "2026年11月10日 23时" in now
    assert '<span class="tag aqi-level-3"' in now and ">150<" in now
    assert "PM2.5" in now and "未经审核" in now
    assert now.count("<tr>") == 1 + 24  # the header and the day's 24 hours


def test_the_latest_hour_is_the_last_one_received(observe, anshan):
    from datetime import time

    from ecobureau.air import selectors
    from ecobureau.air.models import Observation
    from ecobureau.lib.dates import local_datetime

    observe(ISSUE, 1, flat(35))
    # the feed stops after 17:00 local: "now" is 17:00, not the clock's hour
    Observation.objects.filter(
        measured_at__gte=local_datetime(ISSUE, time(18))
    ).delete()
    now, hours = selectors.city_aqi_now(anshan)
    assert now is not None and now.at == local_datetime(ISSUE, time(17))
    assert len(hours) == 18 and hours[-1] == now and now.aqi == 50


def test_without_observations_there_is_no_now_section(client, anshan):
    page = client.get(reverse("air:public")).content.decode()
    assert 'data-testid="aqi-now"' not in page
