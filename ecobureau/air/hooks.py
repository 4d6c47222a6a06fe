"""Checks of an enterprise's monitoring data during a warning. The air module
registers its own (`air.monitoring_check.emissions_check`, reading the hourly
HJ 212 data through `monitoring.selectors`) in AirConfig.ready(); another module
may add one the same way:

    from ecobureau.air import hooks

    hooks.register_measure_check(check)

A check takes (enterprise, warning) and returns one Chinese sentence, e.g.
"监测数据核查：颗粒物小时排放量预警期间均值较预警前同长时段下降32%，达到预案要求（减排20.0%）".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MeasureCheck = Callable[[Any, Any], str]

_CHECKS: list[MeasureCheck] = []
NOT_WIRED = "监测数据核查：在线监测模块接入后自动比对预警期间排放数据。"


def register_measure_check(check: MeasureCheck) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def unregister_measure_check(check: MeasureCheck) -> None:
    if check in _CHECKS:
        _CHECKS.remove(check)


def measure_check(enterprise: Any, warning: Any) -> str:
    """What the registered checks say about the enterprise during the warning."""
    if not _CHECKS:
        return NOT_WIRED
    return "；".join(check(enterprise, warning) for check in _CHECKS)
