"""A108: the register's edit page completes a supervisor appointed before the
certificate rule (birth date, certificate number), through `supervisor_update`
with a record entry; refusals answer 400 with the input kept; only managers of
the register may edit. The direct appointment asks the 第三条 checklist as vetting
does (one check, `services.conditions_check`)."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Record
from ecobureau.engagement import rules, services
from ecobureau.engagement.models import Participation, Supervisor
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db

ALL = list(rules.SUPERVISOR_CONDITION_CODES)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def legal_reviewer(bureau) -> User:
    """Reads the supervisor register (view permission) but does not manage it."""
    return UserFactory(
        username="legal-1",
        full_name="法制审核",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["legal_reviewer"],
    )


@pytest.fixture
def legacy(team_head) -> Supervisor:
    """An enforcement supervisor appointed before birth date and certificate were
    required (written directly, as the old rows are)."""
    return Supervisor.objects.create(
        group=Supervisor.Group.ENFORCEMENT,
        name="老监督",
        source=Supervisor.Source.NPC,
        appointed_on=date(2025, 1, 1),
        term_end=date(2027, 12, 31),
        created_by=team_head,
    )


def test_legacy_supervisor_completed_on_the_edit_page(client, team_head, legacy):
    url = reverse("engagement:supervisor-edit", args=[legacy.pk])
    client.force_login(team_head)
    # Participation is refused until the number is on the register.
    with pytest.raises(ValidationError):
        services.participation_record(
            by=team_head,
            supervisor=legacy,
            kind=Participation.Kind.INSPECTION,
            held_on=date(2026, 3, 1),
            certificate_shown="AS-JD-777",
        )
    detail = client.get(reverse("engagement:supervisor-detail", args=[legacy.pk]))
    assert url in detail.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "出生日期、监督员证编号" in page.content.decode()

    response = client.post(
        url,
        {
            "name": "老监督",
            "birth_date": "1970-05-01",
            "certificate_no": "AS-JD-777",
            "reason": "补录聘任时未登记的信息",
        },
    )
    assert response.status_code == 302
    legacy.refresh_from_db()
    assert legacy.birth_date == date(1970, 5, 1)
    assert legacy.certificate_no == "AS-JD-777"
    entry = Record.objects.filter(action="engagement.supervisor.update").get()
    assert entry.target_id == str(legacy.pk)
    # The record names the fields, never the values (personal data).
    assert "AS-JD-777" not in entry.payload and "1970" not in entry.payload
    assert "certificate_no" in entry.payload and "补录" in entry.payload
    # Now the supervisor may take part with the number shown.
    services.participation_record(
        by=team_head,
        supervisor=legacy,
        kind=Participation.Kind.INSPECTION,
        held_on=date(2026, 3, 1),
        certificate_shown="AS-JD-777",
    )


def test_refused_edit_keeps_input_and_writes_nothing(client, team_head, legacy):
    taken = services.supervisor_appoint(
        by=team_head,
        group=Supervisor.Group.ENFORCEMENT,
        name="新监督",
        source=Supervisor.Source.CPPCC,
        appointed_on=date(2026, 1, 1),
        birth_date=date(1980, 1, 1),
        certificate_no="AS-JD-001",
        conditions=ALL,
    )
    url = reverse("engagement:supervisor-edit", args=[legacy.pk])
    client.force_login(team_head)
    cases = [
        # the number another serving supervisor holds
        (
            {"birth_date": "1970-05-01", "certificate_no": "AS-JD-001"},
            "已被其他监督员使用",
        ),
        # no certificate number for an enforcement supervisor
        ({"birth_date": "1970-05-01", "certificate_no": ""}, "监督员证》编号"),
        # over 60 at appointment without a stated exception
        ({"birth_date": "1960-01-01", "certificate_no": "AS-JD-900"}, "60周岁"),
    ]
    for values, message in cases:
        response = client.post(url, {"name": "老监督改", "reason": "补录", **values})
        body = response.content.decode()
        assert response.status_code == 400, values
        assert message in body
        assert "老监督改" in body  # what was typed is kept
    legacy.refresh_from_db()
    assert legacy.name == "老监督" and legacy.certificate_no == ""
    assert not Record.objects.filter(action="engagement.supervisor.update").exists()
    assert taken.certificate_no == "AS-JD-001"
    # The same supervisor keeps their own number on a later edit.
    services.supervisor_update(
        by=team_head,
        supervisor=taken,
        name="新监督",
        organisation="市政协",
        birth_date=date(1980, 1, 1),
        certificate_no="AS-JD-001",
    )
    taken.refresh_from_db()
    assert taken.organisation == "市政协"


def test_only_managers_edit_the_register(
    client, team_head, legal_reviewer, district_a_officer, citizen, legacy
):
    url = reverse("engagement:supervisor-edit", args=[legacy.pk])
    post = {"name": "改名", "birth_date": "1970-05-01", "certificate_no": "X-1"}
    for person in (legal_reviewer, district_a_officer):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, post).status_code == 403
    # The reader sees the register but not the edit link.
    client.force_login(legal_reviewer)
    detail = client.get(reverse("engagement:supervisor-detail", args=[legacy.pk]))
    assert detail.status_code == 200 and url not in detail.content.decode()
    client.force_login(citizen)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 302
    legacy.refresh_from_db()
    assert legacy.name == "老监督"
    with pytest.raises(PermissionDenied):
        services.supervisor_update(by=legal_reviewer, supervisor=legacy, name="改名")


def test_direct_appointment_asks_the_article_3_checklist(client, team_head):
    client.force_login(team_head)
    url = reverse("engagement:supervisor-list")
    page = client.get(url)
    assert "第三条条件核对" in page.content.decode()
    assert rules.SUPERVISOR_CONDITIONS[4][1] in page.content.decode()
    values = {
        "group": "enforcement",
        "name": "钱监督",
        "source": "npc",
        "appointed_on": "2026-01-01",
        "birth_date": "1970-01-01",
        "certificate_no": "AS-JD-555",
        "conditions": ALL[:4] + ALL[5:],  # （五） not ticked
    }
    response = client.post(url, values)
    body = response.content.decode()
    assert response.status_code == 400
    assert "以下条件未勾选" in body and "（五）密切联系群众" in body
    assert "钱监督" in body and "AS-JD-555" in body
    assert not Supervisor.objects.filter(name="钱监督").exists()
    # All six ticked: appointed, the ticks kept on the supervisor and the record.
    response = client.post(url, {**values, "conditions": ALL})
    assert response.status_code == 302
    supervisor = Supervisor.objects.get(name="钱监督")
    assert supervisor.conditions == ALL
    entry = Record.objects.filter(action="engagement.supervisor.appoint").get()
    assert '"c5"' in entry.payload
    # The business group has no 第三条 checklist (seed 004 names none).
    services.supervisor_appoint(
        by=team_head,
        group=Supervisor.Group.BUSINESS,
        name="营商监督",
        source=Supervisor.Source.ENTERPRISE,
        appointed_on=date(2026, 1, 1),
    )
