from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from ecobureau.casework import backup


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT/blobs into a new folder with manifest.json "
        "(SHA-256 of each file, the record chain's head). docs/operations.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--to",
            default="",
            help="the new backup folder (default: <--into>/<UTC time>)",
        )
        parser.add_argument(
            "--into",
            default="",
            help="the folder that holds the dated backups (default: backups/)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="then delete all but the newest N complete backups in --into",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        into = Path(options["into"] or Path(settings.BASE_DIR) / "backups")
        dest = Path(options["to"]) if options["to"] else into / stamp
        try:
            manifest = backup.backup(dest, media_root=Path(settings.MEDIA_ROOT))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        record = manifest["record"]
        self.stdout.write(
            f"备份完成：{dest}\n"
            f"  全过程记录 {record['entries']} 条，链头 第{record['head_seq']}条 "
            f"{record['head_hash'][:16]}…\n"
            f"  附件文件 {manifest['blobs']} 个"
        )
        if options["keep"] > 0:
            for old in backup.prune(into, keep=options["keep"]):
                self.stdout.write(f"已删除较早的备份：{old}")
