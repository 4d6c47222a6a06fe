"""Flag rectification tasks and petition cases that are late (a 督办函 is due) or
at risk (预警): run daily by the scheduler (docs/operations.md); safe to run twice."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.rectification import services


class Command(BaseCommand):
    help = "标记超期和存在完成风险的督察整改事项（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.check_late_and_at_risk()
        self.stdout.write(f"超期{result.late}项，预警{result.at_risk}项。")
