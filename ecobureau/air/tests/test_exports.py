"""The files the module hands on: the published forecast as submitted to the
province's forecast platform (requirements A23, 总站预报字〔2019〕7号 7-day
results), and who may download it."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ecobureau.air import services

from .conftest import flat
from .helpers import EPISODE, published_forecast

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 11, 20)


def test_the_published_forecast_is_exported_day_by_day(
    client, observe, anshan, forecaster
):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    forecast = published_forecast(anshan, ISSUE, forecaster, EPISODE)
    client.force_login(forecaster)

    response = client.get(reverse("air:forecast-export", args=[forecast.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "forecast-210300-20261120.csv" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == [
        "城市",
        "签发日期",
        "预报日期",
        "预报天",
        "AQI下限",
        "AQI上限",
        "空气质量级别",
        "首要污染物",
        "AQI标准",
    ]
    assert len(rows) == 8
    assert rows[1] == [
        "鞍山市",
        "2026-11-20",
        "2026-11-21",
        "1",
        "180",
        "210",
        "中度污染至重度污染",
        "PM2.5",
        "HJ633-2026",
    ]
    assert rows[2][6] == "重度污染" and rows[5][6] == "良"
    assert [r[2] for r in rows[1:]] == [
        str(ISSUE + timedelta(days=n)) for n in range(1, 8)
    ]


def test_a_draft_cannot_be_exported(client, observe, anshan, forecaster):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    draft = services.forecast_create(city=anshan, issue=ISSUE)
    client.force_login(forecaster)
    assert (
        client.get(reverse("air:forecast-export", args=[draft.pk])).status_code == 404
    )


def test_the_public_and_enterprises_cannot_download_it(
    client, observe, anshan, forecaster, enterprise_user_a
):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    forecast = published_forecast(anshan, ISSUE, forecaster, EPISODE)
    url = reverse("air:forecast-export", args=[forecast.pk])

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]

    client.force_login(enterprise_user_a)
    assert client.get(url).status_code == 403
    scores = client.get(reverse("air:scores") + "?city=210300&month=2026-11")
    assert scores.status_code == 403
