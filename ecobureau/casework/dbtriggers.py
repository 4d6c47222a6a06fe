"""Triggers that keep `casework_workitemtally` exact (see WorkItemTally), installed
idempotently after every `migrate`: SQLite drops a table's triggers whenever Django
rebuilds the table, so a later migration of WorkItem would silently stop the tally.
When they had to be restored, the tally is recounted from the work items."""

from django.db.backends.base.base import BaseDatabaseWrapper

from ecobureau.core.dbtriggers import ensure_triggers

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION casework_workitem_tally() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state = 'open' THEN
        UPDATE casework_workitemtally SET n = n - 1
        WHERE district_key = COALESCE(OLD.district_id, 0) AND urgency = OLD.urgency;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state = 'open' THEN
        INSERT INTO casework_workitemtally (district_key, urgency, n)
        VALUES (COALESCE(NEW.district_id, 0), NEW.urgency, 1)
        ON CONFLICT (district_key, urgency) DO UPDATE SET n = casework_workitemtally.n + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_TRIGGERS = {
    "casework_workitem_tally": (
        "CREATE TRIGGER casework_workitem_tally "
        "AFTER INSERT OR DELETE OR UPDATE OF state, urgency, district_id ON casework_workitem "
        "FOR EACH ROW EXECUTE FUNCTION casework_workitem_tally()"
    ),
}
_DEC = (
    "UPDATE casework_workitemtally SET n = n - 1 "
    "WHERE district_key = COALESCE(OLD.district_id, 0) AND urgency = OLD.urgency;"
)
_INC = (
    "INSERT INTO casework_workitemtally (district_key, urgency, n) "
    "VALUES (COALESCE(NEW.district_id, 0), NEW.urgency, 1) "
    "ON CONFLICT (district_key, urgency) DO UPDATE SET n = n + 1;"
)
SQLITE_TRIGGERS = {
    "casework_workitem_tally_insert": (
        "CREATE TRIGGER IF NOT EXISTS casework_workitem_tally_insert AFTER INSERT ON "
        f"casework_workitem WHEN NEW.state = 'open' BEGIN {_INC} END"
    ),
    "casework_workitem_tally_delete": (
        "CREATE TRIGGER IF NOT EXISTS casework_workitem_tally_delete AFTER DELETE ON "
        f"casework_workitem WHEN OLD.state = 'open' BEGIN {_DEC} END"
    ),
    "casework_workitem_tally_leave": (
        "CREATE TRIGGER IF NOT EXISTS casework_workitem_tally_leave AFTER UPDATE OF state, "
        f"urgency, district_id ON casework_workitem WHEN OLD.state = 'open' BEGIN {_DEC} END"
    ),
    "casework_workitem_tally_enter": (
        "CREATE TRIGGER IF NOT EXISTS casework_workitem_tally_enter AFTER UPDATE OF state, "
        f"urgency, district_id ON casework_workitem WHEN NEW.state = 'open' BEGIN {_INC} END"
    ),
}
RECOUNT = [
    "DELETE FROM casework_workitemtally",
    "INSERT INTO casework_workitemtally (district_key, urgency, n) "
    "SELECT COALESCE(district_id, 0), urgency, COUNT(*) FROM casework_workitem "
    "WHERE state = 'open' GROUP BY COALESCE(district_id, 0), urgency",
]


def ensure_tally_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    restored = ensure_triggers(
        connection,
        table="casework_workitem",
        postgres_function=POSTGRES_FUNCTION,
        postgres=POSTGRES_TRIGGERS,
        sqlite=SQLITE_TRIGGERS,
    )
    if restored:
        with connection.cursor() as cursor:
            for statement in RECOUNT:
                cursor.execute(statement)
    return restored
