"""The other procedures' own shapes: excluded procedures on 入河排污口 (and the
licence extension), hand-overs to the credit, monitoring and air units, the
customs opinion, the 12369 and forecast items handled elsewhere."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.casework.models import Clock, WorkItem
from ecobureau.lib.dates import local_date
from ecobureau.permits import processes, services, signals

from .helpers import act, draft, item, submitted

OUTLET = {"water_body": "太子河", "location": "铁东区", "change": "新建", "volume": 500}


@pytest.fixture
def water_staff(sections):
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="water",
        unit=sections["water"],
        scope="city",
        role_codes=["section_staff"],
    )


@pytest.fixture
def water_head(sections):
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="water-head",
        unit=sections["water"],
        scope="city",
        role_codes=["section_head"],
    )


@pytest.mark.django_db
def test_expert_review_time_is_not_counted_and_a_licence_may_be_extended_once(
    catalogue, enterprise_user_a, window, water_staff, water_head
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = submitted(enterprise_user_a, "river-outlet", answers=OUTLET)
        act(application, "accept", window)
        clock = Clock.objects.get(target_id=application.pk, step="decision")
        assert local_date(clock.due_at) == date(2026, 12, 21)  # 20 working days
        with pytest.raises(ValidationError, match="不计时程序"):
            act(application, "exclude", water_staff)
    with time_machine.travel("2026-11-24 09:00 +0800", tick=False):
        act(application, "exclude", water_staff, excluded_reason="expert_review")
        assert application.status == "excluded"
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        act(application, "end_excluded", water_staff)
    clock.refresh_from_db()
    # Expert review 11-24…11-30: five working days not counted, 12-21 → 12-28.
    assert local_date(clock.due_at) == date(2026, 12, 28)
    pause = clock.pauses.get()
    assert pause.reason == "expert_review" and pause.note == "专家评审"

    # 行政许可法 第四十二条: +10 by the head, once, the reason told
    with pytest.raises(PermissionDenied):
        services.application_extend(
            application=application, by=water_staff, reason="需补充论证"
        )
    before = clock.due_at
    services.application_extend(
        application=application, by=water_head, reason="需补充论证"
    )
    clock.refresh_from_db()
    assert clock.due_at > before
    with pytest.raises(ValidationError, match="已延长过一次"):
        services.application_extend(
            application=application, by=water_head, reason="再延"
        )


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_the_credit_commitment_is_handed_over_as_a_work_item(
    catalogue, enterprise_user_a, window, district_a_officer, sections
):
    from ecobureau.accounts.tests.factories import UserFactory

    coordination = UserFactory(
        username="coord",
        unit=sections["coordination"],
        scope="city",
        role_codes=["section_staff"],
    )
    credit = UserFactory(
        username="credit",
        unit=sections["coordination"],
        scope="city",
        role_codes=["credit_staff"],
    )
    received: list[int] = []

    def receiver(sender, application_id, label, **kwargs):
        received.append(application_id)

    signals.application_handed_over.connect(receiver)
    try:
        application = submitted(
            enterprise_user_a, "credit-evaluation", answers={"year": 2025}
        )
        act(application, "accept", window)
        assert application.unit is not None
        assert application.unit.code == "sub-210302"  # 分局初审
        act(
            application,
            "preliminary_pass",
            district_a_officer,
            opinion="年度无违法记录",
        )
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            act(application, "hand_over", coordination)
    finally:
        signals.application_handed_over.disconnect(receiver)
    assert application.status == "handed_over" and application.outcome == "handed_over"
    handover = WorkItem.objects.get(
        target_id=application.pk, kind="permits.handover", state="open"
    )
    assert handover.unit == sections["coordination"]
    assert received == [application.pk]
    act(application, "receive", credit)
    handover.refresh_from_db()
    assert handover.state == "done"


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_an_automatic_monitoring_filing_is_decided_the_same_day_and_flagged_late(
    catalogue, enterprise_user_a, district_a_officer, sections
):
    from ecobureau.permits import details

    application = submitted(
        enterprise_user_a,
        "cems-filing",
        answers={
            "facility": "1号排气筒CEMS",
            "change": "新建安装",
            "accepted_on": date(2026, 11, 10),
        },
    )
    assert application.unit is not None and application.unit.code == "sub-210302"
    clock = Clock.objects.get(target_id=application.pk, step="decision")
    assert clock.amount == 0 and local_date(clock.due_at) == date(2026, 11, 23)
    act(application, "file", district_a_officer)
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET
    assert application.unit == sections["monitoring-centre"]
    assert details.late_cems_filing(
        details.from_json("cems-filing", application.details), date(2026, 11, 23)
    )


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_customs_opinion_is_recorded_before_the_decision(
    catalogue, enterprise_user_a, window, waste_staff, waste_head
):
    application = submitted(
        enterprise_user_a,
        "customs-zone-waste",
        condition="是",
        answers={
            "zone": "鞍山综合保税区",
            "receiver": "某处置公司",
            "waste": "废催化剂 3吨",
        },
    )
    assert "hw-licence" in set(
        application.files.values_list("material__code", flat=True)
    )
    act(application, "accept", window)
    act(application, "ask_customs", waste_staff)
    with pytest.raises(ValidationError, match="海关意见"):
        act(application, "customs_done", waste_staff, opinion="同意")
    act(
        application,
        "customs_done",
        waste_staff,
        opinion="同意",
        customs_opinion="海关无异议",
    )
    act(application, "grant", waste_head)
    assert application.status == "granted"


@pytest.mark.django_db
def test_items_handled_elsewhere_take_no_applications_here(
    catalogue, citizen, enterprise_user_a
):
    for code in ("hotline-12369", "report-reward", "air-forecast"):
        assert code not in processes.PROCEDURES
        with pytest.raises(ValidationError, match="不在本平台网上办理"):
            draft(citizen, code)


@pytest.mark.django_db
def test_every_online_item_has_its_own_process(catalogue):
    online = [
        i.code
        for i in item("night-construction").__class__.objects.filter(handled_by="")
    ]
    assert sorted(online) == sorted(processes.PROCEDURES)
    shapes = {
        tuple(s.code for s in p.process.steps) for p in processes.PROCEDURES.values()
    }
    # the two hazardous-waste filings share the seed's chain; the rest differ
    assert len(shapes) >= 12
