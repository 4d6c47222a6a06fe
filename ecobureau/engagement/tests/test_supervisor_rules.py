"""Supervisor rules from the audit: reports made directly to the bureau are never
handled by the team (A95, 第十条); birth date, certificate and the 第三条 checks at
appointment, the certificate shown at each supervision activity (A108, 第九条);
the business group's yearly term and its count of inspections and case reviews
only (E17, seed 004); the team's meetings and training (A114, 第十二条)."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core import records
from ecobureau.engagement import rules, selectors, services
from ecobureau.engagement.models import (
    Participation,
    Supervisor,
    SupervisorMeeting,
    SupervisorReport,
)
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _appoint(by, name="孙监督", group=Supervisor.Group.ENFORCEMENT, **extra):
    values = {
        "group": group,
        "name": name,
        "source": Supervisor.Source.ENTERPRISE,
        "appointed_on": date(2026, 1, 1),
        "birth_date": date(1975, 3, 1),
        "certificate_no": f"AS-JD-{name}" if group == "enforcement" else "",
        "conditions": rules.SUPERVISOR_CONDITION_CODES,
    }
    values.update(extra)
    return services.supervisor_appoint(by=by, **values)


# --- A95: a report made directly to the bureau -------------------------------------


def test_report_to_the_bureau_is_never_handled_by_the_team(
    client, team_head, case_opener, city_leader
):
    supervisor = _appoint(team_head)
    # The team head may not register one for the supervisor (the page keeps
    # what was typed and answers 400) ...
    client.force_login(team_head)
    page = client.post(
        reverse("engagement:supervisor-reports"),
        {
            "supervisor": supervisor.pk,
            "kind": SupervisorReport.Kind.MISCONDUCT,
            "addressee": SupervisorReport.Addressee.BUREAU,
            "content": "执法人员索要好处",
        },
    )
    assert page.status_code == 400
    assert "执法人员索要好处" in page.content.decode()
    assert "执法队不能代为登记" in page.content.decode()
    assert not SupervisorReport.objects.exists()
    # ... the bureau leader registers and handles it.
    to_bureau = services.supervisor_report_register(
        by=city_leader,
        supervisor=supervisor,
        kind=SupervisorReport.Kind.MISCONDUCT,
        addressee=SupervisorReport.Addressee.BUREAU,
        content="执法人员索要好处",
    )
    to_team = services.supervisor_report_register(
        by=team_head,
        supervisor=supervisor,
        kind=SupervisorReport.Kind.OPINION,
        addressee=SupervisorReport.Addressee.TEAM,
        content="建议检查前统一着装",
    )
    # The team head (and another team head of the team's unit) neither see nor
    # handle the report to the bureau.
    for team_member in (team_head, case_opener):
        assert list(selectors.supervisor_report_list_for_user(team_member)) == [to_team]
        with pytest.raises(PermissionDenied, match="第十条"):
            services.supervisor_report_progress(
                by=team_member, report=to_bureau, note="已核实"
            )
        with pytest.raises(PermissionDenied, match="第十条"):
            services.supervisor_report_answer(
                by=team_member, report=to_bureau, result="不属实"
            )
    client.force_login(team_head)
    url = reverse("engagement:supervisor-report", args=[to_bureau.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"result": "不属实"}).status_code == 404
    # Even holding the bureau permission, a team member is refused.
    team_member_with_grant = UserFactory(
        username="team-leader-2",
        unit=case_opener.unit,
        scope=User.Scope.CITY,
        role_codes=["enforcement_head", "bureau_leader"],
    )
    assert not services.may_handle_report(
        team_member_with_grant, SupervisorReport.Addressee.BUREAU
    )
    # The bureau leader sees both and answers the one to the bureau.
    assert set(selectors.supervisor_report_list_for_user(city_leader)) == {
        to_bureau,
        to_team,
    }
    services.supervisor_report_answer(
        by=city_leader, report=to_bureau, result="经局纪检核实属实，已严肃处理"
    )
    to_bureau.refresh_from_db()
    assert to_bureau.status == SupervisorReport.Status.ANSWERED
    assert to_bureau.handler == city_leader
    # The team head handles the one made to the team.
    services.supervisor_report_answer(by=team_head, report=to_team, result="已采纳")


# --- A108: birth date, certificate, 第三条, the certificate shown -------------------


def test_enforcement_supervisor_needs_birth_date_and_certificate(
    client, team_head, district_a_officer
):
    with pytest.raises(ValidationError, match="出生日期"):
        _appoint(team_head, birth_date=None)
    with pytest.raises(ValidationError, match="监督员证"):
        _appoint(team_head, certificate_no="")
    first = _appoint(team_head)
    with pytest.raises(ValidationError, match="已被其他监督员使用"):
        _appoint(team_head, name="周监督", certificate_no=first.certificate_no)
    # The page keeps what was typed.
    client.force_login(team_head)
    page = client.post(
        reverse("engagement:supervisor-list"),
        {
            "group": "enforcement",
            "name": "吴监督",
            "source": "npc",
            "appointed_on": "2026-01-01",
            "birth_date": "1970-01-01",
            "certificate_no": "",
            "conditions": list(rules.SUPERVISOR_CONDITION_CODES),
        },
    )
    assert page.status_code == 400
    assert "监督员证" in page.content.decode() and "吴监督" in page.content.decode()
    assert not Supervisor.objects.filter(name="吴监督").exists()
    # The business group needs neither (seed 004 names no such rule).
    _appoint(
        team_head, name="营商监督", group=Supervisor.Group.BUSINESS, birth_date=None
    )
    # Another person may not appoint.
    with pytest.raises(PermissionDenied):
        _appoint(district_a_officer, name="冒名")


def test_certificate_shown_at_each_supervision_activity(client, team_head):
    supervisor = _appoint(team_head)
    record = {
        "by": team_head,
        "supervisor": supervisor,
        "kind": Participation.Kind.INSPECTION,
        "held_on": date(2026, 3, 1),
    }
    with pytest.raises(ValidationError, match="第九条"):
        services.participation_record(**record)
    with pytest.raises(ValidationError, match="不一致"):
        services.participation_record(**record, certificate_shown="AS-JD-别人")
    row = services.participation_record(
        **record, certificate_shown=supervisor.certificate_no
    )
    assert row.certificate_shown == supervisor.certificate_no
    # A case-file review asks the number like any supervision work.
    with pytest.raises(ValidationError, match="第九条"):
        services.participation_record(
            **{**record, "kind": Participation.Kind.FILE_REVIEW}
        )
    with pytest.raises(ValidationError, match="第九条"):
        services.participation_record(
            **{**record, "kind": Participation.Kind.FILE_REVIEW},
            certificate_shown="",
        )
    # Meetings and training go through their own record (with attendees).
    with pytest.raises(ValidationError, match="工作会议"):
        services.participation_record(
            **{**record, "kind": Participation.Kind.MEETING},
            certificate_shown=supervisor.certificate_no,
        )
    # On the page: refused without the number, what was typed kept.
    client.force_login(team_head)
    url = reverse("engagement:supervisor-detail", args=[supervisor.pk])
    page = client.post(
        url, {"kind": "file_review", "held_on": "2026-04-01", "note": "案卷评查甲"}
    )
    assert page.status_code == 400
    assert "第九条" in page.content.decode() and "案卷评查甲" in page.content.decode()
    assert supervisor.participations.count() == 1  # the inspection only


# --- E17: the business group ------------------------------------------------------


def test_business_group_term_is_yearly_and_a_setting(team_head):
    supervisor = _appoint(
        team_head,
        name="营商甲",
        group=Supervisor.Group.BUSINESS,
        appointed_on=date(2025, 3, 1),
    )
    assert supervisor.term_end == date(2025, 12, 31)  # 2025年度
    services.supervisor_renew(by=team_head, supervisor=supervisor)
    assert supervisor.term_end == date(2026, 12, 31)
    with override_settings(ENGAGEMENT_BUSINESS_SUPERVISOR_TERM_YEARS=2):
        two = _appoint(
            team_head,
            name="营商乙",
            group=Supervisor.Group.BUSINESS,
            appointed_on=date(2026, 2, 1),
        )
    assert two.term_end == date(2027, 12, 31)
    # The enforcement group keeps 3 years (第四条).
    assert _appoint(team_head).term_end == date(2028, 12, 31)


def test_business_count_only_inspections_and_case_reviews(team_head, city_leader):
    business = _appoint(team_head, name="营商丙", group=Supervisor.Group.BUSINESS)
    enforcement = _appoint(team_head)
    for kind in ("inspection", "case_audit", "file_review"):
        services.participation_record(
            by=team_head, supervisor=business, kind=kind, held_on=date(2026, 5, 1)
        )
    services.participation_record(
        by=team_head,
        supervisor=enforcement,
        kind="inspection",
        held_on=date(2026, 5, 1),
        certificate_shown=enforcement.certificate_no,
    )
    services.supervisor_meeting_record(
        by=team_head,
        kind=SupervisorMeeting.Kind.TRAINING,
        held_on=date(2026, 6, 1),
        title="营商环境监督业务培训",
        agenda="执法规范化",
        attendees=[business, enforcement],
    )
    counts = selectors.participation_counts_for_user(city_leader, year=2026)
    # 3 for the business group (the training not counted); the enforcement
    # group counts its training too.
    assert counts == {"营商环境社会监督员": 3, "生态环境执法监督员": 2}
    assert selectors.participation_counts_for_user(city_leader, year=2025) == {}


# --- A114: meetings and training -----------------------------------------------------


def test_meetings_and_training_with_attendees(
    client, team_head, city_leader, district_b_officer
):
    one = _appoint(team_head)
    two = _appoint(team_head, name="周监督")
    gone = _appoint(team_head, name="郑监督")
    services.supervisor_dismiss(
        by=team_head, supervisor=gone, left_on=date(2026, 2, 1), reason="本人申请"
    )
    values = {
        "kind": SupervisorMeeting.Kind.MEETING,
        "held_on": date(2026, 3, 10),
        "title": "一季度执法监督员工作会议",
        "agenda": "总结交流执法监督工作；征询意见和建议",
        "summary": "监督员提出加强执法信息公开等3条建议",
        "materials": "执法监督员工作规则；一季度执法检查情况",
    }
    with pytest.raises(ValidationError, match="郑监督"):
        services.supervisor_meeting_record(
            by=team_head, attendees=[one, gone], **values
        )
    with pytest.raises(PermissionDenied):
        services.supervisor_meeting_record(
            by=city_leader, attendees=[one, two], **values
        )
    meeting = services.supervisor_meeting_record(
        by=team_head, attendees=[one, two], **values
    )
    assert set(meeting.attendees.all()) == {one, two}
    rows = Participation.objects.filter(meeting=meeting)
    assert {row.supervisor for row in rows} == {one, two}
    assert {row.kind for row in rows} == {Participation.Kind.MEETING}
    assert (
        records.history(meeting)
        .filter(action="engagement.supervisormeeting.record")
        .exists()
    )
    # The page: a refused form keeps what was typed; outsiders see nothing.
    client.force_login(team_head)
    url = reverse("engagement:supervisor-meetings")
    page = client.post(
        url,
        {
            "kind": "training",
            "held_on": "2026-04-01",
            "title": "监督业务培训",
            "agenda": "案卷评查要点",
        },
    )
    assert page.status_code == 400
    assert "监督业务培训" in page.content.decode()
    assert SupervisorMeeting.objects.count() == 1
    ok = client.post(
        url,
        {
            "kind": "training",
            "held_on": "2026-04-01",
            "title": "监督业务培训",
            "agenda": "案卷评查要点",
            "attendees": [one.pk],
        },
    )
    assert ok.status_code == 302
    client.force_login(city_leader)
    assert "一季度执法监督员工作会议" in client.get(url).content.decode()
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 403
