"""An application past its deadline shows as overdue on the workbench; one not
answered within five working days counts as accepted from receipt."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from ecobureau.casework.models import Accountability, Clock

from .helpers import act, login, submitted

NIGHT = {
    "project": "站前综合体",
    "site": "铁东区站前街1号",
    "starts_on": date(2026, 12, 20),
    "ends_on": date(2026, 12, 24),
    "hours": "22:00至次日2:00",
}


@pytest.mark.django_db
def test_an_overdue_application_is_on_the_workbench(
    client, catalogue, enterprise_user_a, window, air_staff, district_b_officer
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = submitted(
            enterprise_user_a,
            "night-construction",
            condition="生产工艺要求",
            answers=NIGHT,
        )
        act(application, "accept", window)
    with time_machine.travel("2026-12-08 09:00 +0800", tick=False):  # due 12-07
        call_command("mark_clocks")
        login(client, air_staff)
        page = client.get(reverse("casework:workbench")).content.decode()
    assert f"夜间建筑施工许可（{application.number}）：审核材料" in page
    row = page.split(application.number)[1].split("</tr>")[0]
    assert "超期" in row
    # someone else's workbench does not have it
    login(client, district_b_officer)
    assert (
        application.number
        not in client.get(reverse("casework:workbench")).content.decode()
    )


@pytest.mark.django_db
def test_not_answered_in_five_working_days_counts_as_accepted_from_receipt(
    catalogue, enterprise_user_a, window
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = submitted(
            enterprise_user_a,
            "night-construction",
            condition="生产工艺要求",
            answers=NIGHT,
        )
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):  # due 11-30
        act(application, "accept", window)
    assert application.deemed_accepted
    acceptance = Clock.objects.get(target_id=application.pk, step="acceptance")
    decision = Clock.objects.get(target_id=application.pk, step="decision")
    assert acceptance.state == Clock.State.MISSED
    # 行政许可法 第三十二条: the 10 working days run from receipt, not from today
    assert decision.started_at == application.submitted_at
    assert Accountability.objects.filter(
        source_type="casework.clock", source_id=acceptance.pk
    ).exists()
