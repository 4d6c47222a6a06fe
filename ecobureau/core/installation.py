"""Production databases refuse demo data (issue 16 item 5; docs/operations.md).

The process's ENVIRONMENT setting is not enough on its own: a database copied from
production, or a production process started once with the wrong settings, must still
refuse. So `migrate` under ENVIRONMENT=production marks the database itself, and the
demo loader asks the database as well as the settings.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import records
from .models import Installation


class DemoRefused(Exception):
    """Demo data or demo accounts asked for on a production database."""


def is_production(using: str = "default") -> bool:
    return (
        settings.ENVIRONMENT == "production"
        or Installation.objects.using(using)
        .filter(production_since__isnull=False)
        .exists()
    )


def mark_production(using: str = "default") -> bool:
    """Mark the database production (once; never undone). Returns True if marked now.

    Refuses a database that ever held demo data: its accounts and passwords were
    printed on a screen."""
    with transaction.atomic(using=using):
        row, _ = Installation.objects.using(using).get_or_create(pk=1)
        if row.production_since:
            return False
        if row.demo_loaded_at:
            raise DemoRefused(
                "该数据库载入过示例数据，不能标记为生产库；请用新数据库部署生产环境。"
            )
        row.production_since = timezone.now()
        row.save(using=using, update_fields=["production_since"])
        if using == "default":
            records.append(
                action="installation.production",
                target=("core.installation", 1),
                after="production",
            )
    return True


def refuse_demo_on_production(using: str = "default") -> None:
    if is_production(using):
        raise DemoRefused(
            "生产环境数据库不能载入示例数据或示例账号（本库已标记为生产库，或 ENVIRONMENT=production）。"
        )


def note_demo_loaded(using: str = "default") -> None:
    with transaction.atomic(using=using):
        row, _ = Installation.objects.using(using).get_or_create(pk=1)
        if row.demo_loaded_at is None:
            row.demo_loaded_at = timezone.now()
            row.save(using=using, update_fields=["demo_loaded_at"])
