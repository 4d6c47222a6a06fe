import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import connections

from ecobureau.casework import backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the database (DATABASE_URL, or --database-url) "
        "and MEDIA_ROOT, then verify the record chain and every file; exit 1 when the "
        "restored data does not match the manifest. Stop the other processes first "
        "(docs/operations.md, restore procedure)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="the backup folder (with manifest.json)")
        parser.add_argument("--database-url", default="")
        parser.add_argument("--media-root", default="")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace an existing (non-empty) target database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = (
            backup.Database.from_url(options["database_url"])
            if options["database_url"]
            else backup.Database.from_settings(connections["default"].settings_dict)
        )
        # The default connection may hold the file or database being replaced.
        connections["default"].close()
        media_root = Path(options["media_root"] or settings.MEDIA_ROOT)
        try:
            report = backup.restore(
                Path(options["source"]),
                target=target,
                media_root=media_root,
                force=options["force"],
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if not report["ok"]:
            self.stderr.write("恢复后的数据与备份清单不一致，详见报告。")
            sys.exit(1)
        self.stdout.write("恢复完成，全过程记录与附件文件均已核验。")
