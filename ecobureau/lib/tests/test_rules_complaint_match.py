"""The complaint-match rule on the contract's examples and its input checks. The
labelled set of pairs (precision and recall) is in complaints/tests."""

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
    return rules.get("complaint-match", TODAY).run(data, ctx)


def side(text: str = "华信化工晚上排放刺鼻气味", **kw: Any) -> dict[str, Any]:
    return {"text": text, "place": "铁东区胜利路", "at": "2026-11-01T20:00", **kw}


def test_short_and_traditional_names_of_one_enterprise_are_one_place(
    ctx: rules.RuleContext,
) -> None:
    out = run(
        {
            "a": side(enterprise="鞍山市华信精细化工有限公司", lat=41.0, lng=123.0),
            # The reporter marked where they stood, kilometres away.
            "b": side(
                "華信化工夜裡排放廢氣",
                enterprise="華信化工",
                lat=41.1,
                lng=123.1,
                at="2026-11-03T21:00",
            ),
        },
        ctx,
    )
    assert out["duplicate"] is True
    assert 0.5 <= out["score"] <= 1
    assert any("华信" in line and "为同一单位" in line for line in out["explain"])


def test_two_units_of_one_group_are_two_places(ctx: rules.RuleContext) -> None:
    out = run(
        {
            "a": side("高炉冒黄烟", enterprise="鞍钢炼铁厂区"),
            "b": side("高炉冒黄烟", enterprise="鞍钢炼钢厂区", at="2026-11-02T08:00"),
        },
        ctx,
    )
    assert out["duplicate"] is False


def test_smell_and_wastewater_of_one_enterprise_are_two_matters(
    ctx: rules.RuleContext,
) -> None:
    out = run(
        {
            "a": side(enterprise="华信化工"),
            "b": side("华信化工通过暗管往河里偷排废水", enterprise="华信化工"),
        },
        ctx,
    )
    assert out["duplicate"] is False
    assert out["score"] < 0.5


def test_the_car_wash_on_shengli_road_is_one_spot(ctx: rules.RuleContext) -> None:
    out = run(
        {
            "a": side("胜利路上一个无名洗车点，污水直接排进雨水井"),
            "b": side("胜利路那个露天洗车的，洗车水满街流", at="2026-11-05T09:00"),
        },
        ctx,
    )
    assert out["duplicate"] is True


def test_the_window_is_counted_in_minutes_with_both_bounds_included(
    ctx: rules.RuleContext,
) -> None:
    a = side(enterprise="华信化工")
    on_bound = run(
        {"a": a, "b": side(enterprise="华信化工", at="2026-12-01T20:00")}, ctx
    )
    assert on_bound["duplicate"] is True  # exactly 30 days = 43,200 minutes
    late = run({"a": a, "b": side(enterprise="华信化工", at="2026-12-01T20:01")}, ctx)
    assert (late["duplicate"], late["score"]) == (False, 0)
    before = run({"a": a, "b": side(enterprise="华信化工", at="2026-11-01T19:59")}, ctx)
    assert (before["duplicate"], before["score"]) == (False, 0)
    zero = run(
        {
            "a": a,
            "b": side(enterprise="华信化工", at="2026-11-01T20:00"),
            "window_days": 0,
        },
        ctx,
    )
    assert zero["duplicate"] is True


def test_the_radius_decides_when_no_enterprise_is_named(ctx: rules.RuleContext) -> None:
    a = side("烧烤摊油烟很大", lat=41.1031, lng=123.0012)
    b = side("烧烤摊油烟很大", lat=41.1071, lng=123.0012, at="2026-11-02T20:00")
    assert run({"a": a, "b": b, "radius_m": 300}, ctx)["duplicate"] is False
    assert run({"a": a, "b": b, "radius_m": 600}, ctx)["duplicate"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"a": side()}, "缺少“b”"),
        ({"a": side(), "b": side(), "c": 1}, "未知字段“c”"),
        ({"a": side(), "b": side(colour="red")}, "未知字段“colour”"),
        ({"a": side(), "b": side(text="  ")}, "b.text应为非空字符串"),
        ({"a": side(), "b": side(at="2026-11-01 20:00")}, "b.at应为YYYY-MM-DDTHH:MM"),
        ({"a": side(), "b": side(at="2026-02-30T10:00")}, "不是存在的日期时间"),
        ({"a": side(lat=41.0), "b": side()}, "lat与lng须同时给出"),
        ({"a": side(lat="41", lng=123), "b": side()}, "a.lat应为数字"),
        ({"a": side(lat=91, lng=123), "b": side()}, "a.lat应在−90至90之间"),
        ({"a": side(lat=True, lng=123), "b": side()}, "a.lat应为数字"),
        ({"a": side(category="smell"), "b": side()}, "a.category应为"),
        ({"a": side(), "b": side(), "window_days": True}, "“window_days”应为非负整数"),
        ({"a": side(), "b": side(), "radius_m": -1}, "“radius_m”应为非负整数"),
        ({"a": side(), "b": side(), "radius_m": 2.5}, "“radius_m”应为非负整数"),
    ],
)
def test_bad_input_is_an_error_line(
    data: dict[str, Any], message: str, ctx: rules.RuleContext
) -> None:
    with pytest.raises(rules.RuleInputError) as caught:
        run(data, ctx)
    assert message in caught.value.message


def test_null_and_missing_optional_keys_are_the_same(ctx: rules.RuleContext) -> None:
    one = run({"a": side(enterprise=None, category=None), "b": side()}, ctx)
    other = run({"a": side(), "b": side()}, ctx)
    assert one == other
