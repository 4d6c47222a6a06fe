"""The demo step builds its labelled data through the services (the whole demo
city is checked by ecobureau/demo/tests)."""

import random
from datetime import date, datetime

import pytest
import time_machine

from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.engagement import demo, rules, selectors
from ecobureau.engagement.models import (
    Commissioner,
    ConductRecord,
    Demand,
    EiaReport,
    EiaUnit,
    LeaderLink,
    Letter,
    Nominee,
    Participation,
    ResearchReport,
    Suggestion,
    Supervisor,
    Visit,
)
from ecobureau.enterprises.tests.factories import EnterpriseFactory
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db


def test_demo_builds_labelled_engagement_data(
    coordinator,
    eia_head,
    team_head,
    city_leader,
    enterprise_a,
    enterprise_b,
    enterprise_user_a,
):
    more_key = [
        EnterpriseFactory(
            key_source="municipal",
            permit_category="key",
            district=enterprise_a.district,
        )
        for _ in range(90)
    ]
    city = DemoCity(
        seed=1,
        password="unused",
        rng=random.Random(1),
        divisions={},
        units={},
        people={
            "coordination": coordinator,
            "air-head": eia_head,
            "team-head": team_head,
            "leader": city_leader,
            "enterprise-a": enterprise_user_a,
        },
        # enterprise A and 90 more key enterprises, then B (not key), last
        shared={"enterprises": [enterprise_a, *more_key, enterprise_b]},
    )
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=SHANGHAI), tick=False):
        demo.build(city)
    assert Demand.objects.count() == 3  # two on the platform, one raised at the forum
    assert all(DEMO_LABEL in d.title for d in Demand.objects.all())
    assert Demand.objects.filter(rating=5).count() == 1
    # three units, and enterprise B registered as a unit for the A105 record
    assert EiaUnit.objects.count() == 4
    assert ConductRecord.objects.filter(status="published").count() == 2
    ready = ConductRecord.objects.get(kind="spot_check_quality")
    assert ready.status == "decided" and ready.enforcement_case_id is None
    assert ready.unit.credit_code == enterprise_b.credit_code
    assert list(EiaReport.objects.values_list("status", flat=True).order_by("pk")) == [
        "submitted",
        "draft",
    ]
    # E15, A109, 与基层互动
    assert LeaderLink.objects.filter(ended_on__isnull=True).count() == 2
    assert LeaderLink.objects.filter(ended_on__isnull=False).count() == 1
    assert Letter.objects.get().deliveries.count() == 5
    assert sorted(Nominee.objects.values_list("status", flat=True)) == [
        "appointed",
        "nominated",
    ]
    assert Supervisor.objects.filter(group=Supervisor.Group.SOCIAL).count() == 1
    assert sorted(Suggestion.objects.values_list("status", flat=True)) == [
        "adopted",
        "submitted",
    ]
    assert Suggestion.objects.filter(rewarded_on__isnull=False).count() == 1
    assert ResearchReport.objects.filter(title__contains=DEMO_LABEL).count() == 1
    enforcement = Supervisor.objects.filter(group=Supervisor.Group.ENFORCEMENT)
    assert enforcement.count() == 81
    assert enforcement.filter(source=Supervisor.Source.NPC).count() == 10
    assert enforcement.filter(source=Supervisor.Source.CPPCC).count() == 10
    assert Supervisor.objects.filter(group=Supervisor.Group.BUSINESS).count() == 38

    # E16 (seed 004): 40 commissioners (正科/副科) over 85 key enterprises
    active = Commissioner.objects.filter(ended_on__isnull=True)
    assert active.count() == 85
    assert active.values("commissioner").distinct().count() == 40
    assert set(active.values_list("rank", flat=True)) == {"chief", "deputy"}
    assert not active.filter(enterprise=enterprise_b).exists()  # not a key enterprise
    assert all(c.enterprise.is_key_source for c in active.select_related("enterprise"))
    assert active.filter(enterprise=enterprise_a, commissioner=coordinator).exists()
    # E17: 66 person-times of business supervisors in inspections and case audits
    counted = Participation.objects.filter(
        supervisor__group=Supervisor.Group.BUSINESS,
        kind__in=rules.BUSINESS_COUNTED_KINDS,
        held_on__year=2026,
    )
    assert counted.count() == 66
    assert counted.values("supervisor").distinct().count() == 38
    assert (
        selectors.participation_counts_for_user(city_leader, year=2026)[
            "营商环境社会监督员"
        ]
        == 66
    )
    # A69: monthly 百名干部 visits, 10 cadres over six months, one missed October
    visits = Visit.objects.filter(kind=Visit.Kind.HUNDRED_CADRES)
    assert visits.values("visitor").distinct().count() == 10
    assert visits.count() == 10 * 6 - 1
    october = selectors.cadre_visit_completeness(city_leader, month=date(2026, 10, 1))
    assert len(october) == 10
    assert [row.missing for row in october].count(True) == 1
    november = selectors.cadre_visit_completeness(city_leader, month=date(2026, 11, 1))
    assert not any(row.missing for row in november)
