"""Staff pages through their URLs, with the people who must not see."""

import pytest
from django.urls import reverse

from ecobureau.complaints import services
from ecobureau.complaints.models import Complaint

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_the_users_scope(
    client,
    complaint_a,
    district_a_officer,
    district_b_officer,
    citizen,
    django_assert_num_queries,
):
    url = reverse("complaints:list")
    client.force_login(district_a_officer)
    client.get(url)
    # The number of queries does not grow with the number of rows.
    for rows in (3, 30):
        for n in range(rows - Complaint.objects.count() + 1):
            submit(
                district=complaint_a.district,
                text=f"第{n}件：扬尘",
                place=f"路{rows}-{n}号",
                anonymous=True,
            )
        with django_assert_num_queries(11):
            response = client.get(url)
    assert response.status_code == 200
    assert complaint_a.tracking_code in response.content.decode()
    client.force_login(district_b_officer)
    response = client.get(url)
    assert complaint_a.tracking_code not in response.content.decode()
    client.force_login(citizen)
    assert client.get(url).status_code == 403


def test_the_detail_masks_the_complainant_for_those_without_the_permission(
    client,
    complaint_a,
    district_a_officer,
    district_b_officer,
    desk_officer,
    team,
    enforcement_officer,
):
    url = reverse("complaints:detail", args=[complaint_a.pk])
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404
    client.force_login(district_a_officer)
    page = client.get(url).content.decode()
    assert "张三" in page and "13900000001" in page
    # Dispatched to the enforcement team: its officer sees the case, masked.
    services.complaint_accept(complaint=complaint_a, by=desk_officer)
    services.complaint_dispatch(
        complaint=complaint_a,
        orders=[services.DispatchOrder(unit=team, kind="team", days=10, lead=True)],
        by=desk_officer,
    )
    client.force_login(enforcement_officer)
    page = client.get(url).content.decode()
    assert "张*" in page and "139****0001" in page
    assert "张三" not in page and "13900000001" not in page


def test_accept_through_the_page(
    client, complaint_a, district_a_officer, district_b_officer
):
    url = reverse("complaints:accept", args=[complaint_a.pk])
    client.force_login(district_b_officer)
    assert client.post(url).status_code == 404
    client.force_login(district_a_officer)
    response = client.post(url)
    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.status == Complaint.Status.ACCEPTED


def test_a_refused_rejection_keeps_what_was_typed(
    client, complaint_a, district_a_officer
):
    client.force_login(district_a_officer)
    response = client.post(
        reverse("complaints:reject", args=[complaint_a.pk]),
        {"reason": "", "redirect_to": "鞍山市城市管理综合行政执法局"},
    )
    assert response.status_code == 400
    assert "鞍山市城市管理综合行政执法局" in response.content.decode()
    complaint_a.refresh_from_db()
    assert complaint_a.status == Complaint.Status.RECEIVED


def test_rejecting_a_real_name_complaint_issues_the_written_notice(
    client, complaint_a, district_a_officer
):
    from ecobureau.casework.models import Document

    client.force_login(district_a_officer)
    client.post(
        reverse("complaints:reject", args=[complaint_a.pk]),
        {"reason": "属于施工噪声", "redirect_to": "鞍山市城市管理综合行政执法局"},
    )
    complaint_a.refresh_from_db()
    assert complaint_a.status == Complaint.Status.NOT_ACCEPTED
    document = Document.objects.get(
        target_id=complaint_a.pk, kind="complaint_not_accepted"
    )
    from ecobureau.casework.tests.test_documents import pdf_text

    text = pdf_text(document)
    assert "不予受理" in text and complaint_a.tracking_code in text
    assert "张三" not in text


def test_the_department_sees_only_what_was_dispatched_to_it(
    client, complaint_a, desk_officer, department, department_handler
):
    detail = reverse("complaints:detail", args=[complaint_a.pk])
    client.force_login(department_handler)
    assert client.get(detail).status_code == 404
    services.complaint_accept(complaint=complaint_a, by=desk_officer)
    (dispatch,) = services.complaint_dispatch(
        complaint=complaint_a,
        orders=[
            services.DispatchOrder(
                unit=department, kind="department", days=10, lead=True
            )
        ],
        by=desk_officer,
    )
    url = reverse("complaints:dispatch-detail", args=[dispatch.pk])
    response = client.post(
        url, {"action": "feedback", "feedback": "已责令停止夜间施工", "finding": "true"}
    )
    assert response.status_code == 302
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.fed_back_by) == ("answered", department_handler)
    assert "张三" not in client.get(url).content.decode()


def test_ranking_export_is_an_excel_file_for_those_allowed(
    client, district_a_leader, district_a_officer, citizen
):
    import io

    from openpyxl import load_workbook

    url = reverse("complaints:ranking-export") + "?month=2026-10"
    client.force_login(district_a_officer)
    assert client.get(url).status_code == 403
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(district_a_leader)
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:5] == [
        "名次",
        "单位",
        "应办结",
        "已办结（应办结中）",
        "办结率%",
    ]


def test_the_api_scopes_and_masks(
    client, complaint_a, district_a_officer, district_b_officer
):
    client.force_login(district_b_officer)
    assert client.get(f"/api/complaints/{complaint_a.pk}").status_code == 404
    assert client.get("/api/complaints/").json()["count"] == 0
    client.force_login(district_a_officer)
    data = client.get(f"/api/complaints/{complaint_a.pk}").json()
    assert data["contact"]["phone"] == "13900000001"


def test_a_city_wide_desk_sees_every_complaint_and_dispatch(
    client, complaint_a, desk_officer, team
):
    """Regression: the 12369 desk is city-wide and also answers dispatches; its
    scope must stay the whole city (an empty Q() OR'd with "dispatched to my
    unit" had narrowed it to its own dispatches)."""
    other = submit(
        text="铁西区某厂夜间排放黑烟", place="铁西区兴盛路1号", anonymous=True
    )
    client.force_login(desk_officer)
    listed = client.get(reverse("complaints:list")).content.decode()
    assert complaint_a.tracking_code in listed and other.tracking_code in listed
    assert client.get(reverse("complaints:detail", args=[other.pk])).status_code == 200
    services.complaint_accept(complaint=complaint_a, by=desk_officer)
    services.complaint_dispatch(
        complaint=complaint_a,
        orders=[services.DispatchOrder(unit=team, kind="team", days=10, lead=True)],
        by=desk_officer,
    )
    dispatch = complaint_a.dispatches.get()
    response = client.get(reverse("complaints:dispatch-detail", args=[dispatch.pk]))
    assert response.status_code == 200
