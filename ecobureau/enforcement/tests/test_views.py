"""The pages: the QR code, the phone scan page, the inspection page, the
enterprise's visits — each with someone who must not see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.grid.models import InspectionTask

from .. import services
from ..models import CheckIn, Inspection, VisitRating
from .conftest import photo, plan_task, video, write_record


def test_qr_code_is_an_svg_of_the_scan_url(
    client, enforcement_head, enterprise_a, code_a
):
    client.force_login(enforcement_head)
    response = client.get(
        reverse("enforcement:enterprise-code-svg", args=[enterprise_a.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]
    page = client.get(reverse("enforcement:enterprise-code", args=[enterprise_a.pk]))
    assert reverse("enforcement:scan", args=[code_a.token]) in page.content.decode()


def test_enterprise_sees_its_own_code_not_anothers(
    client, enterprise_user_a, enterprise_a, enterprise_b, code_a, enforcement_head
):
    services.code_issue(enterprise=enterprise_b, by=enforcement_head)
    client.force_login(enterprise_user_a)
    own = client.get(reverse("enforcement:enterprise-code-svg", args=[enterprise_a.pk]))
    assert own.status_code == 200
    other = client.get(
        reverse("enforcement:enterprise-code-svg", args=[enterprise_b.pk])
    )
    assert other.status_code == 404


def test_enterprise_may_not_issue_codes(client, enterprise_user_a, enterprise_a):
    client.force_login(enterprise_user_a)
    response = client.post(
        reverse("enforcement:enterprise-code", args=[enterprise_a.pk])
    )
    assert response.status_code == 403


def test_officers_scan_in_and_out_on_the_phone_page(client, planned, officers, code_a):
    url = reverse("enforcement:scan", args=[code_a.token])
    for officer in officers:
        client.force_login(officer)
        page = client.get(url)
        assert "入企签到" in page.content.decode()
        response = client.post(url, {"inspection": planned.pk, "action": "in"})
        assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "on_site"
    response = client.post(url, {"inspection": planned.pk, "action": "out"})
    assert response.status_code == 302
    assert CheckIn.objects.get(officer=officers[1]).out_at is not None


def test_scan_without_an_approved_inspection_says_no_plan_no_inspection(
    client, other_officer, code_a, planned
):
    client.force_login(other_officer)
    url = reverse("enforcement:scan", args=[code_a.token])
    page = client.get(url)
    assert "无计划不检查" in page.content.decode()
    response = client.post(url, {"inspection": planned.pk, "action": "in"})
    assert response.status_code == 400  # a refused scan, on purpose
    assert "未找到您参加的该企业检查" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_unknown_code_is_404(client, officers):
    client.force_login(officers[0])
    assert client.get(reverse("enforcement:scan", args=["nope"])).status_code == 404


def test_enterprise_scanning_its_code_goes_to_its_visits(
    client, enterprise_user_a, code_a
):
    client.force_login(enterprise_user_a)
    response = client.get(reverse("enforcement:scan", args=[code_a.token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement:visits")


def test_only_the_officers_and_their_heads_see_an_inspection(
    client,
    planned,
    officers,
    other_officer,
    enforcement_head,
    district_a_leader,
    district_b_officer,
    enterprise_user_a,
    enterprise_user_b,
):
    url = reverse("enforcement:inspection-detail", args=[planned.pk])
    for user in (officers[0], enforcement_head, district_a_leader):
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    for user in (other_officer, district_b_officer):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404), user
    for user in (enterprise_user_a, enterprise_user_b):
        client.force_login(user)
        assert client.get(url).status_code == 403  # staff page


def test_sub_bureau_head_of_another_district_sees_nothing(
    client, planned, sub_bureau_b, district_b
):
    from ecobureau.accounts.models import User
    from ecobureau.accounts.tests.factories import UserFactory

    head_b = UserFactory(
        username="tiexi-head",
        full_name="铁西分局长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )
    client.force_login(head_b)
    url = reverse("enforcement:inspection-detail", args=[planned.pk])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("enforcement:index"))
    assert f"现场检查#{planned.pk}" not in listing.content.decode()


def test_enterprise_sees_its_visit_only_after_arrival(
    client, planned, officers, code_a, enterprise_user_a, enterprise_user_b
):
    client.force_login(enterprise_user_a)
    url = reverse("enforcement:visit-detail", args=[planned.pk])
    assert client.get(url).status_code == 404  # a planned check is not announced
    for officer in officers:
        services.inspection_check_in(inspection=planned, by=officer, token=code_a.token)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for officer in officers:
        assert officer.credential_no in body
    assert "有效" in body
    client.force_login(enterprise_user_b)
    assert client.get(url).status_code == 404
    assert (
        f"#{planned.pk}"
        not in client.get(reverse("enforcement:visits")).content.decode()
    )


def test_inspection_recorded_through_the_page_and_rated_by_the_enterprise(
    client, on_site, officers, code_a, enterprise_user_a
):
    # given an officer on site writes the record with a photo and the recording
    client.force_login(officers[0])
    url = reverse("enforcement:inspection-detail", args=[on_site.pk])
    page = client.get(url)
    assert 'data-testid="record-form"' in page.content.decode()
    from .. import checklists

    checklist = checklists.for_industry(on_site.enterprise.industry_code)
    data = {
        "action": "record",
        "checklist": checklist.code,
        "findings": "设施正常运行。",
        "present_name": "钱经理",
        "credentials_shown": "1",
        "party_signed": "1",
    }
    for n, _item in enumerate(checklist.items):
        data[f"result_{n}"] = "ok"
    assert client.post(url, data).status_code == 302
    assert (
        client.post(
            url, {"action": "file", "kind": "photo", "file": photo()}
        ).status_code
        == 302
    )
    captured = (timezone.localtime() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {"action": "file", "kind": "video", "file": video(), "captured_at": captured},
    )
    assert response.status_code == 302
    # a bad health sheet row keeps the page with a Chinese error and saves nothing
    bad = client.post(
        url,
        {
            "action": "health",
            "problem_0": "标识缺失",
            "requirement_0": "HJ 1276",
            "advice": "x",
        },
    )
    assert bad.status_code == 400
    assert "不适用体检单" in bad.content.decode()
    for officer in officers:
        services.inspection_check_out(
            inspection=on_site, by=officer, token=code_a.token
        )
    assert client.post(url, {"action": "finish"}).status_code == 302
    on_site.refresh_from_db()
    assert on_site.status == "done"
    # when the enterprise rates the visit
    client.force_login(enterprise_user_a)
    visit = reverse("enforcement:visit-detail", args=[on_site.pk])
    response = client.post(
        visit, {"overall": "satisfied", "credentials_shown": "1", "civil": "1"}
    )
    assert response.status_code == 302
    assert VisitRating.objects.get(inspection=on_site).civil is True


def test_plan_page_refuses_without_basis_and_creates_from_a_task(
    client, enforcement_head, enterprise_a, officers
):
    client.force_login(enforcement_head)
    url = reverse("enforcement:inspection-new")
    page = client.post(url, {"officers": [o.pk for o in officers]})
    assert page.status_code == 400
    assert "无计划不检查" in page.content.decode()
    assert client.get(url).status_code == 200  # the page itself is not refused
    assert not Inspection.objects.exists()
    task = plan_task(
        enterprise_a, officers, enforcement_head, kind=InspectionTask.Kind.CAMPAIGN
    )
    response = client.post(
        f"{url}?task={task.pk}", {"officers": [o.pk for o in officers]}
    )
    assert response.status_code == 302
    assert Inspection.objects.get().plan_task_id == task.pk


@pytest.mark.parametrize("count", [3])
def test_inspection_list_query_count_is_fixed(
    client,
    enforcement_head,
    enterprise_a,
    officers,
    django_assert_max_num_queries,
    count,
):
    for _ in range(count):
        task = plan_task(
            enterprise_a, officers, enforcement_head, kind=InspectionTask.Kind.COMPLAINT
        )
        services.inspection_plan(by=enforcement_head, officers=officers, task=task)
    client.force_login(enforcement_head)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("enforcement:index"))
    assert response.content.decode().count("现场检查#") >= count


__all__ = ["write_record"]
