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


def test_demo_hazards_labelled_two_published_and_built_once(
    client, duty_officer, city_leader, city, district_a, district_b, enterprise_a
):
    from django.urls import reverse

    from ecobureau.core.models import Division, Record
    from ecobureau.emergencies.models import SafetyHazard

    haicheng = Division.objects.create(
        code="210381", name="海城市", kind=Division.Kind.DISTRICT, level=2, parent=city
    )
    city_ = DemoCity(
        seed=1,
        password="unused",
        rng=random.Random(1),
        divisions={"210302": district_a, "210303": district_b, "210381": haicheng},
        units={},
        people={"emergency": duty_officer, "leader": city_leader},
        shared={"enterprises": [enterprise_a]},
    )
    # when the step runs, and its hazard part runs again
    demo.build(city_)
    demo._hazards(city_, duty_officer)

    # then three hazards, each labelled, built once through the service
    hazards = list(SafetyHazard.objects.order_by("district__code"))
    assert len(hazards) == 3
    assert all(DEMO_LABEL in h.place for h in hazards)
    assert Record.objects.filter(action="emergencies.hazard.add").count() == 3
    tiedong, tiexi, hc = hazards
    assert tiedong.enterprise == enterprise_a and tiedong.level == "major"
    assert tiedong.status == SafetyHazard.Status.OPEN and tiedong.published_at
    assert tiexi.status == SafetyHazard.Status.RECTIFIED and tiexi.published_at
    assert tiexi.rectified_on is not None
    assert tiexi.rectified_on <= tiexi.deadline  # rectified on time
    assert hc.published_at is None
    # the public list shows the two published ones, not the third
    page = client.get(
        reverse("portal:disclosure-list", args=["safety-hazards"])
    ).content.decode()
    assert "罐区围堰容积不足" in page and "桶装废液" in page
    assert "尾矿堆场" not in page
