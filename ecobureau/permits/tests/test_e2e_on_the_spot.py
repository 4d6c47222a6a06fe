"""即办件: 拆除活动污染防治方案备案 (seed 000 其他行政权力 3). Decided on the spot;
expert review is not counted; the plan is filed at least 15 working days before
demolition starts (the form checks the date)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.casework.models import Clock, Document
from ecobureau.lib.dates import local_date

from .helpers import draft, login, post_act, ui_submit


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_a_demolition_date_too_close_is_refused_with_the_first_possible_day(
    client, catalogue, enterprise_user_a
):
    login(client, enterprise_user_a)
    response = client.post(
        reverse("permits:apply", args=["demolition-plan"]),
        {
            "submission_key": "k-demo",
            "contact_name": "王工",
            "contact_phone": "13900000002",
            "facility": "二号车间反应釜",
            "starts_on": "2026-12-10",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    # 15 working days after 11-23 is 12-14; demolition may start 12-15.
    assert "最早可于2026年12月15日开始拆除" in page


@pytest.mark.django_db
def test_filed_on_the_day_the_experts_finish(
    client, catalogue, enterprise_user_a, window, soil_staff
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = draft(
            enterprise_user_a,
            "demolition-plan",
            answers={
                "facility": "二号车间反应釜",
                "starts_on": date(2026, 12, 21),
                "miit_filed_on": date(2026, 11, 20),
                "miit_reference": "鞍工信备2026-18",
            },
        )
        assert ui_submit(client, enterprise_user_a, application).status_code == 302
        clock = Clock.objects.get(target_id=application.pk, step="decision")
        assert clock.amount == 0 and local_date(clock.due_at) == date(2026, 11, 23)
        assert post_act(client, window, application, "accept").status_code == 302
        clock.refresh_from_db()
        assert clock.state == Clock.State.CANCELLED  # expert time is not counted

    with time_machine.travel("2026-12-01 15:00 +0800", tick=False):
        post_act(
            client, soil_staff, application, "experts_done", opinion="专家评审通过"
        )
        restarted = Clock.objects.filter(
            target_id=application.pk, step="decision"
        ).latest("pk")
        assert restarted.is_open and local_date(restarted.due_at) == date(2026, 12, 1)
        response = post_act(client, soil_staff, application, "file", opinion="予以备案")
        assert response.status_code == 302

    application.refresh_from_db()
    restarted.refresh_from_db()
    assert application.status == "filed"
    assert restarted.state == Clock.State.MET
    certificate = Document.objects.get(
        target_id=application.pk, kind="filing_certificate"
    )
    login(client, enterprise_user_a)
    pdf = client.get(
        reverse("permits:my-document", args=[application.pk, certificate.pk])
    )
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(
        b"%PDF"
    )


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_underground_tanks_are_registered_one_per_row(
    client, catalogue, enterprise_user_a
):
    login(client, enterprise_user_a)
    data = {
        "submission_key": "k-tank",
        "contact_name": "王工",
        "contact_phone": "13900000002",
        "project_kind": "现有地下储罐",
        "tanks-0-tank": "T-01 罐区东侧",
        "tanks-0-kind": "双层钢制",
        "tanks-0-size": "50",
        "tanks-0-years": "8",
        "tanks-0-substance": "甲苯",
        "tanks-0-state": "在用",
        "tanks-1-tank": "T-02 罐区西侧",
    }
    response = client.post(reverse("permits:apply", args=["underground-tank"]), data)
    assert response.status_code == 400
    assert "第2个储罐缺少" in response.content.decode()
    data["tanks-1-tank"] = ""
    response = client.post(reverse("permits:apply", args=["underground-tank"]), data)
    assert response.status_code == 302
    from ecobureau.permits.models import Application

    tanks = Application.objects.get().details["tanks"]
    assert tanks == [
        {
            "tank": "T-01 罐区东侧",
            "kind": "双层钢制",
            "size": "50",
            "years": "8",
            "substance": "甲苯",
            "state": "在用",
        }
    ]
