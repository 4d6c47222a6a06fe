"""Supervisors at work: reports answered by a working-day clock and the supervisor
told (A95); matters with logged read access and recusal (A108, A111); the
nomination steps (A109); dismissal; the social supervisors' group (C17)."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.enforcement.models import EnforcementCase
from ecobureau.enforcement.services import cases as enforcement_cases
from ecobureau.engagement import rules, selectors, services
from ecobureau.engagement.models import (
    NominationRequest,
    Nominee,
    Supervisor,
    SupervisorAccess,
    SupervisorReport,
)
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_user(db) -> User:
    return UserFactory(
        username="sup-1",
        full_name="孙监督",
        kind=User.Kind.EXTERNAL,
        role_codes=["enforcement_supervisor"],
    )


@pytest.fixture
def other_supervisor_user(db) -> User:
    return UserFactory(
        username="sup-2",
        full_name="周监督",
        kind=User.Kind.EXTERNAL,
        role_codes=["enforcement_supervisor"],
    )


def _appoint(by, name="孙监督", group=Supervisor.Group.ENFORCEMENT):
    return services.supervisor_appoint(
        by=by,
        group=group,
        name=name,
        source=Supervisor.Source.NPC,
        appointed_on=date(2026, 1, 1),
        birth_date=date(1975, 3, 1),
        certificate_no=f"AS-JD-{name}",
        conditions=rules.SUPERVISOR_CONDITION_CODES,
    )


@pytest.fixture
def supervisor(team_head, supervisor_user):
    supervisor = _appoint(team_head)
    return services.supervisor_link_account(
        by=team_head, supervisor=supervisor, user=supervisor_user
    )


def test_report_answered_by_the_clock_and_supervisor_told(
    team_head, city_leader, supervisor, supervisor_user, district_b_officer
):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        with override_settings(ENGAGEMENT_SUPERVISOR_REPORT_WORKDAYS=3):
            report = services.supervisor_report_register(
                by=supervisor_user,
                supervisor=supervisor,
                kind=SupervisorReport.Kind.MISCONDUCT,
                addressee=SupervisorReport.Addressee.BUREAU,
                content="检查时未出示执法证件",
            )
        clock = casework.clocks_for(report).get()
        assert clock.unit == Clock.Unit.WORKDAYS and "示例配置" in clock.basis
        assert clock.due_at.astimezone(SHANGHAI).date() == date(2026, 11, 5)
        with pytest.raises(PermissionDenied):
            services.supervisor_report_progress(
                by=district_b_officer, report=report, note="x"
            )
        services.supervisor_report_progress(
            by=city_leader, report=report, note="已调取执法记录仪"
        )
    with time_machine.travel(datetime(2026, 11, 4, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.supervisor_report_answer(
            by=city_leader, report=report, result="属实，已批评教育并通报"
        )
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET
    told = Notification.objects.filter(recipient=supervisor_user)
    assert told.count() == 2
    # The supervisor sees their own reports; district staff see none.
    assert list(selectors.supervisor_report_list_for_user(supervisor_user)) == [report]
    assert not selectors.supervisor_report_list_for_user(district_b_officer).exists()


def test_a_supervisor_reports_only_in_their_own_name(
    team_head, supervisor, other_supervisor_user
):
    other = _appoint(team_head, name="周监督")
    services.supervisor_link_account(
        by=team_head, supervisor=other, user=other_supervisor_user
    )
    with pytest.raises(PermissionDenied):
        services.supervisor_report_register(
            by=other_supervisor_user,
            supervisor=supervisor,
            kind=SupervisorReport.Kind.OPINION,
            addressee=SupervisorReport.Addressee.TEAM,
            content="冒名",
        )


@pytest.fixture
def case(case_opener, case_officers, enterprise_a):
    return enforcement_cases.case_open(
        enterprise=enterprise_a,
        source=EnforcementCase.Source.TRANSFER,
        start_reason="交办",
        facts="夜间偷排废水",
        officers=case_officers,
        by=case_opener,
        reference="市政府交办〔2026〕2号",
    )


def test_matter_access_is_logged_and_recusal_ends_it(
    client,
    team_head,
    supervisor,
    supervisor_user,
    other_supervisor_user,
    case,
    citizen,
    district_b_officer,
):
    matter = services.matter_grant(
        by=team_head, supervisor=supervisor, case_id=case.pk, purpose="案卷评查"
    )
    with pytest.raises(ValidationError, match="不存在"):
        services.matter_grant(
            by=team_head, supervisor=supervisor, case_id=999999, purpose="x"
        )
    client.force_login(supervisor_user)
    url = reverse("engagement:supervision-matter", args=[matter.pk])
    # 第九条: the certificate first; without it (or a wrong number) no facts and
    # nothing logged.
    page = client.get(url)
    assert page.status_code == 200
    assert "夜间偷排废水" not in page.content.decode()
    wrong = client.get(url, {"certificate_no": "AS-JD-假"})
    assert wrong.status_code == 400
    assert "不一致" in wrong.content.decode() and "AS-JD-假" in wrong.content.decode()
    assert not SupervisorAccess.objects.exists()
    with pytest.raises(ValidationError, match="第九条"):
        services.matter_access(by=supervisor_user, matter=matter, action="view")
    page = client.get(url, {"certificate_no": supervisor.certificate_no})
    assert page.status_code == 200
    assert "夜间偷排废水" in page.content.decode()
    copy = client.get(url, {"copy": "1", "certificate_no": supervisor.certificate_no})
    assert copy.status_code == 200
    assert list(
        SupervisorAccess.objects.order_by("pk").values_list("action", flat=True)
    ) == ["view", "copy"]
    assert set(
        SupervisorAccess.objects.values_list("certificate_shown", flat=True)
    ) == {supervisor.certificate_no}
    # Another supervisor, a citizen, district staff: no access, nothing logged.
    for outsider in (other_supervisor_user, citizen, district_b_officer):
        client.force_login(outsider)
        response = client.get(url, {"certificate_no": supervisor.certificate_no})
        assert response.status_code in (403, 404)
    assert SupervisorAccess.objects.count() == 2
    # Recusal (第八条（三）): by the supervisor; access ends.
    services.matter_recuse(
        by=supervisor_user, matter=matter, reason="该企业为本人亲属经营"
    )
    client.force_login(supervisor_user)
    assert (
        client.get(url, {"certificate_no": supervisor.certificate_no}).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        services.matter_access(
            by=supervisor_user,
            matter=matter,
            action="view",
            certificate_no=supervisor.certificate_no,
        )
    # The team head sees the log.
    assert selectors.accesses_of(matter).count() == 2


def test_nomination_vetting_appointment(team_head, city_leader):
    request = services.nomination_request(
        by=team_head,
        body=NominationRequest.Body.NPC,
        body_name="市人大常委会",
        group=Supervisor.Group.ENFORCEMENT,
        quota=1,
        requested_on=date(2026, 1, 5),
    )
    nominee = services.nominee_add(
        by=team_head, request=request, name="吴代表", birth_date=date(1958, 1, 1)
    )
    with pytest.raises(ValidationError, match="名额"):
        services.nominee_add(by=team_head, request=request, name="多余")
    with pytest.raises(ValidationError, match="60周岁"):
        services.nominee_vet(
            by=team_head,
            nominee=nominee,
            approve=True,
            note="符合条件",
            appointed_on=date(2026, 2, 1),
            certificate_no="AS-JD-901",
            conditions=list(rules.SUPERVISOR_CONDITION_CODES),
        )
    all_ticked = list(rules.SUPERVISOR_CONDITION_CODES)
    # 第三条: every condition ticked, or the appointment is refused (naming the
    # one missing); the certificate number is needed too.
    with pytest.raises(ValidationError, match="公正廉洁"):
        services.nominee_vet(
            by=team_head,
            nominee=nominee,
            approve=True,
            note="符合条件",
            appointed_on=date(2026, 2, 1),
            age_exception="资深人大代表",
            certificate_no="AS-JD-901",
            conditions=all_ticked[:4] + all_ticked[5:],
        )
    with pytest.raises(ValidationError, match="监督员证"):
        services.nominee_vet(
            by=team_head,
            nominee=nominee,
            approve=True,
            note="符合条件",
            appointed_on=date(2026, 2, 1),
            age_exception="资深人大代表",
            conditions=all_ticked,
        )
    nominee = services.nominee_vet(
        by=team_head,
        nominee=nominee,
        approve=True,
        note="符合条件",
        appointed_on=date(2026, 2, 1),
        age_exception="资深人大代表",
        certificate_no="AS-JD-901",
        conditions=all_ticked,
    )
    assert nominee.conditions == all_ticked
    assert nominee.status == Nominee.Status.APPOINTED
    assert nominee.supervisor is not None
    assert nominee.supervisor.source == Supervisor.Source.NPC
    with pytest.raises(PermissionDenied):
        services.nomination_request(
            by=city_leader,
            body="npc",
            body_name="x",
            group="enforcement",
            quota=1,
            requested_on=date(2026, 1, 5),
        )


def test_dismissal_page_and_social_group(client, team_head, city_leader, supervisor):
    client.force_login(city_leader)  # may view, may not manage
    url = reverse("engagement:supervisor-detail", args=[supervisor.pk])
    assert (
        client.post(
            url, {"dismiss": "1", "left_on": "2026-06-01", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(team_head)
    bad = client.post(url, {"dismiss": "1", "left_on": "2026-06-01", "reason": ""})
    assert bad.status_code == 400
    supervisor.refresh_from_db()
    assert supervisor.left_on is None
    ok = client.post(
        url, {"dismiss": "1", "left_on": "2026-06-01", "reason": "本人申请"}
    )
    assert ok.status_code == 302
    supervisor.refresh_from_db()
    assert supervisor.left_on == date(2026, 6, 1)
    social = _appoint(team_head, name="郑社监", group=Supervisor.Group.SOCIAL)
    assert social.get_group_display() == "社会环境保护监督员"
