"""The ledger import after approval (issue 11 audit): an approved task's deadline,
target and measures are not the ledger's to change (seed 001 三(二)1, B5; a later
deadline could move it out of an assessment year, B24); measures are matched by
identity, so an unchanged ledger never costs a measure its evidence."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from ecobureau.core.models import Record

from .. import ledger, services
from ..models import LookBack, Measure, PetitionCase, RectificationTask
from .conftest import EVIDENCE, make_case, make_task, today
from .test_ledger import _edit

pytestmark = pytest.mark.django_db


def approve(task: RectificationTask, by) -> None:
    services.task_transition(
        by=by,
        task=task,
        transition="approve",
        changes={"approval_meeting": "党工委会议", "approved_on": today()},
    )


def file_task(task: RectificationTask, office, leader, officer) -> None:
    """Take an approved task through completion, acceptance, review, publication,
    close-out and filing (seed 001 五4)."""
    for measure in task.measures.all():
        services.measure_evidence(
            by=officer,
            measure=measure,
            evidence=EVIDENCE[Measure.Kind(measure.kind)],
            done_on=today(),
        )
    services.task_target(by=officer, task=task, met=True, evidence="监测报告")
    services.task_transition(by=officer, task=task, transition="complete")
    services.task_transition(
        by=leader,
        task=task,
        transition="accept",
        changes={"acceptance_opinion": "区验收通过"},
    )
    steps: tuple[tuple[str, dict[str, str]], ...] = (
        ("review", {"review_opinion": "市复核通过"}),
        ("publish", {"publication_note": "门户网站公示7日"}),
        ("close", {}),
        ("file", {"filing_note": "报市督改办备案"}),
    )
    for transition, changes in steps:
        services.task_transition(
            by=office, task=task, transition=transition, changes=changes
        )


def _rows(content: bytes, sheet: str) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(content))[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def _rewrite(content: bytes, sheet: str, rows: list[list[object]]) -> bytes:
    """Replace a sheet's data rows (the header row stays)."""
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook[sheet]
    ws.delete_rows(2, ws.max_row)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_valid_edit_and_refused_row_write_nothing(office_staff, district_a):
    # given: T-01 still 待审议, T-02 approved
    draft = make_task(office_staff, number="T-01", district=district_a)
    approved = make_task(office_staff, number="T-02", district=district_a)
    approve(approved, office_staff)
    deadlines = (draft.deadline, approved.deadline)
    content = ledger.task_export(office_staff)
    before = Record.objects.count()

    # when: the draft's deadline and target change (allowed), and the approved
    # task's deadline moves into next year (refused)
    edited = _edit(
        content,
        "整改任务",
        {
            (2, "完成时限"): (draft.deadline + timedelta(days=30)).isoformat(),
            (2, "整改目标"): "违建全部拆除",
            (3, "完成时限"): "2099-12-31",
        },
    )
    with pytest.raises(ledger.LedgerError) as error:
        ledger.task_import(by=office_staff, content=edited)

    # then: one error, on the approved task's row; nothing written
    (row,) = error.value.rows
    assert row.startswith("“整改任务”第3行：任务T-02已审议通过（当前状态：整改中）")
    assert "不能通过导入修改完成时限" in row
    draft.refresh_from_db()
    approved.refresh_from_db()
    assert (draft.deadline, approved.deadline) == deadlines
    assert draft.target == "违建全部拆除，生态恢复"
    assert Record.objects.count() == before

    # and the valid edit alone goes through
    alone = _edit(content, "整改任务", {(2, "整改目标"): "违建全部拆除"})
    result = ledger.task_import(by=office_staff, content=alone)
    assert result.updated == 2
    draft.refresh_from_db()
    assert draft.target == "违建全部拆除"
    # the unchanged approved row is accepted and records nothing
    assert Record.objects.filter(action="rectification.task_update").count() == 1


