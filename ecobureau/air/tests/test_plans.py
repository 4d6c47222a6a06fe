"""Emergency plans (重污染天气应急预案备案): filed by the enterprise, reviewed by
the 大气科 within 20 working days, seen by no other enterprise or district."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.air import services
from ecobureau.air.models import EmergencyPlan
from ecobureau.casework.models import Clock
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db


def _form(**extra):
    data = {
        "title": "华信化工重污染天气应急预案",
        "grade": "B",
        "contact": "王工 0412-1234567",
    }
    for level in ("yellow", "orange", "red"):
        data[f"{level}_0_facility"] = "反应釜车间"
        data[f"{level}_0_measure"] = f"{level}停产"
        data[f"{level}_0_pm"] = "20"
    data.update(extra)
    return data


def test_an_enterprise_files_its_plan_and_the_clock_runs_20_working_days(
    client, enterprise_a, enterprise_user_a, air_section
):
    client.force_login(enterprise_user_a)
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=SHANGHAI), tick=False):
        response = client.post(reverse("air:my-plan-new"), _form())
    assert response.status_code == 302
    plan = EmergencyPlan.objects.get()
    assert plan.enterprise == enterprise_a and plan.status == "submitted"
    assert plan.district == enterprise_a.district and plan.unit == air_section
    assert plan.measures.count() == 3
    clock = Clock.objects.get(target_type="air.emergencyplan", target_id=plan.pk)
    assert clock.amount == 20 and clock.unit == "workdays"
    assert clock.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-12-21"


def test_a_plan_without_a_red_measure_is_refused_and_the_form_keeps_the_input(
    client, enterprise_user_a
):
    client.force_login(enterprise_user_a)
    data = _form(red_0_facility="", red_0_measure="")
    response = client.post(reverse("air:my-plan-new"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "缺少：红色预警（Ⅰ级响应）" in body
    assert "华信化工重污染天气应急预案" in body
    assert not EmergencyPlan.objects.exists()


def test_another_enterprise_and_another_district_see_nothing(
    client,
    enterprise_a,
    enterprise_user_a,
    enterprise_user_b,
    district_b_officer,
    district_a_officer,
):
    plan = services.plan_submit(
        enterprise=enterprise_a,
        by=enterprise_user_a,
        title="预案",
        contact="王工",
        measures=[
            services.MeasureInput(level=lv, facility="线", measure="停")
            for lv in ("yellow", "orange", "red")
        ],
    )
    client.force_login(enterprise_user_b)
    assert client.get(reverse("air:my-plan-detail", args=[plan.pk])).status_code == 404
    client.force_login(district_b_officer)
    assert client.get(reverse("air:plan-detail", args=[plan.pk])).status_code == 404
    client.force_login(district_a_officer)
    assert client.get(reverse("air:plan-detail", args=[plan.pk])).status_code == 200
    with pytest.raises(PermissionDenied):
        services.plan_submit(
            enterprise=enterprise_a,
            by=enterprise_user_b,
            title="x",
            contact="y",
            measures=[],
        )


def test_the_air_section_files_a_plan_and_a_new_version_replaces_it(
    client, enterprise_a, enterprise_user_a, air_staff, district_a_officer
):
    measures = [
        services.MeasureInput(level=lv, facility="线", measure="停")
        for lv in ("yellow", "orange", "red")
    ]
    first = services.plan_submit(
        enterprise=enterprise_a,
        by=enterprise_user_a,
        title="预案",
        contact="王工",
        measures=measures,
    )

    # a district officer may look but not decide
    with pytest.raises(PermissionDenied):
        services.plan_file(plan=first, by=district_a_officer)

    client.force_login(air_staff)
    response = client.post(
        reverse("air:plan-detail", args=[first.pk]), {"action": "return", "opinion": ""}
    )
    assert response.status_code == 200
    assert "请先填写" in response.content.decode()
    client.post(
        reverse("air:plan-detail", args=[first.pk]),
        {"action": "file", "opinion": "符合要求"},
    )
    first.refresh_from_db()
    assert first.status == "filed" and first.filing_number

    second = services.plan_submit(
        enterprise=enterprise_a,
        by=enterprise_user_a,
        title="预案（修订）",
        contact="王工",
        measures=measures,
    )
    assert second.revision == 2
    services.plan_file(plan=second, by=air_staff)
    first.refresh_from_db()
    assert first.status == "superseded"


def test_a_returned_plan_needs_an_opinion(enterprise_a, enterprise_user_a, air_staff):
    measures = [
        services.MeasureInput(level=lv, facility="线", measure="停")
        for lv in ("yellow", "orange", "red")
    ]
    plan = services.plan_submit(
        enterprise=enterprise_a,
        by=enterprise_user_a,
        title="预案",
        contact="王工",
        measures=measures,
    )
    with pytest.raises(ValidationError):
        services.plan_return(plan=plan, by=air_staff, opinion="")
    services.plan_return(plan=plan, by=air_staff, opinion="红色预警措施不具体")
    plan.refresh_from_db()
    assert plan.status == "returned"


def test_the_plans_section_shows_on_the_enterprise_file(
    client, enterprise_a, enterprise_user_a, air_staff
):
    measures = [
        services.MeasureInput(level=lv, facility="线", measure="停")
        for lv in ("yellow", "orange", "red")
    ]
    services.plan_submit(
        enterprise=enterprise_a,
        by=enterprise_user_a,
        title="华信预案",
        contact="王工",
        measures=measures,
    )
    client.force_login(air_staff)
    page = client.get(reverse("enterprises:detail", args=[enterprise_a.pk]))
    assert page.status_code == 200
    assert "华信预案" in page.content.decode()
