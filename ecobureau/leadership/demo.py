"""Demo step: last month's unit ranking, confirmed and published by the demo
leader (示例数据; the scheme is the example configuration 示例配置，需按考核办法核定),
so the leadership pages and the portal's assessment page have something to show."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from ecobureau.demo.city import DemoCity

from . import selectors, services
from .models import Assessment

ORDER = 98  # after every module whose figures it reads


def build(city: DemoCity) -> None:
    leader = city.people.get("leader")
    if leader is None:
        return
    today = timezone.localdate()
    last_month = selectors.period_containing("month", today.replace(day=1)).previous()
    if Assessment.objects.filter(kind="month", period_start=last_month.start).exists():
        return
    try:
        assessment = services.assessment_confirm(
            kind="month",
            period=last_month,
            by=leader,
            note="示例数据：演示用的月度排名，考核指标与权重为示例配置，需按考核办法核定。",
        )
    except ValidationError:
        return  # no complaint handled last month in the demo city
    services.assessment_publish(assessment=assessment, by=leader)
