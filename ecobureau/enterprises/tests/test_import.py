"""Excel import: every row checked first; any bad row means nothing is written."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.enterprises import services
from ecobureau.enterprises.models import Enterprise
from ecobureau.enterprises.tests.factories import make_credit_code
from ecobureau.enterprises.tests.xlsx import row, workbook


@pytest.fixture
def places(township_a1, township_a2, district_b, sub_bureau_a, sub_bureau_b):
    """Both districts, two townships of A, and both sub-bureaus exist."""


def _wrong_check_character(n: int) -> str:
    code = make_credit_code(n)
    wrong = "0" if code[-1] != "0" else "1"
    return code[:-1] + wrong


def test_bad_rows_write_nothing_and_each_error_is_reported(city_leader, places):
    # given: rows 2 and 4 are good, rows 3, 5, 6, 7, 8 and 9 each have a fault
    rows = [
        row(1),
        row(2, 统一社会信用代码=_wrong_check_character(2)),
        row(3),
        row(4, 单位名称="", 区县="和平区"),
        row(5, 乡镇街道="不存在街道"),
        row(6, 重点排污单位="县控", 企业规模="超大型"),
        row(1, 单位名称="与第2行重复"),
        row(8, 经度="东经122度"),
    ]
    records_before = Record.objects.count()

    # when
    report = services.enterprise_import(file=workbook(rows), by=city_leader)

    # then
    assert not report.ok
    assert Enterprise.objects.count() == 0
    assert Record.objects.count() == records_before
    messages = [str(error) for error in report.errors]
    assert messages[0].startswith("第3行：统一社会信用代码校验位错误：第18位应为")
    assert "第5行：“单位名称”不能为空。" in messages
    assert "第5行：区县“和平区”不存在。" in messages
    assert "第6行：乡镇街道“不存在街道”不存在。" in messages
    assert (
        "第7行：“企业规模”应为大型、中型、小型、微型之一，不能是“超大型”。" in messages
    )
    assert (
        "第7行：“重点排污单位”应为非重点、国控、省控、市控之一，不能是“县控”。"
        in messages
    )
    assert "第8行：统一社会信用代码与第2行重复。" in messages
    assert "第9行：“经度”应为数字，不能是“东经122度”。" in messages
    assert len(messages) == 8
    assert {error.row for error in report.errors} == {3, 5, 6, 7, 8, 9}


def test_township_of_another_district_is_reported(city_leader, places, district_b):
    from ecobureau.accounts.tests.factories import DivisionFactory

    DivisionFactory(
        code="210303001", name="兴华街道", kind="street", level=3, parent=district_b
    )

    report = services.enterprise_import(
        file=workbook([row(1, 乡镇街道="兴华街道")]), by=city_leader
    )

    assert [str(e) for e in report.errors] == [
        "第2行：乡镇街道“兴华街道”不属于“铁东区”。"
    ]


def test_rows_outside_the_importers_scope_are_refused(district_a_leader, places):
    rows = [row(1), row(2, 区县="铁西区", 乡镇街道="", 监管单位="铁西分局")]

    report = services.enterprise_import(file=workbook(rows), by=district_a_leader)

    assert [e.row for e in report.errors] == [3]
    assert "不在您的数据范围内" in report.errors[0].message
    assert Enterprise.objects.count() == 0


def test_existing_enterprise_outside_scope_cannot_be_updated(
    district_a_leader, places, enterprise_b
):
    rows = [row(1, 统一社会信用代码=enterprise_b.credit_code)]

    report = services.enterprise_import(file=workbook(rows), by=district_a_leader)

    assert [str(e) for e in report.errors] == [
        "第2行：已登记的该企业不在您的数据范围内，不能修改。"
    ]
    enterprise_b.refresh_from_db()
    assert enterprise_b.district.name == "铁西区"


def test_duplicates_against_the_database_are_errors_when_only_adding(
    city_leader, places, enterprise_a
):
    rows = [row(5), row(1, 统一社会信用代码=enterprise_a.credit_code)]

    report = services.enterprise_import(
        file=workbook(rows), by=city_leader, update_existing=False
    )

    assert [str(e) for e in report.errors] == [
        f"第3行：该统一社会信用代码已登记为“{enterprise_a.name}”。"
    ]
    assert Enterprise.objects.count() == 1


def test_wrong_headers_are_reported_before_any_row(city_leader, places):
    headers = ("统一社会信用代码", "企业名称", "区县")

    report = services.enterprise_import(
        file=workbook([{}], headers=headers), by=city_leader
    )

    assert len(report.errors) == 1
    message = str(report.errors[0])
    assert message.startswith("第1行：表头与模板不符。无法识别的列：企业名称")
    assert "缺少列：单位名称、生产经营场所地址" in message


def test_a_file_that_is_not_xlsx_is_reported(city_leader):
    from io import BytesIO

    report = services.enterprise_import(file=BytesIO(b"name,code\n"), by=city_leader)

    assert [str(e) for e in report.errors] == [
        "第1行：无法读取文件，请上传 Excel（.xlsx）格式的文件。"
    ]


def test_good_import_creates_everything_with_record_entries(city_leader, places):
    rows = [row(1), row(2, 乡镇街道="解放街道", 重点排污单位="", 排污许可管理类别="")]

    report = services.enterprise_import(file=workbook(rows), by=city_leader)

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    first = Enterprise.objects.get(credit_code=make_credit_code(1))
    assert first.township is not None and first.township.name == "站前街道"
    assert first.size == Enterprise.Size.MEDIUM
    assert first.key_source == Enterprise.KeySource.MUNICIPAL
    assert first.longitude == Decimal("122.994500")
    assert first.supervising_unit is not None
    assert first.supervising_unit.short_name == "铁东分局"
    second = Enterprise.objects.get(credit_code=make_credit_code(2))
    assert second.key_source == "" and second.permit_category == ""
    entries = Record.objects.filter(action="enterprise.import_create")
    assert sorted(int(e.target_id) for e in entries) == sorted([first.pk, second.pk])
    assert "王某" not in entries[0].payload  # personal data never enters the record
    summary = Record.objects.get(action="enterprise.import")
    assert '"created":2' in summary.payload


def test_lowercase_and_spaced_codes_are_normalised(city_leader, places):
    code = make_credit_code(7)
    typed = f" {code[:9]} {code[9:].lower()} "

    report = services.enterprise_import(
        file=workbook([row(7, 统一社会信用代码=typed)]), by=city_leader
    )

    assert report.ok
    assert Enterprise.objects.filter(credit_code=code).exists()


def test_import_needs_the_permission(district_a_officer, places):
    with pytest.raises(PermissionDenied):
        services.enterprise_import(file=workbook([row(1)]), by=district_a_officer)


def test_import_page_shows_the_error_report_in_chinese(client, city_leader, places):
    client.force_login(city_leader)
    upload = workbook([row(1), row(2, 统一社会信用代码="91210300ABC")])
    upload.name = "企业.xlsx"

    response = client.post(
        reverse("enterprises:import"), {"file": upload, "update_existing": "on"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "未导入" in page
    assert "第3行：统一社会信用代码应为18位，当前为11位。" in page
    assert Enterprise.objects.count() == 0


def test_import_page_reports_success(client, city_leader, places):
    client.force_login(city_leader)
    upload = workbook([row(1), row(2)])
    upload.name = "企业.xlsx"

    response = client.post(reverse("enterprises:import"), {"file": upload})

    assert "新建 2 家" in response.content.decode()
    assert Enterprise.objects.count() == 2


def test_template_download_has_the_import_headers(client, city_leader, places):
    from io import BytesIO

    from openpyxl import load_workbook

    from ecobureau.enterprises import excel

    client.force_login(city_leader)

    response = client.get(reverse("enterprises:import_template"))

    book = load_workbook(BytesIO(response.content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers == list(excel.HEADERS)
    assert book.sheetnames == ["企业档案", "填写说明"]


def test_files_over_the_row_limit_are_refused_whole(city_leader, places):
    report = services.enterprise_import(
        file=workbook([row(1), row(2), row(3)]), by=city_leader, max_rows=2
    )

    assert [str(e) for e in report.errors] == [
        "第1行：文件超过2行，请拆分后分批导入，或请系统管理员用命令导入。"
    ]
    assert Enterprise.objects.count() == 0


def test_import_page_refuses_a_zip_bomb_with_a_chinese_reason(
    client, city_leader, places
):
    from io import BytesIO

    from ecobureau.lib.tests.zip_bombs import with_extra_member

    crafted = with_extra_member(
        workbook([row(1)]).getvalue(), "xl/media/padding.bin", b"\0" * (101 * 2**20)
    )
    upload = BytesIO(crafted)
    upload.name = "企业.xlsx"
    client.force_login(city_leader)

    response = client.post(reverse("enterprises:import"), {"file": upload})

    assert "文件解压后约101MB，超过上限100MB" in response.content.decode()
    assert Enterprise.objects.count() == 0
