"""Create the administrative cell of every division that has none (levels 1–3,
seed 002 四(一)); run after loading a city's divisions. Safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.grid import services


class Command(BaseCommand):
    help = "按行政区划建立三级网格（已有的不重复建立）"

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.cells_build(by=None)
        self.stdout.write(f"新建网格{len(created)}个。")
