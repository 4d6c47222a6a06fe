"""A 重大 or 特别重大 incident is reported by the local government to the people's
congress standing committee at its level (seed 002 四（三）2（1） "对发生的重大环境事件
及时向本级人民代表大会常务委员会报告"); the bureau expects it once the incident is
graded 重大 or above and records who reported, when, the number and a summary. The
seed says only "及时": the limit (168 hours) is 示例配置, a setting."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Accountability, Clock, WorkItem
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies import documents, selectors, services
from ecobureau.emergencies.models import Incident, Report
from ecobureau.lib.dates import SHANGHAI

from .conftest import register

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
MINUTE = timedelta(minutes=1)
LIMIT = timedelta(hours=168)
NO_FACTS = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": Decimal("0"),
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}
LARGER = {**NO_FACTS, "deaths": 3}
MAJOR = {**NO_FACTS, "deaths": 10}
ESPECIALLY_MAJOR = {**NO_FACTS, "deaths": 30}
FORM = {
    "reporter": "铁东区人民政府",
    "reported_at": "2026-11-04T10:00",
    "reference": "铁政报〔2026〕12号",
    "summary": "区政府向区人大常委会报告储罐泄漏事件经过、伤亡和处置情况。",
}


def _major_incident(by: User, district, *, at: datetime = T0) -> Incident:
    """Registered at `at` and graded 重大 at the same moment."""
    with time_machine.travel(at, tick=False):
        incident = register(by, district=district, received_at=at)
        services.incident_grade(incident=incident, by=by, facts=MAJOR)
    return incident


def _congress(incident: Incident) -> Report:
    return incident.reports.select_related("clock").get(kind=Report.Kind.CONGRESS)


def _url(report: Report) -> str:
    return reverse("emergencies:report-congress", args=[report.pk])


def test_major_incident_expects_the_report_and_the_page_records_it(
    client: Client, duty_officer: User, district_a
) -> None:
    # given an incident graded 较大: no congress report is expected (the seed says
    # 重大环境事件)
    with time_machine.travel(T0, tick=False):
        incident = register(duty_officer, district=district_a, received_at=T0)
        services.incident_grade(incident=incident, by=duty_officer, facts=LARGER)
    assert not incident.reports.filter(kind=Report.Kind.CONGRESS).exists()

    # when it is regraded 重大, the report is expected from that moment
    graded_at = T0 + timedelta(minutes=30)
    with time_machine.travel(graded_at, tick=False):
        services.incident_grade(
            incident=incident, by=duty_officer, facts=MAJOR, note="死亡人数上升"
        )
    report = _congress(incident)
    clock = report.clock
    assert clock is not None and clock.unit == Clock.Unit.HOURS
    assert (clock.started_at, clock.due_at) == (graded_at, graded_at + LIMIT)
    assert clock.amount == 168 and clock.responsible == duty_officer
    assert "示例配置，依据：‘及时’，未规定时限" in clock.basis
    assert report.recipients == "本级人民代表大会常务委员会"
    assert WorkItem.objects.filter(
        step=report.step_code, title__startswith="向本级人大常委会报告待登记"
    ).exists()
    # 重大 → 特别重大 keeps the same expected report and clock
    with time_machine.travel(graded_at + MINUTE, tick=False):
        services.incident_grade(
            incident=incident, by=duty_officer, facts=ESPECIALLY_MAJOR, note="续报"
        )
    assert incident.reports.filter(kind=Report.Kind.CONGRESS).count() == 1
    assert _congress(incident).clock == clock

    client.force_login(duty_officer)
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        page = client.get(incident.get_absolute_url()).content.decode()
        assert "示例配置，依据：‘及时’，未规定时限" in page
        assert _url(report) in page and "登记报告情况" in page
        response = client.post(_url(report), FORM)
    assert response.status_code == 302

    # then the government's report is on the row, the clock met, one record entry
    report.refresh_from_db()
    assert report.reporter == "铁东区人民政府"
    assert report.reference == "铁政报〔2026〕12号"
    assert report.submitted_at == datetime(2026, 11, 4, 10, 0, tzinfo=SHANGHAI)
    assert report.submitted_by == duty_officer and "区人大常委会" in report.content
    clock.refresh_from_db()
    assert (clock.state, clock.stopped_at) == (Clock.State.MET, report.submitted_at)
    assert not WorkItem.objects.filter(
        step=report.step_code, state=WorkItem.State.OPEN
    ).exists()
    entry = Record.objects.get(action="emergencies.report.congress")
    assert entry.target_id == str(incident.pk)
    assert records.verify() == (Record.objects.count(), None)
    with time_machine.travel(T0 + timedelta(days=3, minutes=1), tick=False):
        page = client.get(incident.get_absolute_url()).content.decode()
    assert 'data-testid="congress-report"' in page and "铁政报〔2026〕12号" in page
    assert "登记向人大常委会报告" in page  # the history line
    assert reverse("emergencies:report-document", args=[report.pk]) not in page
    # a second time, the bureau's own report form, or a PDF: refused
    with pytest.raises(ValidationError, match="已登记"):
        services.congress_report_record(
            report=report,
            by=duty_officer,
            reporter="铁东区人民政府",
            reported_at=T0 + timedelta(days=2),
            summary="再次报告",
        )
    with pytest.raises(ValidationError, match="本局不出具报告文书"):
        documents.report_document_issue(report=report, by=duty_officer)


def test_overdue_expected_report_is_listed_swept_and_missed(
    client: Client,
    duty_officer: User,
    district_a_officer: User,
    district_b_officer: User,
    district_a,
) -> None:
    incident = _major_incident(duty_officer, district_a)
    report = _congress(incident)
    listing_url = reverse("emergencies:index")
    client.force_login(duty_officer)

    # one minute before the limit: nothing overdue
    with time_machine.travel(T0 + LIMIT - MINUTE, tick=False):
        casework.clocks_mark_due()
        assert report not in selectors.overdue_reports_for_user(duty_officer)

    # one minute after: the casework sweep marks it, the overdue list shows it
    with time_machine.travel(T0 + LIMIT + MINUTE, tick=False):
        assert casework.clocks_mark_due().overdue >= 1
        assert list(
            selectors.overdue_reports_for_user(duty_officer).filter(
                kind=Report.Kind.CONGRESS
            )
        ) == [report]
        assert report in selectors.overdue_reports_for_user(district_a_officer)
        assert not selectors.overdue_reports_for_user(district_b_officer).exists()
        listing = client.get(listing_url).content.decode()
        assert 'data-testid="overdue-reports"' in listing
        assert "向本级人大常委会报告" in listing
        client.force_login(district_b_officer)
        assert "向本级人大常委会报告" not in client.get(listing_url).content.decode()
        # recorded late: missed, and casework opens the accountability follow-up
        services.congress_report_record(
            report=report,
            by=district_a_officer,
            reporter="铁东区人民政府",
            reported_at=T0 + LIMIT + MINUTE,
            summary="迟报",
        )
    clock = _congress(incident).clock
    assert clock is not None and clock.state == Clock.State.MISSED
    followup = Accountability.objects.get(
        source_type="casework.clock", source_id=clock.pk
    )
    assert "向本级人大常委会报告时限" in followup.source_label
    assert records.verify() == (Record.objects.count(), None)


def test_regrading_below_major_withdraws_it_and_the_limit_is_a_setting(
    settings, duty_officer: User, district_a
) -> None:
    settings.EMERGENCY_CONGRESS_REPORT_HOURS = 24
    incident = _major_incident(duty_officer, district_a)
    report = _congress(incident)
    assert report.clock is not None and report.clock.due_at == T0 + timedelta(hours=24)
    # regraded 较大: the expected report, not yet recorded, is withdrawn
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        services.incident_grade(
            incident=incident, by=duty_officer, facts=LARGER, note="核减死亡人数"
        )
    assert not incident.reports.filter(kind=Report.Kind.CONGRESS).exists()
    clock = Clock.objects.get(pk=report.clock.pk)
    assert clock.state == Clock.State.CANCELLED

    # the government's report does not hold up the bureau's conclusion
    other = _major_incident(duty_officer, district_a, at=T0 + timedelta(hours=2))
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        for pending in other.reports.filter(submitted_at__isnull=True).exclude(
            kind=Report.Kind.CONGRESS
        ):
            services.report_submit(report=pending, by=duty_officer, content="初报")
        services.incident_verify(incident=other, by=duty_officer, verification="属实")
        services.incident_close(incident=other, by=duty_officer, summary="处置结束")
        final = other.reports.get(kind=Report.Kind.FINAL)
        services.report_submit(report=final, by=duty_officer, content="处理结果")
        services.incident_conclude(
            incident=other,
            by=duty_officer,
            damage_assessment="损失约300万元",
            review_summary="加强储罐巡检",
        )
    other.refresh_from_db()
    assert other.status == "reviewed"
    assert _congress(other).submitted_at is None  # still expected, still timed


def test_refused_form_answers_400_and_keeps_what_was_typed(
    client: Client, duty_officer: User, district_a
) -> None:
    incident = _major_incident(duty_officer, district_a)
    report = _congress(incident)
    client.force_login(duty_officer)
    cases = [
        ({**FORM, "reported_at": "2026-11-20T10:00"}, "报告时间不能晚于当前时间"),
        ({**FORM, "reported_at": "2026-11-01T10:00"}, "报告时间不能早于获知事件的时间"),
        ({**FORM, "reporter": ""}, "请填写报告机关"),
        ({**FORM, "summary": ""}, "请填写报告内容摘要"),
        ({**FORM, "reported_at": "十一月"}, "请填写正确的报告时间"),
    ]
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        for data, error in cases:
            response = client.post(_url(report), data)
            assert response.status_code == 400, error
            body = response.content.decode()
            assert error in body
            assert "铁政报〔2026〕12号" in body  # the typed number is kept
            for key in ("reporter", "summary"):
                if data[key]:
                    assert data[key] in body
        # the bureau's own report form does not take the government's report
        response = client.post(
            reverse("emergencies:report-submit", args=[report.pk]),
            {"content": "本局代为报送", "recipients": ""},
        )
        assert response.status_code == 400
        assert "由县（区）政府或经济区管委会报送" in response.content.decode()
    report.refresh_from_db()
    assert report.submitted_at is None and report.reporter == ""
    assert not Record.objects.filter(action="emergencies.report.congress").exists()


def test_who_must_not_see_or_record_it(
    client: Client,
    duty_officer: User,
    district_a,
    district_b_officer: User,
    city_leader: User,
    township_official: User,
    citizen: User,
    enterprise_user_a: User,
) -> None:
    incident = _major_incident(duty_officer, district_a)
    report = _congress(incident)
    url = _url(report)
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        response = client.post(url, FORM)
        assert response.status_code == 302 and "login" in response["Location"]
        # another district's staff: not their incident
        client.force_login(district_b_officer)
        assert client.post(url, FORM).status_code == 404
        assert client.get(incident.get_absolute_url()).status_code == 404
        assert report not in selectors.overdue_reports_for_user(district_b_officer)
        # a leader who reads incidents but does not handle them: no form, refused
        client.force_login(city_leader)
        page = client.get(incident.get_absolute_url())
        assert page.status_code == 200 and url not in page.content.decode()
        assert client.post(url, FORM).status_code == 403
        # staff without emergency roles: nothing; the public: refused
        client.force_login(township_official)
        assert client.post(url, FORM).status_code == 404
        for user in (citizen, enterprise_user_a):
            client.force_login(user)
            assert client.post(url, FORM).status_code == 403
            assert client.get(incident.get_absolute_url()).status_code == 403
    report.refresh_from_db()
    assert report.submitted_at is None
    assert not Record.objects.filter(action="emergencies.report.congress").exists()
