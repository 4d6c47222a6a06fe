from datetime import date
from typing import Any

import pytest

from ecobureau.lib import rules
from ecobureau.lib.workdays import Calendar

TODAY = date(2026, 11, 22)


@pytest.fixture
def ctx() -> rules.RuleContext:
    return rules.RuleContext(as_of=TODAY, calendar=Calendar())


def run(data: dict[str, Any], ctx: rules.RuleContext) -> dict[str, Any]:
    return rules.get("deadline", TODAY).run(data, ctx)


def error_of(data: dict[str, Any], ctx: rules.RuleContext) -> str:
    with pytest.raises(rules.RuleInputError) as caught:
        run(data, ctx)
    return caught.value.message


# --- Results --------------------------------------------------------------------------


def test_workdays_give_the_due_date_and_the_steps(ctx: rules.RuleContext) -> None:
    out = run({"start": "2025-09-30", "amount": 5, "unit": "workdays"}, ctx)
    assert out["due"] == "2025-10-14"
    assert out["provisional"] is False
    assert (
        out["explain"][0] == "起始日2025-09-30不计入，自次日起算（民法典第二百零一条）"
    )
    assert set(out) == {"due", "provisional", "explain"}


def test_days_move_past_a_holiday(ctx: rules.RuleContext) -> None:
    out = run({"start": "2025-09-17", "amount": 15, "unit": "days"}, ctx)
    assert (out["due"], out["provisional"]) == ("2025-10-09", False)


def test_months_end_on_the_last_day_of_a_shorter_month(ctx: rules.RuleContext) -> None:
    out = run({"start": "2026-01-31", "amount": 1, "unit": "months"}, ctx)
    assert out["due"] == "2026-02-28"


def test_pauses_stop_the_clock(ctx: rules.RuleContext) -> None:
    data = {
        "start": "2026-11-23",
        "amount": 10,
        "unit": "workdays",
        "pauses": [["2026-12-01", "2026-12-05"]],
    }
    assert run(data, ctx)["due"] == "2026-12-11"


def test_a_deadline_in_an_unpublished_year_is_provisional(
    ctx: rules.RuleContext,
) -> None:
    out = run({"start": "2026-12-20", "amount": 15, "unit": "workdays"}, ctx)
    assert (out["due"], out["provisional"]) == ("2027-01-11", True)


def test_the_context_calendar_decides() -> None:
    # 2027 entered: 元旦 off, Saturday 01-09 a make-up working day.
    calendar = Calendar(
        overrides={date(2027, 1, 1): False, date(2027, 1, 9): True},
        entered_years={2027},
    )
    entered = rules.RuleContext(as_of=TODAY, calendar=calendar)
    out = run({"start": "2026-12-20", "amount": 15, "unit": "workdays"}, entered)
    assert (out["due"], out["provisional"]) == ("2027-01-09", False)


def test_hours_give_a_local_date_time_through_a_holiday(
    ctx: rules.RuleContext,
) -> None:
    out = run({"start": "2026-09-30T22:30", "amount": 8, "unit": "hours"}, ctx)
    assert out["due"] == "2026-10-01T06:30"
    assert out["provisional"] is False
    assert any("民法典第二百零一条" in line for line in out["explain"])


def test_empty_pauses_are_accepted_with_every_unit(ctx: rules.RuleContext) -> None:
    out = run(
        {"start": "2026-11-23T10:30", "amount": 24, "unit": "hours", "pauses": []}, ctx
    )
    assert out["due"] == "2026-11-24T10:30"
    out = run({"start": "2026-11-23", "amount": 1, "unit": "months", "pauses": []}, ctx)
    assert out["due"] == "2026-12-23"


