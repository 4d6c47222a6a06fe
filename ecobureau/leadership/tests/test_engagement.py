"""Issue 12 item 6 on the leadership pages: service commissioners in post, visits
(of which 百名干部进千家企业) and enterprises' demands answered within their limit
and rated — each figure equal to its drill-down, a district leader seeing only
their district."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.engagement import services as engagement
from ecobureau.engagement.models import Commissioner, Demand, Visit

from .conftest import at
from .test_figures import drill_total, figure_counts

pytestmark = pytest.mark.django_db

OCT = "?period=month&value=2026-10"
KEYS = [
    "commissioners",
    "visits",
    "visits-cadres",
    "demands",
    "demands-on-time",
    "demands-late",
    "demands-satisfied",
]


def _demand(by, enterprise, when, title) -> Demand:
    with time_machine.travel(when, tick=False):
        return engagement.demand_file(
            by=by,
            enterprise=enterprise,
            title=title,
            content=f"{title}：请给予技术指导。",
            category=Demand.Category.TECHNOLOGY,
        )


def _answer(demand, by, head, when) -> None:
    with time_machine.travel(when, tick=False):
        engagement.demand_assign(demand=demand, by=head, unit=by.unit, assignee=by)
        engagement.demand_answer(demand=demand, by=by, answer="已派员现场指导。")


@pytest.fixture
def engagement_world(
    city_leader,
    district_a_leader,
    district_a_officer,
    district_b_officer,
    enterprise_a,
    enterprise_b,
    enterprise_user_a,
    enterprise_user_b,
):
    """October. A: a commissioner in post, a cadre visit and a commissioner's
    visit, a demand answered on time and rated 满意, another unanswered past its
    limit. B: a commissioner, a cadre visit, a demand answered on time. A cadre
    visit in September and a commissioner whose post ended in September are not
    October's."""
    # Commissioners serve key enterprises only (E16).
    enterprise_b.key_source = "provincial"
    enterprise_b.save(update_fields=["key_source"])
    for enterprise, person, started in (
        (enterprise_a, district_a_officer, at(1, month=9).date()),
        (enterprise_b, district_b_officer, at(2).date()),
    ):
        engagement.commissioner_assign(
            by=city_leader,
            enterprise=enterprise,
            commissioner=person,
            rank=Commissioner.Rank.DEPUTY_CHIEF,
            started_on=started,
        )
    gone = Commissioner.objects.create(
        enterprise=enterprise_a,
        commissioner=district_a_leader,
        rank=Commissioner.Rank.SECTION_CHIEF,
        started_on=at(1, month=6).date(),
        ended_on=at(30, month=9).date(),
        district=enterprise_a.district,
    )
    visits = [
        engagement.visit_record(
            by=officer,
            enterprise=enterprise,
            kind=kind,
            visited_on=day,
            difficulties="除尘设施运行不稳定",
        )
        for officer, enterprise, kind, day in (
            (district_a_officer, enterprise_a, Visit.Kind.HUNDRED_CADRES, at(5).date()),
            (district_a_officer, enterprise_a, Visit.Kind.COMMISSIONER, at(6).date()),
            (district_b_officer, enterprise_b, Visit.Kind.HUNDRED_CADRES, at(7).date()),
            (
                district_a_officer,
                enterprise_a,
                Visit.Kind.HUNDRED_CADRES,
                at(20, month=9).date(),
            ),
        )
    ]
    d1 = _demand(enterprise_user_a, enterprise_a, at(8, 9), "VOCs治理")
    _answer(d1, district_a_officer, district_a_leader, at(9, 10))
    with time_machine.travel(at(9, 15), tick=False):
        engagement.demand_rate(demand=d1, by=enterprise_user_a, rating=4)
    d2 = _demand(enterprise_user_a, enterprise_a, at(10, 9), "排污许可变更")
    d3 = _demand(enterprise_user_b, enterprise_b, at(12, 9), "监测点位")
    _answer(d3, district_b_officer, city_leader, at(13, 10))
    return {"visits": visits, "demands": [d1, d2, d3], "gone": gone}


def _links(html: str) -> dict[str, str]:
    return {
        key: href.replace("&amp;", "&")
        for href, key in re.findall(
            r'href="([^"]+)" data-testid="figure-([^"]+)" data-count=', html
        )
    }


def test_city_figures_and_every_drill_down(client, city_leader, engagement_world):
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    f = figure_counts(html)
    assert f["commissioners"] == ("2", 2)  # the one gone in September is not
    assert f["visits"] == ("3", 3)  # September's visit is not
    assert f["visits-cadres"] == ("2", 2)
    assert f["demands"] == ("3", 3)
    assert f["demands-on-time"] == ("2", 2)
    assert f["demands-late"] == ("1", 1)  # d2: unanswered past its limit
    assert f["demands-satisfied"] == ("1", 1)
    assert "满意率 100.0%（已评价 1）" in html
    links = _links(html)
    for key in KEYS:
        assert drill_total(client, links[key]) == f[key][1], key
    _, d2, _ = engagement_world["demands"]
    late = client.get(links["demands-late"]).text
    assert reverse("engagement:demand-detail", args=[d2.pk]) in late
    assert "逾期未答复" in late


def test_district_leader_sees_only_their_district(
    client, district_a_leader, district_b, engagement_world, enterprise_a
):
    client.force_login(district_a_leader)
    url = reverse("leadership:district", args=[enterprise_a.district_id]) + OCT
    html = client.get(url).text
    f = figure_counts(html)
    assert f["commissioners"] == ("1", 1)
    assert f["visits"] == ("2", 2)
    assert f["visits-cadres"] == ("1", 1)
    assert f["demands"] == ("2", 2)
    links = _links(html)
    _, _, d3 = engagement_world["demands"]
    listing = client.get(links["demands"]).text
    assert reverse("engagement:demand-detail", args=[d3.pk]) not in listing
    assert "监测点位" not in listing
    for key in KEYS:
        assert drill_total(client, links[key]) == f[key][1], key
    other = links["demands"].replace(
        f"pk={enterprise_a.district_id}", f"pk={district_b.pk}"
    )
    assert client.get(other).status_code == 404


def test_the_section_is_closed_to_those_without_engagement_rights(
    client, engagement_world, bureau
):
    # The system administrator opens the leadership view but not the engagement
    # registers: the section says so and shows no figure.
    admin = UserFactory(
        username="admin-no-engagement",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["system_admin"],
    )
    client.force_login(admin)
    html = client.get(reverse("leadership:city") + OCT).text
    assert "figure-demands" not in html and "figure-visits" not in html
    assert "与企业互动" in html
