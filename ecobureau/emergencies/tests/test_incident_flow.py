"""An incident end to end: a monitoring alarm, grading, the initial report on time,
a late follow-up shown as overdue, the response record, a reviewed release that
the public sees, closure, the final report, assessment and review."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.core.models import Record
from ecobureau.emergencies import services
from ecobureau.emergencies.models import Incident, Release, Report
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

from .conftest import register

pytestmark = pytest.mark.django_db
# 22:30 on National Day (a public holiday): the report limits cross midnight.
T0 = datetime(2026, 10, 1, 22, 30, tzinfo=SHANGHAI)

NO_FACTS = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": Decimal("0"),
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}


def _pending(incident, kind):
    return incident.reports.get(kind=kind, submitted_at__isnull=True)


def test_initial_report_limit_is_4_hours_or_2_hours_across_midnight_and_a_holiday(
    duty_officer, district_a
):
    with time_machine.travel(T0, tick=False):
        incident = register(duty_officer, district=district_a, received_at=T0)
        report = _pending(incident, Report.Kind.INITIAL)
        # given ungraded: 4 calendar hours, through midnight, holiday counted
        assert report.due_at == datetime(2026, 10, 2, 2, 30, tzinfo=SHANGHAI)
        assert report.clock.unit == Clock.Unit.HOURS
        # when graded 重大 (evacuation of 10,000): 2 hours from the same moment
        services.incident_grade(
            incident=incident, by=duty_officer, facts={**NO_FACTS, "evacuated": 10000}
        )
    report = _pending(incident, Report.Kind.INITIAL)
    assert report.due_at == datetime(2026, 10, 2, 0, 30, tzinfo=SHANGHAI)
    assert report.clock.amount == 2
    assert "第17号" in report.clock.basis
    # the 4-hour clock was withdrawn, not left running
    states = set(
        Clock.objects.filter(
            target_id=incident.pk, step="report-initial-1"
        ).values_list("state", flat=True)
    )
    assert states == {Clock.State.CANCELLED, Clock.State.RUNNING}


def test_regrading_needs_a_reason_and_is_recorded(duty_officer, incident_a):
    services.incident_grade(incident=incident_a, by=duty_officer, facts=NO_FACTS)
    with pytest.raises(ValidationError, match="调整级别须说明理由"):
        services.incident_grade(
            incident=incident_a, by=duty_officer, facts={**NO_FACTS, "deaths": 3}
        )
    services.incident_grade(
        incident=incident_a,
        by=duty_officer,
        facts={**NO_FACTS, "deaths": 3},
        note="核实死亡人数增至3人",
    )
    incident_a.refresh_from_db()
    assert incident_a.grade == "larger"
    gradings = list(incident_a.gradings.values_list("previous", "grade"))
    assert gradings == [("", "general"), ("general", "larger")]
    assert Record.objects.filter(action="emergencies.incident.regrade").count() == 1


def test_link_to_a_clue_the_user_cannot_see_is_refused(duty_officer, district_a):
    with pytest.raises(ValidationError, match="监测线索"):
        register(duty_officer, district=district_a, clue_id=999999)
    assert not Incident.objects.exists()


def test_incident_from_alarm_to_published_handling(
    client, duty_officer, city_leader, district_a, enterprise_a, alarm_clue
):
    # given a monitoring alarm: the duty officer opens the clue and, from its page,
    # the registration form with the clue prefilled
    client.force_login(duty_officer)
    clue_page = client.get(reverse("monitoring:clue-detail", args=[alarm_clue.pk]))
    assert clue_page.status_code == 200
    html = clue_page.content.decode()
    assert "登记突发环境事件" in html
    link = (
        f"{reverse('emergencies:incident-new')}?source=monitoring&amp;"
        f"clue_id={alarm_clue.pk}&amp;source_ref={alarm_clue.number}"
        f"&amp;enterprise={enterprise_a.pk}"
    )
    assert link in html
    form_page = client.get(link.replace("&amp;", "&")).content.decode()
    assert f'name="clue_id" value="{alarm_clue.pk}"' in form_page
    assert '<option value="monitoring" selected>' in form_page

    # registered at T0 through that form, linked to the clue
    with time_machine.travel(T0, tick=False):
        response = client.post(
            reverse("emergencies:incident-new"),
            {
                "title": "某化工企业储罐泄漏",
                "source": "monitoring",
                "source_ref": alarm_clue.number,
                "clue_id": alarm_clue.pk,
                "district": district_a.pk,
                "enterprise": enterprise_a.pk,
                "place": "铁东区某工业园",
                "received_at": "2026-10-01T22:30",
                "summary": "在线监测报警，COD浓度异常升高，企业储罐疑似泄漏。",
            },
        )
        assert response.status_code == 302
        incident = Incident.objects.get()
        assert (incident.clue_id, incident.received_at) == (alarm_clue.pk, T0)
        assert incident.enterprise == enterprise_a
        page = client.get(incident.get_absolute_url()).content.decode()
        clue_url = reverse("monitoring:clue-detail", args=[alarm_clue.pk])
        assert f'<a href="{clue_url}">关联监测线索 #{alarm_clue.pk}</a>' in page
        assert Record.objects.filter(
            action="emergencies.incident.create", target_id=str(incident.pk)
        ).exists()
        # graded 较大 (6,000 evacuated)
        services.incident_grade(
            incident=incident, by=duty_officer, facts={**NO_FACTS, "evacuated": 6000}
        )
        services.incident_verify(
            incident=incident, by=duty_officer, verification="现场核实，储罐阀门破裂。"
        )
    incident.refresh_from_db()
    assert incident.status == "responding"
    assert incident.grade == "larger"

    # the initial report goes one hour later: on time
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        initial = _pending(incident, Report.Kind.INITIAL)
        services.report_submit(report=initial, by=duty_officer, content="初报：……")
    initial.refresh_from_db()
    assert initial.clock.state == Clock.State.MET
    assert initial.recipients == "本级人民政府、上一级生态环境主管部门"
    followup = _pending(incident, Report.Kind.FOLLOWUP)
    assert followup.due_at == T0 + timedelta(hours=25)  # 示例配置 24 h after

    # the follow-up is not sent in time: the sweep flags it and tells the officer
    with time_machine.travel(T0 + timedelta(hours=30), tick=False):
        casework.clocks_mark_due()
        followup.clock.refresh_from_db()
        assert followup.clock.state == Clock.State.OVERDUE
        assert Notification.objects.filter(
            recipient=duty_officer, level=Notification.Level.OVERDUE
        ).exists()
        client.force_login(duty_officer)
        page = client.get(reverse("emergencies:incident-detail", args=[incident.pk]))
        assert "已超期" in page.content.decode()
        listing = client.get(reverse("emergencies:index")).content.decode()
        assert 'data-testid="overdue-reports"' in listing
        # sent late: missed, and the next follow-up starts
        services.report_submit(report=followup, by=duty_officer, content="续报：……")
    followup.refresh_from_db()
    assert followup.clock.state == Clock.State.MISSED

    # the response record: log, a task with feedback, monitoring
    with time_machine.travel(T0 + timedelta(hours=31), tick=False):
        services.log_add(
            incident=incident,
            by=duty_officer,
            actor_name="应急科",
            action="封堵雨水排口",
        )
        task = services.task_assign(
            incident=incident,
            by=duty_officer,
            department="铁东区应急管理局",
            content="组织下游群众转移",
            due_at=T0 + timedelta(hours=35),
        )
        services.task_feedback(task=task, by=duty_officer, feedback="已转移6000人")
        services.measurement_add(
            incident=incident,
            by=duty_officer,
            measured_at=T0 + timedelta(hours=30),
            point="下游1公里断面",
            pollutant="COD",
            value=Decimal("45.2"),
            unit="mg/L",
            limit=Decimal("30"),
        )
        release = services.release_draft(
            incident=incident,
            by=duty_officer,
            title="关于某化工企业泄漏事件的通报",
            body="处置情况……",
        )
        # the duty officer may draft but not publish
        with pytest.raises(PermissionDenied):
            services.release_review(release=release, by=duty_officer, approve=True)
        services.release_review(release=release, by=city_leader, approve=True)
    assert Release.objects.get().status == Release.Status.PUBLISHED

    # closure: the pending follow-up is withdrawn, the final report's clock starts
    with time_machine.travel(T0 + timedelta(hours=40), tick=False):
        services.incident_close(
            incident=incident, by=duty_officer, summary="泄漏已控制"
        )
        assert not incident.reports.filter(
            kind=Report.Kind.FOLLOWUP, submitted_at__isnull=True
        ).exists()
        final = _pending(incident, Report.Kind.FINAL)
        assert final.due_at == T0 + timedelta(hours=112)
        with pytest.raises(ValidationError, match="未报送"):
            services.incident_conclude(
                incident=incident,
                by=duty_officer,
                damage_assessment="x",
                review_summary="y",
            )
        services.report_submit(
            report=final, by=duty_officer, content="处理结果报告：……"
        )
        services.incident_conclude(
            incident=incident,
            by=duty_officer,
            damage_assessment="直接经济损失约120万元",
            review_summary="储罐巡检制度需完善",
        )
    incident.refresh_from_db()
    assert incident.status == "reviewed"
    actions = set(
        Record.objects.filter(target_id=str(incident.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "emergencies.incident.create",
        "emergencies.incident.grade",
        "emergencies.incident.verify",
        "emergencies.report.submit",
        "emergencies.release.review",
        "emergencies.incident.close",
        "emergencies.incident.conclude",
    } <= actions

    # the public sees the published release, and nothing else of the incident
    client.logout()
    public = client.get(reverse("emergencies:public")).content.decode()
    assert "关于某化工企业泄漏事件的通报" in public
    assert "储罐阀门破裂" not in public


def test_dismissed_incident_withdraws_its_report_clock(duty_officer, incident_a):
    services.incident_dismiss(
        incident=incident_a,
        by=duty_officer,
        verification="现场核实为企业正常检修排气",
        reason="未造成环境污染",
    )
    incident_a.refresh_from_db()
    assert incident_a.status == "dismissed"
    assert not incident_a.reports.exists()
    assert not Clock.objects.filter(
        target_id=incident_a.pk,
        target_type="emergencies.incident",
        state__in=Clock.OPEN_STATES,
    ).exists()


def test_initial_report_needs_a_grade(duty_officer, incident_a):
    report = _pending(incident_a, Report.Kind.INITIAL)
    with pytest.raises(ValidationError, match="定级"):
        services.report_submit(report=report, by=duty_officer, content="初报")


def test_the_drafter_may_not_review_their_own_release(district_a_leader, incident_a):
    release = services.release_draft(
        incident=incident_a, by=district_a_leader, title="通报", body="……"
    )
    with pytest.raises(ValidationError, match="起草人以外"):
        services.release_review(release=release, by=district_a_leader, approve=True)
    release.refresh_from_db()
    assert release.status == Release.Status.DRAFT
