"""A problem found on patrol goes up, is transferred to the department responsible
with a deadline counted in working days; the department must answer; an overdue
transfer escalates, first at the transferring level, then to the city."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework.models import Clock, WorkItem
from ecobureau.core.models import Record
from ecobureau.grid import selectors, services
from ecobureau.grid.models import Problem, Transfer
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db
MONDAY = "2026-11-23 10:00 +0800"


@pytest.fixture
def problem(cells, grid_officer):
    with time_machine.travel(MONDAY, tick=False):
        return services.problem_report(
            data=services.ProblemData(
                cell=cells["210302001"],
                category=Problem.Category.DUST,
                description="工地裸土未苫盖，大风扬尘",
                place="站前街道胜利路与建设街交口",
                stopped=True,
            ),
            by=grid_officer,
        )


@pytest.fixture
def transfer(problem, district_a_leader, department, department_handler):
    with time_machine.travel(MONDAY, tick=False):
        services.problem_act(problem=problem, transition="accept", by=district_a_leader)
        return services.transfer_send(
            problem=problem,
            department=department,
            request="请督促施工单位落实扬尘防治措施并反馈",
            limit_workdays=5,
            by=district_a_leader,
        )


def test_the_level_above_sees_the_report_on_its_workbench(
    district_a_leader, sub_bureau_a, problem
):
    assert problem.status == Problem.Status.REPORTED and problem.unit == sub_bureau_a
    item = WorkItem.objects.get(target_type="grid.problem", target_id=problem.pk)
    assert item.unit == sub_bureau_a and item.clock is not None
    assert Notification.objects.filter(recipient=district_a_leader).exists()


def test_transfer_deadline_is_counted_in_working_days(transfer):
    # Five working days after Monday 23 November 2026: Monday 30 November.
    due = transfer.due_at.astimezone(SHANGHAI)
    assert due.date().isoformat() == "2026-11-30"
    clock = Clock.objects.get(target_type="grid.transfer", target_id=transfer.pk)
    assert clock.unit == "workdays" and clock.amount == 5
    assert "盘政办发〔2015〕141号四(四)2" in clock.basis
    assert transfer.problem.status == Problem.Status.TRANSFERRED
    item = WorkItem.objects.get(target_type="grid.transfer", state=WorkItem.State.OPEN)
    assert item.unit == transfer.unit


def test_only_the_department_and_the_district_see_the_transfer(
    transfer, department_handler, district_a_leader, district_b_officer, grid_officer_a2
):
    assert (
        selectors.transfer_list_for_user(department_handler)
        .filter(pk=transfer.pk)
        .exists()
    )
    assert (
        selectors.transfer_list_for_user(district_a_leader)
        .filter(pk=transfer.pk)
        .exists()
    )
    assert not selectors.transfer_list_for_user(district_b_officer).exists()
    assert not selectors.transfer_list_for_user(grid_officer_a2).exists()


def test_feedback_is_mandatory_and_goes_back_for_confirmation(
    client, transfer, department_handler, district_a_leader, district_b_officer
):
    with time_machine.travel("2026-11-25 15:00 +0800", tick=False):
        with pytest.raises(ValidationError, match="请填写办理结果反馈"):
            services.transfer_answer(
                transfer=transfer, feedback="   ", by=department_handler
            )
        with pytest.raises(PermissionDenied):
            services.transfer_answer(
                transfer=transfer, feedback="已处理", by=district_b_officer
            )
        client.force_login(department_handler)
        url = reverse("grid:transfer-detail", args=[transfer.pk])
        response = client.post(
            url, {"form": "answer", "feedback": "已责令施工单位覆盖裸土、增加洒水频次"}
        )
        assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.ANSWERED and "洒水" in transfer.feedback
    clock = Clock.objects.get(target_type="grid.transfer", target_id=transfer.pk)
    assert clock.state == Clock.State.MET
    item = WorkItem.objects.get(
        target_type="grid.transfer", target_id=transfer.pk, state=WorkItem.State.OPEN
    )
    assert item.unit == transfer.from_unit
    assert Notification.objects.filter(
        recipient=district_a_leader, title__contains="已反馈"
    ).exists()

    services.transfer_review(
        transfer=transfer, accept=True, note="", by=district_a_leader
    )
    problem = transfer.problem
    problem.refresh_from_db()
    services.problem_act(
        problem=problem,
        transition="close",
        by=district_a_leader,
        result="住建部门已督促整改，现场扬尘已控制",
    )
    problem.refresh_from_db()
    assert problem.status == Problem.Status.CLOSED and problem.closed_at is not None
    # 反馈: the reporter hears the result.
    assert Notification.objects.filter(
        recipient=problem.reporter, title__contains="处理结果已反馈"
    ).exists()


def test_a_problem_with_an_open_transfer_cannot_be_closed(transfer, district_a_leader):
    with pytest.raises(ValidationError, match="尚未反馈"):
        services.problem_act(
            problem=transfer.problem,
            transition="close",
            by=district_a_leader,
            result="结束",
        )


def test_overdue_transfers_escalate_once_per_level(
    transfer, district_a_leader, department_handler, city_leader, settings
):
    settings.GRID_TRANSFER_ESCALATE_AGAIN_DAYS = 5
    # Not yet due on the deadline day.
    result = services.transfers_escalate(
        now=datetime(2026, 11, 30, 18, 0, tzinfo=SHANGHAI)
    )
    assert (result.level_1, result.level_2) == (0, 0)

    # Overdue: 督办 at the transferring level.
    after = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
    result = services.transfers_escalate(now=after)
    assert (result.level_1, result.level_2) == (1, 0)
    transfer.refresh_from_db()
    assert transfer.escalation_level == 1
    told = set(
        Notification.objects.filter(title__contains="已督办").values_list(
            "recipient", flat=True
        )
    )
    assert {district_a_leader.pk, department_handler.pk} <= told
    assert city_leader.pk not in told
    assert services.transfers_escalate(now=after) == services.EscalationResult(0, 0)

    # Still unanswered five days later: reported to the city.
    later = datetime(2026, 12, 6, 9, 0, tzinfo=SHANGHAI)
    result = services.transfers_escalate(now=later)
    assert (result.level_1, result.level_2) == (0, 1)
    transfer.refresh_from_db()
    assert transfer.escalation_level == 2
    assert Notification.objects.filter(
        recipient=city_leader, title__contains="已报市级督办"
    ).exists()
    levels = [
        r.payload
        for r in Record.objects.filter(action="grid.transfer_escalate").order_by("seq")
    ]
    assert len(levels) == 2 and '"level":1' in levels[0] and '"level":2' in levels[1]


def test_answered_transfers_do_not_escalate(transfer, department_handler):
    with time_machine.travel("2026-11-24 10:00 +0800", tick=False):
        services.transfer_answer(
            transfer=transfer, feedback="已办结", by=department_handler
        )
    result = services.transfers_escalate(
        now=datetime(2026, 12, 20, 9, 0, tzinfo=SHANGHAI)
    )
    assert result == services.EscalationResult(0, 0)


def test_the_command_runs_the_sweep(transfer, capsys):
    from django.core.management import call_command

    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        call_command("escalate_transfers")
    assert "1件超期移交已督办" in capsys.readouterr().out


def test_a_returned_answer_gets_a_new_deadline(
    transfer, department_handler, district_a_leader
):
    with time_machine.travel("2026-11-24 10:00 +0800", tick=False):
        services.transfer_answer(
            transfer=transfer, feedback="已口头提醒", by=department_handler
        )
        with pytest.raises(ValidationError, match="确认意见"):
            services.transfer_review(
                transfer=transfer, accept=False, note="", by=district_a_leader
            )
        transfer.refresh_from_db()
        services.transfer_review(
            transfer=transfer,
            accept=False,
            note="请现场核查并书面反馈",
            by=district_a_leader,
        )
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.SENT
    assert transfer.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-12-01"
    assert (
        Clock.objects.filter(target_type="grid.transfer", target_id=transfer.pk).count()
        == 2
    )


def test_a_grid_officer_may_report_straight_to_a_department(
    cells, grid_officer, department
):
    problem = services.problem_report(
        data=services.ProblemData(
            cell=cells["210302001"],
            category=Problem.Category.NOISE,
            description="夜间施工噪声",
            place="解放路工地",
            department=department,
        ),
        by=grid_officer,
    )
    assert problem.status == Problem.Status.TRANSFERRED
    assert problem.transfers.get().unit == department
