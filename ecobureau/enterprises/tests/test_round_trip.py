"""A file exported here imports back unchanged, and edits in it become updates."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.core.models import Record
from ecobureau.enterprises import excel, services
from ecobureau.enterprises.models import Enterprise
from ecobureau.enterprises.tests.xlsx import row, workbook


def _export(client, user) -> BytesIO:
    client.force_login(user)
    response = client.get(reverse("enterprises:export"))
    assert response.status_code == 200
    return BytesIO(response.content)


def test_export_then_import_changes_nothing(
    client, city_leader, township_a1, township_a2, sub_bureau_a, district_b
):
    # given: two enterprises imported, one with every optional field empty
    bare = {
        h: ""
        for h in excel.HEADERS
        if h
        not in (
            "统一社会信用代码",
            "单位名称",
            "生产经营场所地址",
            "区县",
            "企业规模",
            "状态",
        )
    }
    first = services.enterprise_import(
        file=workbook([row(1), row(2, **bare)]), by=city_leader
    )
    assert first.ok, first.errors
    before = list(Enterprise.objects.order_by("pk").values())

    # when
    report = services.enterprise_import(
        file=_export(client, city_leader), by=city_leader
    )

    # then
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert list(Enterprise.objects.order_by("pk").values()) == before


def test_edited_export_updates_only_the_changed_enterprise(
    client, city_leader, enterprise_a, enterprise_b
):
    exported = _export(client, city_leader)
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    name_column = excel.HEADERS.index("单位名称") + 1
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == enterprise_a.credit_code:
            sheet.cell(
                row=cells[0].row, column=name_column, value="鞍山市华信化工有限公司"
            )
    edited = BytesIO()
    book.save(edited)
    edited.seek(0)

    report = services.enterprise_import(file=edited, by=city_leader)

    assert report.ok, report.errors
    assert (report.updated, report.unchanged) == (1, 1)
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "鞍山市华信化工有限公司"
    entry = Record.objects.get(action="enterprise.import_update")
    assert entry.target_id == str(enterprise_a.pk)
    assert '"before":{"name":"鞍山市华信精细化工有限公司"}' in entry.payload
