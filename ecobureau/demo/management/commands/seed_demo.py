"""Build the demo city (示例数据) through the modules' services.

Refused unless DEMO_DATA=true, and always on a production database (ENVIRONMENT=production,
or a database `migrate` once marked production: core.installation). With --if-empty it does
nothing when the registry already holds enterprises (`make run` on a second start).
The generated logins are printed once and, with --logins-file, written to a
git-ignored file so `make run` can show them again.
"""

import importlib
import time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from ecobureau.core.installation import (
    DemoRefused,
    note_demo_loaded,
    refuse_demo_on_production,
)
from ecobureau.demo.city import DemoCity
from ecobureau.enterprises.models import Enterprise


class Command(BaseCommand):
    help = "Build the labelled demo city (示例数据) through the services. DEMO_DATA=true only."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=20261122)
        parser.add_argument("--if-empty", action="store_true")
        parser.add_argument("--logins-file", default="")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="share of the full city's enterprise registry (browser tests use less)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_demo_on_production()
        except DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        if not settings.DEMO_DATA:
            raise CommandError("示例数据仅在 DEMO_DATA=true 时生成。")
        if options["if_empty"] and Enterprise.objects.exists():
            self.stdout.write("数据库已有企业档案，跳过示例数据。")
            return
        call_command("load_reference", verbosity=0)
        started = time.monotonic()
        note_demo_loaded()
        city = DemoCity.start(seed=options["seed"])
        city.shared["scale"] = options["scale"]
        for config, step in _steps():
            with transaction.atomic():
                step.build(city)
            self.stderr.write(
                f"示例数据：{config.verbose_name} 完成（{time.monotonic() - started:.1f} 秒）"
            )
        self._report(city, options["logins_file"])

    def _report(self, city: DemoCity, logins_file: str) -> None:
        lines = [
            f"  {username:<24} {role}{'（' + note + '）' if note else ''}"
            for username, role, note in city.logins
        ]
        lines.append(f"  所有示例账号的密码：{city.password}")
        text = "\n".join(lines) + "\n"
        self.stdout.write("示例账号（示例数据，仅供演示）：\n" + text)
        if logins_file:
            path = Path(logins_file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            path.chmod(0o600)


def _steps() -> list[tuple[Any, Any]]:
    """Each module's `demo.py`, ordered by its ORDER (then INSTALLED_APPS order)."""
    found = []
    for index, config in enumerate(apps.get_app_configs()):
        if not config.name.startswith("ecobureau."):
            continue
        try:
            step = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        found.append((getattr(step, "ORDER", 50), index, config, step))
    return [(config, step) for _, _, config, step in sorted(found, key=lambda s: s[:2])]
