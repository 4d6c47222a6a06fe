"""Issue 11 "done means": a task from an imported ledger to filing — the Excel
ledger as a bureau keeps it (built here, not exported), uploaded on the import
page, approved by the meeting (B5), evidenced against each measure's standard
(seed 001 四(一)), accepted, reviewed, published, closed out and filed
(五4 整改一个、验收一个、公示一个、销号一个、备案一个)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ecobureau.core.models import Record

from .. import ledger, services
from ..models import Measure, RectificationTask
from .conftest import EVIDENCE, today

pytestmark = pytest.mark.django_db


def ledger_file(district: str) -> bytes:
    """A task ledger typed by hand: two sheets, dates as Excel dates and text."""
    workbook = Workbook()
    tasks = workbook.active
    tasks.title = "整改任务"
    tasks.append(
        [
            "任务编号",
            "督察轮次",
            "督察来源",
            "区县",
            "反馈问题",
            "整改目标",
            "责任单位",
            "责任人",
            "完成时限",
        ]
    )
    tasks.append(
        [
            "Z2-07",
            "第二轮中央生态环境保护督察",
            "中央",
            district,
            "千山风景区内违规建设农家乐，破坏林地",
            "违建全部拆除，林地恢复",
            "千山风景区管委会",
            "王某",
            today() + timedelta(days=120),
        ]
    )
    measures = workbook.create_sheet("整改措施")
    measures.append(["任务编号", "措施类型", "措施内容", "节点时限", "需拆除或清理"])
    measures.append(["Z2-07", "关停搬迁", "关停违规农家乐并拆除", None, "是"])
    measures.append(
        [
            "Z2-07",
            "追责问责",
            "对监管失职人员问责",
            (today() + timedelta(days=60)).isoformat(),
            "否",
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_task_from_an_imported_ledger_to_filing(
    client, office_staff, district_a_leader, district_a_officer, district_a
):
    # given: the office uploads a ledger typed by hand
    client.force_login(office_staff)
    upload = SimpleUploadedFile(
        "台账.xlsx",
        ledger_file(district_a.name),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response = client.post(
        reverse("rectification:import"), {"kind": "tasks", "file": upload}
    )
    assert response.status_code == 302
    task = RectificationTask.objects.get(number="Z2-07")
    assert task.status == "draft" and task.district == district_a
    closure, accountability = task.measures.order_by("seq")
    assert (closure.seq, closure.kind, closure.needs_clearing) == (1, "closure", True)
    assert accountability.due_on == today() + timedelta(days=60)

    # when: the meeting approves the list (B5) ...
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "党工委2026年第8次会议", "approved_on": today()},
    )
    # ... the district's handler evidences each measure against its standard
    for measure in (closure, accountability):
        services.measure_evidence(
            by=district_a_officer,
            measure=measure,
            evidence=EVIDENCE[Measure.Kind(measure.kind)],
            done_on=today(),
        )
    services.task_target(
        by=district_a_officer, task=task, met=True, evidence="林地恢复验收报告"
    )
    services.task_transition(by=district_a_officer, task=task, transition="complete")
    # ... the district accepts (区验收), the city reviews (市复核)
    services.task_transition(
        by=district_a_leader,
        task=task,
        transition="accept",
        changes={"acceptance_opinion": "经现场验收，违建已拆除，同意验收"},
    )
    services.task_transition(
        by=office_staff,
        task=task,
        transition="review",
        changes={"review_opinion": "复核通过"},
    )
    # ... and the office publishes, closes out and files it
    services.task_transition(
        by=office_staff,
        task=task,
        transition="publish",
        changes={"publication_note": "门户网站公示7日"},
    )
    public = client.get(reverse("rectification:public"))
    assert "Z2-07" in public.content.decode()
    services.task_transition(by=office_staff, task=task, transition="close")
    services.task_transition(
        by=office_staff,
        task=task,
        transition="file",
        changes={"filing_note": "报市督改办备案"},
    )

    # then: filed, with each step in the record and the evidence kept
    task.refresh_from_db()
    assert task.status == "filed"
    steps = [
        action.rsplit(".", 1)[-1]
        for action in Record.objects.filter(
            target_type="rectification.rectificationtask",
            target_id=task.pk,
            action__startswith="rectification.rectificationtask.",
        ).values_list("action", flat=True)
    ]
    assert steps[-7:] == [
        "approve",
        "complete",
        "accept",
        "review",
        "publish",
        "close",
        "file",
    ]
    # the filed task's ledger, exported and imported back, changes nothing
    evidence = list(task.measures.values_list("pk", "evidence", "done_on"))
    ledger.task_import(by=office_staff, content=ledger.task_export(office_staff))
    assert list(task.measures.values_list("pk", "evidence", "done_on")) == evidence
