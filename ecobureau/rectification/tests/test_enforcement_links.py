"""A 案件查处 measure and a petition case's 查处 condition linked to enforcement
cases (seed 001 四(一)4, 四(二)3): done only once every linked case has reached
a decision (or a recorded 不予立案 / 不予行政处罚); a user links only a case the
enforcement module lets them see."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enforcement.models import EnforcementCase

from .. import selectors_links, services
from ..models import Measure, PetitionCase
from .conftest import EVIDENCE, FIVE, make_case, make_task, today


@pytest.fixture
def enforcement_case(enterprise_a, district_a, district_a_leader):
    # Set up as the enforcement module leaves it (its own steps are its tests').
    return EnforcementCase.objects.create(
        enterprise=enterprise_a,
        district=district_a,
        source=EnforcementCase.Source.TRANSFER,
        start_reason="督察转办",
        facts="污水直排",
        created_by=district_a_leader,
        status="investigating",
    )


def _case_measure(office, district):
    task = make_task(office, district=district, kinds=("case",))
    services.task_transition(
        by=office,
        task=task,
        transition="approve",
        changes={"approval_meeting": "会议", "approved_on": today()},
    )
    return task.measures.get()


def test_measure_waits_for_the_linked_case_decision(
    office_staff, district_a, district_a_leader, enforcement_case
):
    measure = _case_measure(office_staff, district_a)
    services.enforcement_link(
        by=district_a_leader, enforcement_case_id=enforcement_case.pk, measure=measure
    )
    with pytest.raises(ValidationError, match="已关联"):
        services.enforcement_link(
            by=district_a_leader,
            enforcement_case_id=enforcement_case.pk,
            measure=measure,
        )
    with pytest.raises(ValidationError, match=f"案件#{enforcement_case.pk}"):
        services.measure_evidence(
            by=district_a_leader,
            measure=measure,
            evidence=EVIDENCE[Measure.Kind.CASE],
            done_on=today(),
        )
    rows = selectors_links.enforcement_rows(list(measure.enforcement_links.all()))
    assert [(r.pk, r.decided, r.party) for r in rows] == [
        (enforcement_case.pk, False, "鞍山市华信精细化工有限公司")
    ]
    EnforcementCase.objects.filter(pk=enforcement_case.pk).update(status="not_punished")
    services.measure_evidence(
        by=district_a_leader,
        measure=measure,
        evidence=EVIDENCE[Measure.Kind.CASE],
        done_on=today(),
    )
    measure.refresh_from_db()
    assert measure.done_on == today()
    assert selectors_links.enforcement_rows(list(measure.enforcement_links.all()))[
        0
    ].state == ("不予行政处罚")


def test_only_a_case_measure_links(
    office_staff, district_a, district_a_leader, enforcement_case
):
    task = make_task(office_staff, district=district_a, kinds=("policy",))
    with pytest.raises(ValidationError, match="案件查处"):
        services.enforcement_link(
            by=district_a_leader,
            enforcement_case_id=enforcement_case.pk,
            measure=task.measures.get(),
        )


def test_who_cannot_see_the_enforcement_case_cannot_link_it(
    office_staff,
    district_a,
    district_a_officer,
    sub_bureau_b,
    enforcement_case,
    enterprise_user_a,
):
    measure = _case_measure(office_staff, district_a)
    district_b_head = UserFactory(
        username="tiexi-head",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=sub_bureau_b.division,
        role_codes=["sub_bureau_head"],
    )
    # Another district's head: the case is outside their scope (no hint it exists).
    with pytest.raises(ValidationError, match="无权查看"):
        services.enforcement_link(
            by=district_b_head, enforcement_case_id=enforcement_case.pk, measure=measure
        )
    # A district handler without enforcement rights, and the enterprise itself.
    with pytest.raises(ValidationError, match="无权查看"):
        services.enforcement_link(
            by=district_a_officer,
            enforcement_case_id=enforcement_case.pk,
            measure=measure,
        )
    with pytest.raises(PermissionDenied):
        services.enforcement_link(
            by=enterprise_user_a,
            enforcement_case_id=enforcement_case.pk,
            measure=measure,
        )
    assert not measure.enforcement_links.exists()


def test_petition_punished_condition_waits_for_the_decision(
    office_staff, district_a, district_a_leader, enforcement_case
):
    case = make_case(office_staff, district=district_a)
    services.enforcement_link(
        by=district_a_leader, enforcement_case_id=enforcement_case.pk, petition=case
    )
    services.petition_evidence(
        by=district_a_leader, case=case, conditions=FIVE, truth=PetitionCase.Truth.TRUE
    )
    with pytest.raises(ValidationError, match="查处到位"):
        services.petition_transition(
            by=district_a_leader, case=case, transition="apply"
        )
    EnforcementCase.objects.filter(pk=enforcement_case.pk).update(status="decided")
    services.petition_transition(by=district_a_leader, case=case, transition="apply")
    assert case.status == "acceptance"


def test_task_page_shows_and_links_the_cases(
    client,
    office_staff,
    district_a,
    district_a_leader,
    district_b_officer,
    enforcement_case,
):
    from django.urls import reverse

    measure = _case_measure(office_staff, district_a)
    page = reverse("rectification:task-detail", args=[measure.task_id])
    client.force_login(district_a_leader)
    link = reverse("rectification:measure-link", args=[measure.task_id, measure.pk])
    text = client.post(link, {"enforcement_case": "abc"}, follow=True).content.decode()
    assert "请填写执法案件编号" in text
    client.post(link, {"enforcement_case": f"#{enforcement_case.pk}"})
    text = client.get(page).content.decode()
    assert (
        f"案件#{enforcement_case.pk}（鞍山市华信精细化工有限公司，尚未作出决定）"
        in text
    )
    # Another district's officer cannot open the task at all.
    client.force_login(district_b_officer)
    assert client.get(page).status_code == 404


def test_the_enforcement_case_page_names_the_linked_items(
    client, office_staff, district_a, district_a_leader, bureau, enforcement_case
):
    """The reverse link: the case page lists the 案件查处 measure and the petition
    case it serves; the item opens for a reader rectification lets open it, and
    is only named for an enforcement officer outside rectification's readers."""
    from django.urls import reverse

    from ecobureau.accounts.tests.factories import UnitFactory

    measure = _case_measure(office_staff, district_a)
    petition = make_case(office_staff, district=district_a)
    services.enforcement_link(
        by=district_a_leader, enforcement_case_id=enforcement_case.pk, measure=measure
    )
    services.enforcement_link(
        by=district_a_leader, enforcement_case_id=enforcement_case.pk, petition=petition
    )
    items = selectors_links.items_linked_to_enforcement_case(
        district_a_leader, enforcement_case.pk
    )
    assert [(i.kind, i.number, i.pk) for i in items] == [
        ("task", measure.task.number, measure.task_id),
        ("petition", petition.number, petition.pk),
    ]
    assert items[0].label == f"措施1：{measure.content}"

    page = reverse("enforcement:case-detail", args=[enforcement_case.pk])
    client.force_login(district_a_leader)
    text = client.get(page).content.decode()
    task_url = reverse("rectification:task-detail", args=[measure.task_id])
    assert "关联督察整改" in text
    assert f'href="{task_url}"' in text
    assert f'href="{reverse("rectification:case-detail", args=[petition.pk])}"' in text

    team = UnitFactory(code="team", name="综合行政执法队", kind="team", parent=bureau)
    officer = UserFactory(
        username="officer-31",
        unit=team,
        scope=User.Scope.CITY,
        credential_no="21030000031",
        role_codes=["enforcement_officer"],
    )
    enforcement_case.officers.add(officer)
    assert [
        i.pk
        for i in selectors_links.items_linked_to_enforcement_case(
            officer, enforcement_case.pk
        )
    ] == [None, None]
    client.force_login(officer)
    text = client.get(page).content.decode()
    assert measure.task.number in text and petition.number in text
    assert task_url not in text


def test_an_unlinked_case_page_has_no_rectification_card(
    client, district_a_leader, enforcement_case
):
    from django.urls import reverse

    client.force_login(district_a_leader)
    page = reverse("enforcement:case-detail", args=[enforcement_case.pk])
    response = client.get(page)
    assert response.status_code == 200
    assert "关联督察整改" not in response.content.decode()
