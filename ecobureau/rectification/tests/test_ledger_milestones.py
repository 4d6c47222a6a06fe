"""Milestones (时间表、路线图, seed 001 三(二)1, B6) in the task ledger: the sheet
时间节点 exported and imported back; once the task is approved its nodes are
locked like its deadline, target and measures (issue 11 audit), each bad row
reported in Chinese and nothing written."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from ecobureau.core import records
from ecobureau.core.models import Record

from .. import ledger, services
from ..models import Milestone
from .conftest import make_task, today
from .test_ledger_locked import _rewrite, _rows, approve

pytestmark = pytest.mark.django_db


def _nodes(task) -> list[tuple[str, object, object]]:
    return list(task.milestones.values_list("title", "due_on", "done_on"))


def test_milestones_round_trip_through_the_ledger(office_staff, district_a):
    # given: a task waiting for its meeting with two nodes
    task = make_task(office_staff, district=district_a)
    first, second = today() + timedelta(days=10), today() + timedelta(days=40)
    services.milestone_add(by=office_staff, task=task, title="制定方案", due_on=first)
    services.milestone_add(by=office_staff, task=task, title="完成拆除", due_on=second)
    content = ledger.task_export(office_staff)

    # then: the sheet holds them, with their headers
    rows = _rows(content, "时间节点")
    assert rows[0] == ["任务编号", "节点内容", "节点时限", "完成日期"]
    assert rows[1:] == [
        ["T-01", "制定方案", first.isoformat(), None],
        ["T-01", "完成拆除", second.isoformat(), None],
    ]

    # an unchanged file writes nothing
    before = Record.objects.count()
    ledger.task_import(by=office_staff, content=content)
    assert Record.objects.count() == before
    pks = dict(task.milestones.values_list("title", "pk"))

    # when: one node moved, one removed, one added (待审议: the ledger may)
    later = second + timedelta(days=5)
    edited = _rewrite(
        content,
        "时间节点",
        [
            ["T-01", "完成拆除", later.isoformat(), None],
            ["T-01", "生态恢复", "2026/12/20", None],
        ],
    )
    ledger.task_import(by=office_staff, content=edited)

    # then: the kept node keeps its identity, the others follow the file
    assert sorted(_nodes(task), key=lambda n: n[0]) == sorted(
        [("完成拆除", later, None), ("生态恢复", date(2026, 12, 20), None)],
        key=lambda n: n[0],
    )
    assert task.milestones.get(title="完成拆除").pk == pks["完成拆除"]
    entry = Record.objects.filter(action="rectification.task_update").last()
    assert entry is not None
    after = records.payload_of(entry)["data"]["after"]
    assert after["milestones_removed"] == [pks["制定方案"]]
    assert after["milestones_added"] == 1

    # and the exported file reads the same back
    again = _rows(ledger.task_export(office_staff), "时间节点")[1:]
    assert {tuple(r) for r in again} == {
        ("T-01", "完成拆除", later.isoformat(), None),
        ("T-01", "生态恢复", "2026-12-20", None),
    }


def test_a_file_without_the_sheet_keeps_the_milestones(office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    services.milestone_add(by=office_staff, task=task, title="制定方案", due_on=today())
    workbook = load_workbook(io.BytesIO(ledger.task_export(office_staff)))
    del workbook["时间节点"]
    out = io.BytesIO()
    workbook.save(out)
    ledger.task_import(by=office_staff, content=out.getvalue())
    assert _nodes(task) == [("制定方案", today(), None)]


def test_approved_task_milestones_are_locked(
    office_staff, district_a, district_a_officer
):
    # given: T-01 approved with two nodes, one reached; T-02 still 待审议
    task = make_task(office_staff, district=district_a)
    services.milestone_add(
        by=office_staff, task=task, title="制定方案", due_on=today() + timedelta(5)
    )
    services.milestone_add(
        by=office_staff, task=task, title="完成拆除", due_on=today() + timedelta(30)
    )
    approve(task, office_staff)
    reached = task.milestones.get(title="制定方案")
    services.milestone_done(
        by=district_a_officer, milestone=reached, done_on=today() - timedelta(1)
    )
    draft = make_task(office_staff, number="T-02", district=district_a)
    services.milestone_add(
        by=office_staff, task=draft, title="草拟方案", due_on=today()
    )
    stored = (_nodes(task), _nodes(draft))
    content = ledger.task_export(office_staff)
    rows = _rows(content, "时间节点")[1:]
    assert ["T-01", "制定方案", rows[0][2], (today() - timedelta(1)).isoformat()] in (
        rows
    )
    before = Record.objects.count()

    # when: the draft's node moves (allowed) while the approved task's second
    # node moves, its reached node's done date changes, and T-02's node is
    # marked done before approval (all refused)
    edited_rows = []
    for number, title, due, done in rows:
        if title == "完成拆除":
            due = "2099-12-31"
        if title == "制定方案":
            done = today().isoformat()
        if title == "草拟方案":
            due, done = (today() + timedelta(3)).isoformat(), today().isoformat()
        edited_rows.append([number, title, due, done])
    with pytest.raises(ledger.LedgerError) as error:
        ledger.task_import(
            by=office_staff, content=_rewrite(content, "时间节点", edited_rows)
        )

    # then: each task's row names its nodes in Chinese; nothing written
    errors = error.value.rows
    assert len(errors) == 2
    approved_row = next(e for e in errors if "T-01" in e)
    assert approved_row.startswith(
        "“整改任务”第2行：任务T-01已审议通过（当前状态：整改中）"
    )
    assert "不能通过导入修改“时间节点”第3行节点“完成拆除”的节点时限" in approved_row
    assert "“时间节点”第2行节点“制定方案”已于" in approved_row
    assert "不能修改或清除完成日期" in approved_row
    draft_row = next(e for e in errors if e.startswith("“整改任务”第3行："))
    assert "节点“草拟方案”只有整改中的任务可以登记时间节点完成" in draft_row
    assert (_nodes(task), _nodes(draft)) == stored
    assert Record.objects.count() == before

    # a removed node is refused as well
    without = [r for r in rows if r[1] != "完成拆除"]
    with pytest.raises(ledger.LedgerError, match="删除节点“完成拆除”"):
        ledger.task_import(
            by=office_staff, content=_rewrite(content, "时间节点", without)
        )

    # while 整改中 a node may be added and an open node reached (not in the future)
    added: list[list[object]] = [
        *[[n, t, d, done] for n, t, d, done in rows],
        ["T-01", "生态恢复", (today() + timedelta(60)).isoformat(), None],
    ]
    for row in added:
        if row[1] == "完成拆除":
            row[3] = (today() + timedelta(1)).isoformat()
    with pytest.raises(ledger.LedgerError, match="完成日期不能晚于今天"):
        ledger.task_import(
            by=office_staff, content=_rewrite(content, "时间节点", added)
        )
    for row in added:
        if row[1] == "完成拆除":
            row[3] = today().isoformat()
    ledger.task_import(by=office_staff, content=_rewrite(content, "时间节点", added))
    assert sorted(_nodes(task)) == sorted(
        [
            ("制定方案", today() + timedelta(5), today() - timedelta(1)),
            ("完成拆除", today() + timedelta(30), today()),
            ("生态恢复", today() + timedelta(60), None),
        ]
    )


def test_bad_milestone_rows_reported_and_nothing_written(office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    content = ledger.task_export(office_staff)
    edited = _rewrite(
        content,
        "时间节点",
        [
            ["T-09", "制定方案", today().isoformat(), None],
            ["T-01", "", "下月", None],
            ["T-01", "完成拆除", today().isoformat(), "昨天"],
        ],
    )
    with pytest.raises(ledger.LedgerError) as error:
        ledger.task_import(by=office_staff, content=edited)
    assert error.value.rows == [
        "“时间节点”第2行：任务编号“T-09”不在“整改任务”表中。",
        "“时间节点”第3行：缺少节点内容；节点时限“下月”不是有效日期（例如 2026-12-31）。",
        "“时间节点”第4行：完成日期“昨天”不是有效日期（例如 2026-12-31）。",
    ]
    assert not Milestone.objects.filter(task=task).exists()
    # a new task's nodes cannot be reached before its meeting
    rows = _rows(content, "整改任务")
    workbook = Workbook()
    workbook.active.title = "整改任务"
    for row in [rows[0], ["T-05", *rows[1][1:]]]:
        workbook["整改任务"].append(row)
    workbook.create_sheet("整改措施").append(list(ledger.MEASURE_HEADERS))
    nodes = workbook.create_sheet("时间节点")
    nodes.append(list(ledger.MILESTONE_HEADERS))
    nodes.append(["T-05", "制定方案", today().isoformat(), today().isoformat()])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(
        ledger.LedgerError, match="第2行：“时间节点”第2行节点“制定方案”只有整改中"
    ):
        ledger.task_import(by=office_staff, content=out.getvalue())
    assert not Milestone.objects.exists()
