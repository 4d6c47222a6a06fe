"""Drinking-water sources (集中式生活饮用水地表水源地): GB 3838—2002 表2 补充项目.

Pure: no models, no settings. reference/water.md 1.4 (CONFIRMED, read in the
standard's page images): five supplementary items with one limit each, mg/L.
GB 3838—2002 第5.3条: a drinking-water source is evaluated on Table 1's basic
items, Table 2's supplementary items and the Table 3 specific items the
environmental authority chooses. Table 3 (80 items) is not transcribed in
reference/ (only "PDF pages 6–7" is noted): BLOCKED, not evaluated.

The pass criterion (class of the basic items, one failing month failing the
year) is UNVERIFIED (water.md 4): the caller passes the configured values
(`statistics.Rules`).
"""

from __future__ import annotations

from decimal import Decimal

from . import water_class as wc

D = Decimal

BASIS_TABLE2 = "GB 3838—2002 表2"
# 表2 集中式生活饮用水地表水源地补充项目标准限值 (mg/L), in the table's order.
SUPPLEMENTARY: dict[str, Decimal] = {
    "so4": D("250"),  # 硫酸盐（以 SO4²⁻ 计）
    "cl": D("250"),  # 氯化物（以 Cl⁻ 计）
    "no3n": D("10"),  # 硝酸盐（以 N 计）
    "fe": D("0.3"),  # 铁
    "mn": D("0.1"),  # 锰
}
NAMES = {
    "so4": "硫酸盐",
    "cl": "氯化物",
    "no3n": "硝酸盐氮",
    "fe": "铁",
    "mn": "锰",
}
KEYS = tuple(SUPPLEMENTARY)
# Every parameter a sample may carry: Table 1 (water_class) then Table 2.
ALL_KEYS = (*wc.VALUE_KEYS, *KEYS)
ALL_NAMES = {**wc.NAMES, **NAMES}


def over_limits(values: dict[str, Decimal]) -> list[tuple[str, Decimal]]:
    """The Table 2 items above their limit (inclusive limits: a value equal to
    the limit meets it), as (key, value), in the table's order."""
    return [
        (key, values[key])
        for key in KEYS
        if values.get(key) is not None and values[key] > SUPPLEMENTARY[key]
    ]


def over_text(over: list[tuple[str, Decimal]]) -> str:
    return "、".join(
        f"{NAMES[k]}{wc._fmt(v)}mg/L（限值{wc._fmt(SUPPLEMENTARY[k])}）"
        for k, v in over
    )


def passes(
    klass: str | None, values: dict[str, Decimal], pass_class: str
) -> bool | None:
    """A set of means passes when the basic items' class is `pass_class` or
    better and no Table 2 item exceeds its limit; None with no data at all."""
    over = over_limits(values)
    if klass is None:
        return False if over else None
    return wc.better_or_equal(klass, pass_class) and not over
