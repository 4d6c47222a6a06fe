"""Pages: who sees what (district scope, the public), bad input kept on the form,
query counts on the list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.emergencies import services
from ecobureau.emergencies.models import Incident, Release

from .conftest import register

pytestmark = pytest.mark.django_db


def test_district_officer_sees_own_district_and_not_the_other(
    client, duty_officer, district_a, district_b, district_a_officer, district_b_officer
):
    # given one incident in each district
    in_a = register(duty_officer, district=district_a, title="铁东泄漏")
    in_b = register(duty_officer, district=district_b, title="铁西泄漏")

    client.force_login(district_a_officer)
    listing = client.get(reverse("emergencies:index")).content.decode()
    assert "铁东泄漏" in listing and "铁西泄漏" not in listing
    assert client.get(in_a.get_absolute_url()).status_code == 200

    client.force_login(district_b_officer)
    assert client.get(in_a.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("emergencies:log-add", args=[in_a.pk]),
        {"actor_name": "铁西", "action": "越权记录"},
    )
    assert response.status_code == 404
    assert not in_a.log_entries.exists()
    assert client.get(in_b.get_absolute_url()).status_code == 200


def test_other_district_cannot_submit_a_report_or_review_a_release(
    client, duty_officer, district_a, district_b_officer, incident_a
):
    report = incident_a.reports.get()
    release = services.release_draft(
        incident=incident_a, by=duty_officer, title="通报", body="……"
    )
    client.force_login(district_b_officer)
    assert (
        client.post(
            reverse("emergencies:report-submit", args=[report.pk]), {"content": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("emergencies:release-review", args=[release.pk]),
            {"decision": "approve"},
        ).status_code
        == 404
    )
    report.refresh_from_db()
    release.refresh_from_db()
    assert report.submitted_at is None
    assert release.status == Release.Status.DRAFT


def test_public_sees_only_published_releases(
    client, citizen, duty_officer, city_leader, incident_a
):
    draft = services.release_draft(
        incident=incident_a, by=duty_officer, title="尚未审核的稿件", body="草稿"
    )
    published = services.release_draft(
        incident=incident_a, by=duty_officer, title="已发布的通报", body="处置情况"
    )
    services.release_review(release=published, by=city_leader, approve=True)

    for who in (None, citizen):
        client.logout()
        if who is not None:
            client.force_login(who)
        public = client.get(reverse("emergencies:public")).content.decode()
        assert "已发布的通报" in public and "尚未审核的稿件" not in public
        assert (
            client.get(
                reverse("emergencies:public-detail", args=[published.pk])
            ).status_code
            == 200
        )
        assert (
            client.get(
                reverse("emergencies:public-detail", args=[draft.pk])
            ).status_code
            == 404
        )

    # and the staff pages are closed to the citizen
    client.force_login(citizen)
    assert client.get(reverse("emergencies:index")).status_code == 403
    assert client.get(incident_a.get_absolute_url()).status_code == 403


def test_staff_without_the_role_see_nothing(client, incident_a, township_official):
    client.force_login(township_official)
    assert client.get(reverse("emergencies:index")).status_code == 403
    assert client.get(incident_a.get_absolute_url()).status_code == 404


def test_register_page_creates_the_incident_and_its_initial_report(
    client, duty_officer, district_a
):
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:incident-new"),
        {
            "title": "河道死鱼",
            "source": "police",
            "place": "某河段",
            "summary": "110转来：河道大量死鱼",
            "district": district_a.pk,
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()
    assert incident.status == "received"
    assert incident.reports.get().kind == "initial"


def test_bad_input_keeps_what_was_typed_and_writes_nothing(client, duty_officer):
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:incident-new"),
        {
            "title": "河道死鱼",
            "source": "police",
            "place": "",
            "summary": "110转来：河道大量死鱼",
            "received_at": "2099-01-01T10:00",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "河道死鱼" in body and "110转来：河道大量死鱼" in body
    assert "这个字段是必填项" in body or "必填" in body
    assert not Incident.objects.exists()


def test_service_rule_error_shown_on_the_detail_page(client, duty_officer, incident_a):
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:incident-verify", args=[incident_a.pk]),
        {"verification": "现场核实中，已发现泄漏"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "请先完成初步定级" in body
    assert "现场核实中，已发现泄漏" in body
    incident_a.refresh_from_db()
    assert incident_a.status == "received"


def test_grade_form_sets_grade_and_shows_the_reason(client, duty_officer, incident_a):
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:incident-grade", args=[incident_a.pk]),
        {
            "deaths": 0,
            "poisoned": 50,
            "evacuated": 0,
            "loss_10k_yuan": "0",
            "water": "none",
            "boundary": "none",
            "ecology": "none",
        },
        follow=True,
    )
    assert "重大（Ⅱ级）" in response.content.decode()
    assert "50人以上100人以下中毒或重伤" in response.content.decode()


def test_list_page_query_count_does_not_grow_with_incidents(
    client, duty_officer, district_a, django_assert_max_num_queries
):
    for index in range(3):
        register(duty_officer, district=district_a, title=f"事件{index}")
    client.force_login(duty_officer)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("emergencies:index"))
    baseline = len(few.captured_queries)
    for index in range(10):
        register(duty_officer, district=district_a, title=f"更多{index}")
    with django_assert_max_num_queries(baseline):
        client.get(reverse("emergencies:index"))


def test_incident_links_a_complaint_the_officer_may_see(
    client, duty_officer, district_a, district_b_officer
):
    from ecobureau.complaints import services as complaint_services

    complaint = complaint_services.complaint_submit(
        data=complaint_services.ComplaintData(
            channel="phone_12369",
            text="河里大量死鱼，水面有油花",
            place="铁东区某河段",
            contact_name="张三",
            contact_phone="13900000001",
            district=district_a,
        ),
        by=duty_officer,
        photos=(),
    )
    incident = register(
        duty_officer,
        district=district_a,
        source=Incident.Source.HOTLINE,
        complaint_id=complaint.pk,
    )
    client.force_login(duty_officer)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert reverse("complaints:detail", args=[complaint.pk]) in page
    # someone who cannot see the complaint cannot link it
    with pytest.raises(ValidationError, match="投诉"):
        register(district_b_officer, district=district_a, complaint_id=complaint.pk)
