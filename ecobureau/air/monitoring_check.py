"""During a warning: does the enterprise's online monitoring show the cuts its
filed plan promises? (issue 8 item 4: "a check against their monitoring data").

For each pollutant whose measure at the warning's level promises a cut
(`PlanMeasure.pm_cut` …), the mean of the enterprise's hourly data (HJ 212
2061: emission quantity `Cou` where reported, else the mean concentration
`Avg`) from publication to now (or lifting) is compared with the mean over the
same length of time just before publication. Data come from the monitoring
module's selector (`monitoring.selectors.series`), the sideways read the
architecture allows. Registered in AirConfig.ready() through `air.hooks`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

# (PlanMeasure field, HJ 212-2017 code, name)
POLLUTANTS = (
    ("pm_cut", "a34013", "颗粒物"),
    ("so2_cut", "a21026", "二氧化硫"),
    ("nox_cut", "a21002", "氮氧化物"),
    ("vocs_cut", "a24088", "非甲烷总烃（VOCs）"),
)
MIN_SPAN = timedelta(hours=2)


def required_cuts(enterprise: Any, level: str) -> dict[str, Decimal]:
    """The largest cut promised per pollutant by the enterprise's filed plan
    at `level` (0 where none)."""
    from .models import PlanMeasure
    from .selectors import plan_filed_list

    plan = plan_filed_list().filter(enterprise=enterprise).order_by("-revision").first()
    cuts = {field: Decimal(0) for field, _, _ in POLLUTANTS}
    if plan is None:
        return cuts
    for measure in PlanMeasure.objects.filter(plan=plan, level=level):
        for field, _, _ in POLLUTANTS:
            cuts[field] = max(cuts[field], getattr(measure, field))
    return cuts


def _mean(
    ids: list[int], code: str, start: datetime, end: datetime
) -> tuple[float | None, str]:
    from ecobureau.monitoring import selectors as monitoring

    for field, label in (("Cou", "小时排放量"), ("Avg", "小时浓度")):
        points = monitoring.series(
            instrument_ids=ids,
            code=code,
            kind="hourly",
            start=start,
            end=end,
            field=field,
            max_points=10_000,
        )
        if points:
            return sum(p.value for p in points) / len(points), label
    return None, ""


def emissions_check(enterprise: Any, warning: Any, now: datetime | None = None) -> str:
    if warning.published_at is None:
        return "监测数据核查：预警尚未发布"
    end = warning.lifted_at or now or timezone.now()
    start = warning.published_at
    span = end - start
    if span < MIN_SPAN:
        return "监测数据核查：预警发布不足2小时，暂无可比数据"
    ids = list(
        enterprise.instruments.filter(status="active").values_list("pk", flat=True)
    )
    cuts = required_cuts(enterprise, warning.level)
    wanted = [(f, code, name) for f, code, name in POLLUTANTS if cuts[f] > 0]
    if not wanted:
        return "监测数据核查：预案未对本级别规定减排比例"
    if not ids:
        return "监测数据核查：该企业未接入在线监测，须现场核查减排措施落实情况"
    parts = []
    for field, code, name in wanted:
        during, label = _mean(ids, code, start, end)
        before, _ = _mean(ids, code, start - span, start)
        required = cuts[field]
        if during is None or before is None or before <= 0:
            parts.append(
                f"{name}无可比的在线监测数据，须现场核查（预案要求减排{required}%）"
            )
            continue
        drop = (1 - during / before) * 100
        verdict = "达到" if drop >= float(required) else "未达到"
        change = f"下降{drop:.0f}%" if drop >= 0 else f"上升{-drop:.0f}%"
        parts.append(
            f"{name}{label}预警期间均值较预警前同长时段{change}，"
            f"{verdict}预案要求（减排{required}%）"
        )
    return "监测数据核查：" + "；".join(parts)
