"""The demo step builds seed 001's scale and seed 004's headline (B9, E1)."""

import random

from ecobureau.demo.city import DemoCity

from .. import demo, selectors
from ..models import PetitionCase, RectificationTask
from .conftest import today


def test_demo_builds_the_seed_scale(office_staff, city_leader, district_a, district_b):
    city = DemoCity(
        seed=1,
        password="x",
        rng=random.Random(1),
        divisions={d.code: d for d in (district_a, district_b)},
        units={},
        people={"coordination": office_staff, "leader": city_leader},
    )
    demo.build(city)
    assert (
        RectificationTask.objects.filter(
            round__startswith="第一轮", status="filed"
        ).count()
        == 25
    )
    assert (
        PetitionCase.objects.filter(round__contains="回头看", status="filed").count()
        == 18
    )
    assert PetitionCase.objects.filter(round__startswith="第二轮").count() == 5
    assert (
        PetitionCase.objects.filter(source="provincial", status="reviewed").count() == 1
    )
    lines = {
        line.label: selectors.headline(line)
        for line in selectors.progress_summary(city_leader, today=today())
    }
    round_2 = next(text for label, text in lines.items() if label.startswith("第二轮"))
    assert round_2.startswith("18项整改任务已按时保质完成15项，剩余3项")
    assert set(RectificationTask.objects.values_list("round", flat=True)) <= {
        demo.ROUND_1,
        demo.ROUND_2,
    }
