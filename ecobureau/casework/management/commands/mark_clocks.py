from typing import Any

from django.core.management import BaseCommand

from ecobureau.casework import services


class Command(BaseCommand):
    help = (
        "Mark legal clocks that crossed their due-soon or overdue line (safe to rerun)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.clocks_mark_due()
        self.stdout.write(f"临期 {result.due_soon}，超期 {result.overdue}")
