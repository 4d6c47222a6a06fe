"""Draw the monthly revisits (回访) of closed complaints: run by the scheduler on the
1st of each month for the month before (docs/operations.md); safe to run twice."""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecobureau.complaints import services


class Command(BaseCommand):
    help = "抽取某月各单位办结投诉进行回访（默认上月；可重复运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM，默认上个月")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options.get("month")
        if text:
            try:
                year, month = (int(part) for part in text.split("-"))
                first = date(year, month, 1)
            except ValueError:
                raise CommandError(f"--month 应为YYYY-MM，收到“{text}”") from None
        else:
            first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(
                day=1
            )
        result = services.revisits_draw(month=first)
        self.stdout.write(
            f"{first:%Y-%m}：{result.units}个单位抽取回访{result.revisits}件。"
        )
