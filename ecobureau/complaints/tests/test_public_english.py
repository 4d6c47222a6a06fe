"""The public complaint pages in English: chosen the way the site chooses it (the
language cookie the switch sets), the form, the tracking page, the citizen's own
list and the published outcomes read in English; without the cookie they stay in
Chinese, whatever the browser prefers."""

import pytest
from django.conf import settings
from django.urls import reverse

from ecobureau.complaints.models import Complaint

from .conftest import submit

pytestmark = pytest.mark.django_db


def _page(client, url, *, english):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    return response, response.content.decode()


def test_the_complaint_form_in_english(client, desk):
    response, page = _page(client, reverse("complaints:new"), english=True)
    assert response.status_code == 200 and 'lang="en"' in page
    assert "Report environmental pollution" in page
    assert "Problem reported" in page and "Report anonymously" in page
    assert "Soil and ecology" in page  # a category choice
    assert "Already submitted? Check progress with your tracking code" in page
    assert "环境污染投诉举报" not in page and "反映的问题" not in page


def test_a_refused_form_explains_in_english(client, desk):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("complaints:new"), {"text": "Black smoke", "place": "Some road"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "leave a mobile number or email" in page and "Black smoke" in page


def test_the_tracking_page_and_its_steps_in_english(client, desk):
    complaint = submit()
    url = reverse("complaints:track") + f"?code={complaint.tracking_code}"
    response, page = _page(client, url, english=True)
    assert response.status_code == 200
    assert "Check complaint progress" in page
    assert f"Tracking code {complaint.tracking_code}" in page
    assert "Awaiting acceptance" in page  # the status
    assert "Received" in page  # the first step
    assert "投诉办理进度查询" not in page and "待受理" not in page
    missing = client.get(reverse("complaints:track") + "?code=NOPE")
    assert "No complaint matches this tracking code" in missing.content.decode()


def test_the_citizens_own_list_in_english(client, citizen, desk):
    submit(by=citizen)
    client.force_login(citizen)
    response, page = _page(client, reverse("complaints:mine"), english=True)
    assert response.status_code == 200
    assert "My complaints" in page and "Report a new problem" in page
    assert "Awaiting acceptance" in page
    assert "我的投诉" not in page


def test_the_published_outcomes_in_english(client, desk, district_a):
    complaint = submit(district=district_a)
    Complaint.objects.filter(pk=complaint.pk).update(
        status="closed",
        finding="partly",
        category="air",
        closed_at=complaint.received_at,
    )
    response, page = _page(client, reverse("complaints:public-outcomes"), english=True)
    assert response.status_code == 200
    assert "Outcomes of environmental complaint handling" in page
    assert "Verification conclusion" in page and "Partly substantiated" in page
    assert "(not a registered enterprise; name not published)" in page
    assert "1 in total." in page
    assert "核查结论" not in page and "部分属实" not in page
    csv = client.get(reverse("complaints:public-outcomes") + "?format=csv")
    assert "Verification conclusion" in csv.content.decode("utf-8-sig")


def test_without_the_choice_the_pages_stay_chinese(client, desk, district_a):
    complaint = submit(district=district_a)
    Complaint.objects.filter(pk=complaint.pk).update(
        status="closed",
        finding="partly",
        category="air",
        closed_at=complaint.received_at,
    )
    _, form = _page(client, reverse("complaints:new"), english=False)
    assert "环境污染投诉举报" in form and "反映的问题" in form
    assert "Report environmental pollution" not in form
    url = reverse("complaints:track") + f"?code={complaint.tracking_code}"
    _, track = _page(client, url, english=False)
    assert f"查询码 {complaint.tracking_code}" in track and "已办结" in track
    assert "已收到" in track
    _, outcomes = _page(client, reverse("complaints:public-outcomes"), english=False)
    assert "核查结论" in outcomes and "部分属实" in outcomes
    assert "（非登记企业，不公开名称）" in outcomes and "共 1 件。" in outcomes
