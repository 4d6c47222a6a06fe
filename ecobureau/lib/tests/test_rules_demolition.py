import io
import json
from typing import Any

import pytest
from django.core.management import call_command


def _run(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import sys

    stdin = io.StringIO("\n".join(json.dumps(line) for line in lines) + "\n")
    out = io.StringIO()
    old = sys.stdin
    sys.stdin = stdin
    try:
        call_command("rules", "run", "demolition-filing", stdout=out)
    finally:
        sys.stdin = old
    lines_out: list[dict[str, Any]] = [
        json.loads(line) for line in out.getvalue().splitlines() if line.strip()
    ]
    return lines_out


@pytest.mark.django_db
def test_the_rule_answers_each_line_and_explains() -> None:
    results = _run(
        [
            {"filed_on": "2026-11-23", "starts_on": "2026-12-15"},
            {"filed_on": "2026-11-23", "starts_on": "2026-12-14"},
            {"filed_on": "2026-11-23"},
            {"filed_on": "2026-02-30", "starts_on": "2026-03-30"},
        ]
    )
    assert results[0]["ok"] is True and results[0]["earliest_start"] == "2026-12-15"
    assert results[1]["ok"] is False
    assert any("第十四条" in line for line in results[0]["explain"])
    assert "缺少必填项" in results[2]["error"]
    assert "不是存在的日期" in results[3]["error"]


@pytest.mark.django_db
def test_the_rule_is_listed() -> None:
    out = io.StringIO()
    call_command("rules", "list", stdout=out)
    assert "demolition-filing" in out.getvalue()
