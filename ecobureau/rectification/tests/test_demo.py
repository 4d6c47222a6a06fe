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


def test_demo_items_have_handling_units_and_scores(
    office_staff, city_leader, district_a, district_b, sub_bureau_a, sub_bureau_b,
    forestry_unit,
):  # fmt: skip
    """The demo's tasks and cases name their 承办单位 (the district's sub-bureau,
    every sixth task a city department), and a few cases carry a 附件1 score,
    so the assessment and the per-department views have something to show."""
    from ..models import CaseScore

    city = DemoCity(
        seed=1,
        password="x",
        rng=random.Random(1),
        divisions={d.code: d for d in (district_a, district_b)},
        units={u.code: u for u in (sub_bureau_a, sub_bureau_b, forestry_unit)},
        people={"coordination": office_staff, "leader": city_leader},
    )
    demo.build(city)
    assert not RectificationTask.objects.filter(unit__isnull=True).exists()
    assert not PetitionCase.objects.filter(unit__isnull=True).exists()
    for task in RectificationTask.objects.exclude(unit=forestry_unit):
        assert task.unit is not None and task.unit.division_id == task.district_id
    department = RectificationTask.objects.filter(unit=forestry_unit)
    assert department.count() == 7  # n = 5, 11, 17, 23 of round 1; 5, 11, 17 of round 2
    scores = CaseScore.objects.select_related("case")
    assert scores.count() == 6
    assert all(s.case.round == demo.LOOK_BACK and s.unit == s.case.unit for s in scores)
    assert {float(s.score) for s in scores} != {100.0}  # not all in full
    units = selectors.petition_progress_by_unit(office_staff, today=today(), by="unit")
    assert {r.name for r in units} == {sub_bureau_a.name, sub_bureau_b.name}


def test_demo_ranks_the_previous_year(
    client, office_staff, city_leader, district_a, district_b, sub_bureau_a,
    sub_bureau_b, forestry_unit, district_a_officer, district_b_officer,
    department_user,
):  # fmt: skip
    """Issue 11 audit item 5: the units with a handler among the demo's people
    get a provincial task and case due last year, closed and scored, and the
    year's assessment through self-assessment, the departments' and the city's
    review and circulation — so the ranking page has both lists (示例数据)."""
    from ecobureau.demo.city import DEMO_LABEL

    from ..models import CaseScore, UnitAssessment

    city = DemoCity(
        seed=1,
        password="x",
        rng=random.Random(1),
        divisions={d.code: d for d in (district_a, district_b)},
        units={u.code: u for u in (sub_bureau_a, sub_bureau_b, forestry_unit)},
        people={
            "coordination": office_staff,
            "leader": city_leader,
            "tiedong": district_a_officer,
            "tiexi": district_b_officer,
            "forestry": department_user,
        },
    )
    demo.build(city)
    year = today().year - 1
    # the items due last year: one task and one case per unit, labelled, filed
    tasks = RectificationTask.objects.filter(deadline__year=year)
    cases = PetitionCase.objects.filter(deadline__year=year)
    units = {sub_bureau_a, sub_bureau_b, forestry_unit}
    assert {t.unit for t in tasks} == units and tasks.count() == 3
    assert {c.unit for c in cases} == units and cases.count() == 3
    assert all(DEMO_LABEL in t.round and t.status == "filed" for t in tasks)
    assert all(DEMO_LABEL in c.content and c.status == "filed" for c in cases)
    assert all(t.completed_on and t.completed_on <= t.deadline for t in tasks)
    assert CaseScore.objects.filter(case__in=cases).count() == 3
    # B9's scale is unchanged: one provincial case awaiting publication
    assert (
        PetitionCase.objects.filter(source="provincial", status="reviewed").count() == 1
    )
    # the assessment: self-assessed by the unit, reviewed twice, ranked, circulated
    rows = {r.unit: r for r in UnitAssessment.objects.filter(year=year)}
    assert set(rows) == units
    for row in rows.values():
        assert row.stage == UnitAssessment.Stage.CIRCULATED
        assert DEMO_LABEL in row.self_note and DEMO_LABEL in row.review_note
        assert row.dept_reviewed_on is not None and row.score is not None
        assert set(row.task_grades.values()) == {"优秀"}
    assert sorted(
        r.rank or 0
        for r in rows.values()
        if r.ranking == UnitAssessment.Ranking.DISTRICT
    ) == [1, 2]
    assert rows[forestry_unit].ranking == UnitAssessment.Ranking.DEPARTMENT
    assert rows[forestry_unit].rank == 1
    # the ranking page shows them
    client.force_login(city_leader)
    page = client.get(f"/rectification/assessments/?year={year}").content.decode()
    assert "地区排名" in page and "部门排名" in page
    for unit in units:
        assert unit.name in page
