"""Service commissioners (one per enterprise, history kept) and visits."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.engagement import selectors, services
from ecobureau.engagement.models import Commissioner, Demand, Visit

pytestmark = pytest.mark.django_db


def test_one_active_commissioner_history_kept(
    district_a_leader, district_a_officer, city_leader, enterprise_a
):
    first = services.commissioner_assign(
        by=district_a_leader,
        enterprise=enterprise_a,
        commissioner=district_a_officer,
        rank=Commissioner.Rank.DEPUTY_CHIEF,
        started_on=date(2026, 1, 5),
    )
    with pytest.raises(ValidationError, match="已是本企业"):
        services.commissioner_assign(
            by=district_a_leader,
            enterprise=enterprise_a,
            commissioner=district_a_officer,
            rank=Commissioner.Rank.DEPUTY_CHIEF,
            started_on=date(2026, 2, 1),
        )
    with pytest.raises(ValidationError, match="不能早于"):
        services.commissioner_assign(
            by=district_a_leader,
            enterprise=enterprise_a,
            commissioner=district_a_leader,
            rank=Commissioner.Rank.SECTION_CHIEF,
            started_on=date(2025, 12, 1),
        )
    second = services.commissioner_assign(
        by=district_a_leader,
        enterprise=enterprise_a,
        commissioner=district_a_leader,
        rank=Commissioner.Rank.SECTION_CHIEF,
        started_on=date(2026, 6, 1),
    )
    first.refresh_from_db()
    assert first.ended_on == date(2026, 6, 1)
    assert list(selectors.commissioner_list_for_user(city_leader)) == [second]
    assert selectors.commissioner_history(city_leader, enterprise_a.pk).count() == 2


def test_staff_without_the_role_cannot_assign(district_a_officer, enterprise_a):
    with pytest.raises(PermissionDenied):
        services.commissioner_assign(
            by=district_a_officer,
            enterprise=enterprise_a,
            commissioner=district_a_officer,
            rank=Commissioner.Rank.DEPUTY_CHIEF,
            started_on=date(2026, 1, 5),
        )


def test_commissioner_visit_and_demand_from_visit(
    district_a_leader, district_a_officer, district_b_officer, enterprise_a
):
    with pytest.raises(ValidationError, match="不是该企业的现任服务专员"):
        services.visit_record(
            by=district_a_officer,
            enterprise=enterprise_a,
            kind=Visit.Kind.COMMISSIONER,
            visited_on=date(2026, 3, 1),
            difficulties="危废暂存间设置不清楚",
        )
    services.commissioner_assign(
        by=district_a_leader,
        enterprise=enterprise_a,
        commissioner=district_a_officer,
        rank=Commissioner.Rank.DEPUTY_CHIEF,
        started_on=date(2026, 1, 5),
    )
    services.visit_record(
        by=district_a_officer,
        enterprise=enterprise_a,
        kind=Visit.Kind.COMMISSIONER,
        visited_on=date(2026, 3, 1),
        difficulties="危废暂存间设置不清楚",
        help_given="现场讲解贮存污染控制标准",
        demand_title="危废暂存间改造咨询",
        demand_category=Demand.Category.TECHNOLOGY,
    )
    demand = Demand.objects.get()
    assert demand.channel == Demand.Channel.VISIT
    assert selectors.visit_list_for_user(district_a_officer).count() == 1
    assert not selectors.visit_list_for_user(district_b_officer).exists()
    assert selectors.visits_by_month_for_user(district_a_officer) == [("2026-03", 1)]


def test_visit_date_in_future_refused_on_the_page(
    client, district_a_officer, enterprise_a
):
    client.force_login(district_a_officer)
    response = client.post(
        reverse("engagement:visit-list"),
        {
            "enterprise": enterprise_a.pk,
            "kind": Visit.Kind.HUNDRED_CADRES,
            "visited_on": "2999-01-01",
            "difficulties": "资金困难保留",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "走访日期不能晚于今天" in body and "资金困难保留" in body
    assert not Visit.objects.exists()
    assert client.get(reverse("engagement:commissioner-list")).status_code == 200
