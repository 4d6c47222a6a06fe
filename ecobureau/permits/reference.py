"""The service catalogue as reference data: `manage.py load_reference` (run by
`make install` and `make run`) calls `load` after the divisions, units and roles.

Safe to run on every start: the file is applied only when it changed, and an
item staff edited keeps their edits (services/catalogue.py).
"""

from typing import TextIO

from .services import catalogue as catalogue_services


def load(stdout: TextIO, verbosity: int) -> None:
    result = catalogue_services.catalogue_load()
    if verbosity < 1:
        return
    head = f"permits.catalogue（{result.version}）："
    if not result.applied:
        stdout.write(head + "未变化，跳过。\n")
        return
    parts = [
        f"新增 {result.created}",
        f"更新 {result.updated}",
        f"不变 {result.unchanged}",
    ]
    if result.kept_changed or result.kept_deleted:
        parts.append(
            f"保留工作人员的修改 {result.kept_changed} 组、删除 {result.kept_deleted} 项"
        )
    stdout.write(head + "，".join(parts) + "。\n")
