"""During a warning, each listed enterprise's online monitoring is compared with
the cuts its filed plan promises at that level (air.monitoring_check, through
the monitoring module's hourly data)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection

from ecobureau.air import hooks, monitoring_check, services
from ecobureau.enterprises.models import Outlet
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import storage
from ecobureau.monitoring.services import instruments as monitoring_services

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 12, 12, 12, tzinfo=SHANGHAI)
NOW = PUBLISHED + timedelta(hours=24)
ORANGE = SimpleNamespace(level="orange", published_at=PUBLISHED, lifted_at=None)


@pytest.fixture
def filed_plan(enterprise_a, enterprise_user_a, air_staff):
    plan = services.plan_submit(
        enterprise=enterprise_a,
        by=enterprise_user_a,
        title="重污染天气应急预案",
        contact="王工 0412-1234567",
        measures=[
            services.MeasureInput(
                level=level, facility="1号烧结机", measure="限产", pm_cut=Decimal(cut)
            )
            for level, cut in (("yellow", 10), ("orange", 20), ("red", 30))
        ],
    )
    services.plan_file(plan=plan, by=air_staff)
    return plan


@pytest.fixture
def stack(enterprise_a):
    outlet = Outlet.objects.create(
        enterprise=enterprise_a, code="DA001", name="烧结机头排放口", kind="gas"
    )
    return monitoring_services.instrument_register(
        outlet=outlet,
        data=monitoring_services.InstrumentData(
            mn="AIRCHECK00000000000000A1", system_code="31"
        ),
        by=None,
    )


def _hours(instrument, before: float, during: float, field: str = "Cou") -> None:
    rows = []
    for h in range(-24, 24):
        at = PUBLISHED + timedelta(hours=h)
        value = before if h < 0 else during
        rows.append((instrument.pk, "a34013", 2061, at, 0, field, value, None, "N", at))
    storage.write(connection, frames=[], readings=[], summaries=rows)


def test_a_cut_as_promised_is_reported_met(filed_plan, enterprise_a, stack):
    _hours(stack, before=10.0, during=7.5)
    text = monitoring_check.emissions_check(enterprise_a, ORANGE, now=NOW)
    assert text == (
        "监测数据核查：颗粒物小时排放量预警期间均值较预警前同长时段下降25%，"
        "达到预案要求（减排20.0%）"
    )


def test_a_smaller_cut_is_reported_not_met(filed_plan, enterprise_a, stack):
    _hours(stack, before=10.0, during=9.0)
    text = monitoring_check.emissions_check(enterprise_a, ORANGE, now=NOW)
    assert "下降10%，未达到预案要求（减排20.0%）" in text
    # at red the plan promises 30 %: a 25 % cut is not enough either
    red = SimpleNamespace(level="red", published_at=PUBLISHED, lifted_at=None)
    assert "未达到预案要求（减排30.0%）" in monitoring_check.emissions_check(
        enterprise_a, red, now=NOW
    )


def test_concentration_stands_in_when_no_emission_quantity(
    filed_plan, enterprise_a, stack
):
    _hours(stack, before=40.0, during=20.0, field="Avg")
    text = monitoring_check.emissions_check(enterprise_a, ORANGE, now=NOW)
    assert "颗粒物小时浓度预警期间均值较预警前同长时段下降50%，达到" in text


def test_without_data_or_instruments_the_check_asks_for_a_site_visit(
    filed_plan, enterprise_a, stack
):
    text = monitoring_check.emissions_check(enterprise_a, ORANGE, now=NOW)
    assert "颗粒物无可比的在线监测数据，须现场核查" in text
    stack.status = "retired"
    stack.save()
    assert "未接入在线监测" in monitoring_check.emissions_check(
        enterprise_a, ORANGE, now=NOW
    )
    assert "不足2小时" in monitoring_check.emissions_check(
        enterprise_a, ORANGE, now=PUBLISHED + timedelta(minutes=30)
    )


def test_the_check_is_registered_for_the_warning_page(enterprise_a):
    assert monitoring_check.emissions_check in hooks._CHECKS
