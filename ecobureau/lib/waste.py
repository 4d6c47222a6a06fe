"""The mass balance of a hazardous-waste declaration (危险废物申报登记), in one
place: the declaration form (permits) and the figures import (quality) refuse
the same amounts with the same words (X3 "危险废物全部实现安全处置")."""

from __future__ import annotations

from decimal import Decimal

# The five amounts of a declaration, tonnes, in the order the sheet gives them.
AMOUNTS = ("opening_stock", "generated", "utilised", "disposed", "closing_stock")

# Declared amounts are rounded by each enterprise; a difference up to one tonne
# between what came in and what went out is accepted (示例配置).
TOLERANCE_TONNES = Decimal(1)


def balance_problem(
    *,
    opening_stock: Decimal,
    generated: Decimal,
    utilised: Decimal,
    disposed: Decimal,
    closing_stock: Decimal,
) -> str | None:
    """What came in (上年末贮存量+产生量) against what went out
    (利用量+处置量+年末贮存量): the Chinese problem, or None when they agree."""
    inflow = opening_stock + generated
    outflow = utilised + disposed + closing_stock
    if abs(inflow - outflow) > TOLERANCE_TONNES:
        return (
            f"上年末贮存量+产生量（{inflow}）与利用量+处置量+年末贮存量"
            f"（{outflow}）相差超过1吨"
        )
    return None
