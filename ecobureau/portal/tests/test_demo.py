"""The portal's demo step (示例数据): consultations, letters and this year's
publicity plan, labelled and built once however often the loader runs (the whole
demo city is checked by ecobureau/demo/tests)."""

from __future__ import annotations

import random
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.portal import demo
from ecobureau.portal.models import (
    Consultation,
    Letter,
    PublicityActivity,
    PublicityPlan,
    WorkList,
    WorkListEntry,
)

pytestmark = pytest.mark.django_db

NOW = "2026-07-01T10:00:00+08:00"


def _city(answerer, reviewer, citizen) -> DemoCity:
    return DemoCity(
        seed=1,
        password="unused",
        rng=random.Random(1),
        divisions={},
        units={},
        people={"coordination": answerer, "air-head": reviewer, "citizen": citizen},
    )


@time_machine.travel(NOW, tick=False)
def test_demo_publishes_a_labelled_publicity_plan_once(
    client, answerer, reviewer, citizen
):
    city = _city(answerer, reviewer, citizen)

    # when the loader runs twice
    demo.build(city)
    demo.build(city)

    # then one plan of this year, marked and labelled as demo data, published
    plan = PublicityPlan.objects.get()
    assert plan.year == 2026 and plan.is_demo
    assert DEMO_LABEL in plan.title
    assert plan.status == PublicityPlan.Status.PUBLISHED
    activities = list(plan.activities.order_by("planned_on", "pk"))
    assert len(activities) == 6  # the five publicity days and one more
    assert all(DEMO_LABEL in a.content for a in activities)
    held = {a.day for a in activities if a.status == PublicityActivity.Status.HELD}
    assert held == {"earth", "openness", "biodiversity", "environment"}
    for activity in activities:
        if activity.status == PublicityActivity.Status.HELD:
            assert activity.held_on == activity.planned_on <= date(2026, 7, 1)
            assert DEMO_LABEL in activity.held_summary
    ozone = next(a for a in activities if a.day == "ozone")
    assert ozone.status == PublicityActivity.Status.PLANNED
    assert ozone.planned_on == date(2026, 9, 16)
    # built through the services: the record holds its history, once
    assert Record.objects.filter(action="portal.publicity_plan_publish").count() == 1
    # the rest of the step is not repeated either
    assert Consultation.objects.filter(is_demo=True).count() == 2
    assert Letter.objects.filter(is_demo=True).count() == 2
    # and the public page shows the plan
    page = client.get(reverse("portal:publicity")).content.decode()
    assert plan.title in page and "生态环境科普进校园" in page


@time_machine.travel(NOW, tick=False)
def test_demo_leaves_the_offices_own_plan_alone(answerer, reviewer, citizen):
    from ecobureau.portal import services

    own = services.publicity_plan_create(
        by=answerer, year=2026, title="2026年宣传计划", summary="本局计划"
    )

    demo.build(_city(answerer, reviewer, citizen))

    assert list(PublicityPlan.objects.all()) == [own]
    assert not own.is_demo


@time_machine.travel(NOW, tick=False)
def test_demo_publishes_labelled_work_lists_once(
    client, answerer, reviewer, citizen, enterprise_a
):
    city = _city(answerer, reviewer, citizen)
    city.shared["enterprises"] = [enterprise_a]

    # when the loader runs twice
    demo.build(city)
    demo.build(city)

    # then a blacklist and a phase-out list, labelled, published, built once
    lists = {w.kind: w for w in WorkList.objects.all()}
    assert set(lists) == {WorkList.Kind.BLACKLIST, WorkList.Kind.PHASE_OUT}
    assert all(DEMO_LABEL in w.name and w.published_at for w in lists.values())
    blacklist = lists[WorkList.Kind.BLACKLIST]
    entries = list(blacklist.entries.order_by("listed_on"))
    assert [e.unit_name for e in entries] == [
        "示例·某再生资源回收站",
        enterprise_a.name,
    ]
    removed, listed = entries
    assert (
        removed.removed_on == date(2026, 6, 21) and DEMO_LABEL in removed.removed_reason
    )
    assert listed.enterprise == enterprise_a and listed.removed_on is None
    assert lists[WorkList.Kind.PHASE_OUT].entries.count() == 2
    assert WorkListEntry.objects.count() == 4
    assert Record.objects.filter(action="portal.work_list_publish").count() == 2
    # and the public list shows them, the removed unit with its removal
    page = client.get(
        reverse("portal:disclosure-list", args=["work-lists"])
    ).content.decode()
    for text in (
        enterprise_a.name,
        "示例·某再生资源回收站",
        "示例·某砖厂",
        "经信用修复移出",
    ):
        assert text in page, text
