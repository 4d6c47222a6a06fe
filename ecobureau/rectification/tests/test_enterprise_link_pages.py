"""The enterprise link set or changed on the task and case pages (issue 11 item
3): through the service, recorded, by the city office or the item's responsible
unit only; another district's officer never reaches the item."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.enterprises.models import Enterprise
from ecobureau.enterprises.tests.factories import EnterpriseFactory

from .. import services
from .conftest import make_case, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def plant_a(district_a) -> Enterprise:
    return EnterpriseFactory(name="鞍山铁东化工有限公司", district=district_a)


@pytest.fixture
def plant_b(district_b) -> Enterprise:
    return EnterpriseFactory(name="鞍山铁西钢铁有限公司", district=district_b)


def test_office_sets_changes_and_clears_the_enterprise_of_a_task(
    client: Client,
    office_staff: User,
    district_a,
    plant_a: Enterprise,
    plant_b: Enterprise,
) -> None:
    task = make_task(office_staff, district=district_a)
    client.force_login(office_staff)
    url = reverse("rectification:task-enterprise", args=[task.pk])
    assert url in client.get(task.get_absolute_url()).content.decode()

    # set (typed in lower case with spaces), then change, then clear
    response = client.post(url, {"enterprise": f" {plant_a.credit_code.lower()} "})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.enterprise == plant_a
    assert plant_a.credit_code in client.get(url).content.decode()  # shown to edit
    assert client.post(url, {"enterprise": plant_b.credit_code}).status_code == 302
    assert client.post(url, {"enterprise": ""}).status_code == 302
    task.refresh_from_db()
    assert task.enterprise is None

    # each change is one record entry with the ids before and after
    entries = Record.objects.filter(action="rectification.task_enterprise").order_by(
        "seq"
    )
    changes = [records.payload_of(e)["data"] for e in entries]
    assert [(c["before"]["enterprise"], c["after"]["enterprise"]) for c in changes] == [
        (None, plant_a.pk),
        (plant_a.pk, plant_b.pk),
        (plant_b.pk, None),
    ]
    page = client.get(task.get_absolute_url()).content.decode()
    assert "修改涉及企业" in page  # the history, in words


def test_responsible_unit_sets_the_enterprise_of_a_case_and_refusals_keep_input(
    client: Client,
    district_a_officer: User,
    office_staff: User,
    sub_bureau_a: Unit,
    district_a,
    plant_a: Enterprise,
    plant_b: Enterprise,
) -> None:
    case = make_case(office_staff, district=district_a, unit=sub_bureau_a)
    client.force_login(district_a_officer)
    url = reverse("rectification:case-enterprise", args=[case.pk])
    assert url in client.get(case.get_absolute_url()).content.decode()

    # an unknown code: 400, the typed code kept, nothing changed
    wrong = "91210300MA0XXXXXX0"
    response = client.post(url, {"enterprise": wrong})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"未找到统一社会信用代码为“{wrong}”的企业" in body and wrong in body
    # an enterprise of another district, outside the officer's scope
    response = client.post(url, {"enterprise": plant_b.credit_code})
    assert response.status_code == 400
    body = response.content.decode()
    assert "不在您的管辖范围内" in body and plant_b.credit_code in body
    case.refresh_from_db()
    assert case.enterprise is None
    assert not Record.objects.filter(action="rectification.case_enterprise").exists()

    # the district's own enterprise is accepted; the same again is refused
    assert client.post(url, {"enterprise": plant_a.credit_code}).status_code == 302
    case.refresh_from_db()
    assert case.enterprise == plant_a
    response = client.post(url, {"enterprise": plant_a.credit_code})
    assert response.status_code == 400
    assert "涉及企业没有变化" in response.content.decode()
    entry = Record.objects.get(action="rectification.case_enterprise")
    assert entry.actor_id == district_a_officer.pk


def test_who_must_not_change_the_enterprise(
    client: Client,
    office_staff: User,
    district_a_officer: User,
    district_b_officer: User,
    department_user: User,
    sub_bureau_a: Unit,
    district_a,
    plant_a: Enterprise,
) -> None:
    task = make_task(office_staff, district=district_a)  # no responsible unit
    case = make_case(office_staff, district=district_a, unit=sub_bureau_a)
    task_url = reverse("rectification:task-enterprise", args=[task.pk])
    case_url = reverse("rectification:case-enterprise", args=[case.pk])
    data = {"enterprise": plant_a.credit_code}
    # anonymous: to the log-in
    assert client.post(case_url, data).status_code == 302
    # another district's officer: the items do not exist for them
    client.force_login(district_b_officer)
    for url in (task_url, case_url):
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    # an officer of district A who is not the task's responsible unit: 403, no link
    client.force_login(district_a_officer)
    assert task_url not in client.get(task.get_absolute_url()).content.decode()
    assert client.get(task_url).status_code == 403
    assert client.post(task_url, data).status_code == 403
    with pytest.raises(PermissionDenied):
        services.task_enterprise_set(
            by=district_a_officer, task=task, enterprise=plant_a
        )
    # a department that is not the case's responsible unit does not see it
    client.force_login(department_user)
    assert client.post(case_url, data).status_code == 404
    task.refresh_from_db()
    case.refresh_from_db()
    assert task.enterprise is None and case.enterprise is None
