"""Daily: the monthly partitions of the monitoring data tables, months ahead
(PostgreSQL; nothing to do on SQLite). Safe to run twice."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.monitoring import services


class Command(BaseCommand):
    help = "为自动监控数据表提前创建月分区。"

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.partitions_ensure()
        self.stdout.write(f"新建分区{len(created)}个：{'、'.join(created) or '无'}")
