"""Data scope through every door: list, detail, export, API, and the enterprise's
own page. A district officer sees nothing of another district."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.enterprises import excel


def _exported_codes(response) -> list[str]:
    sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(excel.HEADERS)
    return [row[0] for row in rows[1:]]


def test_district_officer_lists_only_own_district(
    client, district_a_officer, enterprise_a, enterprise_b
):
    client.force_login(district_a_officer)

    response = client.get(reverse("enterprises:list"))

    assert response.status_code == 200
    assert [e.pk for e in response.context["page"].object_list] == [enterprise_a.pk]
    assert enterprise_b.name not in response.content.decode()


def test_other_districts_enterprise_is_not_found(
    client, district_b_officer, enterprise_a
):
    client.force_login(district_b_officer)

    assert (
        client.get(reverse("enterprises:detail", args=[enterprise_a.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("enterprises:edit", args=[enterprise_a.pk])).status_code
        == 404
    )


def test_export_holds_only_own_district(
    client, district_b_officer, enterprise_a, enterprise_b
):
    client.force_login(district_b_officer)

    response = client.get(reverse("enterprises:export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert _exported_codes(response) == [enterprise_b.credit_code]


def test_export_follows_the_current_filters(
    client, city_leader, enterprise_a, enterprise_b
):
    client.force_login(city_leader)

    response = client.get(reverse("enterprises:export"), {"key_source": "provincial"})

    assert _exported_codes(response) == [enterprise_a.credit_code]


def test_api_lists_and_shows_only_own_district(
    client, district_b_officer, enterprise_a, enterprise_b
):
    client.force_login(district_b_officer)

    listing = client.get("/api/enterprises/").json()
    detail = client.get(f"/api/enterprises/{enterprise_a.pk}")

    assert listing["count"] == 1
    assert [item["credit_code"] for item in listing["items"]] == [
        enterprise_b.credit_code
    ]
    assert detail.status_code == 404


def test_api_detail_in_scope(client, district_a_officer, enterprise_a):
    client.force_login(district_a_officer)

    body = client.get(f"/api/enterprises/{enterprise_a.pk}").json()

    assert body["credit_code"] == enterprise_a.credit_code
    assert body["district"] == "铁东区"
    assert body["key_source_label"] == "省控"
    assert body["outlets"] == [] and body["permits"] == []


def test_city_leader_sees_every_district(
    client, city_leader, enterprise_a, enterprise_b
):
    client.force_login(city_leader)

    response = client.get(reverse("enterprises:list"))

    assert response.context["page"].paginator.count == 2


def test_township_official_sees_only_the_township(
    client, township_official, enterprise_a, district_a, sub_bureau_a
):
    from ecobureau.enterprises.tests.factories import EnterpriseFactory

    EnterpriseFactory(district=district_a, supervising_unit=sub_bureau_a)
    client.force_login(township_official)

    response = client.get(reverse("enterprises:list"))

    assert [e.pk for e in response.context["page"].object_list] == [enterprise_a.pk]


def test_enterprise_account_sees_only_its_own_file(
    client, enterprise_user_a, enterprise_a, enterprise_b
):
    client.force_login(enterprise_user_a)

    mine = client.get(reverse("enterprises:mine"))
    own = client.get(reverse("enterprises:detail", args=[enterprise_a.pk]))
    other = client.get(reverse("enterprises:detail", args=[enterprise_b.pk]))
    api = client.get("/api/enterprises/").json()

    assert mine.status_code == 200
    assert mine.context["enterprise"] == enterprise_a
    assert "我的企业档案" in mine.content.decode()
    assert own.status_code == 200
    assert other.status_code == 404
    assert [item["id"] for item in api["items"]] == [enterprise_a.pk]
    assert client.get(f"/api/enterprises/{enterprise_b.pk}").status_code == 404
    assert client.get(reverse("enterprises:list")).status_code == 403
    assert client.get(reverse("enterprises:export")).status_code == 403


def test_unverified_enterprise_account_sees_nothing(
    client, enterprise_user_a, enterprise_a
):
    enterprise_user_a.enterprise_account.verified = False
    enterprise_user_a.enterprise_account.save()
    client.force_login(enterprise_user_a)

    response = client.get(reverse("enterprises:mine"))

    assert response.status_code == 200
    assert "尚未与企业档案关联" in response.content.decode()
    assert (
        client.get(reverse("enterprises:detail", args=[enterprise_a.pk])).status_code
        == 404
    )


def test_citizen_gets_nothing(client, citizen, enterprise_a):
    client.force_login(citizen)

    assert client.get(reverse("enterprises:list")).status_code == 403
    assert (
        client.get(reverse("enterprises:detail", args=[enterprise_a.pk])).status_code
        == 404
    )
    assert client.get(reverse("enterprises:export")).status_code == 403
    assert client.get(reverse("enterprises:mine")).status_code == 403
    assert client.get("/api/enterprises/").json()["count"] == 0


@pytest.mark.parametrize(
    "name, args",
    [("list", []), ("detail", ["pk"]), ("export", []), ("mine", []), ("import", [])],
)
def test_anonymous_is_sent_to_log_in(client, enterprise_a, name, args):
    url = reverse(f"enterprises:{name}", args=[enterprise_a.pk for _ in args])

    response = client.get(url)

    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_anonymous_api_is_refused(client, enterprise_a):
    assert client.get("/api/enterprises/").status_code == 401
    assert client.get(f"/api/enterprises/{enterprise_a.pk}").status_code == 401


def test_openapi_schema_lists_the_enterprise_endpoints(client, city_leader):
    client.force_login(city_leader)

    paths = client.get("/api/openapi.json").json()["paths"]

    assert "/api/enterprises/" in paths
    assert "/api/enterprises/{enterprise_id}" in paths


def test_casework_reaches_enterprises_through_the_scoped_getter(
    district_a_officer, district_b_officer, enterprise_a
):
    from django.http import Http404

    from ecobureau.casework import registry

    target = registry.target_type("enterprises.enterprise")

    found = registry.target_get_for_user(
        district_a_officer, "enterprises.enterprise", enterprise_a.pk
    )
    assert found == enterprise_a
    assert target.url(found) == reverse("enterprises:detail", args=[enterprise_a.pk])
    with pytest.raises(Http404):
        registry.target_get_for_user(
            district_b_officer, "enterprises.enterprise", enterprise_a.pk
        )
