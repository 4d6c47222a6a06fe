"""Excel ledgers: export, edit, import back; all or nothing, each bad row
reported in Chinese (COMMON.md; requirements B36)."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from ecobureau.accounts.tests.factories import UnitFactory
from ecobureau.core.models import Record

from .. import ledger
from ..models import Measure, PetitionCase, RectificationTask
from .conftest import make_case, make_task, today


def _edit(content: bytes, sheet: str, edits: dict[tuple[int, str], object]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook[sheet]
    headers = [c.value for c in ws[1]]
    for (row, header), value in edits.items():
        ws.cell(row=row, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_task_ledger_round_trip_updates_and_creates(office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    content = ledger.task_export(office_staff)
    new_deadline = today() + timedelta(days=200)
    edited = _edit(
        content,
        "整改任务",
        {
            (2, "完成时限"): new_deadline.isoformat(),
            (3, "任务编号"): "T-02",
            (3, "督察轮次"): "2020年省级生态环境保护督察",
            (3, "督察来源"): "省级",
            (3, "区县"): district_a.name,
            (3, "反馈问题"): "河道垃圾",
            (3, "整改目标"): "清理完毕",
            (3, "责任单位"): "水利局",
            (3, "完成时限"): "2026/12/31",
        },
    )
    edited = _edit(
        edited,
        "整改措施",
        {(4, "任务编号"): "T-02", (4, "措施类型"): "工程措施", (4, "措施内容"): "清淤"},
    )
    result = ledger.task_import(by=office_staff, content=edited)
    assert (result.created, result.updated) == (1, 1)
    task.refresh_from_db()
    assert task.deadline == new_deadline
    assert task.measures.count() == 2
    new = RectificationTask.objects.get(number="T-02")
    assert new.status == "draft" and new.measures.get().kind == Measure.Kind.ENGINEERING


def test_bad_rows_each_reported_and_nothing_written(
    office_staff, district_a, district_b
):
    make_task(office_staff, district=district_a)
    content = ledger.task_export(office_staff)
    before = Record.objects.count()
    edited = _edit(
        content,
        "整改任务",
        {
            (2, "完成时限"): "明年",
            (3, "任务编号"): "T-09",
            (3, "督察轮次"): "r",
            (3, "督察来源"): "国家",
            (3, "区县"): "不存在区",
            (3, "反馈问题"): "p",
            (3, "整改目标"): "",
            (3, "责任单位"): "u",
            (3, "完成时限"): "2026-12-31",
        },
    )
    with pytest.raises(ledger.LedgerError) as error:
        ledger.task_import(by=office_staff, content=edited)
    rows = error.value.rows
    assert any(
        r.startswith("“整改任务”第2行") and "完成时限“明年”不是有效日期" in r
        for r in rows
    )
    row3 = next(r for r in rows if r.startswith("“整改任务”第3行"))
    assert (
        "缺少整改目标" in row3 and "督察来源应为" in row3 and "区县“不存在区”" in row3
    )
    assert not RectificationTask.objects.filter(number="T-09").exists()
    assert Record.objects.count() == before


def test_import_refuses_another_districts_task(
    office_staff, district_a, district_b, district_b_officer, bureau
):
    make_task(office_staff, district=district_a)
    content = ledger.task_export(office_staff)
    with pytest.raises(PermissionDenied):
        ledger.task_import(by=district_b_officer, content=content)


def test_not_an_excel_file_is_refused_in_chinese(office_staff):
    with pytest.raises(ledger.LedgerError, match="不是有效的Excel文件"):
        ledger.task_import(by=office_staff, content=b"not a workbook")


def test_case_ledger_hides_complainant_from_those_without_permission(
    office_staff, district_a_leader, district_a_officer, district_a
):
    make_case(office_staff, district=district_a, complainant="刘某某")
    officer_file = ledger.case_export(district_a_officer)
    ws = load_workbook(io.BytesIO(officer_file))["信访案件"]
    assert "投诉人" not in [c.value for c in ws[1]]
    assert "刘某某" not in str([[c.value for c in row] for row in ws.iter_rows()])
    leader_file = ledger.case_export(district_a_leader)
    ws = load_workbook(io.BytesIO(leader_file))["信访案件"]
    assert "刘某某" in [c.value for c in ws[2]]


def test_case_ledger_round_trip_keeps_identity_when_columns_absent(
    office_staff, district_a_officer, district_a
):
    case = make_case(office_staff, district=district_a, complainant="刘某某")
    # section_staff may not see the complainant: the export lacks the columns, and
    # importing it back must not wipe the stored identity.
    content = ledger.case_export(office_staff)
    edited = _edit(content, "信访案件", {(2, "问题类型"): "涉及公共利益的生态环境问题"})
    ledger.case_import(by=office_staff, content=edited)
    case.refresh_from_db()
    assert case.category == PetitionCase.Category.PUBLIC_INTEREST
    assert case.complainant_name == "刘某某"


def test_case_import_checks_category_and_key_case(office_staff, district_a):
    make_case(office_staff, district=district_a)
    content = ledger.case_export(office_staff)
    edited = _edit(
        content,
        "信访案件",
        {(2, "问题类型"): "噪声", (2, "重点案件"): "是", (2, "包保领导"): ""},
    )
    with pytest.raises(ledger.LedgerError) as error:
        ledger.case_import(by=office_staff, content=edited)
    (row,) = error.value.rows
    assert "问题类型应为" in row and "重点案件须填写包保领导" in row


def test_case_ledger_carries_the_supervising_department(office_staff, district_a):
    # B13: the ledger column 督导责任单位; an older file without it keeps the value.
    water = UnitFactory(code="dept-shuili", name="市水利局", kind="department")
    case = make_case(office_staff, district=district_a)
    content = ledger.case_export(office_staff)
    edited = _edit(content, "信访案件", {(2, "督导责任单位"): "市水利局"})
    ledger.case_import(by=office_staff, content=edited)
    case.refresh_from_db()
    assert case.supervising_department == water
    workbook = load_workbook(io.BytesIO(content))
    ws = workbook["信访案件"]
    column = [c.value for c in ws[1]].index("督导责任单位") + 1
    ws.delete_cols(column)
    out = io.BytesIO()
    workbook.save(out)
    ledger.case_import(by=office_staff, content=out.getvalue())
    case.refresh_from_db()
    assert case.supervising_department == water
