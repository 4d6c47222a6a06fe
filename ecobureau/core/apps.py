from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ecobureau.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_record_triggers, sender=self)
        post_migrate.connect(_mark_production_database, sender=self)


def _ensure_record_triggers(
    sender: object, using: str = "default", **kwargs: object
) -> None:
    """Migrations that rebuild a table on SQLite drop its triggers: restore them."""
    from django.db import connections

    from .dbtriggers import ensure_record_triggers

    if "core_record" in connections[using].introspection.table_names():
        ensure_record_triggers(connections[using])


def _mark_production_database(
    sender: object, using: str = "default", **kwargs: object
) -> None:
    """`migrate` under ENVIRONMENT=production marks the database (issue 16 item 5)."""
    from django.conf import settings

    if settings.ENVIRONMENT == "production":
        from .installation import mark_production

        mark_production(using)
