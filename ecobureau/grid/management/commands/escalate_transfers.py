"""Scheduled: escalate transfers whose department has not reported back in time."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.grid import services


class Command(BaseCommand):
    help = "督办超期未反馈的网格问题移交事项（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.transfers_escalate()
        self.stdout.write(
            f"督办：{result.level_1}件超期移交已督办，{result.level_2}件报市级督办。"
        )
