"""`manage.py import_facilities`: files over the import page's cap go through the
same service from the command line, all rows or none, with a Chinese summary and
a non-zero exit on any error."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.enterprises import views
from ecobureau.enterprises.models import Facility

from .test_facility_spreadsheet import _book, _row

pytestmark = pytest.mark.django_db


def _file(tmp_path, rows):
    path = tmp_path / "设施.xlsx"
    path.write_bytes(_book(rows).getvalue())
    return path


def _three_rows(enterprise):
    return [
        _row(enterprise),
        _row(enterprise, 设施名称="布袋除尘器"),
        _row(
            enterprise, 设施名称="污水处理站", 类别="废水治理", 治理污染物="化学需氧量"
        ),
    ]


def test_a_file_over_the_page_cap_imports_through_the_command(
    client, tmp_path, monkeypatch, district_a_leader, enterprise_a, capsys
):
    # given: the page takes at most two rows, the file has three
    monkeypatch.setattr(views, "WEB_FACILITY_IMPORT_MAX_ROWS", 2)
    rows = _three_rows(enterprise_a)
    client.force_login(district_a_leader)
    page = client.post(reverse("enterprises:facility_import"), {"file": _book(rows)})
    assert page.status_code == 400
    assert "请系统管理员用命令导入" in page.content.decode()
    assert not Facility.objects.exists()

    # when
    call_command(
        "import_facilities",
        str(_file(tmp_path, rows)),
        "--user",
        district_a_leader.username,
    )

    # then
    assert Facility.objects.filter(enterprise=enterprise_a).count() == 3
    assert "导入成功：共 3 行，新增 3 个设施" in capsys.readouterr().out
    assert Record.objects.filter(action="enterprise.facility_import").count() == 1


def test_each_bad_row_is_reported_and_nothing_is_written(
    tmp_path, city_leader, enterprise_a, enterprise_b, capsys
):
    rows = [
        _row(enterprise_a),
        _row(enterprise_a, 设施名称="事故池", 对应排放口编号="DW009"),
        _row(enterprise_a, 设施名称="RTO", 投运日期=""),
    ]

    with pytest.raises(CommandError, match="未导入：发现 2 处错误"):
        call_command(
            "import_facilities",
            str(_file(tmp_path, rows)),
            "--as",
            city_leader.username,
        )

    err = capsys.readouterr().err
    assert "第3行：该企业没有编号为“DW009”的排放口。" in err
    assert "第4行：“运行状态”：正常运行的设施请先填写投运日期。" in err
    assert not Facility.objects.exists()
    assert not Record.objects.filter(action__startswith="enterprise.facility").exists()


def test_dry_run_checks_every_row_and_writes_nothing(
    tmp_path, city_leader, enterprise_a, capsys
):
    path = _file(tmp_path, _three_rows(enterprise_a))

    call_command(
        "import_facilities", str(path), "--user", city_leader.username, "--dry-run"
    )

    assert (
        "检查通过（试运行，未写入）：共 3 行，新增 3 个设施" in capsys.readouterr().out
    )
    assert not Facility.objects.exists()
    assert not Record.objects.filter(action__startswith="enterprise.facility").exists()


def test_the_importers_permission_and_scope_apply(
    tmp_path, district_a_leader, enterprise_user_a, enterprise_a, enterprise_b, capsys
):
    # an enterprise's own account may not import files
    path = _file(tmp_path, [_row(enterprise_a)])
    with pytest.raises(CommandError, match="您无权导入企业档案。"):
        call_command(
            "import_facilities", str(path), "--user", enterprise_user_a.username
        )
    # district A's leader may not import district B's enterprise
    path = _file(tmp_path, [_row(enterprise_b)])
    with pytest.raises(CommandError, match="发现 1 处错误"):
        call_command(
            "import_facilities", str(path), "--user", district_a_leader.username
        )
    assert "第2行：该统一社会信用代码的企业未登记，或不在您的数据范围内。" in (
        capsys.readouterr().err
    )
    assert not Facility.objects.exists()


def test_unknown_user_or_file_is_refused(tmp_path, city_leader):
    with pytest.raises(CommandError, match="没有账户 nobody"):
        call_command("import_facilities", str(tmp_path / "x.xlsx"), "--user", "nobody")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command(
            "import_facilities",
            str(tmp_path / "x.xlsx"),
            "--user",
            city_leader.username,
        )
