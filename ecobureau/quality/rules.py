"""The `water-class` and `cwqi` rules (CONTRACTS.md), registered into lib.rules by
QualityConfig.ready(): the functions live in this module's pure water_class."""

from __future__ import annotations

from datetime import date
from typing import Any

from ecobureau.lib import rules

from . import statistics
from . import water_class as wc


def _parse(data: dict[str, Any], *, allow_target: bool) -> tuple[str, str | None, dict]:
    try:
        return wc.parse(data, allow_target=allow_target)
    except wc.WaterInputError as error:
        raise rules.RuleInputError(error.message) from error


def run_water_class(data: dict[str, Any], ctx: rules.RuleContext) -> dict[str, Any]:
    body, target, values = _parse(data, allow_target=True)
    try:
        config = statistics.rules()
        result = wc.classify(
            values,
            water_body=body,
            target=target,
            priority=config.main_pollutant_priority,
            main_count=config.main_pollutant_count,
        )
    except wc.WaterInputError as error:
        raise rules.RuleInputError(error.message) from error
    return result.as_json()


def run_cwqi(data: dict[str, Any], ctx: rules.RuleContext) -> dict[str, Any]:
    body, _, values = _parse(data, allow_target=False)
    try:
        total, indices = wc.cwqi(values, water_body=body)
    except wc.WaterInputError as error:
        raise rules.RuleInputError(error.message) from error
    explain = []
    for key, index in indices.items():
        if key == "ph":
            how = "pH≤7：(7−pH)/(7−6)" if values[key] <= 7 else "pH>7：(pH−7)/(9−7)"
        elif key == "do":
            how = "5/C(DO)"
        else:
            limit = wc.limits_for(key, body)[2]
            how = f"C/SⅢ，SⅢ={wc._fmt(limit)}"
        explain.append(f"{wc.NAMES[key]}：{how} = {wc.round4(index)}")
    explain.append(
        f"城市水质指数为参评指标分指数之和 = {wc.round4(total)}（{wc.BASIS_CWQI}；"
        "单项指数公式尚未与原文核对，示例配置）"
    )
    return {
        "cwqi": float(wc.round4(total)),
        "indices": {key: float(wc.round4(v)) for key, v in indices.items()},
        "missing": [key for key in wc.COUNTED if key not in indices],
        "standard": wc.CWQI_STANDARD,
        "explain": explain,
    }


RULES = (
    rules.Rule(
        name="water-class",
        version=wc.STANDARD,
        valid_from=date(2002, 6, 1),
        valid_to=None,
        description="地表水水质类别单因子评价（GB 3838—2002表1，环办〔2011〕22号21项）",
        run=run_water_class,
    ),
    rules.Rule(
        name="cwqi",
        version=wc.CWQI_STANDARD,
        valid_from=None,
        valid_to=None,
        description="城市水质指数CWQI单项指数之和（城市地表水环境质量排名技术规定，示例配置）",
        run=run_cwqi,
    ),
)


def register_all() -> None:
    """Add the rules (ready() may run again in some test set-ups: a version already
    registered is left as it is). Registering does not load the other rules."""
    for rule in RULES:
        try:
            rules.register(rule)
        except ValueError:
            continue
