"""Sample import: all or nothing, each bad row reported, district scope, record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.quality import services
from ecobureau.quality.models import Measurement, Sample

from .conftest import workbook

pytestmark = pytest.mark.django_db


def test_import_writes_samples_and_one_record(monitor, section_a, section_b) -> None:
    content = workbook(
        [
            ["A01", "2026-01-15", "手工监测", 7.5, 8.0, 0.5, 0.1],
            ["B01", "2026-01-16", None, 7.1, 6.2, 1.2, None],
        ]
    )
    batch = services.samples_import(
        actor=monitor, content=content, filename="一月.xlsx"
    )
    assert batch.rows == 2
    assert Sample.objects.count() == 2
    assert Measurement.objects.filter(sample__section=section_b).count() == 3
    record = Record.objects.filter(action="quality.samples_import").get()
    assert record.target_id == str(batch.pk)


def test_bad_rows_write_nothing_and_each_is_named(monitor, section_a) -> None:
    content = workbook(
        [
            ["A01", "2026-01-15", "手工监测", 7.5, 8.0, 0.5, 0.1],
            ["X99", "2026-01-15", None, 7.5, 8.0, 0.5, 0.1],
            ["A01", "2026-13-01", None, 7.5, 8.0, 0.5, 0.1],
            ["A01", "2026-01-20", "卫星", 15, -1, "abc", 0.1],
            ["A01", "2026-01-15", "手工监测", 7.5, 8.0, 0.5, 0.1],
        ]
    )
    with pytest.raises(services.ImportFailed) as error:
        services.samples_import(actor=monitor, content=content, filename="bad.xlsx")
    rows = dict(error.value.rows)
    assert "断面编码“X99”不存在" in rows[3]
    assert any("采样日期" in p for p in rows[4])
    assert any("来源“卫星”" in p for p in rows[5])
    assert any("pH“15”" in p for p in rows[5])
    assert any("不能为负数" in p for p in rows[5])
    assert any("“abc”不是数值" in p for p in rows[5])
    assert any("与第2行重复" in p for p in rows[6])
    assert 2 not in rows
    assert Sample.objects.count() == 0
    assert not Record.objects.filter(action="quality.samples_import").exists()


def test_reimporting_the_same_day_is_refused(monitor, section_a) -> None:
    content = workbook([["A01", "2026-01-15", None, 7.5, 8.0, 0.5, 0.1]])
    services.samples_import(actor=monitor, content=content, filename="a.xlsx")
    with pytest.raises(services.ImportFailed) as error:
        services.samples_import(actor=monitor, content=content, filename="a.xlsx")
    assert error.value.rows == [(2, ["该断面该日期的数据已导入过"])]


def test_unknown_header_is_refused(monitor, section_a) -> None:
    content = workbook(
        [["A01", "2026-01-15", 1]], headers=["断面编码", "采样日期", "颜色"]
    )
    with pytest.raises(services.ImportFailed, match="无法识别的列：颜色"):
        services.samples_import(actor=monitor, content=content, filename="a.xlsx")


def test_district_head_cannot_import_for_another_district(
    district_a_head, section_a, section_b
) -> None:
    content = workbook(
        [
            ["A01", "2026-01-15", None, 7.5, 8.0, 0.5, 0.1],
            ["B01", "2026-01-15", None, 7.5, 8.0, 0.5, 0.1],
        ]
    )
    with pytest.raises(services.ImportFailed) as error:
        services.samples_import(
            actor=district_a_head, content=content, filename="a.xlsx"
        )
    assert error.value.rows == [(3, ["断面“断面B01”不在您的辖区"])]
    assert Sample.objects.count() == 0


def test_officer_without_manage_permission_cannot_import(
    district_b_officer, section_b
) -> None:
    content = workbook([["B01", "2026-01-15", None, 7.5, 8.0, 0.5, 0.1]])
    with pytest.raises(PermissionDenied):
        services.samples_import(
            actor=district_b_officer, content=content, filename="a.xlsx"
        )


def test_import_page_reports_bad_rows_and_keeps_nothing(
    client, monitor, section_a
) -> None:
    client.force_login(monitor)
    content = workbook([["A01", "bad-date", None, 7.5, 8.0, 0.5, 0.1]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.xlsx", content)
    response = client.post(reverse("quality:import"), {"file": upload})
    assert response.status_code == 400
    assert "第2行" in response.content.decode()
    assert Sample.objects.count() == 0


def test_import_page_is_closed_to_the_public(client, citizen) -> None:
    client.force_login(citizen)
    response = client.get(reverse("quality:import"))
    assert response.status_code in (302, 403)


def test_import_page_refused_without_a_file_answers_400(client, monitor) -> None:
    # given the import page, posted with no file (was 200, the form unbound)
    client.force_login(monitor)
    response = client.post(reverse("quality:import"), {})
    # then it is refused: 400, the page again with the field's error
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert Sample.objects.count() == 0
    # and a file that is not a workbook is refused with its reason, 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.xlsx", b"not a workbook")
    response = client.post(reverse("quality:import"), {"file": upload})
    assert response.status_code == 400
    assert "无法读取文件" in response.content.decode()
    assert Sample.objects.count() == 0
    assert client.get(reverse("quality:import")).status_code == 200
