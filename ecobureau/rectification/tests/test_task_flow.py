"""A task from the ledger to filing (seed 001 五4: 整改一个、验收一个、公示一个、
销号一个、备案一个), and back when it rebounds (三(一)2: 重新整改，重新销号)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.core.models import Record

from .. import services
from ..models import Measure, RectificationTask
from .conftest import EVIDENCE, make_task, today


def _finish_measures(task, by):
    for measure in task.measures.all():
        services.measure_evidence(
            by=by,
            measure=measure,
            evidence=EVIDENCE[Measure.Kind(measure.kind)],
            done_on=today(),
        )


def test_task_needs_the_approving_meeting_before_it_takes_effect(
    office_staff, district_a
):
    # B5 (seed 001 三(二)1): "经党工委、管委会相关会议审议通过后"
    task = make_task(office_staff, district=district_a)
    assert task.status == "draft"
    with pytest.raises(ValidationError, match="审议会议"):
        services.task_transition(by=office_staff, task=task, transition="approve")
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "党工委第5次会议", "approved_on": today()},
    )
    assert task.status == "rectifying"


def test_measure_is_not_done_until_its_standard_is_evidenced(office_staff, district_a):
    # 四(一)2: engineering is complete only when the works are accepted.
    task = make_task(office_staff, district=district_a, kinds=("engineering",))
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "管委会会议", "approved_on": today()},
    )
    measure = task.measures.get()
    with pytest.raises(ValidationError, match="工程全部竣工验收"):
        services.measure_evidence(
            by=office_staff,
            measure=measure,
            evidence={"built": "已完工"},
            done_on=today(),
        )
    measure.refresh_from_db()
    assert measure.done_on is None


def test_task_completes_only_with_all_measures_done_and_target_met(
    office_staff, district_a
):
    # 四(一): "整改任务的所有整改措施完成并达到整改目标视为整改完成"
    task = make_task(office_staff, district=district_a)
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "会议", "approved_on": today()},
    )
    first = task.measures.get(seq=1)
    services.measure_evidence(
        by=office_staff,
        measure=first,
        evidence=EVIDENCE[Measure.Kind(first.kind)],
        done_on=today(),
    )
    with pytest.raises(ValidationError, match="第2项"):
        services.task_transition(by=office_staff, task=task, transition="complete")
    _finish_measures(task, office_staff)
    with pytest.raises(ValidationError, match="整改目标"):
        services.task_transition(by=office_staff, task=task, transition="complete")
    services.task_target(by=office_staff, task=task, met=True, evidence="监测报告")
    services.task_transition(by=office_staff, task=task, transition="complete")
    assert task.status == "completed"
    assert task.completed_on == today()


def test_task_from_ledger_to_filing_then_rebound(
    office_staff, district_a_leader, district_a, district_a_officer
):
    task = make_task(office_staff, district=district_a)
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "会议", "approved_on": today()},
    )
    _finish_measures(task, district_a_officer)
    services.task_target(by=district_a_officer, task=task, met=True, evidence="报告")
    services.task_transition(by=district_a_officer, task=task, transition="complete")
    # The handler cannot accept their own work.
    with pytest.raises(PermissionDenied):
        services.task_transition(
            by=district_a_officer,
            task=task,
            transition="accept",
            changes={"acceptance_opinion": "同意"},
        )
    services.task_transition(
        by=district_a_leader,
        task=task,
        transition="accept",
        changes={"acceptance_opinion": "区验收通过"},
    )
    services.task_transition(
        by=office_staff,
        task=task,
        transition="review",
        changes={"review_opinion": "市复核通过"},
    )
    # 五4: publication comes before close-out.
    with pytest.raises(ValidationError, match="不能执行“销号”"):
        services.task_transition(by=office_staff, task=task, transition="close")
    services.task_transition(
        by=office_staff,
        task=task,
        transition="publish",
        changes={"publication_note": "在门户网站公示7日"},
    )
    assert task.published_at is not None
    services.task_transition(by=office_staff, task=task, transition="close")
    services.task_transition(
        by=office_staff,
        task=task,
        transition="file",
        changes={"filing_note": "报市督改办备案"},
    )
    assert task.status == "filed"

    # 三(一)2: a rebound is rectified again and closed out again, history kept.
    services.task_transition(
        by=office_staff,
        task=task,
        transition="reopen",
        changes={"reopen_reason": "回头看发现问题反弹", "reopen_category": "rebound"},
    )
    task.refresh_from_db()
    assert task.status == "rectifying"
    assert task.published_at is None and task.closed_at is None
    assert not task.measures.filter(done_on__isnull=False).exists()
    actions = list(
        Record.objects.filter(
            target_type="rectification.rectificationtask", target_id=task.pk
        ).values_list("action", flat=True)
    )
    assert "rectification.rectificationtask.close" in actions
    assert actions[-1] == "rectification.rectificationtask.reopen"


def test_other_district_cannot_act_on_the_task(
    office_staff, district_a, district_b_officer
):
    task = make_task(office_staff, district=district_a)
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "会议", "approved_on": today()},
    )
    with pytest.raises(PermissionDenied):
        services.task_transition(
            by=district_b_officer, task=task, transition="complete"
        )
    assert RectificationTask.objects.get(pk=task.pk).status == "rectifying"


def test_ledger_needs_the_office(district_a_officer, district_a):
    with pytest.raises(PermissionDenied):
        make_task(
            district_a_officer, district=district_a, deadline=today() + timedelta(1)
        )
