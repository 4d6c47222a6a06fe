"""Re-encrypt every reporter's identity under the current key of
REWARD_IDENTITY_KEY(_FILE) and recompute the blind indexes: step 2 of the key
rotation in docs/modules/rewards.md. Safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecobureau.lib import identity_crypto
from ecobureau.rewards import services


class Command(BaseCommand):
    help = "以当前密钥重新加密举报人身份信息并重算盲索引（密钥轮换）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--generate",
            metavar="VERSION",
            help="只生成一条新密钥（如 k2），输出后退出；把它放在密钥环最前面",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("generate"):
            try:
                self.stdout.write(identity_crypto.generate_key(options["generate"]))
            except identity_crypto.KeyRingError as error:
                raise CommandError(str(error)) from None
            return
        count = services.identities_rotate()
        self.stdout.write(f"已重新加密{count}位举报人的身份信息。")
