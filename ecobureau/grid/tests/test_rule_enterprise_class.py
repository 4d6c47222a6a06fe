"""The `enterprise-class` rule (seed 002 附件1 一; CONTRACTS.md) and its command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ecobureau.lib import rules
from ecobureau.lib.workdays import Calendar

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"


def run(**data: object) -> dict[str, Any]:
    rule = rules.get("enterprise-class", date(2026, 11, 22))
    ctx = rules.RuleContext(as_of=date(2026, 11, 22), calendar=Calendar())
    return rule.run(dict(data), ctx)


BASE = {"key_source": None, "size": "medium", "pollution": "minor", "violations_3y": 0}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"key_source": "national"}, "C"),  # 国控源
        ({"key_source": "provincial", "size": "micro", "pollution": "none"}, "C"),
        ({"violations_3y": 1, "size": "small", "pollution": "none"}, "C"),
        ({"size": "large", "pollution": "significant"}, "C"),
        ({"size": "large", "pollution": "minor"}, "B"),  # large, not "存在环境污染"
        ({"size": "small", "pollution": "none"}, "A"),
        ({"size": "micro", "pollution": "minor"}, "A"),
        ({"size": "small", "pollution": "significant"}, "B"),
        ({}, "B"),  # 中型守法
        ({"pollution": "none"}, "B"),  # a medium enterprise is not A
    ],
)
def test_class_follows_attachment_1(change: dict[str, object], expected: str) -> None:
    out = run(**{**BASE, **change})
    assert out["class"] == expected
    assert any("盘政办发〔2015〕141号附件1" in line for line in out["explain"])


def test_explain_names_every_c_reason() -> None:
    out = run(
        key_source="national", size="large", pollution="significant", violations_3y=2
    )
    text = "".join(out["explain"])
    assert "国控源" in text and "三年内存在环境违法行为（2次）" in text
    assert "存在环境污染的大型企业" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {**BASE, "key_source": "municipal"},
            "“key_source”应为national、provincial或null之一",
        ),
        ({**BASE, "size": "huge"}, "“size”应为large、medium、small、micro之一"),
        ({**BASE, "violations_3y": True}, "“violations_3y”应为整数，收到布尔值"),
        ({**BASE, "violations_3y": -1}, "不能为负数"),
        ({**BASE, "violations_3y": 1.5}, "收到小数"),
        (
            {"size": "small", "pollution": "none", "violations_3y": 0},
            "缺少必填项“key_source”",
        ),
        ({**BASE, "extra": 1}, "未知字段“extra”"),
    ],
)
def test_bad_input_is_a_chinese_error(data: dict[str, object], message: str) -> None:
    with pytest.raises(rules.RuleInputError) as caught:
        run(**data)
    assert message in caught.value.message


@pytest.mark.django_db
def test_rules_run_enterprise_class_one_line_out_per_line_in() -> None:
    stdin = io.StringIO(
        "\n".join(
            [
                json.dumps({**BASE, "key_source": "provincial"}),
                "{broken",
                json.dumps({**BASE, "size": "micro", "pollution": "none"}),
                json.dumps({**BASE, "pollution": "heavy"}),
                json.dumps(BASE),
            ]
        )
        + "\n"
    )
    out = io.StringIO()
    call_command("rules", "run", "enterprise-class", stdin=stdin, stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line.get("class") for line in lines] == ["C", None, "A", None, "B"]
    assert lines[1] == {"error": "输入行不是有效的JSON（须为一个JSON对象）"}
    assert "“pollution”应为none、minor、significant之一" in lines[3]["error"]
    assert all("explain" in line for line in lines if "class" in line)


@pytest.mark.django_db
def test_rules_list_names_the_rule_and_its_version() -> None:
    out = io.StringIO()
    call_command("rules", "list", stdout=out)
    listed = [json.loads(line) for line in out.getvalue().splitlines()]
    mine = [line for line in listed if line["name"] == "enterprise-class"]
    assert mine and mine[0]["version"] == "PZBF2015-141"


def test_rules_run_through_a_real_process(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ecobureau.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}",
        SECRET_KEY="rules-test",
    )
    done = subprocess.run(
        [sys.executable, str(MANAGE), "rules", "run", "enterprise-class"],
        input=(json.dumps({**BASE, "violations_3y": 3}) + "\n").encode(),
        capture_output=True,
        env=env,
        cwd=MANAGE.parent,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    line = json.loads(done.stdout.decode("utf-8"))
    assert line["class"] == "C"
    assert "三年内存在环境违法行为（3次）" in done.stdout.decode("utf-8")
