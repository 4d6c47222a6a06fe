"""Hourly: exceedance episodes and anomalies from the hours not yet evaluated,
each pushed as a clue. Safe to run twice: each instrument's hours are claimed
once (docs/operations.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.monitoring import services


class Command(BaseCommand):
    help = "按小时数据研判超标时段和异常数据，推送在线数据线索。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.evaluate()
        self.stdout.write(result.summary())
