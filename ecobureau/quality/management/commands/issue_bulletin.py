"""Issue the monthly environmental-quality bulletin (issue 13 item 6): run by the
scheduler on the 5th at 09:00 for the month before (Asia/Shanghai), or by hand
with `--month YYYY-MM`. Safe to run twice: a month already issued is left alone
(a correction is issued by staff with its reason, on /quality/bulletin/)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ecobureau.lib.dates import local_date
from ecobureau.quality import bulletin, selectors, services


def _month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
    except ValueError:
        raise CommandError(f"--month 应为YYYY-MM，收到“{text}”") from None
    if not 1 <= month <= 12:
        raise CommandError(f"--month 应为YYYY-MM，收到“{text}”")
    return year, month


class Command(BaseCommand):
    help = "发布环境质量月报（默认上月；已发布的月份不重复发布）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="月份 YYYY-MM，默认上月（北京时间）")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["month"]:
            year, month = _month(options["month"])
        else:
            year, month = bulletin.last_published_month(local_date(now))
        existing = selectors.bulletin_issue_public(year, month)
        if existing is not None:
            self.stdout.write(
                f"{year}年{month}月月报已发布（第{existing.revision}版），未重复发布。"
            )
            return
        try:
            issue = services.bulletin_issue(actor=None, year=year, month=month, now=now)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stdout.write(
            f"已发布{year}年{month}月环境质量月报，SHA-256 {issue.sha256}。"
        )