def test_approved_task_deadline_target_and_measures_refused(office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    approve(task, office_staff)
    later = task.deadline + timedelta(days=1)
    with pytest.raises(ValidationError, match="不能通过导入修改完成时限"):
        services.task_update_ledger(
            by=office_staff,
            task=task,
            data=services.TaskData(
                number=task.number,
                round=task.round,
                source=task.source,
                problem=task.problem,
                target=task.target,
                responsible_units=task.responsible_units,
                deadline=later,
                measures=[
                    services.MeasureData(kind=m.kind, content=m.content, seq=m.seq)
                    for m in task.measures.all()
                ],
            ),
        )
    content = ledger.task_export(office_staff)
    edited = _edit(content, "整改任务", {(2, "整改目标"): "另行确定"})
    edited = _edit(edited, "整改措施", {(2, "措施内容"): "改写的措施"})
    with pytest.raises(ledger.LedgerError) as error:
        ledger.task_import(by=office_staff, content=edited)
    (row,) = error.value.rows
    assert "整改目标、第1项措施" in row
    # a removed measure row is refused too, never renumbering the rest
    rows = _rows(content, "整改措施")[1:]
    with pytest.raises(ledger.LedgerError, match="删除第1项措施"):
        ledger.task_import(
            by=office_staff, content=_rewrite(content, "整改措施", rows[1:])
        )
    task.refresh_from_db()
    assert task.deadline == later - timedelta(days=1)
    assert list(task.measures.values_list("seq", "content")) == [
        (1, "措施1"),
        (2, "措施2"),
    ]


def test_rectifying_task_may_gain_a_measure_as_measure_add_allows(
    office_staff, district_a
):
    task = make_task(office_staff, district=district_a)
    approve(task, office_staff)
    content = ledger.task_export(office_staff)
    rows = _rows(content, "整改措施")[1:]
    rows.append(["T-01", None, "追责问责", "对失职人员问责", None, "否"])
    ledger.task_import(by=office_staff, content=_rewrite(content, "整改措施", rows))
    assert list(task.measures.values_list("seq", "kind")) == [
        (1, "policy"),
        (2, "engineering"),
        (3, "accountability"),
    ]


def test_filed_task_keeps_measures_and_evidence_on_reimport(
    office_staff, district_a_leader, district_a_officer, district_a
):
    # given: a filed task with evidence on each measure and a look-back finding
    task = make_task(office_staff, district=district_a)
    approve(task, office_staff)
    file_task(task, office_staff, district_a_leader, district_a_officer)
    first = task.measures.get(seq=1)
    services.lookback_record(
        by=office_staff,
        measure=first,
        checked_on=today(),
        findings="现场核查无反弹",
        holds=True,
    )
    stored = list(task.measures.values_list("pk", "seq", "evidence", "done_on"))
    content = ledger.task_export(office_staff)
    before = Record.objects.count()

    # when: the exported ledger is imported back unchanged, rows reordered
    rows = _rows(content, "整改措施")[1:]
    ledger.task_import(
        by=office_staff, content=_rewrite(content, "整改措施", rows[::-1])
    )

    # then: the same measures, evidence and look-back; nothing recorded
    task.refresh_from_db()
    assert task.status == "filed"
    assert list(task.measures.values_list("pk", "seq", "evidence", "done_on")) == (
        stored
    )
    assert LookBack.objects.filter(measure=first).exists()
    assert Record.objects.count() == before

    # and a changed measure on the filed task is refused, nothing lost
    edited = _edit(content, "整改措施", {(3, "节点时限"): today().isoformat()})
    with pytest.raises(ledger.LedgerError, match=r"当前状态：已备案.*第2项措施"):
        ledger.task_import(by=office_staff, content=edited)
    assert list(task.measures.values_list("pk", "seq", "evidence", "done_on")) == (
        stored
    )


def test_draft_measures_matched_by_number_not_position(office_staff, district_a):
    task = make_task(
        office_staff, district=district_a, kinds=("policy", "engineering", "closure")
    )
    pks = dict(task.measures.values_list("seq", "pk"))
    content = ledger.task_export(office_staff)
    rows = _rows(content, "整改措施")[1:]
    # the first row deleted, the third edited: the others keep number and row
    rows[2][3] = "关停并拆除"
    ledger.task_import(by=office_staff, content=_rewrite(content, "整改措施", rows[1:]))
    assert list(task.measures.values_list("seq", "pk", "content")) == [
        (2, pks[2], "措施2"),
        (3, pks[3], "关停并拆除"),
    ]
    # a repeated 序号 is reported on its measure row, an unknown one on the task's
    rows = _rows(ledger.task_export(office_staff), "整改措施")[1:]
    twice = [*rows, ["T-01", 3, "政策措施", "重复", None, "否"]]
    with pytest.raises(ledger.LedgerError) as error:
        ledger.task_import(
            by=office_staff, content=_rewrite(content, "整改措施", twice)
        )
    assert error.value.rows == ["“整改措施”第4行：任务“T-01”的措施序号3重复。"]
    rows[0][1] = 9
    with pytest.raises(ledger.LedgerError) as error:
        ledger.task_import(by=office_staff, content=_rewrite(content, "整改措施", rows))
    (row,) = error.value.rows
    assert row.startswith("“整改任务”第2行：措施序号9不是该任务已有的措施")


def test_case_past_handling_keeps_its_deadline_and_category(
    office_staff, district_a_officer, district_a
):
    case = make_case(office_staff, district=district_a)
    PetitionCase.objects.filter(pk=case.pk).update(status="acceptance")
    content = ledger.case_export(office_staff)
    # unchanged: accepted
    ledger.case_import(by=office_staff, content=content)
    edited = _edit(content, "信访案件", {(2, "办结时限"): "2099-01-31"})
    with pytest.raises(ledger.LedgerError) as error:
        ledger.case_import(by=office_staff, content=edited)
    (row,) = error.value.rows
    assert row.startswith("“信访案件”第2行：案件D210300-0001已申请验收")
    assert "不能通过导入修改办结时限" in row
    case.refresh_from_db()
    assert case.deadline.year != 2099
    # back in 办理中 after a failed review it stays fixed ...
    PetitionCase.objects.filter(pk=case.pk).update(status="handling", review_round=2)
    with pytest.raises(ledger.LedgerError, match="当前状态：办理中"):
        ledger.case_import(by=office_staff, content=edited)
    # ... while a case never applied may still be corrected
    PetitionCase.objects.filter(pk=case.pk).update(review_round=1)
    ledger.case_import(by=office_staff, content=edited)
    case.refresh_from_db()
    assert case.deadline.isoformat() == "2099-01-31"
