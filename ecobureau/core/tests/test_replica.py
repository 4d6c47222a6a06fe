"""Report views read from the replica only while wrapped, and never write there."""

from collections.abc import Iterator

import pytest
from django.db import connections

from ecobureau.core.replica import (
    REPLICA,
    ReplicaRouter,
    reading_from_replica,
    reports_from_replica,
)
from ecobureau.enterprises.models import Enterprise

router = ReplicaRouter()


@pytest.fixture
def replica() -> Iterator[None]:
    """A configured replica alias (as DATABASE_REPLICA_URL adds); no query is run."""
    connections.databases[REPLICA] = dict(connections.databases["default"])
    yield
    connections.databases.pop(REPLICA, None)


@reports_from_replica
def _report() -> str | None:
    return router.db_for_read(Enterprise)


@reports_from_replica
def _failing_report() -> None:
    raise ValueError


def test_reads_go_to_the_replica_only_inside_a_wrapped_view(replica):
    assert router.db_for_read(Enterprise) is None
    assert _report() == REPLICA
    assert router.db_for_read(Enterprise) is None


def test_without_a_configured_replica_everything_reads_the_primary():
    assert _report() is None


def test_writes_and_migrations_always_go_to_the_primary(replica):
    with reading_from_replica():
        assert router.db_for_write(Enterprise) == "default"
    assert router.allow_migrate("default", "enterprises") is True
    assert router.allow_migrate(REPLICA, "enterprises") is False


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    from django.db import transaction

    with reading_from_replica():
        assert router.db_for_read(Enterprise) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Enterprise) is None


def test_the_view_state_is_reset_after_an_exception(replica):
    with pytest.raises(ValueError):
        _failing_report()

    assert router.db_for_read(Enterprise) is None
