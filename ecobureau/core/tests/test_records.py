import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from ecobureau.core import records
from ecobureau.core.models import Record


def _append(n: int = 3) -> list[Record]:
    with transaction.atomic():
        return [
            records.append(action="test.step", target=("tests.case", i), data={"i": i})
            for i in range(n)
        ]


@pytest.mark.django_db
def test_entries_form_a_chain_that_verifies() -> None:
    first, second, third = _append()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert records.verify() == (3, None)


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused() -> None:
    # The entry must commit or roll back with the change it describes.
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        records.append(action="x", target=("tests.case", 1))
    assert not Record.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql", ["UPDATE core_record SET action = 'hack'", "DELETE FROM core_record"]
)
def test_database_refuses_update_and_delete(sql: str) -> None:
    _append()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert Record.objects.count() == 3


@pytest.mark.django_db
def test_postgresql_refuses_truncate() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    _append()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE core_record")
    assert Record.objects.count() == 3


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER core_record_no_update_delete ON core_record")
        else:
            cursor.execute("DROP TRIGGER core_record_no_update")
            cursor.execute("DROP TRIGGER core_record_no_delete")


@pytest.mark.django_db
def test_verify_records_finds_an_entry_changed_behind_the_triggers(capsys) -> None:
    # given three entries, and someone with the triggers removed editing the second
    _append()
    _drop_triggers()  # rolled back with the test's transaction
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_record SET payload = REPLACE(payload, '\"i\":1', '\"i\":9') WHERE seq = 2"
        )
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_records")
    # then
    assert exit_info.value.code == 1
    assert "第2条" in capsys.readouterr().err


@pytest.mark.django_db
def test_verify_finds_a_deleted_entry_and_a_changed_column() -> None:
    _append(4)
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_record SET actor_id = 99 WHERE seq = 2")
    checked, fault = records.verify()
    assert fault is not None and fault.seq == 2 and "actor" in fault.reason
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_record SET actor_id = NULL WHERE seq = 2")
        cursor.execute("DELETE FROM core_record WHERE seq = 3")
    checked, fault = records.verify()
    assert fault is not None
    assert (checked, fault.seq) == (2, 3) and "删除" in fault.reason


@pytest.mark.django_db
def test_guard_switch_is_recorded_and_lets_maintenance_through() -> None:
    _append()
    records.set_guard(mode="maintenance", reason="restore drill")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_record WHERE seq = 1")
    records.set_guard(mode="locked", reason="restore done")
    assert records.guard_mode() == "locked"
    guard_entries = Record.objects.filter(action="record.guard").values_list(
        "payload", flat=True
    )
    assert any("restore drill" in payload for payload in guard_entries)
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_record")


@pytest.mark.django_db
def test_personal_data_is_not_needed_to_describe_access() -> None:
    with transaction.atomic():
        entry = records.append(
            action="confidential.view",
            target=("rewards.reporter", 123),
            data={"field": "identity"},
        )
    payload = records.payload_of(entry)
    assert payload["target_id"] == "123" and payload["action"] == "confidential.view"
