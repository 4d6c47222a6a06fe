"""Database triggers that protect the record, installed idempotently.

Migration 0002 installs them; `ensure_record_triggers` runs again after every
`migrate` (post_migrate), because SQLite drops a table's triggers whenever Django
rebuilds the table to alter it — a later migration must never leave the record
unprotected without anyone noticing.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

MESSAGE = "core_record is append-only: 全过程记录只能追加，不能修改或删除"
_GUARD = "COALESCE((SELECT mode FROM core_recordguard WHERE id = 1), 'locked') <> 'maintenance'"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION core_record_refuse_change() RETURNS trigger AS $$
BEGIN
    IF {_GUARD} THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_TRIGGERS = {
    "core_record_no_update_delete": (
        "CREATE TRIGGER core_record_no_update_delete BEFORE UPDATE OR DELETE ON core_record "
        "FOR EACH ROW EXECUTE FUNCTION core_record_refuse_change()"
    ),
    "core_record_no_truncate": (
        "CREATE TRIGGER core_record_no_truncate BEFORE TRUNCATE ON core_record "
        "FOR EACH STATEMENT EXECUTE FUNCTION core_record_refuse_change()"
    ),
}
SQLITE_TRIGGERS = {
    "core_record_no_update": (
        f"CREATE TRIGGER IF NOT EXISTS core_record_no_update BEFORE UPDATE ON core_record "
        f"WHEN {_GUARD} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
    "core_record_no_delete": (
        f"CREATE TRIGGER IF NOT EXISTS core_record_no_delete BEFORE DELETE ON core_record "
        f"WHEN {_GUARD} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    ),
}


def existing_triggers(connection: BaseDatabaseWrapper, table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
        return {row[0] for row in cursor.fetchall()}


def ensure_triggers(
    connection: BaseDatabaseWrapper,
    *,
    table: str,
    postgres_function: str,
    postgres: dict[str, str],
    sqlite: dict[str, str],
) -> list[str]:
    """Create whichever of the table's triggers are missing; return their names."""
    wanted = postgres if connection.vendor == "postgresql" else sqlite
    missing = sorted(set(wanted) - existing_triggers(connection, table))
    if not missing:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(postgres_function)
        for name in missing:
            cursor.execute(wanted[name])
    return missing


def ensure_record_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    return ensure_triggers(
        connection,
        table="core_record",
        postgres_function=POSTGRES_FUNCTION,
        postgres=POSTGRES_TRIGGERS,
        sqlite=SQLITE_TRIGGERS,
    )
