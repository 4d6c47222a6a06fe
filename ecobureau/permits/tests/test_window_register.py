"""The window takes paper and oral applications (申请登记、口头申请); the first
responsible person is the higher-ranked of those who received it together."""

import pytest
import time_machine
from django.urls import reverse

from ecobureau.casework.models import Document
from ecobureau.core.models import Record
from ecobureau.permits.models import Application

from .helpers import login, pdf_file


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_an_oral_application_taken_by_two_is_owned_by_the_higher_ranked(
    client, catalogue, window, air_head, district_a
):
    login(client, window)
    response = client.post(
        reverse("permits:register", args=["medical-waste-waterway"]),
        {
            "submission_key": "w1",
            "channel": "oral",
            "applicant_name": "鞍山市中心医院",
            "contact_name": "赵主任",
            "contact_phone": "0412-5550001",
            "district": district_a.pk,
            "route": "鞍山—营口港—大连港",
            "reason": "陆路运输中断",
            "together_with": [air_head.pk],
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.channel == "oral" and application.owner == air_head
    assert Record.objects.filter(
        action="permits.application.register", target_id=str(application.pk)
    ).exists()

    # scan the papers in, then submit to acceptance
    url = reverse("permits:register-files", args=[application.pk])
    for material in application.item.materials.all():
        client.post(url, {"material": material.pk, "file": pdf_file()})
    assert client.post(url, {"submit": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"

    # the window accepts; the notice is issued in the bureau's name
    client.post(reverse("permits:application-act", args=[application.pk, "accept"]))
    notice = Document.objects.get(target_id=application.pk, kind="acceptance_notice")
    assert notice.reference.startswith("鞍环受〔2026〕")
    # the history reads as sentences
    page = client.get(reverse("permits:application-detail", args=[application.pk]))
    history = page.content.decode().split('data-testid="history"')[1]
    assert "窗口登记申请" in history
    assert "提交申请，进入“待受理”" in history
    assert "上传文件 ×2" in history
    assert "受理：待受理 → 审核中" in history
    assert f"制作文书（{notice.reference}）" in history


@pytest.mark.django_db
def test_the_public_cannot_register_at_the_window(client, catalogue, enterprise_user_a):
    login(client, enterprise_user_a)
    assert (
        client.get(reverse("permits:register", args=["night-construction"])).status_code
        == 403
    )
