"""The demo step (示例数据) builds the quality module's data through its services:
sections and samples, emission targets, the daily emission roll-up, the
responsibility letters with a veto, a published audit and last month's
issued bulletin."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Division
from ecobureau.demo.city import DemoCity
from ecobureau.lib.dates import local_date
from ecobureau.quality import bulletin, demo, services
from ecobureau.quality.models import (
    Audit,
    BulletinIssue,
    EmissionDay,
    EmissionRollup,
    Letter,
    LetterTarget,
    Section,
    Veto,
    WorkPlan,
    WorkPlanItem,
)

from .test_emissions import water_a  # noqa: F401

pytestmark = pytest.mark.django_db


def test_demo_builds_labelled_data_through_the_services(
    client,
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
    # this year's work plan: labelled, published, one of four tasks done
    plan = WorkPlan.objects.get()
    assert plan.is_demo and "示例数据" in plan.title and plan.published_at
    statuses = list(plan.items.order_by("position").values_list("status", flat=True))
    assert statuses == ["done", "in_progress", "in_progress", "planned"]
    assert plan.items.get(position=2).district == district_a
    assert services.completion(plan).text == "1/4（25.0%）"
    # a second run adds no plan (one a year) and the public list shows it
    demo._work_plan(demo_city, monitor, timezone.now())
    assert WorkPlan.objects.count() == 1 and WorkPlanItem.objects.count() == 4
    page = client.get(reverse("portal:disclosure-list", args=["work-plans"]))
    assert "太子河铁东段入河排污口排查整治" in page.content.decode()
    # last month's bulletin issued as the scheduler would, labelled, public
    issue = BulletinIssue.objects.get()
    assert issue.issued_by is None and "示例数据" in issue.note
    assert (issue.year, issue.month) == bulletin.last_published_month(
        local_date(timezone.now())
    )
    public = client.get(reverse("quality:bulletin-public"))
    assert public.status_code == 200 and "地表水" in public.content.decode()
