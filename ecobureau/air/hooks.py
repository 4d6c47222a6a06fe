"""Hooks other modules fill in: checking an enterprise's monitoring data during
a warning belongs to the monitoring module (HJ 212 online monitoring), which is
above nothing here and registers its check in its AppConfig.ready():

    from ecobureau.air import hooks

    hooks.register_measure_check(selectors.warning_measure_check)

The check takes (enterprise, warning) and returns one Chinese sentence, e.g.
"预警期间颗粒物排放较预警前下降32%，达到预案要求（20%）".
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
