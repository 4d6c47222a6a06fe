"""The API's error answers are JSON and are listed in its OpenAPI description."""

import pytest


@pytest.mark.django_db
def test_an_unmatched_api_path_answers_json(client):
    response = client.get("/api/enterprises/not-a-number")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
def test_an_unmatched_page_still_answers_the_html_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_description_lists_each_operations_error_answers(client):
    schema = client.get("/api/openapi.json").json()

    one_enterprise = schema["paths"]["/api/enterprises/{enterprise_id}"]["get"]
    assert set(one_enterprise["responses"]) >= {"200", "401", "403", "404", "422"}
    me = schema["paths"]["/api/me/"]["get"]
    assert "401" in me["responses"]
    assert "404" not in me["responses"]  # nothing in its path to miss
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["detail"]


HUGE = "-91671430752315817984"  # what schemathesis once sent; beyond any bigint


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/api/enterprises/?district={HUGE}",
        f"/api/enterprises/?township={HUGE[1:]}",
        f"/api/complaints/?district={HUGE}",
        f"/api/enterprises/{HUGE[1:]}",
        f"/api/complaints/{HUGE[1:]}",
        f"/api/rewards/{HUGE[1:]}",
        f"/api/permits/applications/{HUGE[1:]}/",
        f"/api/air/forecasts/{HUGE[1:]}",
    ],
)
def test_an_id_beyond_any_row_is_refused_not_a_server_error(client, city_leader, path):
    client.force_login(city_leader)

    response = client.get(path)

    assert response.status_code in (404, 422), response.content
    assert "detail" in response.json()


# What schemathesis sent on PostgreSQL, where text cannot hold NUL and the filter
# answered 500 (CI, 2026-11-23). SQLite accepts NUL, so the answer is checked here
# rather than the crash: both databases must give the same 422.
NUL_FILTERS = "/api/enterprises/?q=n%1Ce&township=17.0&page=854&industry=%002"


@pytest.mark.django_db
def test_an_api_filter_holding_nul_answers_422_naming_the_parameter(
    client, city_leader
):
    client.force_login(city_leader)

    response = client.get(NUL_FILTERS)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "industry"]
    assert "空字符" in error["msg"]


@pytest.mark.django_db
def test_a_page_filter_holding_nul_answers_400_in_chinese(client, city_leader):
    client.force_login(city_leader)

    response = client.get("/enterprises/?q=%00plant")

    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
def test_a_filter_without_nul_is_not_refused(client, city_leader):
    client.force_login(city_leader)

    assert client.get("/enterprises/?q=plant").status_code == 200
