"""Daily: remove monitoring data past its retention (whole monthly partitions on
PostgreSQL) and refused pieces older than 90 days. Safe to run twice."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.monitoring import services


class Command(BaseCommand):
    help = "按保存期限删除过期的自动监控数据。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(services.retention_prune().summary())
