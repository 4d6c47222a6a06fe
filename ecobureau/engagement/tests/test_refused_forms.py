"""Refused engagement forms answer 400 and show the page again with what was
typed (COMMON: a refused form is never a 200 or a redirect) — the shared
form page, reception days and forums, the supervisor's own page and the
enterprise's booking when no day is scheduled."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.engagement import rules, services
from ecobureau.engagement.models import (
    EiaUnit,
    Forum,
    ReceptionBooking,
    ReceptionDay,
    Supervisor,
    SupervisorReport,
)

pytestmark = pytest.mark.django_db


def test_form_page_refused_answers_400_with_the_input_kept(client, eia_officer):
    """`_form_page` (staff demand filing, EIA unit registration) sets the status."""
    client.force_login(eia_officer)
    url = reverse("engagement:eia-new")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "鞍山绿源环境咨询有限公司", "credit_code": ""})
    assert response.status_code == 400
    assert "鞍山绿源环境咨询有限公司" in response.content.decode()
    assert not EiaUnit.objects.exists()


def test_reception_and_forum_pages_refused_answer_400(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("engagement:reception-list"),
        {"held_on": "", "agenda": "排污许可证变更答疑"},
    )
    assert response.status_code == 400
    assert "排污许可证变更答疑" in response.content.decode()
    assert not ReceptionDay.objects.exists()

    response = client.post(
        reverse("engagement:forum-list"),
        {
            "held_on": "2026-11-02",
            "title": "",
            "npc_deputies": "2",
            "cppcc_members": "1",
            "enterprise_reps": "5",
            "attendees": "人大代表、政协委员、企业代表",
            "reported": "通报执法正面清单落实情况",
            "topics": "希望减少重复检查",
        },
    )
    assert response.status_code == 400
    assert "希望减少重复检查" in response.content.decode()
    assert not Forum.objects.exists()


def test_supervisor_report_refused_on_their_own_page(client, team_head):
    person = UserFactory(
        username="sup-refused",
        full_name="孙监督",
        kind=User.Kind.EXTERNAL,
        role_codes=["enforcement_supervisor"],
    )
    supervisor = services.supervisor_appoint(
        by=team_head,
        group=Supervisor.Group.ENFORCEMENT,
        name="孙监督",
        source=Supervisor.Source.NPC,
        appointed_on=date(2026, 1, 1),
        birth_date=date(1975, 3, 1),
        certificate_no="AS-JD-001",
        conditions=rules.SUPERVISOR_CONDITION_CODES,
    )
    services.supervisor_link_account(by=team_head, supervisor=supervisor, user=person)
    client.force_login(person)
    response = client.post(
        reverse("engagement:supervision"),
        {"kind": "", "addressee": "", "content": "检查时未出示执法证件"},
    )
    assert response.status_code == 400
    assert "检查时未出示执法证件" in response.content.decode()
    assert not SupervisorReport.objects.exists()


def test_booking_with_no_day_scheduled_is_refused_not_ignored(
    client, enterprise_user_a
):
    client.force_login(enterprise_user_a)
    response = client.post(
        reverse("engagement:my-reception"),
        {"topic": "活性炭更换周期", "contact_name": "李经理"},
    )
    assert response.status_code == 400
    assert "下一次接待日尚未安排，暂不能预约" in response.content.decode()
    assert not ReceptionBooking.objects.exists()
