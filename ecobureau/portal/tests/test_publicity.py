"""A94: the yearly publicity plan with its publicity days, drafted and kept by the
office through the services, published on the portal; outsiders change nothing."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core import records
from ecobureau.portal import publicity, services
from ecobureau.portal.models import PublicityActivity, PublicityPlan

pytestmark = pytest.mark.django_db

NOW = "2026-07-01T10:00:00+08:00"


def test_publicity_days_have_their_dates():
    assert [publicity.day_date(d, 2026) for d in publicity.DAY_DATES] == [
        date(2026, 4, 22),
        date(2026, 5, 15),
        date(2026, 5, 22),
        date(2026, 6, 5),
        date(2026, 9, 16),
    ]
    assert publicity.day_date(PublicityActivity.Day.OTHER, 2026) is None


@time_machine.travel(NOW, tick=False)
def test_plan_drafted_kept_and_published(client, answerer, citizen):
    # given: the office drafts the year's plan through the staff page
    client.force_login(answerer)
    response = client.post(
        reverse("portal:staff-publicity"),
        {"year": "2030", "title": "2030年宣传计划", "summary": "普及知识"},
    )
    assert response.status_code == 400  # too far ahead; input kept
    assert "2030年宣传计划" in response.content.decode()
    response = client.post(
        reverse("portal:staff-publicity"),
        {"year": "2026", "title": "2026年全年宣传工作计划", "summary": "倡导绿色低碳"},
    )
    assert response.status_code == 302
    plan = PublicityPlan.objects.get()
    days = dict(plan.activities.values_list("day", "planned_on"))
    assert days[PublicityActivity.Day.BIODIVERSITY] == date(2026, 5, 22)
    assert days[PublicityActivity.Day.OZONE] == date(2026, 9, 16)
    assert len(days) == 5
    # not public while a draft
    client.logout()
    assert (
        "倡导绿色低碳" not in client.get(reverse("portal:publicity")).content.decode()
    )
    # when: an activity is added (the date outside the year is refused)
    client.force_login(answerer)
    plan_url = reverse("portal:staff-publicity-plan", args=[plan.pk])
    activity = {
        "day": "other",
        "title": "环保设施向公众开放",
        "planned_on": "2027-01-10",
        "lead_unit": "局办公室",
        "content": "",
    }
    response = client.post(plan_url, activity)
    assert response.status_code == 400
    assert "2026年内" in response.content.decode()
    assert "环保设施向公众开放" in response.content.decode()
    assert (
        client.post(plan_url, {**activity, "planned_on": "2026-10-10"}).status_code
        == 302
    )
    assert client.post(plan_url, {"publish": "1"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PublicityPlan.Status.PUBLISHED
    assert records.history(plan).filter(action="portal.publicity_plan_publish").exists()
    # the Environment Day activity is held; the ozone day one is still ahead
    environment = plan.activities.get(day=PublicityActivity.Day.ENVIRONMENT)
    url = reverse("portal:staff-publicity-activity", args=[environment.pk])
    held = {
        "action": "hold",
        "hold-held_on": "2026-06-05",
        "hold-summary": "",
        "hold-participants": "300",
    }
    response = client.post(url, held)
    assert response.status_code == 400
    assert 'value="300"' in response.content.decode()
    held["hold-summary"] = "广场宣传，发放资料2000份"
    assert client.post(url, held).status_code == 302
    environment.refresh_from_db()
    assert environment.status == PublicityActivity.Status.HELD
    ozone = plan.activities.get(day=PublicityActivity.Day.OZONE)
    response = client.post(
        reverse("portal:staff-publicity-activity", args=[ozone.pk]),
        {**held, "hold-held_on": "2026-09-16"},
    )
    assert response.status_code == 400  # not yet: the day is ahead
    assert "不能晚于今天" in response.content.decode()
    # then: the public sees the plan, its days and what was held
    client.force_login(citizen)
    page = client.get(reverse("portal:publicity")).content.decode()
    for text in (
        "倡导绿色低碳",
        "国际生物多样性日",
        "2026-09-16",
        "世界保护臭氧层日",
        "广场宣传，发放资料2000份",
        "环保设施向公众开放",
    ):
        assert text in page
    assert 'role="region"' in page and 'tabindex="0"' in page


@time_machine.travel(NOW, tick=False)
def test_only_the_office_keeps_the_plan(
    client, answerer, district_a_officer, citizen, enterprise_user_a
):
    plan = services.publicity_plan_create(
        by=answerer, year=2026, title="2026年宣传计划", summary="目标"
    )
    with pytest.raises(ValidationError, match="已存在"):
        services.publicity_plan_create(by=answerer, year=2026, title="x", summary="y")
    activity = plan.activities.get(day=PublicityActivity.Day.EARTH)
    for outsider in (district_a_officer, citizen, enterprise_user_a):
        with pytest.raises(PermissionDenied):
            services.publicity_plan_publish(by=outsider, plan=plan)
        client.force_login(outsider)
        for url in (
            reverse("portal:staff-publicity"),
            reverse("portal:staff-publicity-plan", args=[plan.pk]),
            reverse("portal:staff-publicity-activity", args=[activity.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 403
            assert "2026年宣传计划" not in response.content.decode()
        response = client.post(
            reverse("portal:staff-publicity-activity", args=[activity.pk]),
            {"action": "cancel", "cancel-reason": "x"},
        )
        assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status == PublicityActivity.Status.PLANNED
    # a cancelled activity can no longer be held
    services.publicity_activity_cancel(by=answerer, activity=activity, reason="疫情")
    with pytest.raises(ValidationError, match="计划中"):
        services.publicity_activity_hold(
            by=answerer, activity=activity, held_on=date(2026, 4, 22), summary="x"
        )
