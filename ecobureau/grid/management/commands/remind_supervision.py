"""Scheduled: remind officers of enterprise supervision and 三同时 checks falling due,
and the level above of supervision items (督办事项) whose follow-up is due."""

from typing import Any

from django.core.management.base import BaseCommand

from ecobureau.grid import services


class Command(BaseCommand):
    help = "企业监管与三同时项目到期提醒（每个到期日只提醒一次，可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        enterprises = services.supervision_remind()
        projects = services.projects_remind()
        items = services.supervision_items_remind()
        self.stdout.write(
            f"到期提醒：企业{enterprises}家，三同时项目{projects}个，督办事项{items}项。"
        )
