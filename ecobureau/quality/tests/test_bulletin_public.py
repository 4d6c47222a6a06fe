"""The public monthly bulletin (portal page, issue 13 item 6): anyone may read an
issued month — water, drinking sources, air and noise with their sources, the
same figures as the staff bulletin — and download its PDF; no emission or
hazardous-waste lines (they follow staff scopes); a month not issued is 404 and
a malformed month a clear 400."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from ecobureau.air.models import City, DailyValue
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import bulletin, services
from ecobureau.quality.models import BulletinIssue, Measurement, Sample

from .conftest import make_section

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 4, 10, 9, tzinfo=SHANGHAI)  # March is the latest month over
URL = reverse("quality:bulletin-public")


@pytest.fixture
def data(monitor, city, district_a):
    # water: one national river section, class II in March against target III
    section = make_section(monitor, district_a, "R1")
    services.section_target_set(actor=monitor, section=section, year=2026, target="III")
    sample = Sample.objects.create(section=section, sampled_on=date(2026, 3, 5))
    Measurement.objects.bulk_create(
        Measurement(sample=sample, parameter=k, value=D(v))
        for k, v in (("ph", "7"), ("nh3n", "0.4"))
    )
    # air: PM2.5 30 and 41 in March → 35.5; levels 1 and 3 → 1 good day of 2
    home = City.objects.create(code="210300", name="示例市", division=city)
    for day, pm25, level in ((1, 30, 1), (2, 41, 3)):
        DailyValue.objects.create(
            city=home, date=date(2026, 3, day), standard="HJ633-2012",
            pm25=pm25, level=level, aqi=50 * level,
        )  # fmt: skip
    # an emission target: staff bulletin only
    services.emission_target_set(
        actor=monitor, year=2026, district=district_a, pollutant="cod",
        base_tonnes=D(12), cap_tonnes=D(10),
    )  # fmt: skip


@pytest.fixture
def issued(data, monitor):
    """February and March issued by the monitoring centre on NOW."""
    with time_machine.travel(NOW, tick=False):
        for month in (2, 3):
            services.bulletin_issue(actor=monitor, year=2026, month=month, now=NOW)


@time_machine.travel(NOW, tick=False)
def test_anyone_reads_the_latest_month_with_sources_and_no_scoped_lines(
    client, issued, monitor
):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "环境质量月报 · 2026年1—3月" in body
    assert "1/1个" in body  # the section meets its target
    assert "100.0%" in body  # good-water share: 1 of 1
    assert "35.5" in body  # PM2.5 (30 + 41) / 2
    assert "50.0%" in body  # good days 1 / 2
    assert "GB 3838—2002单因子评价" in body  # each figure with its source
    parts = [
        line for line in body.splitlines() if line.startswith('<section class="card"')
    ]
    assert len(parts) == 4  # 地表水, 饮用水水源地, 环境空气, 声环境
    assert all("总量减排" not in p and "危险废物" not in p for p in parts)
    assert "控制目标10.000吨" not in body
    # the same figures as the staff bulletin's public parts
    staff = bulletin.figures(monitor, year=2026, month=3, now=NOW)
    public = bulletin.figures_public(year=2026, month=3)
    assert public == [f for f in staff if f.part not in ("总量减排", "危险废物")]
    assert "?year=2026&amp;month=2" in body  # earlier months listed


@time_machine.travel(NOW, tick=False)
def test_an_earlier_month_and_its_pdf(client, issued):
    response = client.get(URL, {"year": 2026, "month": 2})
    assert response.status_code == 200
    assert "2026年1—2月" in response.content.decode()
    response = client.get(
        reverse("quality:bulletin-public-pdf"), {"year": 2026, "month": 3}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # the stored bytes, as issued
    assert response.content == bytes(BulletinIssue.objects.get(month=3).pdf)


@time_machine.travel(NOW, tick=False)
def test_months_not_issued_and_bad_input(client, issued):
    assert client.get(URL, {"year": 2026, "month": 4}).status_code == 404  # April
    assert client.get(URL, {"year": 2026, "month": 1}).status_code == 404  # not issued
    assert client.get(URL, {"year": 2027}).status_code == 404
    response = client.get(URL, {"year": "二〇二六", "month": "3"})
    assert response.status_code == 400
    assert "年份和月份应为数字" in response.content.decode()
    assert client.get(URL, {"year": 2026, "month": 13}).status_code == 400
    pdf = reverse("quality:bulletin-public-pdf")
    assert client.get(pdf, {"year": 2026, "month": 4}).status_code == 404
    assert client.get(pdf, {"month": "x"}).status_code == 400


@time_machine.travel(NOW, tick=False)
def test_nothing_public_before_a_month_is_issued(client, data):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "尚未发布环境质量月报" in body and "35.5" not in body
    assert client.get(URL, {"year": 2026, "month": 3}).status_code == 404
    assert client.get(reverse("quality:bulletin-public-pdf")).status_code == 404
