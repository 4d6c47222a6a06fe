"""The demo step builds its labelled data through the services (the whole demo
city is checked by ecobureau/demo/tests)."""

import random

import pytest

from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.engagement import demo
from ecobureau.engagement.models import (
    Commissioner,
    ConductRecord,
    Demand,
    EiaReport,
    EiaUnit,
    LeaderLink,
    Letter,
    Nominee,
    ResearchReport,
    Suggestion,
    Supervisor,
)

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
        shared={"enterprises": [enterprise_a, enterprise_b]},
    )
    demo.build(city)
    assert Demand.objects.count() == 3  # two on the platform, one raised at the forum
    assert all(DEMO_LABEL in d.title for d in Demand.objects.all())
    assert Demand.objects.filter(rating=5).count() == 1
    assert Commissioner.objects.filter(ended_on__isnull=True).count() == 1
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
    assert Letter.objects.get().deliveries.count() == 2
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
