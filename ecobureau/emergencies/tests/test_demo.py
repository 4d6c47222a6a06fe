"""The demo step builds its labelled data through the services (the whole demo
city is checked by ecobureau/demo/tests)."""

import random
from datetime import date

import pytest

from ecobureau.casework.models import Accountability
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.emergencies import demo
from ecobureau.emergencies.models import (
    EnterpriseHelp,
    Incident,
    OpinionEvent,
    Plan,
    PlanRole,
    Release,
)

pytestmark = pytest.mark.django_db


def test_demo_builds_labelled_incidents_opinion_and_plans(
    duty_officer, city_leader, district_a, district_b, enterprise_a
):
    city = DemoCity(
        seed=1,
        password="unused",
        rng=random.Random(1),
        divisions={"210302": district_a, "210303": district_b},
        units={},
        people={"emergency": duty_officer, "leader": city_leader},
        shared={"enterprises": [enterprise_a]},
    )
    demo.build(city)
    assert Incident.objects.count() == 2
    assert all(DEMO_LABEL in i.title for i in Incident.objects.all())
    assert set(Incident.objects.values_list("status", flat=True)) == {
        "responding",
        "reviewed",
    }
    assert Release.objects.get().status == Release.Status.PUBLISHED
    assert OpinionEvent.objects.get(channel="weibo").status == "reviewing"
    # the city plan's organisation, and an enterprise helped through an event
    assert PlanRole.objects.filter(plan__holder_kind="government").count() == 4
    help_record = EnterpriseHelp.objects.get()
    assert help_record.status == "helping" and help_record.enterprise == enterprise_a
    assert help_record.actions.count() == 2
    assert DEMO_LABEL in help_record.event.title
    today = date(2026, 11, 22)
    states = {plan.review_state(today) for plan in Plan.objects.all()}
    assert "expired" in states
    # the demo's reports were sent on time: no accountability follow-up opened
    assert not Accountability.objects.exists()
