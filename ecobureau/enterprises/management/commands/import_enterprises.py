"""Import an .xlsx of enterprises outside a web request, for files too large to
upload and check within one (100,000 rows take a few minutes)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecobureau.accounts.models import User
from ecobureau.enterprises import services


class Command(BaseCommand):
    help = "导入企业档案 Excel 文件（全部无误才写入）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="以该账户的权限和数据范围导入（写入全过程记录）",
        )
        parser.add_argument(
            "--add-only",
            action="store_true",
            help="已登记的统一社会信用代码作为错误列出，不更新",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有账户 {options['username']}")
        with options["path"].open("rb") as file:
            report = services.enterprise_import(
                file=file, by=user, update_existing=not options["add_only"]
            )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(f"未导入：发现 {len(report.errors)} 处错误。")
        self.stdout.write(
            f"导入成功：共 {report.rows} 行，新建 {report.created} 家，"
            f"更新 {report.updated} 家，无变化 {report.unchanged} 家。"
        )
