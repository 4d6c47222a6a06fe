"""The applicant's side in English: the guide, its search, the application and
enquiry pages read in English when the language cookie asks for it (the way the
site's switch chooses English), and stay in Chinese otherwise. The catalogue's
own content (item names, materials, legal bases) is data and stays Chinese."""

import pytest
from django.conf import settings
from django.urls import reverse

from ecobureau.permits.models import Enquiry

from .helpers import draft, item, login

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_guide_list_and_search_in_english(client, catalogue):
    page = _english(client).get(reverse("permits:guide-list")).content.decode()
    assert 'lang="en"' in page
    assert "The bureau offers 18 government services" in page
    assert "Search services" in page and "Apply online" in page
    assert "Administrative licensing" in page  # a category
    assert "本局政务服务事项共18项" not in page and "行政许可" not in page
    none = client.get(reverse("permits:guide-list"), {"q": "不存在的事项"})
    assert "No matching services found" in none.content.decode()


def test_a_guide_in_english(client, catalogue):
    url = reverse("permits:guide-detail", args=["night-construction"])
    page = _english(client).get(url).content.decode()
    assert "Everything you need, told at once" in page
    assert "Requirements (materials needed)" in page and "Procedure" in page
    assert "Print the service guide" in page
    assert "夜间建筑施工许可" in page  # the item's name is content
    assert "一次性告知" not in page and "办理要件（所需材料）" not in page


def test_the_application_pages_in_english(client, catalogue, enterprise_user_a):
    application = draft(enterprise_user_a, "river-outlet")
    login(_english(client), enterprise_user_a)
    listing = client.get(reverse("permits:my-applications")).content.decode()
    assert "My applications" in listing and "Application number" in listing
    assert "Not submitted" in listing
    page = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    assert "Application materials" in page and "Submit application" in page
    assert "Contact person" in page  # a form label
    assert "申请材料" not in page and "提交申请" not in page
    apply = client.get(reverse("permits:apply", args=["river-outlet"]))
    assert "Step 1: fill in the application" in apply.content.decode()


def test_a_refused_submission_and_messages_in_english(
    client, catalogue, enterprise_user_a
):
    application = draft(enterprise_user_a, "river-outlet")
    material = application.item.materials.filter(kind="upload").first()
    assert material is not None
    login(_english(client), enterprise_user_a)
    response = client.post(
        reverse("permits:my-upload", args=[application.pk, material.pk]), {}
    )
    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()
    submit = client.post(reverse("permits:my-submit", args=[application.pk]))
    assert submit.status_code == 400  # materials are missing
    assert "Required materials not yet uploaded" in submit.content.decode()


def test_the_enquiry_pages_in_english(client, catalogue, enterprise_user_a):
    login(_english(client), enterprise_user_a)
    ask = client.get(reverse("permits:ask", args=["night-construction"]))
    assert "Ask a question: 夜间建筑施工许可" in ask.content.decode()
    response = client.post(
        reverse("permits:ask", args=["night-construction"]),
        {"question": "How long may night work last?"},
        follow=True,
    )
    page = response.content.decode()
    assert "Your question has been submitted" in page
    assert "Awaiting answer" in page and "Not answered yet" in page
    assert Enquiry.objects.get().item == item("night-construction")
    listing = client.get(reverse("permits:my-enquiries")).content.decode()
    assert "My enquiries" in listing and "我的咨询" not in listing


def test_without_the_choice_the_pages_stay_chinese(
    client, catalogue, enterprise_user_a
):
    page = client.get(reverse("permits:guide-list")).content.decode()
    assert "本局政务服务事项共18项" in page and "行政许可" in page
    assert "Search services" not in page
    application = draft(enterprise_user_a, "river-outlet")
    login(client, enterprise_user_a)
    detail = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    assert "申请材料" in detail and "提交申请" in detail and "联系人" in detail
    listing = client.get(reverse("permits:my-applications")).content.decode()
    assert '<th scope="col">事项</th>' in listing and "未提交" in listing
