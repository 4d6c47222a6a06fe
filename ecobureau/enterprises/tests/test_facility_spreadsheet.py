"""Facilities in and out of Excel (A92): the export is a second file beside the
registry's, scoped and recorded; the import finds the enterprise by credit code
and the facility by name + kind, writes through the facility services (history
rows and record entries), and writes nothing if any row is wrong."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from ecobureau.core.models import Record
from ecobureau.enterprises import excel, selectors, services
from ecobureau.enterprises.models import Facility, FacilityStatusChange, Outlet

pytestmark = pytest.mark.django_db

COMMISSIONED = date(2021, 1, 15)


def _facility(enterprise, by, **overrides: object) -> Facility:
    values: dict[str, object] = {
        "name": "污水处理站",
        "kind": "water",
        "pollutants": "化学需氧量、氨氮",
        "process": "A/O",
        "capacity": Decimal("500"),
        "capacity_unit": "t/d",
        "built_on": date(2020, 5, 1),
        "commissioned_on": COMMISSIONED,
    }
    values.update(overrides)
    return services.facility_add(
        enterprise=enterprise,
        data=services.FacilityData(**values),
        status="running",
        on=COMMISSIONED,
        by=by,
    )


def _row(enterprise, **cells: str) -> dict[str, str]:
    values = {
        "统一社会信用代码": enterprise.credit_code,
        "单位名称": enterprise.name,
        "设施名称": "脱硫塔",
        "类别": "废气治理",
        "治理污染物": "二氧化硫",
        "处理工艺": "石灰石-石膏湿法",
        "设计处理能力": "120000",
        "能力单位": "m³/h",
        "对应排放口编号": "",
        "建成日期": "2019-03-01",
        "投运日期": "2019-09-01",
        "运行状态": "正常运行",
        "状态起始日期": "2019-09-01",
        "状态原因": "",
    }
    values.update(cells)
    return values


def _book(rows: list[dict[str, str]]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(list(excel.FACILITY_HEADERS))
    for values in rows:
        sheet.append([values.get(h, "") for h in excel.FACILITY_HEADERS])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "设施.xlsx"
    return out


def _sheet_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- Export --------------------------------------------------------------------------


def test_export_lists_the_facilities_in_scope_and_is_recorded(
    client, district_a_officer, city_leader, enterprise_a, enterprise_b
):
    # given: a stopped facility in district A, one in district B
    facility = _facility(enterprise_a, city_leader)
    services.facility_status_change(
        facility=facility,
        status="stopped",
        on=timezone.localdate(),
        reason="计划检修",
        by=city_leader,
    )
    _facility(enterprise_b, city_leader, name="乙厂污水站")
    client.force_login(district_a_officer)

    # when
    response = client.get(reverse("enterprises:facility_export"))

    # then: only district A's facility, with its status and why
    assert response.status_code == 200
    assert "污染防治设施-" in unquote(response["Content-Disposition"])
    rows = _sheet_rows(response.content)
    assert rows[0] == list(excel.FACILITY_HEADERS)
    assert len(rows) == 2
    exported = dict(zip(rows[0], rows[1], strict=True))
    assert exported["统一社会信用代码"] == enterprise_a.credit_code
    assert exported["类别"] == "废水治理"
    assert exported["运行状态"] == "停运"
    assert exported["状态原因"] == "计划检修"
    assert exported["设计处理能力"] == "500.00"
    entry = Record.objects.filter(action="enterprise.facility_export").get()
    assert entry.actor_id == district_a_officer.pk


def test_export_is_refused_without_the_permission(
    client, township_official, enterprise_a
):
    client.force_login(township_official)

    assert client.get(reverse("enterprises:facility_export")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.facility_export(
            by=township_official, filters=selectors.EnterpriseFilters()
        )


def test_public_and_enterprise_accounts_cannot_export(
    client, citizen, enterprise_user_a
):
    for person in (citizen, enterprise_user_a):
        client.force_login(person)
        assert client.get(reverse("enterprises:facility_export")).status_code == 403
    client.logout()
    response = client.get(reverse("enterprises:facility_export"))
    assert response.status_code == 302  # to the log-in page


def test_exported_file_imports_back_unchanged(city_leader, enterprise_a):
    outlet = Outlet.objects.create(
        enterprise=enterprise_a, code="DW001", name="总排口", kind="water"
    )
    _facility(enterprise_a, city_leader, outlet=outlet)
    content = services.facility_export(
        by=city_leader, filters=selectors.EnterpriseFilters()
    )

    report = services.facility_import(file=BytesIO(content), by=city_leader)

    assert report.ok, [str(e) for e in report.errors]
    assert (report.rows, report.created, report.updated, report.unchanged) == (
        1,
        0,
        0,
        1,
    )


# --- Import --------------------------------------------------------------------------


def test_import_adds_and_updates_through_the_services(city_leader, enterprise_a):
    # given: one facility on file; the file changes it, stops it, and adds one
    on_file = _facility(enterprise_a, city_leader)
    stop_day = (timezone.localdate() - timedelta(days=2)).isoformat()
    rows = [
        _row(
            enterprise_a,
            设施名称="污水处理站",
            类别="废水治理",
            治理污染物="化学需氧量、氨氮、总磷",
            投运日期=COMMISSIONED.isoformat(),
            运行状态="停运",
            状态起始日期=stop_day,
            状态原因="更换曝气盘",
        ),
        _row(enterprise_a),
    ]

    # when
    report = services.facility_import(file=_book(rows), by=city_leader)

    # then
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.updated) == (1, 1)
    on_file.refresh_from_db()
    assert on_file.pollutants == "化学需氧量、氨氮、总磷"
    assert on_file.status == Facility.Status.STOPPED
    assert on_file.status_since.isoformat() == stop_day
    assert on_file.status_changes.all()[0].reason == "更换曝气盘"
    added = Facility.objects.get(name="脱硫塔")
    assert added.capacity_text == "120000 m³/h"
    actions = list(
        Record.objects.filter(action__startswith="enterprise.facility").values_list(
            "action", flat=True
        )
    )
    assert actions.count("enterprise.facility_add") == 2
    assert "enterprise.facility_update" in actions
    assert "enterprise.facility_status" in actions
    assert "enterprise.facility_import" in actions


def test_any_bad_row_writes_nothing_and_each_error_has_its_row(
    city_leader, enterprise_a
):
    # given: row 2 is good; rows 3–8 each have a fault
    rows = [
        _row(enterprise_a),
        _row(enterprise_a, 设施名称="布袋除尘器", 类别="除尘"),
        _row(enterprise_a, 设施名称="事故池", 对应排放口编号="DW009"),
        _row(enterprise_a, 设施名称="RTO", 运行状态="停运", 状态原因=""),
        _row(enterprise_a, 设施名称="活性炭", 状态起始日期="明年"),
        _row(enterprise_a),
        _row(enterprise_a, 设施名称="喷淋塔", 统一社会信用代码="91210300000000099X"),
    ]
    records_before = Record.objects.count()

    report = services.facility_import(file=_book(rows), by=city_leader)

    errors = [str(e) for e in report.errors]
    assert errors[0].startswith("第3行：“类别”应为废水治理、废气治理")
    assert "第4行：该企业没有编号为“DW009”的排放口。" in errors
    assert (
        "第5行：“状态原因”：设施停运或拆除必须说明原因（环境保护法第四十二条）。"
        in errors
    )
    assert "第6行：“状态起始日期”应为日期（如2021-01-15），不能是“明年”。" in errors
    assert "第7行：与第2行是同一企业的同名同类设施。" in errors
    assert any(e.startswith("第8行：") for e in errors)
    assert [e.row for e in report.errors] == sorted(e.row for e in report.errors)
    assert Facility.objects.count() == 0
    assert FacilityStatusChange.objects.count() == 0
    assert Record.objects.count() == records_before


def test_a_row_refused_by_the_service_rolls_back_the_good_rows(
    city_leader, enterprise_a
):
    # given: row 2 is good; row 3 is only refused by the service (running
    # without a commissioning date)
    rows = [_row(enterprise_a), _row(enterprise_a, 设施名称="RTO", 投运日期="")]

    report = services.facility_import(file=_book(rows), by=city_leader)

    assert [str(e) for e in report.errors] == [
        "第3行：“运行状态”：正常运行的设施请先填写投运日期。"
    ]
    assert report.created == 0
    assert Facility.objects.count() == 0
    assert not Record.objects.filter(action__startswith="enterprise.facility").exists()


def test_import_of_another_districts_enterprise_is_refused(
    district_a_leader, enterprise_a, enterprise_b
):
    rows = [_row(enterprise_a), _row(enterprise_b)]

    report = services.facility_import(file=_book(rows), by=district_a_leader)

    assert [str(e) for e in report.errors] == [
        "第3行：该统一社会信用代码的企业未登记，或不在您的数据范围内。"
    ]
    assert Facility.objects.count() == 0


def test_import_needs_the_permission(district_b_officer, enterprise_user_a, citizen):
    for person in (district_b_officer, enterprise_user_a, citizen):
        with pytest.raises(PermissionDenied):
            services.facility_import(file=_book([]), by=person)


def test_status_date_alone_cannot_change(city_leader, enterprise_a):
    _facility(enterprise_a, city_leader)
    row = _row(
        enterprise_a,
        设施名称="污水处理站",
        类别="废水治理",
        治理污染物="化学需氧量、氨氮",
        处理工艺="A/O",
        设计处理能力="500",
        能力单位="t/d",
        建成日期="2020-05-01",
        投运日期=COMMISSIONED.isoformat(),
        状态起始日期="2022-01-01",
    )

    report = services.facility_import(file=_book([row]), by=city_leader)

    assert [str(e) for e in report.errors] == [
        "第2行：“状态起始日期”：运行状态未变时不能修改状态起始日期"
        "（已登记自2021-01-15起正常运行）。"
    ]


def test_import_page_refused_answers_400_with_the_report(
    client, district_a_leader, enterprise_a, enterprise_b
):
    client.force_login(district_a_leader)

    response = client.post(
        reverse("enterprises:facility_import"),
        {"file": _book([_row(enterprise_b)])},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "未导入" in page
    assert "第2行：该统一社会信用代码的企业未登记，或不在您的数据范围内。" in page
    assert Facility.objects.count() == 0


def test_import_page_without_a_file_answers_400(client, district_a_leader):
    client.force_login(district_a_leader)

    response = client.post(reverse("enterprises:facility_import"), {})

    assert response.status_code == 400
    assert Facility.objects.count() == 0


def test_import_page_reports_success(client, district_a_leader, enterprise_a):
    client.force_login(district_a_leader)

    response = client.post(
        reverse("enterprises:facility_import"), {"file": _book([_row(enterprise_a)])}
    )

    assert response.status_code == 200
    assert "新增 1 个设施" in response.content.decode()
    assert Facility.objects.filter(enterprise=enterprise_a).count() == 1


def test_import_pages_are_refused_to_who_may_not_import(
    client, district_b_officer, township_official, citizen, enterprise_user_a
):
    for person in (district_b_officer, township_official, citizen, enterprise_user_a):
        client.force_login(person)
        assert client.get(reverse("enterprises:facility_import")).status_code == 403
        url = reverse("enterprises:facility_import_template")
        assert client.get(url).status_code == 403


def test_template_has_the_import_headers(client, city_leader):
    client.force_login(city_leader)

    response = client.get(reverse("enterprises:facility_import_template"))

    book = load_workbook(BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == list(excel.FACILITY_HEADERS)
    assert book.sheetnames == ["污染防治设施", "填写说明"]
