"""The task ledger export (issue 11): two sheets streamed through `lib.xlsx`, read
back with openpyxl, in the import layout and scoped to the user."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from .. import ledger
from ..models import RectificationTask
from .conftest import make_task

pytestmark = pytest.mark.django_db


def test_task_ledger_has_both_sheets_with_headers_chinese_text_and_no_controls(
    client: Client, office_staff, district_a, district_b
) -> None:
    # given: a task in each district, one typed with control characters (not NUL:
    # PostgreSQL text cannot hold it, so it never reaches the export)
    task = make_task(office_staff, number="T-01", district=district_a)
    make_task(office_staff, number="T-02", district=district_b, kinds=("closure",))
    RectificationTask.objects.filter(pk=task.pk).update(
        problem="千山风景区\x0b违规建设\x1f问题"
    )
    client.force_login(office_staff)

    # when: the city office downloads the ledger
    response = client.get(reverse("rectification:export", args=["tasks"]))

    # then: the three sheets, in the import layout (时间节点: B6)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["整改任务", "整改措施", "时间节点"]
    tasks = list(book["整改任务"].iter_rows(values_only=True))
    assert tasks[0] == ledger.TASK_HEADERS
    assert [row[0] for row in tasks[1:]] == ["T-01", "T-02"]
    first = dict(zip(ledger.TASK_HEADERS, tasks[1], strict=True))
    assert first["反馈问题"] == "千山风景区违规建设问题"
    assert first["区县"] == district_a.name
    assert first["状态"] == "待审议"
    measures = list(book["整改措施"].iter_rows(values_only=True))
    assert measures[0] == ledger.MEASURE_HEADERS
    assert [row[:4] for row in measures[1:]] == [
        ("T-01", "1", "政策措施", "措施1"),
        ("T-01", "2", "工程措施", "措施2"),
        ("T-02", "1", "关停搬迁", "措施1"),
    ]
    assert book["整改任务"].freeze_panes == "A2"


def test_task_ledger_holds_only_the_users_district(
    office_staff, district_a_officer, district_b_officer, district_a
) -> None:
    make_task(office_staff, number="T-01", district=district_a)

    own = load_workbook(io.BytesIO(ledger.task_export(district_a_officer)))
    other = load_workbook(io.BytesIO(ledger.task_export(district_b_officer)))

    assert [r[0] for r in own["整改任务"].iter_rows(min_row=2, values_only=True)] == [
        "T-01"
    ]
    assert own["整改措施"].max_row == 3
    # another district's officer gets the headers and nothing else
    assert list(other["整改任务"].iter_rows(values_only=True)) == [ledger.TASK_HEADERS]
    assert list(other["整改措施"].iter_rows(values_only=True)) == [
        ledger.MEASURE_HEADERS
    ]
    assert list(other["时间节点"].iter_rows(values_only=True)) == [
        ledger.MILESTONE_HEADERS
    ]
