"""Load the reference data every installation needs; safe to run on every start.

The rules for what a re-run changes are in `ecobureau.accounts.reference.loader`.
After the divisions, units, departments and roles, each module that ships its own
reference data (the service catalogue, code tables …) loads it: a module's
`reference.py` with a `load(stdout, verbosity)` function is called in the order of
INSTALLED_APPS, and must be as safe to re-run as this command.
"""

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecobureau.accounts.reference import loader


class Command(BaseCommand):
    help = (
        "载入基础数据（行政区划、本局单位、26个部门及其环保职责、角色）。"
        "可重复运行：只应用有变化的数据集，不恢复管理员删除或修改的内容。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--city",
            choices=sorted(loader.CITIES),
            help=(
                "载入哪个城市的区划与单位。不指定时：设置项 REFERENCE_CITY，"
                "否则数据库中已载入的城市，否则 anshan。"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            results, permissions_added = loader.reference_load(city=options["city"])
        except loader.ReferenceDataError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            for result in results:
                self.stdout.write(_describe(result))
            self.stdout.write(f"角色：补充权限 {permissions_added} 项。")
        for module in _module_reference_loaders():
            module.load(self.stdout, options["verbosity"])


def _module_reference_loaders() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        if (
            not config.name.startswith("ecobureau.")
            or config.name == "ecobureau.accounts"
        ):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.reference"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.reference":
                raise
    return found


def _describe(result: loader.Result) -> str:
    head = f"{result.dataset}（{result.version}）："
    if not result.applied:
        return head + "未变化，跳过。"
    parts = [
        f"新增 {result.created}",
        f"更新 {result.updated}",
        f"不变 {result.unchanged}",
    ]
    if result.kept_changed or result.kept_deleted:
        parts.append(
            f"保留管理员的修改 {result.kept_changed}、删除 {result.kept_deleted}"
        )
    if result.skipped:
        parts.append(f"缺少上级或区划未建 {result.skipped}")
    if result.duties_written or result.duties_kept:
        parts.append(
            f"写入职责的单位 {result.duties_written}，"
            f"职责已被修改而保留 {result.duties_kept}"
        )
    return head + "，".join(parts) + "。"
