"""The shapes the other e2e files leave out, through the pages: the 60-day
e-waste certificate (行政许可 1), soil filings reviewed again until they pass
(其他行政权力 5), the heavy-pollution plan handed to the air unit (其他行政权力 9),
a tank filing after production refused (其他行政权力 4), the 工信 filing
recorded with the demolition plan (其他行政权力 3), an application's first responsible
person handing it over, and the applicant rating the handling."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from ecobureau.casework.models import Clock, Document, WorkItem
from ecobureau.casework.selectors import history_for
from ecobureau.lib.dates import local_date
from ecobureau.permits.models import Application, Rating

from .helpers import draft, login, post_act, ui_submit

APPLY = {"contact_name": "王工", "contact_phone": "13900000002"}


@pytest.mark.django_db
def test_an_ewaste_qualification_is_decided_in_60_calendar_days_with_a_certificate(
    client, catalogue, enterprise_user_a, window, waste_staff, waste_head
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = draft(
            enterprise_user_a,
            "ewaste-qualification",
            answers={
                "site": "鞍山经济开发区越岭路8号",
                "scope": "电视机、电冰箱 年处理30万台",
            },
        )
        assert ui_submit(client, enterprise_user_a, application).status_code == 302
        assert post_act(client, window, application, "accept").status_code == 302
        clock = Clock.objects.get(target_id=application.pk, step="decision")
        # "60日" are calendar days: 11-23 + 60 = 2027-01-22 (a Friday).
        assert (clock.amount, clock.unit) == (60, "days")
        assert local_date(clock.due_at) == date(2027, 1, 22)

    with time_machine.travel("2027-01-05 10:00 +0800", tick=False):
        assert (
            post_act(
                client, waste_staff, application, "propose", opinion="符合资格条件"
            ).status_code
            == 302
        )
        # the reviewer is not a head: cannot sign the grant
        assert post_act(
            client, waste_staff, application, "grant", valid_until="2031-12-31"
        ).status_code in (400, 403)
        response = post_act(
            client,
            waste_head,
            application,
            "grant",
            content="电视机、电冰箱 年处理30万台",
            valid_until="2031-12-31",
        )
        assert response.status_code == 302
    application.refresh_from_db()
    clock.refresh_from_db()
    assert application.status == "granted" and clock.state == Clock.State.MET
    certificate = Document.objects.get(
        target_id=application.pk, kind="ewaste_certificate"
    )
    login(client, enterprise_user_a)
    page = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    assert "废弃电器电子产品处理资格证书" in page and certificate.reference in page


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_a_soil_filing_is_reviewed_again_until_it_passes(
    client, catalogue, enterprise_user_a, window, soil_staff
):
    application = draft(
        enterprise_user_a,
        "land-soil-filing",
        condition="风险评估",
        answers={"parcel": "原鞍钢化工总厂地块", "national_reference": "LS-2106-0042"},
    )
    assert ui_submit(client, enterprise_user_a, application).status_code == 302
    assert post_act(client, window, application, "accept").status_code == 302
    application.refresh_from_db()
    assert application.status == "expert_review"

    again = post_act(
        client,
        soil_staff,
        application,
        "review_again",
        opinion="暴露途径分析不足，重新组织评审",
    )
    assert again.status_code == 302
    application.refresh_from_db()
    assert application.status == "expert_review"
    assert (
        post_act(
            client, soil_staff, application, "file", opinion="第二次评审通过"
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.status == "filed" and application.outcome == "filed"
    actions = [entry.action for entry in history_for(application)]
    assert actions.count("permits.application.review_again") == 1
    assert "permits.application.file" in actions
    # the staff page shows the national system's reference and the filed state
    login(client, soil_staff)
    page = client.get(
        reverse("permits:application-detail", args=[application.pk])
    ).content.decode()
    assert "LS-2106-0042" in page and "已备案（永久保存）" in page
    assert "永久保存（不可删除）" in page
    assert Document.objects.filter(
        target_id=application.pk, kind="filing_certificate"
    ).exists()
    # kept permanently (A14): no delete gets through, one row or a queryset
    with pytest.raises(PermissionDenied, match="永久保存"), transaction.atomic():
        application.delete()
    with pytest.raises(PermissionDenied, match="永久保存"), transaction.atomic():
        Application.objects.filter(pk=application.pk).delete()
    assert Application.objects.filter(pk=application.pk).exists()


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_a_heavy_pollution_plan_is_filed_and_handed_to_the_air_unit(
    client, catalogue, enterprise_user_a, window, air_staff, air_head, sections
):
    application = draft(
        enterprise_user_a,
        "heavy-pollution-plan",
        answers={"measures": "橙色预警停产一号窑，红色预警全厂停产"},
    )
    assert ui_submit(client, enterprise_user_a, application).status_code == 302
    assert post_act(client, window, application, "accept").status_code == 302
    clock = Clock.objects.get(target_id=application.pk, step="decision")
    assert (clock.amount, clock.unit) == (20, "workdays")
    assert (
        post_act(
            client, air_staff, application, "file", opinion="措施可行，予以备案"
        ).status_code
        == 302
    )
    application.refresh_from_db()
    clock.refresh_from_db()
    assert application.status == "handed_over" and clock.state == Clock.State.MET
    handover = WorkItem.objects.get(
        target_id=application.pk, kind="permits.handover", state="open"
    )
    assert handover.unit == sections["air"]
    assert post_act(client, air_head, application, "receive").status_code == 302
    application.refresh_from_db()
    handover.refresh_from_db()
    assert application.status == "received" and handover.state == "done"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_a_new_tank_is_filed_before_production_or_refused(
    client, catalogue, enterprise_user_a
):
    login(client, enterprise_user_a)
    data = {
        **APPLY,
        "submission_key": "k-tank-new",
        "project_kind": "新、改、扩建项目地下储罐",
        "production_on": "2026-11-20",
        "tanks-0-tank": "T-09 新罐区",
        "tanks-0-kind": "双层钢制",
        "tanks-0-size": "30",
        "tanks-0-years": "0",
        "tanks-0-substance": "二甲苯",
        "tanks-0-state": "未投用",
    }
    url = reverse("permits:apply", args=["underground-tank"])
    response = client.post(url, data)
    assert response.status_code == 400
    assert "应在投入生产或者使用之前备案" in response.content.decode()
    assert not Application.objects.exists()
    del data["production_on"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "请填写投入生产或者使用日期" in response.content.decode()
    data["production_on"] = "2027-03-01"
    assert client.post(url, data).status_code == 302
    assert Application.objects.get().details["production_on"] == "2027-03-01"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_industry_filing_is_recorded_as_made(client, catalogue, enterprise_user_a):
    login(client, enterprise_user_a)
    url = reverse("permits:apply", args=["demolition-plan"])
    data = {
        **APPLY,
        "submission_key": "k-demolition-miit",
        "facility": "二号车间反应釜",
        "starts_on": "2026-12-21",  # 15 working days after today: early enough
        "miit_filed_on": "2026-11-30",  # not yet made
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "向工业和信息化主管部门备案日期不能晚于今天" in response.content.decode()
    assert not Application.objects.exists()
    data["miit_filed_on"] = "2026-11-20"
    data["miit_reference"] = "鞍工信备2026-18"
    assert client.post(url, data).status_code == 302
    details = Application.objects.get().details
    assert details["miit_filed_on"] == "2026-11-20"
    assert details["miit_reference"] == "鞍工信备2026-18"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_first_responsible_person_hands_an_application_over(
    client, catalogue, enterprise_user_a, window, air_staff, air_staff_2
):
    application = draft(
        enterprise_user_a,
        "night-construction",
        condition="生产工艺要求",
        answers={
            "project": "站前综合体",
            "site": "铁东区站前街1号",
            "starts_on": date(2026, 12, 14),
            "ends_on": date(2026, 12, 20),
            "hours": "22:00至次日2:00",
        },
    )
    ui_submit(client, enterprise_user_a, application)
    post_act(client, window, application, "accept")
    application.refresh_from_db()
    assert application.owner == window  # the first to handle it

    url = reverse("permits:application-handover", args=[application.pk])
    # someone else cannot take it over by "handing" it to themselves
    login(client, air_staff_2)
    client.post(url, {"to": air_staff_2.pk, "reason": "我来办"})
    application.refresh_from_db()
    assert application.owner == window
    # no reason, no hand-over
    login(client, window)
    client.post(url, {"to": air_staff.pk, "reason": ""})
    application.refresh_from_db()
    assert application.owner == window
    # the owner hands it over explicitly, with a reason on the record
    assert (
        client.post(url, {"to": air_staff.pk, "reason": "转大气科承办"}).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.owner == air_staff
    entry = [
        e for e in history_for(application) if e.action == "permits.owner.handover"
    ]
    assert len(entry) == 1 and entry[0].data["reason"] == "转大气科承办"
    # staff acting later do not take ownership from the new owner
    post_act(client, air_staff_2, application, "schedule_site_check")
    application.refresh_from_db()
    assert application.owner == air_staff


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_applicant_rates_a_finished_application_once(
    client, catalogue, enterprise_user_a, enterprise_user_b, window
):
    application = draft(
        enterprise_user_a,
        "medical-waste-waterway",
        answers={"route": "营口港—大连港", "reason": "陆路中断"},
    )
    ui_submit(client, enterprise_user_a, application)
    login(client, enterprise_user_a)
    rate = reverse("permits:my-rate", args=[application.pk])
    early = client.post(rate, {"score": 5}, follow=True).content.decode()
    assert "办件办结后才能评价" in early
    post_act(
        client,
        window,
        application,
        "refuse_acceptance",
        reasons="不属于本机关职权范围，请向交通运输部门申请",
    )
    login(client, enterprise_user_b)
    assert client.post(rate, {"score": 1}).status_code == 404
    login(client, enterprise_user_a)
    client.post(rate, {"score": 4, "comment": "告知清楚"})
    again = client.post(rate, {"score": 1}, follow=True).content.decode()
    assert "已经评价过" in again
    rating = Rating.objects.get()
    assert (rating.score, rating.application_id) == (4, application.pk)
