"""查封、扣押 leftovers: the urgent on-the-spot measure reported within 24 hours
and released at once when the head refuses (行政强制法第十九条); withdrawing a
refused proposal; testing/appraisal periods not counted in the 30 days
(第二十五条第三款)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock, Document
from ecobureau.core.models import Record
from ecobureau.lib import dates

from .. import selectors, services
from ..models import CompulsoryMeasure
from .test_measures import ITEMS, approve, clock_of, propose


def urgent(case, officers, **extra):
    values = {
        "case": case,
        "kind": CompulsoryMeasure.Kind.SEIZE,
        "items": ITEMS,
        "place": "企业东侧危险废物贮存间",
        "reason": "危险废物正在装车转移。",
        "basis": "《中华人民共和国固体废物污染环境防治法》第二十七条",
        "urgency": "夜间发现装车转移，来不及事先报批。",
        "officers": officers,
        "served_to": "钱经理",
        "signed": True,
        "by": officers[0],
    }
    values.update(extra)
    return services.measure_carry_out_urgent(**values)


def report_clock(measure):
    return Clock.objects.get(
        target_type="enforcement.compulsorymeasure",
        target_id=measure.pk,
        step="measure_report",
    )


def refuse(measure, reviewer, approver):
    approval = selectors.measure_approval(measure)
    casework_services.approval_review(
        approval=approval, opinion="请审定。", by=reviewer
    )
    casework_services.approval_decide(
        approval=approval, decision="reject", opinion="不应采取强制措施。", by=approver
    )


def test_urgent_measure_in_force_at_once_with_a_24_hour_report_clock(
    filed_case, officers, district_a_leader, city_leader
):
    measure = urgent(filed_case, officers)
    assert measure.status == "in_force" and measure.urgent
    clock = report_clock(measure)
    assert clock.unit == "hours" and clock.amount == 24
    assert clock.due_at == measure.started_at + timedelta(hours=24)
    assert Document.objects.filter(
        kind="enf_measure_decision", target_id=measure.pk
    ).exists()
    # no approval yet: it cannot be extended nor confiscated
    with pytest.raises(ValidationError, match="补办批准"):
        services.measure_extend(measure=measure, reason="复杂", by=district_a_leader)
    # the report proposes the approval and stops the clock on time
    approval = services.measure_urgent_report(measure=measure, by=officers[0])
    assert approval is not None
    assert "情况紧急" in approval.proposal
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET
    with pytest.raises(ValidationError, match="已向负责人报告"):
        services.measure_urgent_report(measure=measure, by=officers[0])
    approve(measure, district_a_leader, city_leader)
    services.measure_extend(measure=measure, reason="情况复杂", by=district_a_leader)


def test_refused_urgent_measure_is_released_at_once(
    filed_case, officers, district_a_leader, city_leader, other_officer
):
    measure = urgent(filed_case, officers)
    services.measure_urgent_report(measure=measure, by=officers[0])
    with pytest.raises(ValidationError, match="尚未作出不予批准"):
        services.measure_release_refused(measure=measure, by=officers[0])
    # the head's refusal itself releases it, in the same transaction ("应当立即
    # 解除"): no officer's click is needed
    refuse(measure, district_a_leader, city_leader)
    measure.refresh_from_db()
    assert measure.status == "released" and "第十九条" in measure.outcome_note
    assert measure.outcome_note.startswith("行政机关负责人不予批准")
    release = Record.objects.get(action="enforcement.measure_release_refused")
    assert release.actor_id == city_leader.pk
    with pytest.raises(PermissionDenied):
        services.measure_release_refused(measure=measure, by=other_officer)
    with pytest.raises(ValidationError, match="实施中"):
        services.measure_release_refused(measure=measure, by=officers[0])
    assert clock_of(measure).state in (Clock.State.MET, Clock.State.MISSED)
    assert Document.objects.filter(
        kind="enf_measure_release", target_id=measure.pk
    ).exists()


def test_a_late_report_is_recorded_as_missed(filed_case, officers):
    measure = urgent(filed_case, officers)
    Clock.objects.filter(pk=report_clock(measure).pk).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    services.measure_urgent_report(measure=measure, by=officers[0])
    assert report_clock(measure).state == Clock.State.MISSED


def test_urgent_needs_the_reason_and_two_officers(filed_case, officers):
    with pytest.raises(ValidationError, match="情况紧急"):
        urgent(filed_case, officers, urgency=" ")
    with pytest.raises(ValidationError, match="不得少于两人"):
        urgent(filed_case, officers[:1])
    assert not CompulsoryMeasure.objects.exists()


def test_refused_proposal_is_withdrawn_and_leaves_waiting(
    filed_case, officers, district_a_leader, city_leader
):
    measure = propose(filed_case, officers[0])
    with pytest.raises(ValidationError, match="不予批准或退回后"):
        services.measure_withdraw(measure=measure, reason="撤回", by=officers[0])
    refuse(measure, district_a_leader, city_leader)
    with pytest.raises(PermissionDenied):
        services.measure_withdraw(measure=measure, reason="撤回", by=city_leader)
    services.measure_withdraw(
        measure=measure, reason="负责人不予批准，改为责令改正。", by=officers[0]
    )
    measure.refresh_from_db()
    assert measure.status == "withdrawn"
    # a withdrawn proposal does not block the end of the investigation's check
    services.measures.measures_check(filed_case)


def test_testing_period_is_not_counted_and_is_shown(
    client, filed_case, officers, district_a_leader, city_leader, enterprise_user_a
):
    measure = propose(filed_case, officers[0])
    approve(measure, district_a_leader, city_leader)
    services.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        signed=True,
        by=officers[0],
    )
    measure.refresh_from_db()
    due = clock_of(measure).due_at
    start = dates.local_date(measure.started_at)
    with pytest.raises(ValidationError, match="书面告知"):
        services.measure_testing_pause(
            measure=measure,
            what="危废鉴别",
            notice="",
            starts_on=start,
            ends_on=start + timedelta(days=9),
            by=officers[0],
        )
    with pytest.raises(ValidationError, match="不能早于"):
        services.measure_testing_pause(
            measure=measure,
            what="危废鉴别",
            notice="鉴定期间告知书",
            starts_on=start - timedelta(days=1),
            ends_on=start,
            by=officers[0],
        )
    services.measure_testing_pause(
        measure=measure,
        what="委托危险废物鉴别",
        notice="检测鉴定期间告知书，当日送达",
        starts_on=start + timedelta(days=1),
        ends_on=start + timedelta(days=10),
        by=officers[0],
    )
    # 10 days not counted (a last day on a holiday moves on, so at least 10)
    assert clock_of(measure).due_at >= due + timedelta(days=10)
    client.force_login(officers[0])
    page = client.get(reverse("enforcement:measure-detail", args=[measure.pk]))
    assert "委托危险废物鉴别" in page.content.decode()
    # an open period pauses the clock until it ends
    services.measure_testing_pause(
        measure=measure,
        what="抽样检测",
        notice="告知书",
        starts_on=start + timedelta(days=12),
        by=officers[0],
    )
    assert clock_of(measure).state == Clock.State.PAUSED
    services.measure_testing_resume(
        measure=measure, ends_on=start + timedelta(days=13), by=officers[0]
    )
    assert clock_of(measure).due_at >= due + timedelta(days=12)
    # the party cannot reach the page
    client.force_login(enterprise_user_a)
    page = client.get(reverse("enforcement:measure-detail", args=[measure.pk]))
    assert page.status_code in (302, 403, 404)


def test_urgent_page_keeps_what_was_typed(client, filed_case, officers):
    client.force_login(officers[0])
    page = client.post(
        reverse("enforcement:measure-new", args=[filed_case.pk]),
        {
            "kind": "seize",
            "items": "废矿物油桶12只",
            "place": "东侧贮存间",
            "reason": "正在转移",
            "basis": "固废法第二十七条",
            "urgent": "1",
            "urgency": "",
            "officers": [str(officers[0].pk)],
            "served_to": "钱经理",
        },
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert "情况紧急" in text and "废矿物油桶12只" in text
    assert not CompulsoryMeasure.objects.exists()
