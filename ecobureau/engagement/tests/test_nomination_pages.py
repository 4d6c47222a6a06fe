"""A109 nominations page: request with a quota, nominees, vetting and appointment
through the services; only the team head manages, outsiders see nothing."""

import pytest
from django.urls import reverse

from ecobureau.core import records
from ecobureau.engagement.models import NominationRequest, Nominee, Supervisor

pytestmark = pytest.mark.django_db

URL = "engagement:nominations"


def test_request_nominate_vet_and_appoint(client, team_head):
    client.force_login(team_head)
    url = reverse(URL)
    request_data = {
        "body": "npc",
        "body_name": "市人大常委会",
        "group": "enforcement",
        "quota": "1",
        "requested_on": "2099-01-01",
        "note": "",
    }
    response = client.post(url, request_data)
    assert response.status_code == 400  # a future date: refused, input kept
    assert "市人大常委会" in response.content.decode()
    assert (
        client.post(url, {**request_data, "requested_on": "2026-01-10"}).status_code
        == 302
    )
    nomination = NominationRequest.objects.get()
    assert (
        records.history(nomination)
        .filter(action="engagement.nomination.request")
        .exists()
    )
    nominee = {
        "request": nomination.pk,
        "name": "张代表",
        "organisation": "市人大",
        "birth_date": "1970-05-01",
    }
    assert client.post(url, nominee).status_code == 302
    response = client.post(url, {**nominee, "name": "李代表"})
    assert response.status_code == 400
    assert (
        "已达名额" in response.content.decode()
        and "李代表" in response.content.decode()
    )
    person = Nominee.objects.get()
    # Approving without the appointment date: refused, the note kept.
    response = client.post(
        url, {"nominee": person.pk, "approve": "1", "note": "符合第三条"}
    )
    assert response.status_code == 400
    assert "符合第三条" in response.content.decode()
    response = client.post(
        url,
        {
            "nominee": person.pk,
            "approve": "1",
            "note": "符合第三条",
            "appointed_on": "2026-02-01",
            "certificate_no": "JD-001",
            "age_exception": "",
            "conditions": ["c1", "c2", "c3", "c4", "c6"],
        },
    )
    # 第三条（五） not ticked: refused, what was typed kept.
    assert response.status_code == 400
    assert "以下条件未勾选" in response.content.decode()
    assert "JD-001" in response.content.decode()
    response = client.post(
        url,
        {
            "nominee": person.pk,
            "approve": "1",
            "note": "符合第三条",
            "appointed_on": "2026-02-01",
            "certificate_no": "JD-001",
            "age_exception": "",
            "conditions": ["c1", "c2", "c3", "c4", "c5", "c6"],
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == Nominee.Status.APPOINTED
    supervisor = Supervisor.objects.get()
    assert (
        supervisor.source == Supervisor.Source.NPC and person.supervisor == supervisor
    )
    assert "审核通过已聘任" in client.get(url).content.decode()


def test_nominations_only_for_the_team_and_leaders(
    client, team_head, city_leader, district_b_officer, citizen, enterprise_user_a
):
    client.force_login(team_head)
    client.post(
        reverse(URL),
        {
            "body": "cppcc",
            "body_name": "市政协秘书处",
            "group": "enforcement",
            "quota": "2",
            "requested_on": "2026-01-10",
        },
    )
    assert NominationRequest.objects.count() == 1
    # The bureau leader reads but may not change.
    client.force_login(city_leader)
    assert "市政协秘书处" in client.get(reverse(URL)).content.decode()
    nomination = NominationRequest.objects.get()
    response = client.post(
        reverse(URL), {"request": nomination.pk, "name": "某", "organisation": ""}
    )
    assert response.status_code == 403
    for outsider in (district_b_officer, citizen, enterprise_user_a):
        client.force_login(outsider)
        response = client.get(reverse(URL))
        assert response.status_code == 403
        assert "市政协秘书处" not in response.content.decode()
    assert not Nominee.objects.exists()
