"""The look-back on closed tasks measure by measure (B2), the close-out
regulations as dated references (B15), the committee's bimonthly meetings
(B12) and the supervision visits (B17)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from .. import services
from ..models import Measure, Regulation, Supervision, SupervisionVisit
from .conftest import EVIDENCE, make_task, today


def _code(applies_to, on):
    regulation = services.regulation_in_force(applies_to, on)
    assert regulation is not None
    return regulation.code


def _closed_task(office, leader, officer, district):
    task = make_task(office, district=district)
    services.task_transition(
        by=office,
        task=task,
        transition="approve",
        changes={"approval_meeting": "党工委会议", "approved_on": today()},
    )
    for measure in task.measures.all():
        services.measure_evidence(
            by=officer,
            measure=measure,
            evidence=EVIDENCE[Measure.Kind(measure.kind)],
            done_on=today(),
        )
    services.task_target(by=officer, task=task, met=True, evidence="报告")
    services.task_transition(by=officer, task=task, transition="complete")
    services.task_transition(
        by=leader, task=task, transition="accept", changes={"acceptance_opinion": "过"}
    )
    services.task_transition(
        by=office, task=task, transition="review", changes={"review_opinion": "过"}
    )
    services.task_transition(
        by=office,
        task=task,
        transition="publish",
        changes={"publication_note": "在门户网站公示7日"},
    )
    services.task_transition(by=office, task=task, transition="close")
    return task


def test_lookback_measure_by_measure_and_a_lapse_warns(
    office_staff, district_a_leader, district_a_officer, district_a
):
    open_task = make_task(office_staff, number="OPEN", district=district_a)
    with pytest.raises(ValidationError, match="已销号"):
        services.lookback_record(
            by=office_staff,
            measure=open_task.measures.first(),
            checked_on=today(),
            findings="x",
            holds=True,
        )
    task = _closed_task(office_staff, district_a_leader, district_a_officer, district_a)
    first, second = task.measures.order_by("seq")
    # Only the office (the city look-back) records it.
    with pytest.raises(PermissionDenied):
        services.lookback_record(
            by=district_a_officer,
            measure=first,
            checked_on=today(),
            findings="x",
            holds=True,
        )
    services.lookback_record(
        by=office_staff, measure=first, checked_on=today(), findings="保持", holds=True
    )
    assert services.lookback_progress([task]) == {task.pk: (1, 2)}
    services.lookback_record(
        by=office_staff,
        measure=second,
        checked_on=today(),
        findings="围挡拆除后又有堆放",
        holds=False,
    )
    assert services.lookback_progress([task]) == {task.pk: (2, 2)}
    warning = Supervision.objects.get(task=task, kind="warning")
    assert "第2项措施" in warning.reason


def test_close_out_records_the_regulation_in_force(
    office_staff, district_a_leader, district_a_officer, district_a
):
    # The two regulations of seed 001 五4 are there from the migration.
    assert _code("task", today()) == ("辽环督改办〔2018〕150号")
    task = _closed_task(office_staff, district_a_leader, district_a_officer, district_a)
    task.refresh_from_db()
    assert "辽环督改办〔2018〕150号" in task.closeout_basis
    # A newer higher-level rule replaces it from its date (如果上级出台新的规定).
    newer = services.regulation_add(
        by=office_staff,
        applies_to="task",
        code="辽环督改办〔2026〕1号",
        title="新的整改任务验收销号办法",
        effective_from=today(),
    )
    assert services.regulation_in_force("task", today()) == newer
    yesterday = today() - timedelta(days=1)
    assert _code("task", yesterday) == ("辽环督改办〔2018〕150号")
    assert Regulation.objects.get(code="辽环督改办〔2018〕150号").replaced_on == today()
    # Case close-out keeps its own regulation.
    assert _code("case", today()) == ("辽环督改办发〔2019〕50号")
    with pytest.raises(PermissionDenied):
        services.regulation_add(
            by=district_a_officer,
            applies_to="task",
            code="x",
            title="x",
            effective_from=today(),
        )


def test_bimonthly_meetings_show_the_gaps(office_staff, district_a_officer):
    year = today().year - 1
    meeting = services.meeting_schedule(
        by=office_staff, planned_on=date(year, 1, 20), topics="研究督察整改"
    )
    services.meeting_record(
        by=office_staff, meeting=meeting, held_on=date(year, 1, 21), minutes="解决3项"
    )
    later = services.meeting_schedule(
        by=office_staff, planned_on=date(year, 5, 10), topics="研究信访案件"
    )
    services.meeting_record(
        by=office_staff, meeting=later, held_on=date(year, 5, 12), minutes="解决2项"
    )
    gaps = services.meeting_gaps(year, today=today())
    assert gaps == [
        f"{year}年3—4月",
        f"{year}年7—8月",
        f"{year}年9—10月",
        f"{year}年11—12月",
    ]
    with pytest.raises(ValidationError, match="纪要"):
        services.meeting_record(
            by=office_staff, meeting=later, held_on=date(year, 5, 12), minutes=" "
        )
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(by=district_a_officer, planned_on=today(), topics="x")


def test_routine_and_special_visits_scheduled_and_recorded(
    office_staff, district_a, district_a_officer
):
    year = today().year - 1
    task = make_task(office_staff, district=district_a)
    routine = services.visit_schedule(
        by=office_staff,
        kind=SupervisionVisit.Kind.ROUTINE,
        planned_on=date(year, 2, 10),
        focus="全市督察整改任务",
        team="纪工委",
    )
    services.visit_record(
        by=office_staff,
        visit=routine,
        done_on=date(year, 2, 11),
        findings="T-01进展缓慢",
        follow_up="下发督办函",
        tasks=[task],
    )
    special = services.visit_schedule(
        by=office_staff,
        kind=SupervisionVisit.Kind.SPECIAL,
        planned_on=date(year, 3, 5),
        focus="铁东区餐饮油烟",
        team="市督改办2人、专家1人、市城管局1人",
        district=district_a,
    )
    with pytest.raises(ValidationError, match="发现的问题"):
        services.visit_record(
            by=office_staff, visit=special, done_on=date(year, 3, 6), findings=""
        )
    gaps = services.routine_visit_gaps(year, today=today())
    assert f"{year}年2月" not in gaps and f"{year}年1月" in gaps and len(gaps) == 11
    assert list(routine.tasks.all()) == [task]
    with pytest.raises(PermissionDenied):
        services.visit_schedule(
            by=district_a_officer,
            kind="routine",
            planned_on=today(),
            focus="x",
            team="x",
        )
