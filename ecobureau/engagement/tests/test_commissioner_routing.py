"""E16: commissioners only for key enterprises; an enterprise's demand goes to its
commissioner first. A69: which cadres have no 百名干部进千家企业 visit in a month."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core import records
from ecobureau.engagement import selectors, services
from ecobureau.engagement.models import Commissioner, Demand, Visit
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_commissioner_only_for_a_key_enterprise(
    client, city_leader, district_a_officer, enterprise_b
):
    assert not enterprise_b.is_key_source
    with pytest.raises(ValidationError, match="不是重点企业"):
        services.commissioner_assign(
            by=city_leader,
            enterprise=enterprise_b,
            commissioner=district_a_officer,
            rank=Commissioner.Rank.DEPUTY_CHIEF,
            started_on=date(2026, 1, 5),
        )
    client.force_login(city_leader)
    page = client.post(
        reverse("engagement:commissioner-list"),
        {
            "enterprise": enterprise_b.pk,
            "commissioner": district_a_officer.pk,
            "rank": "deputy",
            "started_on": "2026-01-05",
        },
    )
    assert page.status_code == 400
    assert "不是重点企业" in page.content.decode()
    assert not Commissioner.objects.exists()


def test_demand_goes_to_the_commissioner_first(
    district_a_leader,
    district_b_officer,
    sub_bureau_b,
    district_b,
    enterprise_a,
    enterprise_user_a,
):
    # given: a commissioner from another district's sub-bureau serves enterprise A
    services.commissioner_assign(
        by=district_a_leader,
        enterprise=enterprise_a,
        commissioner=district_b_officer,
        rank=Commissioner.Rank.SECTION_CHIEF,
        started_on=date(2026, 1, 5),
    )
    # when: the enterprise files a demand
    demand = services.demand_file(
        by=enterprise_user_a,
        enterprise=enterprise_a,
        title="危废转移联单问题",
        content="转移联单填报系统无法提交",
        category=Demand.Category.OTHER,
    )
    # then: it waits in the commissioner's hands, who is told
    demand.refresh_from_db()
    assert demand.status == "submitted"
    assert demand.assignee == district_b_officer
    assert demand.unit == sub_bureau_b
    assert Notification.objects.filter(
        recipient=district_b_officer, title__contains="危废转移联单问题"
    ).exists()
    assert (
        records.history(demand)
        .filter(action="engagement.demand.route_commissioner")
        .exists()
    )
    # The commissioner sees it although enterprise A is outside their district;
    # a colleague of the same district does not.
    assert demand in selectors.demand_list_for_user(district_b_officer)
    colleague = UserFactory(
        username="b-colleague",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_staff"],
    )
    assert not selectors.demand_list_for_user(colleague).exists()
    # The commissioner takes it up and answers.
    services.demand_assign(
        demand=demand,
        by=district_b_officer,
        unit=sub_bureau_b,
        assignee=district_b_officer,
    )
    services.demand_answer(
        demand=demand, by=district_b_officer, answer="已协调省平台技术支持"
    )
    # A demand of an enterprise without a commissioner waits for dispatch as before.
    services.commissioner_end(
        by=district_a_leader,
        assignment=Commissioner.objects.get(),
        ended_on=date(2026, 6, 1),
        reason="岗位调整",
    )
    later = services.demand_file(
        by=enterprise_user_a,
        enterprise=enterprise_a,
        title="第二件",
        content="内容",
        category=Demand.Category.OTHER,
    )
    later.refresh_from_db()
    assert later.assignee is None


def _visit(by, enterprise, day):
    return services.visit_record(
        by=by,
        enterprise=enterprise,
        kind=Visit.Kind.HUNDRED_CADRES,
        visited_on=day,
        difficulties="了解生产经营困难",
    )


def test_cadres_without_a_visit_in_the_month(
    client,
    district_a_leader,
    district_a_officer,
    district_b_officer,
    city_leader,
    enterprise_a,
):
    _visit(district_a_officer, enterprise_a, date(2026, 1, 10))
    _visit(district_a_leader, enterprise_a, date(2026, 1, 20))
    _visit(district_a_leader, enterprise_a, date(2026, 2, 3))
    january = selectors.cadre_visit_completeness(city_leader, month=date(2026, 1, 1))
    assert [row.missing for row in january] == [False, False]
    february = selectors.cadre_visit_completeness(city_leader, month=date(2026, 2, 1))
    assert [(row.name, row.missing) for row in february] == [
        (district_a_officer.full_name, True),
        (district_a_leader.full_name, False),
    ]
    # Another year: nobody has logged one yet.
    assert selectors.cadre_visit_completeness(city_leader, month=date(2027, 1, 1)) == []
    # District B's staff see none of district A's cadres.
    assert (
        selectors.cadre_visit_completeness(district_b_officer, month=date(2026, 2, 1))
        == []
    )
    client.force_login(city_leader)
    page = client.get(reverse("engagement:cadre-visits"), {"month": "2026-02"})
    assert page.status_code == 200
    assert "本月未走访" in page.content.decode()
    assert district_a_officer.full_name in page.content.decode()
    client.force_login(district_b_officer)
    page = client.get(reverse("engagement:cadre-visits"), {"month": "2026-02"})
    assert district_a_officer.full_name not in page.content.decode()
