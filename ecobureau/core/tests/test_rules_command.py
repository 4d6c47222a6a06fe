import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ecobureau.core import calendar, services

MANAGE = Path(settings.BASE_DIR) / "manage.py"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar, "_cache", None)
    monkeypatch.setattr(calendar._local, "dirty", False, raising=False)


def run_rule(name: str, lines: list[str], *args: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    call_command("rules", "run", name, *args, stdin=stdin, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_list_prints_one_json_line_per_rule() -> None:
    out = io.StringIO()
    call_command("rules", "list", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    deadline = next(line for line in lines if line["name"] == "deadline")
    assert deadline == {
        "name": "deadline",
        "version": "GWYL795-2025",
        "valid_from": None,
        "valid_to": None,
        "description": deadline["description"],
    }
    assert "法定期限" in deadline["description"]


@pytest.mark.django_db
def test_run_answers_each_line_in_order_and_goes_on_after_errors() -> None:
    results = run_rule(
        "deadline",
        [
            '{"start": "2025-09-30", "amount": 5, "unit": "workdays"}',
            "not json",
            '{"start": "2026-11-23", "amount": -1, "unit": "days"}',
            "[1, 2]",
            '{"start": "2025-09-17", "amount": 15, "unit": "days"}',
            '{"start": "2026-11-23T10:30", "amount": 24, "unit": "hours"}',
        ],
    )
    assert [result.get("due") for result in results] == [
        "2025-10-14",
        None,
        None,
        None,
        "2025-10-09",
        "2026-11-24T10:30",
    ]
    assert results[0]["provisional"] is False
    assert results[0]["explain"][0].startswith("起始日2025-09-30不计入")
    assert results[1] == {"error": "输入行不是有效的JSON（须为一个JSON对象）"}
    assert results[2] == {"error": "“amount”不能为负数，收到-1"}
    assert results[3] == {"error": "输入行应为一个JSON对象（{…}），收到数组"}


@pytest.mark.django_db
def test_run_uses_the_calendar_an_administrator_entered() -> None:
    line = '{"start": "2026-12-20", "amount": 15, "unit": "workdays"}'
    before = run_rule("deadline", [line])[0]
    assert (before["due"], before["provisional"]) == ("2027-01-11", True)
    services.calendar_year_enter(
        year=2027,
        source="国务院办公厅关于2027年部分节假日安排的通知",
        rest_days=[(date(2027, 1, 1), "元旦")],
        work_days=[(date(2027, 1, 9), "元旦")],
        by=None,
    )
    after = run_rule("deadline", [line])[0]
    assert (after["due"], after["provisional"]) == ("2027-01-09", False)


@pytest.mark.django_db
def test_as_of_is_accepted_and_checked() -> None:
    line = '{"start": "2025-09-30", "amount": 5, "unit": "workdays"}'
    assert run_rule("deadline", [line], "--as-of", "2025-01-01")[0]["due"] == (
        "2025-10-14"
    )
    with pytest.raises(CommandError, match="--as-of 应为YYYY-MM-DD格式"):
        run_rule("deadline", [line], "--as-of", "2025-02-30")


@pytest.mark.django_db
def test_an_unknown_rule_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="未知规则“nope”"):
        run_rule("nope", ["{}"])


@pytest.mark.django_db
def test_a_bug_in_a_rule_answers_the_line_and_fails_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ecobureau.lib import rules

    real = rules.get("deadline", date(2026, 11, 22))

    def broken(data: dict[str, Any], ctx: rules.RuleContext) -> dict[str, Any]:
        if data.get("amount") == 1:
            raise ZeroDivisionError
        return real.run(data, ctx)

    monkeypatch.setattr(rules, "get", lambda name, as_of: replace(real, run=broken))
    out = io.StringIO()
    stdin = io.StringIO(
        '{"start": "2026-11-23", "amount": 1, "unit": "days"}\n'
        '{"start": "2026-11-23", "amount": 2, "unit": "days"}\n'
    )
    with pytest.raises(CommandError, match="1行因程序错误未能判定"):
        call_command("rules", "run", "deadline", stdin=stdin, stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == {"error": "规则程序出错，未能判定本行，已记录日志"}
    assert lines[1]["due"] == "2026-11-25"


# --- The command line itself (the contract is the CLI) ------------------------------


def manage(
    args: list[str], stdin: bytes, database: Path
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ecobureau.settings_test",
        # A database that was never migrated: the bundled calendar must be used.
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=MANAGE.parent,
        timeout=120,
        check=False,
    )


def test_rules_run_deadline_through_a_real_process(tmp_path: Path) -> None:
    stdin = b"\n".join(
        [
            b'{"start": "2025-09-30", "amount": 5, "unit": "workdays"}',
            b"{broken",
            b'{"start": "2026-12-20", "amount": 15, "unit": "workdays"}',
            b"\xff\xfe",  # not UTF-8
            b'{"start": "2026-11-23", "amount": 60, "unit": "workdays", '
            b'"pauses": [["2026-12-01", "2026-12-05"]]}',
        ]
    )
    done = manage(["rules", "run", "deadline"], stdin, tmp_path / "empty.db")
    assert done.returncode == 0, done.stderr.decode()
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(lines) == 5
    assert (lines[0]["due"], lines[0]["provisional"]) == ("2025-10-14", False)
    assert lines[1] == {"error": "输入行不是有效的JSON（须为一个JSON对象）"}
    assert (lines[2]["due"], lines[2]["provisional"]) == ("2027-01-11", True)
    assert lines[3] == {"error": "输入行不是UTF-8编码的文本"}
    assert lines[4]["due"] == "2027-02-24"
    assert "国务院令第795号" in done.stdout.decode("utf-8")  # not \u escapes
    assert "没有节假日表" in done.stderr.decode("utf-8")


def test_an_unknown_rule_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    done = manage(["rules", "run", "nope"], b"{}\n", tmp_path / "empty.db")
    assert done.returncode != 0
    assert done.stdout == b""
    assert "未知规则“nope”" in done.stderr.decode("utf-8")
