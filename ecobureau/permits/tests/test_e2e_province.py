"""Items decided by the province: 燃煤发电企业环保电价审核 (seed 000 其他行政权力 8:
accepted and checked on site by the city, decided by the province, relayed and
served), and 贮存危险废物超过一年 when the licence is the province's."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.casework.models import Clock, Document

from .helpers import act, login, submitted


@pytest.fixture
def coordination_staff(sections):
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="coordination",
        full_name="陈科员",
        unit=sections["coordination"],
        scope="city",
        role_codes=["section_staff"],
    )


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_city_relays_the_province_decision(
    client,
    catalogue,
    enterprise_user_a,
    window,
    coordination_staff,
    province_reviewer,
    enterprise_user_b,
):
    application = submitted(
        enterprise_user_a,
        "coal-power-tariff",
        answers={"units": "1号机组 300MW", "facilities": "脱硫脱硝除尘均已验收"},
    )
    act(application, "accept", window)
    act(
        application,
        "report_province",
        coordination_staff,
        inspectors="陈科员、林窗口",
        site_findings="CEMS运行正常",
        opinion="建议同意",
        no_recording_reason="厂区防爆区域禁止使用录像设备",
        province_reviewer=province_reviewer,
    )
    assert application.status == "province_review"
    # the province reviewer cannot see applications not given to them
    other = submitted(
        enterprise_user_b,
        "coal-power-tariff",
        answers={"units": "2号机组", "facilities": "已验收"},
    )
    login(client, province_reviewer)
    assert (
        client.get(reverse("permits:application-detail", args=[other.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("permits:application-act", args=[application.pk, "province_decide"]),
        {"province_opinion": "自2026年12月1日起执行脱硫、脱硝、除尘环保电价加价"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "relaying" and application.assignee is None
    decision = Clock.objects.get(target_id=application.pk, step="decision")
    assert decision.state == Clock.State.MET  # the bureau's part ends with the decision
    act(application, "relay", coordination_staff)
    notice = Document.objects.get(target_id=application.pk, kind="relay_notice")
    assert notice.title == "审定意见告知书"
    login(client, enterprise_user_a)
    page = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    assert notice.reference in page


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_storage_beyond_a_year_goes_to_the_licensing_authority(
    catalogue, enterprise_user_a, window, waste_staff, waste_head, province_reviewer
):
    from django.core.exceptions import ValidationError

    answers = {
        "licence_number": "LN2103001",
        "waste": "HW49 5吨",
        "extend_to": date(2027, 6, 30),
    }
    city = submitted(
        enterprise_user_a,
        "hw-storage-extension",
        answers={**answers, "licence_issuer": "市生态环境局"},
    )
    act(city, "accept", window)
    act(city, "propose", waste_staff, opinion="同意延长")
    act(city, "grant", waste_head)
    assert city.status == "granted"
    assert Document.objects.filter(target_id=city.pk, kind="licence_decision").exists()

    province = submitted(
        enterprise_user_a,
        "hw-storage-extension",
        key="second",
        answers={**answers, "licence_issuer": "省生态环境厅"},
    )
    act(province, "accept", window)
    act(
        province,
        "forward_province",
        waste_staff,
        opinion="初审同意",
        province_reviewer=province_reviewer,
    )
    act(
        province,
        "province_decide",
        province_reviewer,
        province_opinion="同意延长至2027年6月30日",
    )
    act(province, "relay", waste_staff)
    assert province.status == "relayed"
    with pytest.raises(ValidationError):
        act(province, "grant", waste_head)