# --- Errors: each line that cannot be decided says why, in Chinese ----------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": 5, "unit": "days"}, "缺少必填项“start”"),
        ({"start": "2026-11-23", "unit": "days"}, "缺少必填项“amount”"),
        ({"start": "2026-11-23", "amount": 5}, "缺少必填项“unit”"),
        (
            {"start": "2026-11-23", "amount": 5, "unit": "days", "pause": []},
            "未知字段“pause”",
        ),
        (
            {"start": "2026-11-23", "amount": "5", "unit": "days"},
            "应为整数，收到字符串",
        ),
        ({"start": "2026-11-23", "amount": 5.0, "unit": "days"}, "应为整数，收到小数"),
        (
            {"start": "2026-11-23", "amount": True, "unit": "days"},
            "应为整数，收到布尔值",
        ),
        ({"start": "2026-11-23", "amount": None, "unit": "days"}, "应为整数，收到null"),
        ({"start": "2026-11-23", "amount": -1, "unit": "days"}, "不能为负数，收到-1"),
        ({"start": "2026-11-23", "amount": 5, "unit": "weeks"}, "收到“weeks”"),
        ({"start": "2026-11-23", "amount": 5, "unit": 3}, "“unit”应为"),
        (
            {"start": "2026-13-01", "amount": 5, "unit": "days"},
            "“2026-13-01”不是存在的日期",
        ),
        ({"start": "2026-02-29", "amount": 5, "unit": "days"}, "不是存在的日期"),
        ({"start": "2026/11/23", "amount": 5, "unit": "days"}, "应为YYYY-MM-DD格式"),
        ({"start": "20261123", "amount": 5, "unit": "days"}, "应为YYYY-MM-DD格式"),
        ({"start": 20261123, "amount": 5, "unit": "days"}, "收到整数"),
        (
            {"start": "2026-11-23T10:30", "amount": 5, "unit": "days"},
            "应为YYYY-MM-DD格式",
        ),
        (
            {"start": "2026-11-23", "amount": 5, "unit": "hours"},
            "应为YYYY-MM-DDTHH:MM格式的北京时间",
        ),
        (
            {"start": "2026-11-23T25:00", "amount": 5, "unit": "hours"},
            "不是存在的日期时间",
        ),
        (
            {
                "start": "2026-11-23",
                "amount": 5,
                "unit": "days",
                "pauses": [["2026-12-05", "2026-12-01"]],
            },
            "“pauses”第1项的起始日2026-12-05晚于结束日2026-12-01",
        ),
        (
            {
                "start": "2026-11-23T10:30",
                "amount": 5,
                "unit": "hours",
                "pauses": [["2026-12-01", "2026-12-05"]],
            },
            "按小时计算的期限不能暂停",
        ),
        (
            {
                "start": "2026-11-23",
                "amount": 1,
                "unit": "months",
                "pauses": [["2026-12-01", "2026-12-05"]],
            },
            "按月计算的期限不能暂停",
        ),
        (
            {"start": "2026-11-23", "amount": 5, "unit": "days", "pauses": "x"},
            "“pauses”应为日期区间的数组",
        ),
        (
            {"start": "2026-11-23", "amount": 5, "unit": "days", "pauses": ["x"]},
            "“pauses”第1项应为[起始日, 结束日]两个日期",
        ),
        (
            {
                "start": "2026-11-23",
                "amount": 5,
                "unit": "days",
                "pauses": [["2026-12-01", "12-05"]],
            },
            "“pauses”第1项的结束日应为YYYY-MM-DD格式的日期，收到“12-05”",
        ),
        (
            {"start": "2099-12-20", "amount": 30, "unit": "days"},
            "2100年超出日历可推算的范围",
        ),
    ],
)
def test_undecidable_lines_raise_a_chinese_message(
    data: dict[str, Any], message: str, ctx: rules.RuleContext
) -> None:
    assert message in error_of(data, ctx)


def test_every_problem_of_a_line_is_reported_at_once(ctx: rules.RuleContext) -> None:
    message = error_of({"start": "2026-02-30", "amount": -3, "unit": "days"}, ctx)
    assert message == "“amount”不能为负数，收到-3；“start”“2026-02-30”不是存在的日期"


def test_hours_far_beyond_the_calendar_are_refused(ctx: rules.RuleContext) -> None:
    data = {"start": "2026-11-23T10:30", "amount": 10**12, "unit": "hours"}
    assert "超出" in error_of(data, ctx)


# --- The registry ---------------------------------------------------------------------


def _fake(version: str, valid_from: date | None, valid_to: date | None) -> rules.Rule:
    return rules.Rule(
        name="fake",
        version=version,
        valid_from=valid_from,
        valid_to=valid_to,
        description="测试用规则",
        run=lambda data, ctx: {"version": version, "explain": []},
    )


@pytest.fixture
def empty_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "_rules", {})
    monkeypatch.setattr(rules, "_loaded", True)


def test_deadline_is_registered_with_a_version_and_a_chinese_description() -> None:
    deadline = [rule for rule in rules.all_rules() if rule.name == "deadline"]
    assert len(deadline) == 1
    assert deadline[0].version == "GWYL795-2025"
    assert "法定期限" in deadline[0].description
    assert rules.get("deadline", date(2004, 1, 1)) is deadline[0]


@pytest.mark.usefixtures("empty_registry")
def test_get_returns_the_version_in_force_on_the_date() -> None:
    rules.register(_fake("A-2012", None, date(2026, 5, 31)))
    rules.register(_fake("A-2026", date(2026, 6, 1), None))
    assert rules.get("fake", date(2026, 5, 31)).version == "A-2012"
    assert rules.get("fake", date(2026, 6, 1)).version == "A-2026"
    assert [rule.version for rule in rules.all_rules()] == ["A-2012", "A-2026"]


@pytest.mark.usefixtures("empty_registry")
def test_overlapping_versions_are_refused() -> None:
    rules.register(_fake("A-2012", None, date(2026, 5, 31)))
    with pytest.raises(ValueError, match="overlaps"):
        rules.register(_fake("A-2026", date(2026, 5, 31), None))


@pytest.mark.usefixtures("empty_registry")
def test_a_date_without_a_version_in_force_is_an_unknown_rule() -> None:
    rules.register(_fake("A-2026", date(2026, 6, 1), None))
    with pytest.raises(rules.UnknownRuleError, match="没有在2026-01-01有效的版本"):
        rules.get("fake", date(2026, 1, 1))


def test_an_unknown_name_lists_the_known_rules() -> None:
    with pytest.raises(rules.UnknownRuleError, match=r"未知规则“nope”.*deadline"):
        rules.get("nope", TODAY)
