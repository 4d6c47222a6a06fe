import pytest
from django.core.management import call_command
from django.db import connection

from ecobureau.casework.dbtriggers import POSTGRES_TRIGGERS as TALLY_PG
from ecobureau.casework.dbtriggers import SQLITE_TRIGGERS as TALLY_SQLITE
from ecobureau.core.dbtriggers import (
    POSTGRES_TRIGGERS,
    SQLITE_TRIGGERS,
    existing_triggers,
)


def _wanted(pg: dict, sqlite: dict) -> set[str]:
    return set(pg if connection.vendor == "postgresql" else sqlite)


@pytest.mark.django_db
def test_protective_triggers_are_in_place_after_all_migrations() -> None:
    # SQLite drops triggers when a migration rebuilds a table; post_migrate restores them.
    assert _wanted(POSTGRES_TRIGGERS, SQLITE_TRIGGERS) <= existing_triggers(
        connection, "core_record"
    )
    assert _wanted(TALLY_PG, TALLY_SQLITE) <= existing_triggers(
        connection, "casework_workitem"
    )


@pytest.mark.django_db
def test_a_dropped_trigger_comes_back_with_the_next_migrate() -> None:
    name = sorted(_wanted(POSTGRES_TRIGGERS, SQLITE_TRIGGERS))[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER {name}"
            + (" ON core_record" if connection.vendor == "postgresql" else "")
        )
    assert name not in existing_triggers(connection, "core_record")
    call_command("migrate", verbosity=0)
    assert name in existing_triggers(connection, "core_record")
