"""Daily: enterprises discharging without a valid permit, or above the permitted
yearly total (actual totals from the monitoring data); each new flag opens a
clue (requirements D14). Safe to run twice: a flag is unique per enterprise,
kind, year and pollutant."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.monitoring import services


class Command(BaseCommand):
    help = "核查无证排污和超许可排放量，推送线索。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.discharge_check()
        self.stdout.write(
            f"核查{result.checked}家企业：新增无证排污{result.no_permit}家，"
            f"超许可排放量{result.over_total}项"
        )
