from typing import Any

from django.core.management import BaseCommand, CommandError

from ecobureau.core import records
from ecobureau.core.models import RecordGuard


class Command(BaseCommand):
    help = (
        "Show or switch the record guard. Only the documented restore procedure "
        "switches it to maintenance (docs/operations.md); each switch is recorded."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("mode", nargs="?", choices=RecordGuard.Mode.values)
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        mode = options["mode"]
        if mode is None:
            self.stdout.write(records.guard_mode())
            return
        if not options["reason"].strip():
            raise CommandError("--reason is required to switch the guard")
        records.set_guard(mode=mode, reason=options["reason"])
        self.stdout.write(f"record guard: {mode}")
