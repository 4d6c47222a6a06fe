"""Enquiries and ratings, with first responsibility (首问负责制)."""

import pytest
from django.urls import reverse

from ecobureau.permits.models import Enquiry, Rating

from .helpers import item, login


@pytest.mark.django_db
def test_ask_answer_rate_and_the_first_taker_owns_it(
    client, catalogue, enterprise_user_a, enterprise_user_b, window, air_staff
):
    login(client, enterprise_user_a)
    response = client.post(
        reverse("permits:ask", args=["night-construction"]),
        {"question": "夜间施工许可最长可以申请多少天？"},
    )
    enquiry = Enquiry.objects.get()
    assert response.status_code == 302 and enquiry.asker == enterprise_user_a

    # the window takes it first: it is the window's to answer or hand over
    login(client, window)
    client.post(reverse("permits:enquiry-detail", args=[enquiry.pk]), {"claim": "1"})
    login(client, air_staff)
    refused = client.post(
        reverse("permits:enquiry-detail", args=[enquiry.pk]),
        {"answer": "按施工计划确定"},
    )
    assert (
        refused.status_code == 400 and "首问负责人是林窗口" in refused.content.decode()
    )
    login(client, window)
    handed = client.post(
        reverse("permits:enquiry-detail", args=[enquiry.pk]),
        {"handover": "1", "to": air_staff.pk, "reason": "属大气科业务"},
    )
    assert handed.status_code == 302
    login(client, air_staff)
    answered = client.post(
        reverse("permits:enquiry-detail", args=[enquiry.pk]),
        {"answer": "按施工计划确定，每次一般不超过一个月。"},
    )
    assert answered.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "answered" and enquiry.answered_by == air_staff
    assert enquiry.owner == air_staff

    # another enterprise sees nothing of it; the asker rates the answer once
    login(client, enterprise_user_b)
    assert (
        client.get(reverse("permits:my-enquiry", args=[enquiry.pk])).status_code == 404
    )
    login(client, enterprise_user_a)
    page = client.get(reverse("permits:my-enquiry", args=[enquiry.pk])).content.decode()
    assert "每次一般不超过一个月" in page
    client.post(
        reverse("permits:my-enquiry", args=[enquiry.pk]),
        {"score": 5, "comment": "清楚"},
    )
    again = client.post(reverse("permits:my-enquiry", args=[enquiry.pk]), {"score": 1})
    assert "已经评价过" in again.content.decode()
    assert Rating.objects.get().score == 5


@pytest.mark.django_db
def test_an_empty_question_is_refused(client, catalogue, citizen):
    login(client, citizen)
    response = client.post(
        reverse("permits:ask", args=["hotline-12369"]), {"question": "  "}
    )
    assert (
        response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    )
    assert not Enquiry.objects.exists()


@pytest.mark.django_db
def test_staff_outside_the_item_unit_do_not_see_it(
    client, catalogue, citizen, district_b_officer
):
    from ecobureau.permits import services

    enquiry = services.enquiry_ask(
        item=item("night-construction"), by=citizen, question="问"
    )
    login(client, district_b_officer)
    assert (
        client.get(reverse("permits:enquiry-detail", args=[enquiry.pk])).status_code
        == 404
    )
