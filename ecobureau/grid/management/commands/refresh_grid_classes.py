"""Scheduled: give new enterprises a supervision file and recompute every class
(violations leave the three-year window, sizes and key-source status change)."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.grid import services


class Command(BaseCommand):
    help = "建立新企业的分类监管档案并重新核定A/B/C分类（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.supervision_sync(by=None)
        self.stdout.write(
            f"分类监管档案：新建{result.created}份，分类变化{result.changed}份。"
        )
