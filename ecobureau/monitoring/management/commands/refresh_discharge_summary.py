"""Hourly (and nightly with `--days 40`): recompute the stored daily discharge
totals the public page adds up (requirements D14). `--full` recomputes every day
there is data for (first installation, after replaying old packets). Safe to run
twice and side by side."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ecobureau.monitoring import services
from ecobureau.monitoring.services.discharge_summary import DEFAULT_DAYS


class Command(BaseCommand):
    help = "重算排放总量公开页使用的企业日实际排放量。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"重算今天及此前若干天（默认{DEFAULT_DAYS}天）",
        )
        parser.add_argument("--full", action="store_true", help="重算有数据的全部日期")

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.discharge_summary_refresh(
            days=options["days"], full=options["full"]
        )
        self.stdout.write(
            f"重算{result.enterprises}家企业自{result.since:%Y-%m-%d}起的日实际排放量，"
            f"写入{result.enterprise_days}个企业日"
        )
