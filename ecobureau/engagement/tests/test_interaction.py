"""A68 message to the enterprise; E15 leader links and the letter; A71 forums;
A75/E19 revisits after enforcement cases; A76 participation per unit and cadre."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.core.models import Record
from ecobureau.enforcement.models import EnforcementCase
from ecobureau.enforcement.services import cases as enforcement_cases
from ecobureau.engagement import selectors, services
from ecobureau.engagement.models import Demand, Revisit
from ecobureau.lib.dates import SHANGHAI, local_datetime
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _demand(enterprise_user, enterprise):
    return services.demand_file(
        by=enterprise_user,
        enterprise=enterprise,
        title="危废暂存间改造咨询",
        content="请求指导。",
        category=Demand.Category.TECHNOLOGY,
    )


def test_enterprise_is_told_when_answered_and_reopened(
    coordinator, city_leader, enterprise_user_a, enterprise_user_b, enterprise_a
):
    demand = _demand(enterprise_user_a, enterprise_a)
    services.demand_assign(
        demand=demand, by=coordinator, unit=coordinator.unit, assignee=coordinator
    )
    services.demand_answer(demand=demand, by=coordinator, answer="可按规范改造。")
    told = Notification.objects.filter(recipient=enterprise_user_a)
    assert told.count() == 1
    assert "已答复" in told.get().title
    assert told.get().url.endswith(f"/engagement/my/{demand.pk}/")
    assert not Notification.objects.filter(recipient=enterprise_user_b).exists()
    services.demand_reopen(demand=demand, by=city_leader, note="企业补充了材料")
    assert told.count() == 2


def test_leader_links_and_the_letter_stay_in_scope(
    citizen,
    city_leader,
    district_a_leader,
    district_b_officer,
    enterprise_a,
    enterprise_b,
):
    link = services.leader_link(
        by=city_leader,
        leader=district_a_leader,
        enterprise=enterprise_a,
        started_on=date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match="已联系"):
        services.leader_link(
            by=city_leader,
            leader=district_a_leader,
            enterprise=enterprise_a,
            started_on=date(2026, 2, 1),
        )
    # A leader linking an enterprise of another district: refused.
    with pytest.raises(ValidationError, match="数据范围"):
        services.leader_link(
            by=district_a_leader,
            leader=district_a_leader,
            enterprise=enterprise_b,
            started_on=date(2026, 1, 1),
        )
    with pytest.raises(ValidationError, match="负责人"):
        services.leader_link(
            by=city_leader,
            leader=district_b_officer,
            enterprise=enterprise_b,
            started_on=date(2026, 1, 1),
        )
    assert list(selectors.leader_links_for_user(district_a_leader)) == [link]
    assert not selectors.leader_links_for_user(district_b_officer).exists()
    letter = services.letter_send(
        by=city_leader,
        title="致全市企业家朋友们的一封信",
        body="……",
        sent_on=date(2026, 3, 1),
        enterprises=[enterprise_a, enterprise_b],
    )
    assert letter.deliveries.count() == 2
    with pytest.raises(ValidationError, match="数据范围"):
        services.letter_send(
            by=district_a_leader,
            title="信",
            body="正文",
            sent_on=date(2026, 3, 1),
            enterprises=[enterprise_b],
        )
    with pytest.raises(PermissionDenied):
        services.letter_send(
            by=district_b_officer,
            title="信",
            body="正文",
            sent_on=date(2026, 3, 1),
            enterprises=[enterprise_b],
        )
    # District B's staff see the letter (it reached an enterprise of theirs); the
    # public sees no letters at all.
    assert list(selectors.letters_for_user(district_b_officer)) == [letter]
    assert not selectors.letters_for_user(citizen).exists()


def test_forum_with_its_demands(coordinator, enterprise_a, district_b_officer):
    with pytest.raises(ValidationError, match="人数"):
        services.forum_record(
            by=coordinator,
            held_on=date(2026, 3, 1),
            title="座谈会",
            attendees="—",
            reported="—",
            topics="—",
        )
    forum = services.forum_record(
        by=coordinator,
        held_on=date(2026, 3, 1),
        title="2026年第一季度企业代表座谈会",
        attendees="人大代表2名、政协委员2名、企业代表8名",
        reported="通报“与企业互动”工作情况",
        topics="环评审批提速；执法检查频次",
        npc_deputies=2,
        cppcc_members=2,
        enterprise_reps=8,
    )
    demand = services.forum_demand(
        by=coordinator,
        forum=forum,
        enterprise=enterprise_a,
        title="环评审批提速",
        content="希望缩短审批时间",
        category=Demand.Category.APPROVAL,
    )
    assert demand.channel == Demand.Channel.FORUM
    assert list(selectors.forum_demands(forum)) == [demand]
    assert selectors.forum_list_for_user(coordinator).get().raised == 1  # type: ignore[attr-defined]
    assert not selectors.forum_list_for_user(district_b_officer).exists()
    with pytest.raises(PermissionDenied):
        services.forum_demand(
            by=district_b_officer,
            forum=forum,
            enterprise=enterprise_a,
            title="t",
            content="c",
            category=Demand.Category.OTHER,
        )


def _filed_case(by, officers, enterprise, filed_at):
    case = enforcement_cases.case_open(
        enterprise=enterprise,
        source=EnforcementCase.Source.TRANSFER,
        start_reason="交办",
        facts="超标排放",
        officers=officers,
        by=by,
        reference="市政府交办〔2026〕1号",
    )
    # Test set-up: the filing itself goes through enforcement's approvals, covered
    # by its own tests; here only the filing date matters.
    EnforcementCase.objects.filter(pk=case.pk).update(filed_at=filed_at)
    return case


def test_monthly_revisits_and_report_to_the_party_group(
    coordinator,
    city_leader,
    district_b_officer,
    case_opener,
    case_officers,
    enterprise_a,
    enterprise_b,
):
    in_month = _filed_case(
        case_opener, case_officers, enterprise_a, local_datetime(date(2026, 10, 31))
    )
    _filed_case(
        case_opener,
        case_officers,
        enterprise_b,
        local_datetime(date(2026, 11, 1), datetime.min.time()),
    )
    with pytest.raises(PermissionDenied):
        services.revisit_prepare(by=district_b_officer, month=date(2026, 10, 1))
    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=SHANGHAI), tick=False):
        listed = services.revisit_prepare(by=coordinator, month=date(2026, 10, 15))
        assert [row.case_id for row in listed] == [in_month.pk]  # 1 Nov is next month
        assert services.revisit_prepare(by=coordinator, month=date(2026, 10, 1)) == []
        revisit = Revisit.objects.get()
        with pytest.raises(ValidationError, match="未回访"):
            services.revisit_report(
                by=coordinator, month=date(2026, 10, 1), summary="s"
            )
        with pytest.raises(ValidationError, match="发现的问题"):
            services.revisit_record(
                by=coordinator,
                revisit=revisit,
                visited_on=date(2026, 11, 2),
                civil=False,
                clean_conduct=True,
                satisfied=False,
                findings="态度生硬",
            )
        with pytest.raises(ValidationError, match="处理建议"):
            services.revisit_record(
                by=coordinator,
                revisit=revisit,
                visited_on=date(2026, 11, 2),
                civil=False,
                clean_conduct=True,
                satisfied=False,
                findings="态度生硬",
                problem="执法人员语言不文明",
            )
        services.revisit_record(
            by=coordinator,
            revisit=revisit,
            visited_on=date(2026, 11, 2),
            civil=False,
            clean_conduct=True,
            satisfied=False,
            findings="态度生硬",
            problem="执法人员语言不文明",
            proposal="约谈并纳入作风考核",
        )
        report = services.revisit_report(
            by=coordinator, month=date(2026, 10, 1), summary="回访1家，发现问题1个"
        )
    assert (report.cases, report.revisited, report.problems) == (1, 1, 1)
    assert Record.objects.filter(action="engagement.revisit.report").count() == 1
    assert selectors.revisit_reports_for_user(city_leader).count() == 1
    assert not selectors.revisit_list_for_user(
        district_b_officer, month=date(2026, 10, 1)
    ).exists()


def test_participation_per_unit_and_cadre(
    coordinator,
    district_a_officer,
    district_b_officer,
    city_leader,
    enterprise_a,
    enterprise_user_a,
):
    from ecobureau.engagement.models import Visit

    services.visit_record(
        by=district_a_officer,
        enterprise=enterprise_a,
        kind=Visit.Kind.HUNDRED_CADRES,
        visited_on=date(2026, 3, 5),
        difficulties="资金困难",
    )
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        demand = _demand(enterprise_user_a, enterprise_a)
        services.demand_assign(
            demand=demand, by=coordinator, unit=coordinator.unit, assignee=coordinator
        )
        services.demand_answer(demand=demand, by=coordinator, answer="已答复")
    rows = {
        row.label: row
        for row in selectors.participation_for_user(
            city_leader, start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
    }
    assert rows[district_a_officer.unit.name].visits == 1
    assert rows[coordinator.unit.name].answered == 1
    cadres = {
        row.label: row.total
        for row in selectors.participation_for_user(
            city_leader, start=date(2026, 3, 1), end=date(2026, 3, 31), by="cadre"
        )
    }
    assert cadres[district_a_officer.full_name] == 1
    assert cadres[coordinator.full_name] == 1
    # District B sees nothing of district A's engagement.
    assert (
        selectors.participation_for_user(
            district_b_officer, start=date(2026, 3, 1), end=date(2026, 3, 31)
        )
        == []
    )


def test_pages_for_organisers_only(
    client,
    coordinator,
    city_leader,
    district_b_officer,
    case_opener,
    case_officers,
    enterprise_a,
):
    from django.urls import reverse

    _filed_case(
        case_opener, case_officers, enterprise_a, local_datetime(date(2026, 10, 5))
    )
    services.revisit_prepare(by=coordinator, month=date(2026, 10, 1))
    revisit = Revisit.objects.get()
    client.force_login(coordinator)
    listing = client.get(reverse("engagement:revisit-list") + "?month=2026-10")
    assert enterprise_a.name in listing.content.decode()
    url = reverse("engagement:revisit-detail", args=[revisit.pk])
    bad = client.post(
        url,
        {
            "visited_on": "2026-11-02",
            "civil": "0",
            "clean_conduct": "1",
            "satisfied": "0",
            "findings": "态度生硬",
        },
    )
    assert bad.status_code == 400 and "态度生硬" in bad.content.decode()
    ok = client.post(
        url,
        {
            "visited_on": "2026-11-02",
            "civil": "0",
            "clean_conduct": "1",
            "satisfied": "0",
            "findings": "态度生硬",
            "problem": "语言不文明",
            "proposal": "约谈",
        },
    )
    assert ok.status_code == 302
    revisit.refresh_from_db()
    assert revisit.civil is False and revisit.clean_conduct is True
    for name in ("engagement:forum-list", "engagement:reception-list"):
        assert client.get(reverse(name)).status_code == 200
    client.force_login(city_leader)
    assert client.get(reverse("engagement:participation")).status_code == 200
    client.force_login(district_b_officer)
    for name in (
        "engagement:revisit-list",
        "engagement:forum-list",
        "engagement:reception-list",
    ):
        assert client.get(reverse(name)).status_code == 403
