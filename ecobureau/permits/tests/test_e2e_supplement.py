"""补正 pauses the clock until the applicant supplies: through the pages, as the
applicant and as staff (夜间建筑施工许可, 10 working days; and a supplement asked
at acceptance on 入河排污口)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.casework.models import Clock, Document
from ecobureau.lib.dates import local_date

from .helpers import draft, login, post_act, ui_submit, ui_upload

NIGHT = {
    "project": "站前综合体",
    "site": "铁东区站前街1号",
    "starts_on": date(2026, 12, 14),
    "ends_on": date(2026, 12, 20),
    "hours": "22:00至次日2:00",
}


def _decision(application):
    return Clock.objects.filter(target_id=application.pk, step="decision").latest("pk")


@pytest.mark.django_db
def test_a_supplement_in_review_moves_the_deadline_by_the_days_waited(
    client, catalogue, enterprise_user_a, window, air_staff
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):  # Monday
        application = draft(
            enterprise_user_a, "night-construction", condition="特殊需要", answers=NIGHT
        )
        assert ui_submit(client, enterprise_user_a, application).status_code == 302
        assert post_act(client, window, application, "accept").status_code == 302
        # 10 working days from 11-23: 11-24…11-27, 11-30…12-04, 12-07.
        assert local_date(_decision(application).due_at) == date(2026, 12, 7)

    with time_machine.travel("2026-11-24 10:00 +0800", tick=False):
        response = post_act(
            client,
            air_staff,
            application,
            "request_review_supplement",
            supplement_materials=["night-plan", "residents"],
            supplement_other="夜间施工公告文稿须注明投诉电话",
            supply_by="2026-12-04",
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == "review_supplement"
        assert application.assignee == enterprise_user_a
        assert _decision(application).state == Clock.State.PAUSED
        notice = Document.objects.get(
            target_id=application.pk, kind="correction_notice"
        )
        # the applicant sees what to supply, and the notice
        login(client, enterprise_user_a)
        page = client.get(reverse("permits:my-application", args=[application.pk]))
        text = page.content.decode()
        assert "请补正材料" in text and "夜间施工公告文稿须注明投诉电话" in text
        assert notice.reference in text

        # supplying before uploading what was asked is refused
        refused = client.post(reverse("permits:my-supply", args=[application.pk]))
        assert refused.status_code == 400
        assert "以下补正材料尚未上传" in refused.content.decode()

    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):  # the next Monday
        login(client, enterprise_user_a)
        assert ui_upload(client, application, "night-plan").status_code == 302
        assert ui_upload(client, application, "residents").status_code == 302
        supplied = client.post(reverse("permits:my-supply", args=[application.pk]))
        assert supplied.status_code == 302

    application.refresh_from_db()
    assert application.status == "reviewing"
    assert application.supplements == 1
    clock = _decision(application)
    assert clock.state == Clock.State.RUNNING
    # Paused 11-24…11-29: four working days not counted, so 12-07 becomes 12-11.
    assert local_date(clock.due_at) == date(2026, 12, 11)
    pause = clock.pauses.get()
    assert (pause.starts_on, pause.ends_on) == (date(2026, 11, 24), date(2026, 11, 29))
    assert pause.reason == "supplement"
    files = application.files.filter(round=1).values_list("material__code", flat=True)
    assert set(files) == {"night-plan", "residents"}


@pytest.mark.django_db
def test_a_supplement_at_acceptance_pauses_the_five_day_review(
    client, catalogue, enterprise_user_a, window
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = draft(
            enterprise_user_a,
            "river-outlet",
            answers={
                "water_body": "太子河",
                "location": "铁东区",
                "change": "新建",
                "volume": 500,
            },
        )
        ui_submit(client, enterprise_user_a, application)
        response = post_act(
            client,
            window,
            application,
            "request_supplement",
            supplement_materials=["report"],
        )
        assert response.status_code == 302
        acceptance = Clock.objects.get(target_id=application.pk, step="acceptance")
        assert acceptance.state == Clock.State.PAUSED

    with time_machine.travel("2026-11-26 09:00 +0800", tick=False):
        login(client, enterprise_user_a)
        ui_upload(client, application, "report")
        client.post(reverse("permits:my-supply", args=[application.pk]))
        application.refresh_from_db()
        assert application.status == "submitted"
        acceptance.refresh_from_db()
        # Five working days from 11-23 ended on 11-30; paused 11-23…11-25, of
        # which 11-24 and 11-25 would have counted (the start day never does):
        # two working days later, 12-02.
        assert acceptance.state == Clock.State.RUNNING
        assert local_date(acceptance.due_at) == date(2026, 12, 2)


@pytest.mark.django_db
def test_staff_must_list_what_to_supply(client, catalogue, enterprise_user_a, window):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = draft(
            enterprise_user_a, "night-construction", condition="特殊需要", answers=NIGHT
        )
        ui_submit(client, enterprise_user_a, application)
        response = post_act(client, window, application, "request_supplement")
    assert response.status_code == 400
    assert "请一次性列明需要补正的全部材料或内容" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Document.objects.filter(kind="correction_notice").exists()
