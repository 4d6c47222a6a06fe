"""Who may open which level: tested with the people who must not see."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OCT = "?period=month&value=2026-10"


def test_anonymous_is_sent_to_log_in(client, district_a):
    response = client.get(reverse("leadership:city"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_citizen_and_enterprise_are_refused(
    client, citizen, enterprise_user_a, district_a
):
    for user in (citizen, enterprise_user_a):
        client.force_login(user)
        assert client.get(reverse("leadership:city")).status_code == 403
        assert (
            client.get(reverse("leadership:district", args=[district_a.pk])).status_code
            == 403
        )
        assert (
            client.get(reverse("leadership:assessment", args=["month"])).status_code
            == 403
        )
        assert (
            client.get(
                reverse("leadership:assessment-export", args=["month", "xlsx"])
            ).status_code
            == 403
        )


def test_staff_without_a_head_role_is_refused(client, district_a_officer, district_a):
    client.force_login(district_a_officer)
    assert (
        client.get(reverse("leadership:district", args=[district_a.pk])).status_code
        == 403
    )
    assert client.get(reverse("leadership:home")).status_code == 403


def test_district_leader_lands_on_their_district_and_not_the_city(
    client, district_a_leader, district_a, district_b
):
    client.force_login(district_a_leader)
    response = client.get(reverse("leadership:home"))
    assert response["Location"] == reverse("leadership:district", args=[district_a.pk])
    assert client.get(reverse("leadership:city")).status_code == 403
    assert (
        client.get(reverse("leadership:district", args=[district_b.pk])).status_code
        == 404
    )


def test_other_district_leader_sees_nothing_of_district_a(
    client, district_b_leader, world, district_a, sub_bureau_a
):
    client.force_login(district_b_leader)
    assert (
        client.get(reverse("leadership:district", args=[district_a.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("leadership:unit", args=[sub_bureau_a.pk])).status_code
        == 404
    )
    drill = (
        reverse("leadership:items")
        + f"?level=district&pk={district_a.pk}&period=month&value=2026-10&key=complaints-closed"
    )
    assert client.get(drill).status_code == 404
    # The ranking on their own page lists their units only.
    page = client.get(reverse("leadership:home"), follow=True)
    assert "铁西分局" in page.text
    assert "铁东分局" not in page.text.split('data-testid="ranking"')[1]


def test_unit_head_sees_their_unit_only(
    client, unit_head, sub_bureau_a, sub_bureau_b, district_a, world
):
    client.force_login(unit_head)
    assert client.get(reverse("leadership:home"))["Location"] == reverse(
        "leadership:unit", args=[sub_bureau_a.pk]
    )
    assert (
        client.get(reverse("leadership:unit", args=[sub_bureau_a.pk]) + OCT).status_code
        == 200
    )
    assert (
        client.get(reverse("leadership:unit", args=[sub_bureau_b.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("leadership:district", args=[district_a.pk])).status_code
        == 404
    )
    assert client.get(reverse("leadership:city")).status_code == 403


def test_city_leader_opens_every_level(client, city_leader, district_a, sub_bureau_b):
    client.force_login(city_leader)
    assert client.get(reverse("leadership:home"))["Location"] == reverse(
        "leadership:city"
    )
    assert (
        client.get(reverse("leadership:district", args=[district_a.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("leadership:unit", args=[sub_bureau_b.pk])).status_code
        == 200
    )


def test_unknown_figure_is_404(client, city_leader, district_a):
    client.force_login(city_leader)
    url = reverse("leadership:items") + "?level=city&key=nothing"
    assert client.get(url).status_code == 404
