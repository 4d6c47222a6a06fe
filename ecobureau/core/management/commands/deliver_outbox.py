from typing import Any

from django.core.management import BaseCommand

from ecobureau.core import outbox


class Command(BaseCommand):
    help = (
        "Deliver pending outbox messages and those a dead worker left (safe to rerun)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        delivered = outbox.sweep(limit=options["limit"])
        self.stdout.write(f"delivered {delivered}")
