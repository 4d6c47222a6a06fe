"""Who sees what: a responsible unit its own items, a district its district, the
city all; the public only what is published, never the complainant."""

from django.urls import reverse

from .. import selectors, services
from .conftest import make_case, make_task, today


def test_lists_are_scoped(
    office_staff,
    district_a,
    district_b,
    district_a_officer,
    district_b_officer,
    department_user,
    forestry_unit,
):
    a = make_task(office_staff, number="A", district=district_a)
    b = make_task(office_staff, number="B", district=district_b, unit=forestry_unit)
    assert set(selectors.task_list_for_user(office_staff)) == {a, b}
    assert list(selectors.task_list_for_user(district_a_officer)) == [a]
    assert list(selectors.task_list_for_user(district_b_officer)) == [b]
    assert list(selectors.task_list_for_user(department_user)) == [b]


def test_citizen_sees_nothing_through_staff_selectors(
    office_staff, district_a, citizen
):
    make_task(office_staff, district=district_a)
    make_case(office_staff, district=district_a)
    assert not selectors.task_list_for_user(citizen).exists()
    assert not selectors.case_list_for_user(citizen).exists()


def test_other_district_gets_404_on_detail(
    client, office_staff, district_a, district_b_officer
):
    task = make_task(office_staff, district=district_a)
    case = make_case(office_staff, district=district_a)
    client.force_login(district_b_officer)
    assert (
        client.get(reverse("rectification:task-detail", args=[task.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("rectification:case-detail", args=[case.pk])).status_code
        == 404
    )


def test_public_page_shows_only_published_without_complainant(
    client, office_staff, office_head, district_a, district_a_officer, district_a_leader
):
    from .test_case_flow import _accept, _apply, _sign_all

    hidden = make_case(office_staff, number="HIDDEN-1", district=district_a)
    shown = make_case(
        office_staff, number="SHOWN-1", district=district_a, complainant="刘某某"
    )
    _apply(shown, district_a_officer)
    _accept(shown, district_a_leader)
    services.petition_transition(
        by=district_a_leader, case=shown, transition="request_review"
    )
    services.petition_transition(
        by=office_head,
        case=shown,
        transition="organise",
        changes={"review_leader": "吴"},
    )
    _sign_all(shown, office_head)
    services.petition_transition(
        by=office_head,
        case=shown,
        transition="pass_review",
        changes={"reviewed_on": today()},
    )
    services.petition_transition(
        by=office_staff,
        case=shown,
        transition="publish",
        changes={"publication_note": "公示"},
    )
    response = client.get(reverse("rectification:public"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "SHOWN-1" in text and hidden.number not in text
    assert "刘某某" not in text and "13900000000" not in text


def test_complainant_shown_only_with_permission(
    client, office_staff, district_a, district_a_leader, district_a_officer
):
    case = make_case(office_staff, district=district_a, complainant="刘某某")
    url = reverse("rectification:case-detail", args=[case.pk])
    client.force_login(district_a_officer)
    assert "刘某某" not in client.get(url).content.decode()
    client.force_login(district_a_leader)
    assert "刘某某" in client.get(url).content.decode()
