"""Drinking-water sources (X2): the configurable pass class and month rule, GB
3838—2002 表2 supplementary items (import and evaluation), the water-volume
compliance rate, and who may enter volumes."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.quality import drinking, selectors, services, statistics
from ecobureau.quality.models import Measurement, SourceVolume

from .conftest import make_section, workbook
from .test_statistics import add_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(monitor, district_a):
    good = make_section(
        monitor, district_a, "D1", is_drinking_source=True, level="city"
    )
    iron = make_section(
        monitor, district_a, "D2", is_drinking_source=True, level="city"
    )
    add_sample(good, date(2026, 1, 5), ph=7, nh3n="0.4", fe="0.3")  # II; iron = limit
    add_sample(good, date(2026, 2, 5), ph=7, nh3n="0.9")  # III
    add_sample(iron, date(2026, 1, 5), ph=7, nh3n="0.4")  # II
    add_sample(iron, date(2026, 2, 5), ph=7, nh3n="0.4", fe="0.31")  # iron over 0.3
    return good, iron


def test_table_2_limits_are_the_confirmed_values_and_inclusive() -> None:
    assert {
        "so4": D(250), "cl": D(250), "no3n": D(10), "fe": D("0.3"), "mn": D("0.1")
    } == drinking.SUPPLEMENTARY  # fmt: skip
    assert drinking.over_limits({"mn": D("0.1"), "no3n": D("10")}) == []
    assert drinking.over_limits({"mn": D("0.11"), "so4": D("251")}) == [
        ("so4", D("251")),
        ("mn", D("0.11")),
    ]


def test_a_table_2_item_over_its_limit_fails_the_month_and_the_year(sources) -> None:
    rows, rate = selectors.drinking_summary(year=2026, last_month=2)
    good, iron = rows
    assert [m.passed for m in good.months] == [True, True]
    assert [m.klass for m in iron.months] == ["II", "II"]  # basic items pass
    assert iron.months[1].over == [("fe", D("0.31"))]
    assert "铁0.31mg/L（限值0.3）" in iron.months[1].over_text
    assert (good.passed, iron.passed) == (True, False)
    assert rate == D(50)  # 1 of 2


def test_pass_class_is_a_setting(settings, sources) -> None:
    # with class II required, the good source's February (III) fails it
    settings.QUALITY_STATISTICS_RULES = {"drinking_pass_class": "II"}
    rows, rate = selectors.drinking_summary(year=2026, last_month=2)
    assert [m.passed for m in rows[0].months] == [True, False]
    assert rate == D(0)


def test_one_failing_month_rule_is_a_setting(settings, monitor, district_a) -> None:
    source = make_section(
        monitor, district_a, "D3", is_drinking_source=True, level="city"
    )
    add_sample(source, date(2026, 1, 5), ph=7, nh3n="0.4")  # II
    add_sample(source, date(2026, 2, 5), ph=7, nh3n="1.2")  # IV
    [row], rate = selectors.drinking_summary(year=2026, last_month=2)
    assert row.passed is False and row.failing_months == [2]
    # judged on the period mean instead: (0.4 + 1.2) / 2 = 0.8 → III → passes
    settings.QUALITY_STATISTICS_RULES = {"drinking_month_fails_year": False}
    [row], rate = selectors.drinking_summary(year=2026, last_month=2)
    assert row.period_class == "III" and row.passed is True and rate == D(100)
    settings.QUALITY_STATISTICS_RULES = {"drinking_pass_class": "VI"}
    with pytest.raises(ImproperlyConfigured):
        statistics.rules()


def test_import_takes_the_table_2_columns(monitor, district_a) -> None:
    make_section(monitor, district_a, "D9", is_drinking_source=True, level="city")
    content = workbook(
        [["D9", "2026-01-15", "手工监测", 7.4, 0.3, 120, 80, 2.5, 0.12, 0.05]],
        headers=["断面编码", "采样日期", "来源", "pH", "氨氮", "硫酸盐（以SO4计）",
                 "氯化物", "硝酸盐（以N计）", "铁(mg/L)", "锰"],
    )  # fmt: skip
    services.samples_import(actor=monitor, content=content, filename="水源.xlsx")
    stored = dict(Measurement.objects.values_list("parameter", "value"))
    assert stored["so4"] == D(120) and stored["cl"] == D(80)
    assert stored["no3n"] == D("2.5") and stored["fe"] == D("0.12")
    assert stored["mn"] == D("0.05")


def test_volume_rate_from_monthly_volumes(monitor, sources) -> None:
    good, iron = sources
    services.source_volume_set(
        actor=monitor, section=good, year=2026, month=1, volume=D(100)
    )
    services.source_volume_set(
        actor=monitor, section=good, year=2026, month=2, volume=D(200)
    )
    rows, _ = selectors.drinking_summary(year=2026, last_month=2)
    # the iron source has no volume yet: no rate, the source is named
    missing = selectors.drinking_volume_rate(rows)
    assert missing.rate is None and missing.missing == [iron]
    services.source_volume_set(
        actor=monitor, section=iron, year=2026, month=2, volume=D(100)
    )
    rows, _ = selectors.drinking_summary(year=2026, last_month=2)
    volume = selectors.drinking_volume_rate(rows)
    # compliant 100 + 200 = 300 of 300 + 100 = 400 → 75 %
    assert (volume.compliant, volume.total, volume.rate) == (D(300), D(400), D(75))
    # a correction replaces the month and is recorded with the value before
    services.source_volume_set(
        actor=monitor, section=iron, year=2026, month=2, volume=D(300)
    )
    assert SourceVolume.objects.get(section=iron, month=2).volume == D(300)
    last = (
        Record.objects.filter(action="quality.source_volume_set").order_by("pk").last()
    )
    assert last is not None
    data = json.loads(last.payload)["data"]
    assert (data["before"], data["after"], data["month"]) == ("100.00", "300", 2)


def test_volume_refused_for_other_districts_and_ordinary_sections(
    monitor, district_a_head, district_b_officer, district_b, sources
) -> None:
    good, _ = sources
    with pytest.raises(PermissionDenied):
        services.source_volume_set(
            actor=district_b_officer, section=good, year=2026, month=1, volume=D(1)
        )
    river = make_section(monitor, district_b, "R1")
    with pytest.raises(PermissionDenied):  # another district's section
        services.source_volume_set(
            actor=district_a_head, section=river, year=2026, month=1, volume=D(1)
        )
    with pytest.raises(ValidationError):
        services.source_volume_set(
            actor=monitor, section=river, year=2026, month=1, volume=D(1)
        )
    assert not SourceVolume.objects.exists()


def test_volume_form_refused_with_400_and_the_dashboard_shows_the_rates(
    client, monitor, district_b_officer, sources
) -> None:
    good, iron = sources
    client.force_login(monitor)
    url = reverse("quality:section-volume", args=[good.pk])
    response = client.post(url, {"year": 2026, "month": 13, "volume": "120.5"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="120.5"' in body and 'value="13"' in body  # as typed
    assert not SourceVolume.objects.exists()
    assert (
        client.post(url, {"year": 2026, "month": 1, "volume": "120.5"}).status_code
        == 302
    )
    client.post(
        reverse("quality:section-volume", args=[iron.pk]),
        {"year": 2026, "month": 2, "volume": "79.5"},
    )
    body = client.get(
        reverse("quality:dashboard"), {"year": 2026, "month": 2}
    ).content.decode()
    # 120.5 compliant of 120.5 + 79.5 = 200 → 60.25 %
    assert 'data-testid="volume-rate">60.3%' in body
    assert "表2超标：铁0.31mg/L（限值0.3）" in body
    assert 'data-testid="drinking-rate">50.0%' in body
    client.force_login(district_b_officer)
    assert (
        client.post(url, {"year": 2026, "month": 2, "volume": "1"}).status_code == 403
    )
