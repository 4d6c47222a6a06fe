"""The database itself refuses changes to the whole-process record.

UPDATE and DELETE (and TRUNCATE on PostgreSQL) on core_record fail unless the
one-row guard core_recordguard is in 'maintenance' mode, which only the test
harness and the documented restore procedure set (docs/operations.md). The SQL is
in ecobureau/core/dbtriggers.py, which also re-installs the triggers after every
migrate (SQLite drops them when a migration rebuilds a table).
"""

from django.db import migrations

from ecobureau.core.dbtriggers import (
    POSTGRES_TRIGGERS,
    SQLITE_TRIGGERS,
    ensure_record_triggers,
)


def install(apps, schema_editor):
    if schema_editor.connection.vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(  # only SQLite and PostgreSQL are supported (settings.py)
            f"no record triggers for {schema_editor.connection.vendor}"
        )
    ensure_record_triggers(schema_editor.connection)
    apps.get_model("core", "RecordGuard").objects.update_or_create(
        pk=1, defaults={"mode": "locked", "reason": "installed"}
    )


def remove(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (" ON core_record" if postgres else "")
        )
    if postgres:
        schema_editor.execute("DROP FUNCTION IF EXISTS core_record_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
