"""Online application through the pages, and bad input: each refusal in Chinese,
with nothing lost and nothing duplicated."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from ecobureau.permits.models import Application, ApplicationMaterial

from .helpers import PDF, draft, login, upload_all, zip_file

NIGHT_FORM = {
    "contact_name": "王工",
    "contact_phone": "13900000002",
    "condition": "生产工艺要求",
    "project": "站前综合体",
    "site": "铁东区站前街1号",
    "starts_on": "2026-12-01",
    "ends_on": "2026-12-10",
    "hours": "22:00至次日2:00",
}


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, catalogue):
    response = client.get(reverse("permits:apply", args=["night-construction"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_same_form_submitted_twice_makes_one_application(
    client, catalogue, enterprise_user_a
):
    login(client, enterprise_user_a)
    url = reverse("permits:apply", args=["night-construction"])
    data = {**NIGHT_FORM, "submission_key": "5c1d1ef0"}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert Application.objects.filter(created_by=enterprise_user_a).count() == 1
    assert "该申请已创建，请勿重复提交" in second.content.decode()
    application = Application.objects.get()
    assert application.enterprise is not None
    assert application.details["starts_on"] == "2026-12-01"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_a_form_with_errors_keeps_what_was_typed(client, catalogue, enterprise_user_a):
    login(client, enterprise_user_a)
    data = {**NIGHT_FORM, "submission_key": "k1", "ends_on": "2026-11-30"}
    response = client.post(reverse("permits:apply", args=["night-construction"]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "截止日不能早于起始日" in page
    assert "站前综合体" in page  # kept
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_citizen_cannot_apply_for_an_enterprise_item(client, catalogue, citizen):
    login(client, citizen)
    response = client.get(reverse("permits:apply", args=["coal-power-tariff"]))
    assert "请以企业账户申请" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_submitting_without_materials_lists_every_missing_one(
    client, catalogue, enterprise_user_a
):
    application = draft(
        enterprise_user_a,
        "night-construction",
        condition="特殊需要",
        answers={
            k: v for k, v in NIGHT_FORM.items() if k in ("project", "site", "hours")
        }
        | {"starts_on": date(2026, 12, 1), "ends_on": date(2026, 12, 2)},
    )
    login(client, enterprise_user_a)
    response = client.post(reverse("permits:my-submit", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "以下必需材料尚未上传" in page
    for name in ("夜间施工计划", "夜间施工公告文稿", "工地辖区社区居民委员会意见"):
        assert name in page
    application.refresh_from_db()
    assert application.status == Application.DRAFT


@pytest.mark.django_db
def test_a_file_of_the_wrong_type_is_refused_by_its_content(
    client, catalogue, enterprise_user_a
):
    application = draft(enterprise_user_a, "river-outlet")
    material = application.item.materials.get(code="report")
    login(client, enterprise_user_a)
    response = client.post(
        reverse("permits:my-upload", args=[application.pk, material.pk]),
        {"file": zip_file("论证报告.pdf")},
    )
    assert response.status_code == 400
    assert "文件类型不符" in response.content.decode()
    assert "ZIP" in response.content.decode()
    assert not ApplicationMaterial.objects.exists()


@pytest.mark.django_db
@override_settings(PERMITS_UPLOAD_MAX_BYTES=1024)
def test_an_oversized_file_is_refused_with_the_limit(
    client, catalogue, enterprise_user_a
):
    application = draft(enterprise_user_a, "river-outlet")
    material = application.item.materials.get(code="report")
    login(client, enterprise_user_a)
    big = SimpleUploadedFile(
        "论证报告.pdf", PDF + b"%" * 4096, content_type="application/pdf"
    )
    response = client.post(
        reverse("permits:my-upload", args=[application.pk, material.pk]), {"file": big}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "文件过大" in page and "1KB" in page
    assert not ApplicationMaterial.objects.exists()


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_submitting_twice_is_refused_the_second_time(
    client, catalogue, enterprise_user_a
):
    application = draft(
        enterprise_user_a,
        "medical-waste-waterway",
        answers={"route": "营口港—大连港", "reason": "陆路中断"},
    )
    upload_all(application, enterprise_user_a)
    login(client, enterprise_user_a)
    url = reverse("permits:my-submit", args=[application.pk])
    assert client.post(url).status_code == 302
    again = client.post(url)
    assert again.status_code == 400
    assert "该申请已提交，请勿重复提交" in again.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    from ecobureau.core.models import Record

    assert (
        Record.objects.filter(
            action="permits.application.create", target_id=str(application.pk)
        ).count()
        == 1
    )


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_applicant_follows_the_steps_on_their_page(
    client, catalogue, enterprise_user_a
):
    application = draft(
        enterprise_user_a,
        "medical-waste-waterway",
        answers={"route": "营口港—大连港", "reason": "陆路中断"},
    )
    upload_all(application, enterprise_user_a)
    login(client, enterprise_user_a)
    client.post(reverse("permits:my-submit", args=[application.pk]))
    page = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    assert "待受理" in page
    assert "受理审查期限" in page and "2026年11月30日前" in page
    listing = client.get(reverse("permits:my-applications")).content.decode()
    assert application.number in listing
