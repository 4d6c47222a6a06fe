"""Roll the hourly Cou values up into the daily emission rows the ledger reads
(`EmissionDay`): run by the scheduler every night for the last `--days` finished
days (default 7, so uploads up to a week late are counted), or by hand with
`--since`/`--until` to fill a past span. Each calendar month is one run (one
transaction and one record entry). Safe to run twice: a day is replaced."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecobureau.lib.dates import local_date
from ecobureau.quality import services


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} 应为YYYY-MM-DD，收到“{text}”") from None


class Command(BaseCommand):
    help = "按日汇总在线监测排放量（默认最近7个已结束的日期；可重复运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="起始日期 YYYY-MM-DD")
        parser.add_argument("--until", help="结束日期 YYYY-MM-DD，默认昨天")
        parser.add_argument(
            "--days", type=int, default=7, help="未给 --since 时汇总的天数（默认7）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        yesterday = local_date(now) - timedelta(days=1)
        until = _day(options["until"], "--until") if options["until"] else yesterday
        if options["since"]:
            since = _day(options["since"], "--since")
        else:
            if options["days"] < 1:
                raise CommandError("--days 应为正整数")
            since = until - timedelta(days=options["days"] - 1)
        if since > until:
            raise CommandError("起始日期不能晚于结束日期")
        rows = missing = 0
        for first, last in services.rollup_spans(since, until):
            try:
                run = services.emissions_rollup(first_day=first, last_day=last, now=now)
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from None
            rows += run.rows
            missing += run.missing_hours
            self.stdout.write(
                f"{first}—{last}：{run.rows}行，{run.kg:.1f}千克，"
                f"缺失{run.missing_hours}小时"
            )
        self.stdout.write(f"共{rows}行，缺失{missing}小时。")
