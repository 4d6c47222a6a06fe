"""夜间建筑施工许可 (seed 000 行政许可 5): materials → review → on-site check →
approval → permit, 10 working days; the materials depend on the reason."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ecobureau.casework.models import Clock, Document
from ecobureau.permits import services
from ecobureau.permits.models import Application

from .helpers import act, draft, submitted, upload_all

NIGHT = {
    "project": "鞍山站前综合体",
    "site": "铁东区站前街1号",
    "starts_on": date(2026, 12, 1),
    "ends_on": date(2026, 12, 10),
    "hours": "22:00至次日2:00",
}


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_night_permit_from_application_to_licence(
    catalogue, enterprise_user_a, window, air_staff, air_staff_2, air_head
):
    # given: the enterprise applies for night work required by its process
    application = submitted(
        enterprise_user_a, "night-construction", condition="生产工艺要求", answers=NIGHT
    )
    assert application.status == "submitted"
    acceptance = Clock.objects.get(target_id=application.pk, step="acceptance")
    assert acceptance.due_at.date() == date(2026, 11, 30)  # 5 working days

    # when: accepted, checked on site by two, approved
    act(application, "accept", window)
    act(application, "schedule_site_check", air_staff)
    act(
        application,
        "complete_site_check",
        air_staff,
        inspectors="钱科员、孙科员",
        site_findings="工地围挡完好，降噪措施到位",
        opinion="符合夜间施工条件",
        no_recording_reason="夜间查验现场照明不足，录像设备无法使用",
    )
    act(application, "grant", air_head)

    # then: the permit is issued, numbered, and the 10-working-day clock met
    assert application.status == "granted"
    assert application.outcome == "granted"
    kinds = set(
        Document.objects.filter(target_id=application.pk).values_list("kind", flat=True)
    )
    assert {"acceptance_notice", "night_construction_permit"} <= kinds
    decision = Clock.objects.get(target_id=application.pk, step="decision")
    assert decision.state == Clock.State.MET
    assert decision.amount == 10 and decision.unit == "workdays"
    assert application.owner == window  # 首问负责: the first to handle it


@pytest.mark.django_db
def test_special_need_asks_for_its_own_materials(catalogue, enterprise_user_a):
    production = draft(
        enterprise_user_a, "night-construction", condition="生产工艺要求"
    )
    special = draft(
        enterprise_user_a, "night-construction", condition="特殊需要", key="second"
    )
    assert "process-design" in {m.code for m in services.missing_materials(production)}
    special_codes = {m.code for m in services.missing_materials(special)}
    assert {"need-statement", "night-plan", "notice-text"} <= special_codes
    assert "process-design" not in special_codes


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_site_check_needs_two_inspectors(
    catalogue, enterprise_user_a, window, air_staff
):
    application = submitted(
        enterprise_user_a, "night-construction", condition="生产工艺要求", answers=NIGHT
    )
    act(application, "accept", window)
    act(application, "schedule_site_check", air_staff)
    with pytest.raises(ValidationError, match="两名以上"):
        act(
            application,
            "complete_site_check",
            air_staff,
            inspectors="钱科员",
            site_findings="已查验",
            opinion="同意",
            no_recording_reason="设备故障",
        )
    application.refresh_from_db()
    assert application.status == "site_check"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_night_period_cannot_start_in_the_past(catalogue, enterprise_user_a):
    application = draft(
        enterprise_user_a,
        "night-construction",
        condition="生产工艺要求",
        answers={**NIGHT, "starts_on": date(2026, 11, 1)},
    )
    upload_all(application, enterprise_user_a)
    with pytest.raises(ValidationError, match="起始日不能早于今天"):
        services.application_submit(application=application, by=enterprise_user_a)
    application.refresh_from_db()
    assert application.status == Application.DRAFT
