import pytest
from django.core.management import CommandError, call_command

from ecobureau.enterprises.models import Enterprise
from ecobureau.enterprises.tests.xlsx import row, workbook


def test_command_imports_a_good_file(
    tmp_path, city_leader, township_a1, sub_bureau_a, capsys
):
    path = tmp_path / "企业.xlsx"
    path.write_bytes(workbook([row(1), row(2)]).getvalue())

    call_command("import_enterprises", str(path), "--as", city_leader.username)

    assert Enterprise.objects.count() == 2
    assert "新建 2 家" in capsys.readouterr().out


def test_command_lists_the_errors_and_writes_nothing(
    tmp_path, city_leader, township_a1, sub_bureau_a, capsys
):
    path = tmp_path / "企业.xlsx"
    path.write_bytes(workbook([row(1), row(2, 区县="")]).getvalue())

    with pytest.raises(CommandError, match="发现 1 处错误"):
        call_command("import_enterprises", str(path), "--as", city_leader.username)

    assert "第3行：“区县”不能为空。" in capsys.readouterr().err
    assert not Enterprise.objects.exists()
