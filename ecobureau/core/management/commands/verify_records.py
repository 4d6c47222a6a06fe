import sys
from typing import Any

from django.core.management import BaseCommand

from ecobureau.core import records


class Command(BaseCommand):
    help = (
        "Re-hash the whole-process record in order; exit non-zero naming the first "
        "entry that does not verify."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checked, fault = records.verify()
        if fault is None:
            self.stdout.write(f"全过程记录校验通过：共{checked}条。")
            return
        self.stderr.write(
            f"全过程记录校验失败：第{fault.seq}条 —— {fault.reason}（此前{checked}条通过）"
        )
        sys.exit(1)
