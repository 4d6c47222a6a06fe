"""Marking a drill's follow-ups (整改措施) done on the plan page: staff who may
edit the plan only; a refused form answers 400 with the input kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies import preparedness
from ecobureau.emergencies.models import Drill, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_a(duty_officer: User, district_a) -> Plan:
    """District A's government plan."""
    return preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="铁东区人民政府",
        title="铁东区突发环境事件应急预案",
        filed_on=date(2024, 3, 1),
        district=district_a,
    )


@pytest.fixture
def drill(plan_a: Plan, duty_officer: User) -> Drill:
    """A drill of plan A with follow-ups not yet done."""
    return preparedness.drill_record(
        plan=plan_a,
        by=duty_officer,
        held_on=date(2025, 6, 5),
        scenario="危化品运输车辆泄漏",
        participants="区政府、分局、消防",
        findings="围堵物资不足",
        follow_ups="补充吸附棉500kg",
    )


def _done_url(plan: Plan) -> str:
    return reverse("emergencies:drill-done", args=[plan.pk])


def test_follow_ups_marked_done_on_the_plan_page(
    client: Client, district_a_officer: User, plan_a: Plan, drill: Drill
) -> None:
    # a drill without follow-ups is not offered
    preparedness.drill_record(
        plan=plan_a,
        by=district_a_officer,
        held_on=date(2025, 9, 1),
        scenario="桌面推演",
        participants="分局",
        findings="无",
    )
    client.force_login(district_a_officer)
    page_url = reverse("emergencies:plan-drills", args=[plan_a.pk])
    body = client.get(page_url).content.decode()
    assert "登记整改完成" in body and _done_url(plan_a) in body
    assert f'<option value="{drill.pk}">2025-06-05 危化品运输车辆泄漏</option>' in body
    assert "桌面推演</option>" not in body

    # when: district A's officer marks them done
    response = client.post(
        _done_url(plan_a), {"drill": drill.pk, "done_on": "2025-07-01"}
    )

    # then: done, on the record, shown; nothing left to mark
    assert response.status_code == 302 and response["Location"] == page_url
    drill.refresh_from_db()
    assert drill.follow_ups_done_on == date(2025, 7, 1)
    entry = Record.objects.get(action="emergencies.drill.done")
    assert entry.actor_id == district_a_officer.pk
    assert records.payload_of(entry)["data"]["after"] == {
        "drill": drill.pk,
        "done_on": "2025-07-01",
    }
    body = client.get(page_url).content.decode()
    assert "已于2025-07-01完成" in body and "整改未完成" not in body
    assert _done_url(plan_a) not in body
    assert "演练整改完成" in body  # the plan's history


def test_refused_dates_answer_400_and_keep_the_input(
    client: Client, duty_officer: User, plan_a: Plan, drill: Drill
) -> None:
    client.force_login(duty_officer)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for done_on in ("2025-06-01", tomorrow):  # before the drill; in the future
        response = client.post(
            _done_url(plan_a), {"drill": drill.pk, "done_on": done_on}
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert "整改完成日期须在演练日期之后、今天之前" in body
        assert f'value="{done_on}"' in body
        assert f'<option value="{drill.pk}" selected>' in body
    # no date: the form's own error, still 400
    response = client.post(_done_url(plan_a), {"drill": drill.pk, "done_on": ""})
    assert response.status_code == 400
    drill.refresh_from_db()
    assert drill.follow_ups_done_on is None
    assert not Record.objects.filter(action="emergencies.drill.done").exists()

    # once done, a second time is refused (the service, and the form no longer
    # offers the drill)
    preparedness.drill_follow_ups_done(
        drill=drill, by=duty_officer, done_on=date(2025, 7, 1)
    )
    with pytest.raises(ValidationError, match="已登记完成"):
        preparedness.drill_follow_ups_done(
            drill=drill, by=duty_officer, done_on=date(2025, 7, 2)
        )
    response = client.post(
        _done_url(plan_a), {"drill": drill.pk, "done_on": "2025-07-02"}
    )
    assert response.status_code == 400
    drill.refresh_from_db()
    assert drill.follow_ups_done_on == date(2025, 7, 1)


def test_who_must_not_mark_follow_ups_done(
    client: Client,
    plan_a: Plan,
    drill: Drill,
    district_b_officer: User,
    city_leader: User,
    township_official: User,
    citizen: User,
    enterprise_user_a: User,
) -> None:
    url = _done_url(plan_a)
    data = {"drill": drill.pk, "done_on": "2025-07-01"}
    response = client.post(url, data)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(district_b_officer)  # another district: not their plan
    assert client.post(url, data).status_code == 404
    # a leader who reads plans but does not edit them: no form, refused
    client.force_login(city_leader)
    page = client.get(reverse("emergencies:plan-drills", args=[plan_a.pk]))
    assert page.status_code == 200 and url not in page.content.decode()
    assert client.post(url, data).status_code == 403
    for user in (township_official, citizen, enterprise_user_a):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    drill.refresh_from_db()
    assert drill.follow_ups_done_on is None
    assert not Record.objects.filter(action="emergencies.drill.done").exists()
