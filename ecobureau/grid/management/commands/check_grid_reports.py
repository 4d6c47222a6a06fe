"""Scheduled (hourly): flag problems found on patrol but not reported within the
level's report hours, and monthly work reports not filed by their due day; the
level above is told once per patrol and per report (C22)."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.grid import services


class Command(BaseCommand):
    help = "巡查发现问题超时未上报、工作月报逾期未报的标记与提醒（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        patrols = services.patrol_reports_check()
        reports = services.work_reports_check()
        self.stdout.write(
            f"上报检查：超时未上报的巡查{patrols}次，逾期未报的月报{reports}份。"
        )
