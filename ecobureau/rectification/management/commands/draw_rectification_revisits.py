"""Draw the monthly re-check and revisit (复查回访) of closed petition cases at
10 % (seed 001 三(一)2): run by the scheduler on the 1st for that month
(docs/operations.md); safe to run twice (a month is drawn once)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecobureau.rectification import services


class Command(BaseCommand):
    help = "抽取本月应复查回访的已销号督察信访案件（10%，可重复运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM，默认本月")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options.get("month")
        if text:
            try:
                year, month = (int(part) for part in text.split("-"))
                first = date(year, month, 1)
            except ValueError:
                raise CommandError(f"--month 应为YYYY-MM，收到“{text}”") from None
        else:
            first = timezone.localdate().replace(day=1)
        drawn = services.revisits_draw(month=first)
        self.stdout.write(f"{first:%Y-%m}：抽取复查回访{len(drawn)}件。")
