"""The demo step (示例数据) builds the quality module's data through its services:
sections and samples, emission targets, the daily emission roll-up, the
responsibility letters with a veto, and a published audit."""

from __future__ import annotations

import random

import pytest

from ecobureau.core.models import Division
from ecobureau.demo.city import DemoCity
from ecobureau.quality import demo
from ecobureau.quality.models import (
    Audit,
    EmissionDay,
    EmissionRollup,
    Letter,
    LetterTarget,
    Section,
    Veto,
)

from .test_emissions import water_a  # noqa: F401

pytestmark = pytest.mark.django_db


def test_demo_builds_labelled_data_through_the_services(
    monitor,
    city,
    district_a,
    district_b,
    water_a,  # noqa: F811
) -> None:
    divisions = {d.code: d for d in (district_a, district_b)}
    for code in ("210303", "210304", "210381", "210311", "2103Z1", "210321"):
        divisions[code], _ = Division.objects.get_or_create(
            code=code,
            defaults={"name": f"示例区{code}", "kind": Division.Kind.DISTRICT,
                      "level": 2, "parent": city},
        )  # fmt: skip
    demo_city = DemoCity(
        seed=1, password="x", rng=random.Random(1), divisions=divisions,
        units={}, people={"monitoring": monitor},
    )  # fmt: skip
    demo.build(demo_city)
    assert Section.objects.count() == 15
    assert all(s.name.startswith("示例·") and s.is_demo for s in Section.objects.all())
    # The roll-up of the last finished days: the water instrument owes COD and
    # NH3-N and sent nothing then, so its gaps are recorded.
    run = EmissionRollup.objects.get()
    assert run.is_demo and run.rows == 6 and run.missing_hours == 6 * 24
    assert EmissionDay.objects.filter(instrument=water_a).count() == 6
    districts = len(demo_city.districts())
    assert Letter.objects.filter(is_demo=True).count() == 2 * districts
    (unmet,) = Letter.objects.filter(status=Letter.Status.UNMET)
    assert unmet.published_at is not None and "示例数据" in unmet.accountability
    assert Veto.objects.get().unit_name == unmet.unit_name
    assert Audit.objects.get().published_at is not None
    # each letter's first two targets are linked to figures, the rest are text
    linked = LetterTarget.objects.exclude(indicator="")
    assert linked.count() == 2 * 2 * districts
    assert set(linked.values_list("position", flat=True)) == {1, 2}
