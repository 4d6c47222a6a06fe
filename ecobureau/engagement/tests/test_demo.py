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
    EiaUnit,
    Supervisor,
)

pytestmark = pytest.mark.django_db


def test_demo_builds_labelled_engagement_data(
    coordinator, eia_head, team_head, city_leader, enterprise_a, enterprise_user_a
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
        shared={"enterprises": [enterprise_a]},
    )
    demo.build(city)
    assert Demand.objects.count() == 2
    assert all(DEMO_LABEL in d.title for d in Demand.objects.all())
    assert Demand.objects.filter(rating=5).count() == 1
    assert Commissioner.objects.filter(ended_on__isnull=True).count() == 1
    assert EiaUnit.objects.count() == 3
    assert ConductRecord.objects.filter(status="published").count() == 2
    enforcement = Supervisor.objects.filter(group=Supervisor.Group.ENFORCEMENT)
    assert enforcement.count() == 81
    assert enforcement.filter(source=Supervisor.Source.NPC).count() == 10
    assert enforcement.filter(source=Supervisor.Source.CPPCC).count() == 10
    assert Supervisor.objects.filter(group=Supervisor.Group.BUSINESS).count() == 38
