import pytest

pytestmark = pytest.mark.django_db


def test_workbench_api_has_the_pages_items_and_scope(
    client, items, district_a_officer, district_b_officer
) -> None:
    client.force_login(district_a_officer)
    body = client.get("/api/workbench/").json()
    assert body["total"] == 2 and body["overdue"] == 1
    assert [item["title"] for item in body["items"]] == [
        "A区：张科员的事项",
        "A区：分局待分派事项",
    ]
    client.force_login(district_b_officer)
    body = client.get("/api/workbench/", {"view": "scope"}).json()
    assert [item["title"] for item in body["items"]] == ["B区：赵科员的事项"]


def test_the_api_needs_a_session(client) -> None:
    assert client.get("/api/workbench/").status_code == 401


def test_api_docs_are_served_from_local_assets(client, district_a_officer) -> None:
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "unpkg" not in page
