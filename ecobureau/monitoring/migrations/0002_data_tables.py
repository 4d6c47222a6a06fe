"""The gateway's data tables (Frame, Reading, SummaryReading are unmanaged
models): monthly partitions with a default partition on PostgreSQL, plain
WITHOUT ROWID tables on SQLite. See monitoring/storage.py."""

from django.db import migrations
from django.utils import timezone


def create(apps, schema_editor):
    from ecobureau.monitoring import storage

    storage.create_tables(schema_editor.connection, now=timezone.now())


def drop(apps, schema_editor):
    from ecobureau.monitoring import storage

    storage.drop_tables(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
