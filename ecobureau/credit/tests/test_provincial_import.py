"""Excel import of the province's published results (省厅公布的评价结果).

The province's grade is recorded beside the city's evaluation, never into it; a
file with any bad row writes nothing; a grade already recorded is replaced only
when the user chose to correct from the file and named the basis.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Record
from ecobureau.credit import services
from ecobureau.credit.models import ProvincialGrade, ProvincialImport
from ecobureau.enterprises.tests.factories import make_credit_code

from .conftest import pdf

pytestmark = pytest.mark.django_db

HEADERS = ["企业名称", "统一社会信用代码", "评价等级", "评价年度", "评价机关"]
URL = "/credit/provincial/"


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(
        datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    ):
        yield


@pytest.fixture
def district_b_credit(sub_bureau_b, district_b) -> User:
    """Credit staff whose data scope is district B only: must not touch A."""
    return UserFactory(
        username="xinyong-b",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["credit_staff"],
    )


def xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "2025年度评价结果.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def post(client, content: bytes, **fields):
    data = {"file": upload(content), "authority": "辽宁省生态环境厅", **fields}
    return client.post(URL, data)


def test_import_records_grades_beside_the_city_rating(
    client, credit_officer, liaoning, enterprise_a, enterprise_b
):
    # given: the province's list for 2025 naming both enterprises
    content = xlsx(
        [
            [enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""],
            [
                enterprise_b.name,
                enterprise_b.credit_code,
                "严重失信",
                "2025年度",
                "辽宁省生态环境厅",
            ],
        ]
    )
    client.force_login(credit_officer)

    # when
    response = post(client, content)

    # then: one import, two grades, one record entry each plus the import's
    batch = ProvincialImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("credit:provincial-import", args=[batch.pk])
    assert (batch.rows, batch.recorded, batch.conflicts) == (2, 2, 0)
    grades = {g.enterprise_id: g for g in ProvincialGrade.objects.all()}
    assert grades[enterprise_a.pk].grade_name == "守信"
    assert grades[enterprise_a.pk].colour == "green"
    assert grades[enterprise_b.pk].colour == "red"
    assert grades[enterprise_b.pk].row == 3
    entries = Record.objects.filter(action__startswith="credit.provincial.")
    assert sorted(entries.values_list("action", flat=True)) == [
        "credit.provincial.import",
        "credit.provincial.record",
        "credit.provincial.record",
    ]
    assert batch.sha256 in entries.get(action="credit.provincial.import").payload
    page = client.get(response["Location"]).content.decode()
    assert enterprise_b.name in page and "严重失信" in page


def test_rows_of_enterprises_outside_the_register_are_skipped_and_listed(
    client, credit_officer, liaoning, enterprise_a
):
    # given: the province's list names an enterprise of another city
    elsewhere = make_credit_code(998)
    content = xlsx(
        [
            [enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""],
            ["大连某化工有限公司", elsewhere, "失信", 2025, ""],
        ]
    )
    client.force_login(credit_officer)

    # when
    response = post(client, content)

    # then: A is recorded; the other row is skipped and named, not written
    assert response.status_code == 302
    assert list(ProvincialGrade.objects.values_list("enterprise_id", flat=True)) == [
        enterprise_a.pk
    ]
    page = client.get(response["Location"]).content.decode()
    assert "跳过1行" in page
    assert f"第3行：“大连某化工有限公司”（{elsewhere}）不在您数据范围内" in page


def test_every_bad_row_reported_and_nothing_written(
    client, credit_officer, liaoning, enterprise_a, enterprise_b
):
    # given: one good row and one row for each reason a row is refused
    unknown = make_credit_code(999)
    content = xlsx(
        [
            [enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""],  # row 2
            ["某某公司", unknown, "守信", 2025, ""],  # 3 unknown code
            [enterprise_b.name, enterprise_b.credit_code, "优秀", 2025, ""],  # 4 grade
            [enterprise_a.name, enterprise_a.credit_code, "失信", 2025, ""],  # 5 dup
            [enterprise_b.name, enterprise_b.credit_code, "守信", 2026, ""],  # 6 year
            [enterprise_b.name, enterprise_b.credit_code, "守信", "去年", ""],  # 7 year
            [enterprise_b.name, enterprise_b.credit_code[:-1] + "0", "守信", 2024, ""],
        ]
    )
    client.force_login(credit_officer)

    # when: the user also chose to correct, with a basis
    response = post(client, content, correct="on", correction_basis="辽环函〔2026〕5号")

    # then
    assert response.status_code == 400
    text = response.content.decode()
    # a code outside the register is the rest of the province: skipped, not an error
    assert "第3行" not in text.split("未导入")[1]
    assert "第4行：无法识别的评价等级“优秀”" in text
    assert "第5行：与第2行重复" in text
    assert "第6行：评价年度应为2014年至2025年之间的年份" in text
    assert "不能是“去年”" in text
    assert "第8行：统一社会信用代码校验位错误" in text
    assert "第2行" not in text.split("未导入")[1].split("第5行")[0]
    # nothing written, not even the import
    assert not ProvincialGrade.objects.exists()
    assert not ProvincialImport.objects.exists()
    assert not Record.objects.filter(action__startswith="credit.provincial.").exists()
    # the choices made are kept
    form = response.context["form"]
    assert form["correct"].value() is True
    assert form["correction_basis"].value() == "辽环函〔2026〕5号"
    assert 'value="辽环函〔2026〕5号"' in text


def test_wrong_headers_refused_with_row_one(client, credit_officer, liaoning):
    client.force_login(credit_officer)
    response = post(client, xlsx([["甲", "乙"]], headers=["企业名称", "等级说明"]))
    assert response.status_code == 400
    assert "第1行：表头与模板不符。缺少列：统一社会信用代码、评价等级、评价年度" in (
        response.content.decode()
    )


def test_province_layout_read_through_aliases(
    client, credit_officer, liaoning, enterprise_a
):
    # given: the province's own columns (序号, 所属地区, 信用等级, 年度)
    content = xlsx(
        [
            [
                1,
                enterprise_a.name + "（原名）",
                enterprise_a.credit_code.lower(),
                "铁东区",
                "环保诚信企业",
                2024,
            ]
        ],
        headers=[
            "序号",
            "单位名称",
            "统一社会信用代码",
            "所属地区",
            "信用等级",
            "年度",
        ],
    )
    client.force_login(credit_officer)
    response = post(client, content)
    assert response.status_code == 302
    grade = ProvincialGrade.objects.get()
    assert (grade.year, grade.grade_name, grade.colour) == (
        2024,
        "环保诚信企业",
        "green",
    )
    assert grade.authority == "辽宁省生态环境厅"  # from the page: the column is absent
    shown = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("已忽略的列：序号、所属地区" in m for m in shown)
    assert any("与档案" in m and "不一致" in m for m in shown)


def test_different_city_grade_is_flagged_not_overwritten(
    client, credit_officer, district_a_officer, enterprise_user_a, evaluations
):
    # given: the city pre-scored A at 100 points (守信, green)
    evaluation = evaluations["a"]
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=enterprise_user_a)
    services.evaluation_prescore(
        evaluation=evaluation, note="结合年度监管结果初审", by=district_a_officer
    )
    evaluation.refresh_from_db()
    assert (evaluation.grade_name, evaluation.colour) == ("守信", "green")
    enterprise = evaluation.enterprise
    client.force_login(credit_officer)

    # when: the province published 严重失信
    response = post(
        client, xlsx([[enterprise.name, enterprise.credit_code, "严重失信", 2025, ""]])
    )

    # then: recorded and flagged; the city's evaluation unchanged
    assert response.status_code == 302
    grade = ProvincialGrade.objects.get()
    assert grade.conflict == "市级评定为“守信”（绿牌），省厅公布为“严重失信”（红牌）"
    evaluation.refresh_from_db()
    assert (evaluation.grade_name, evaluation.colour) == ("守信", "green")
    assert ProvincialImport.objects.get().conflicts == 1
    detail = client.get(response["Location"]).content.decode()
    assert "与市级评定不一致" in detail and "第2行" in detail
    page = client.get(reverse("credit:evaluation", args=[evaluation.pk]))
    html = page.content.decode()
    assert 'data-testid="provincial-grade"' in html
    assert "与市级评定“守信”不一致，本局结果未被改写" in html


def test_recorded_grade_replaced_only_by_a_chosen_correction(
    client, credit_officer, liaoning, enterprise_a
):
    row = [enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""]
    client.force_login(credit_officer)
    assert post(client, xlsx([row])).status_code == 302

    # the same file again: nothing changes
    assert post(client, xlsx([row])).status_code == 302
    assert ProvincialImport.objects.latest("pk").unchanged == 1

    # a different grade without the correction choice: refused
    changed = [enterprise_a.name, enterprise_a.credit_code, "失信", 2025, ""]
    response = post(client, xlsx([changed]))
    assert response.status_code == 400
    assert "第2行：该企业2025年度已登记省厅公布等级“守信”" in response.content.decode()
    assert ProvincialGrade.objects.get().grade_name == "守信"

    # the correction chosen without a basis: refused by the form, choice kept
    response = post(client, xlsx([changed]), correct="on")
    assert response.status_code == 400
    assert "请填写更正依据" in response.content.decode()
    assert response.context["form"]["correct"].value() is True

    # with a basis: corrected, before and after on the record
    response = post(
        client, xlsx([changed]), correct="on", correction_basis="辽环函〔2026〕5号"
    )
    assert response.status_code == 302
    grade = ProvincialGrade.objects.get()
    assert (grade.grade_name, grade.colour) == ("失信", "yellow")
    entry = Record.objects.get(action="credit.provincial.correct")
    assert '"before":"守信"' in entry.payload and '"after":"失信"' in entry.payload


def test_service_refuses_a_user_who_may_not_import(city_leader, liaoning, enterprise_a):
    from django.core.exceptions import PermissionDenied

    content = xlsx([[enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""]])
    with pytest.raises(PermissionDenied):
        services.provincial_import(
            file=BytesIO(content),
            file_name="x.xlsx",
            authority="",
            correct=False,
            correction_basis="",
            by=city_leader,
        )
    assert not ProvincialGrade.objects.exists()


def test_template_downloads_and_imports_back(
    client, credit_officer, liaoning, enterprise_a
):
    client.force_login(credit_officer)
    response = client.get(reverse("credit:provincial-template"))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert "守信" in str([c.value for c in workbook["填写说明"]["C"]])
    sheet.append([enterprise_a.name, enterprise_a.credit_code, "一般守信", 2025, None])
    out = BytesIO()
    workbook.save(out)
    assert post(client, out.getvalue()).status_code == 302
    assert ProvincialGrade.objects.get().grade_name == "一般守信"


# --- Who must not see or do it ------------------------------------------------------


def test_other_district_credit_staff_cannot_import_or_see_district_a(
    client, credit_officer, district_b_credit, liaoning, enterprise_a, enterprise_b
):
    # given: the city recorded grades for A and B
    client.force_login(credit_officer)
    rows = [
        [enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""],
        [enterprise_b.name, enterprise_b.credit_code, "失信", 2025, ""],
    ]
    assert post(client, xlsx(rows)).status_code == 302

    # when: district B's credit staff reads the list and uploads A's row
    client.force_login(district_b_credit)
    listing = client.get(URL)
    response = post(
        client, xlsx([[enterprise_a.name, enterprise_a.credit_code, "失信", 2024, ""]])
    )

    # then: B sees only B; A is outside B's scope, so the file has nothing for B
    assert listing.status_code == 200
    assert [g.enterprise_id for g in listing.context["page"]] == [enterprise_b.pk]
    assert enterprise_a.name not in listing.content.decode()
    assert response.status_code == 400
    assert "文件中没有您数据范围内企业档案里的统一社会信用代码" in (
        response.content.decode()
    )
    assert ProvincialGrade.objects.count() == 2
    # and the city's import batch page is not listing A's row to B
    batch = ProvincialImport.objects.get()
    page = client.get(reverse("credit:provincial-import", args=[batch.pk]))
    assert enterprise_a.name not in page.content.decode()


def test_leader_reads_but_cannot_import(client, city_leader, liaoning, enterprise_a):
    client.force_login(city_leader)
    assert client.get(URL).status_code == 200
    content = xlsx([[enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""]])
    assert post(client, content).status_code == 403
    assert client.get(reverse("credit:provincial-template")).status_code == 403
    assert not ProvincialGrade.objects.exists()


def test_enterprise_and_public_are_refused(
    client, enterprise_user_a, citizen, credit_officer, liaoning, enterprise_a
):
    content = xlsx([[enterprise_a.name, enterprise_a.credit_code, "守信", 2025, ""]])
    for user in (enterprise_user_a, citizen):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert post(client, content).status_code == 403
        assert client.get(reverse("credit:provincial-template")).status_code == 403
    client.logout()
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert post(client, content).status_code == 302
    assert not ProvincialGrade.objects.exists()
