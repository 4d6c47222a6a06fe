"""Reward amounts (举报奖励实施细则 第七条、第八条、第十条) and the `reward` rule."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ecobureau.lib import reward, rules
from ecobureau.lib.workdays import Calendar


def run(data: dict[str, Any]) -> dict[str, Any]:
    ctx = rules.RuleContext(as_of=date(2026, 11, 22), calendar=Calendar())
    return rules.get("reward", date(2026, 11, 22)).run(data, ctx)


@pytest.mark.parametrize(
    ("item", "amount"),
    [
        (1, 10000),
        (3, 10000),
        (4, 3000),
        (9, 3000),
        (10, 1000),
        (11, 1000),
        (12, 1000),
        (13, 1000),
        (14, 500),
        (17, 500),
    ],
)
def test_each_item_pays_its_tier(item: int, amount: int) -> None:
    out = run({"categories": [item]})
    assert (out["total"], out["per_reporter"], out["excluded"]) == (
        amount,
        [amount],
        False,
    )


def test_several_items_pay_only_the_highest() -> None:
    out = run({"categories": [14, 5, 11]})
    assert out["total"] == 3000
    assert any("不累计" in line for line in out["explain"])


def test_equal_shares_give_the_remainder_cent_to_the_earliest() -> None:
    out = run({"categories": [1], "reporters": 3})
    assert out["per_reporter"] == [3333.34, 3333.33, 3333.33]
    assert sum(Decimal(str(x)) for x in out["per_reporter"]) == Decimal("10000")
    assert reward.split(Decimal("500"), 3) == (
        Decimal("166.67"),
        Decimal("166.67"),
        Decimal("166.66"),
    )


def test_an_exclusion_pays_nothing_to_anyone() -> None:
    out = run({"categories": [1], "reporters": 2, "exclusions": [4]})
    assert out == {**out, "total": 0, "per_reporter": [0, 0], "excluded": True}
    assert "已被生态环境部门掌握" in out["explain"][0]


def test_the_exceptional_case_needs_an_approved_amount_up_to_50000() -> None:
    assert run({"categories": [18], "approved_amount": 50000})["total"] == 50000
    assert run({"categories": [18, 1], "approved_amount": 8000})["total"] == 10000
    with pytest.raises(rules.RuleInputError, match="approved_amount"):
        run({"categories": [18]})
    with pytest.raises(rules.RuleInputError, match="不超过50000"):
        run({"categories": [18], "approved_amount": 50000.01})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "缺少必填项“categories”"),
        ({"categories": [0]}, "1至18的整数"),
        ({"categories": [True]}, "1至18的整数"),
        ({"categories": "1"}, "应为整数数组"),
        ({"categories": [1], "reporters": 0}, "不小于1"),
        ({"categories": [1], "exclusions": [8]}, "1至7的整数"),
        ({"categories": [18], "approved_amount": "5000"}, "应为数字"),
        ({"categories": [1], "amount": 1}, "未知字段“amount”"),
        ({"categories": []}, "未列出查实的违法情形"),
    ],
)
def test_bad_input_is_an_error_line(data: dict[str, Any], message: str) -> None:
    with pytest.raises(rules.RuleInputError) as caught:
        run(data)
    assert message in caught.value.message
