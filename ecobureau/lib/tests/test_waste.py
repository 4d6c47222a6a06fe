from decimal import Decimal

from ecobureau.lib import waste


def _amounts(**changed: str) -> dict[str, Decimal]:
    values = {
        "opening_stock": "0.5",
        "generated": "120",
        "utilised": "80",
        "disposed": "40",
        "closing_stock": "0.5",
    }
    values.update(changed)
    return {name: Decimal(value) for name, value in values.items()}


def test_a_balanced_declaration_has_no_problem() -> None:
    assert waste.balance_problem(**_amounts()) is None


def test_up_to_one_tonne_of_difference_is_accepted() -> None:
    assert waste.balance_problem(**_amounts(closing_stock="1.5")) is None


def test_more_than_one_tonne_is_refused_with_both_sums() -> None:
    problem = waste.balance_problem(**_amounts(closing_stock="1.501"))
    assert problem == (
        "上年末贮存量+产生量（120.5）与利用量+处置量+年末贮存量（121.501）相差超过1吨"
    )


def test_the_amount_names_are_the_five_of_the_sheet() -> None:
    assert set(waste.AMOUNTS) == set(_amounts())
