"""Every 5 minutes: online/offline from the last data received; an alarm when an
instrument's data stops. Safe to run twice: each change is claimed once."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.monitoring import services


class Command(BaseCommand):
    help = "判定自动监控设施在线/离线，离线报警。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.links_sweep()
        self.stdout.write(f"离线{result.offline}台，恢复在线{result.online}台")
