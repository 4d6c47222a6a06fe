"""Import an .xlsx of pollution-control facilities outside a web request, for
files over the import page's 5,000 rows: the same service, the same all-or-none
checks, without the page's cap."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecobureau.accounts.models import User
from ecobureau.enterprises import services


class Command(BaseCommand):
    help = "导入污染防治设施 Excel 文件（全部无误才写入）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--as",
            "--user",
            dest="username",
            required=True,
            help="以该账户的权限和数据范围导入（写入全过程记录）",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="只检查并报告结果，不写入",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有账户 {options['username']}")
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        dry_run = options["dry_run"]
        try:
            with path.open("rb") as file:
                report = services.facility_import(file=file, by=user, dry_run=dry_run)
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from refused
        if not report.ok:
            for row_error in report.errors:
                self.stderr.write(str(row_error))
            raise CommandError(f"未导入：发现 {len(report.errors)} 处错误。")
        counts = (
            f"共 {report.rows} 行，新增 {report.created} 个设施，"
            f"更新 {report.updated} 个，无变化 {report.unchanged} 个。"
        )
        if dry_run:
            self.stdout.write(f"检查通过（试运行，未写入）：{counts}")
        else:
            self.stdout.write(f"导入成功：{counts}")
