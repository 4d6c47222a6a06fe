"""The reward pages through their URLs."""

import pytest
from django.urls import reverse

from ecobureau.rewards.models import RewardReport

pytestmark = pytest.mark.django_db


def _post(client, **overrides):
    data = {
        "channel": "letter",
        "reported_party": "鞍山市华信精细化工有限公司",
        "reported_address": "铁东区胜利路88号",
        "facts": "夜间偷排废水",
        "reporter-TOTAL_FORMS": "5",
        "reporter-INITIAL_FORMS": "0",
        "reporter-0-name": "张建国",
        "reporter-0-id_number": "210302198001011234",
        "reporter-0-phone": "13800000011",
    }
    data.update(overrides)
    return client.post(reverse("rewards:new"), data)


def test_a_handler_registers_through_the_form(client, handler, bureau):
    client.force_login(handler)
    response = _post(client)
    assert response.status_code == 302
    report = RewardReport.objects.get()
    assert response["Location"] == reverse("rewards:detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert report.registration_no in page and "张**" in page


def test_a_refused_registration_keeps_what_was_typed(client, handler, bureau):
    client.force_login(handler)
    response = _post(client, **{"reporter-0-id_number": "123", "facts": "偷排"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "18位" in page and "偷排" in page and "张建国" in page
    assert not RewardReport.objects.exists()


def test_only_handlers_may_register(client, team_officer, citizen):
    for person in (team_officer, citizen):
        client.force_login(person)
        assert client.get(reverse("rewards:new")).status_code == 403
        assert _post(client).status_code == 403
    assert not RewardReport.objects.exists()


def test_the_list_pins_its_queries(client, handler, django_assert_num_queries):
    from .conftest import register

    client.force_login(handler)
    client.get(reverse("rewards:list"))
    # The number of queries does not grow with the rows.
    for batch in (3, 12):
        for n in range(batch - RewardReport.objects.count()):
            register(handler, party=f"测试{batch}-{n}化工有限公司")
        with django_assert_num_queries(8):
            assert client.get(reverse("rewards:list")).status_code == 200
