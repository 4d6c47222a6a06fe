"""Reports read from a PostgreSQL streaming replica when one is configured
(issue 16 item 2: "read replicas for reports where it helps").

`DATABASE_REPLICA_URL` names the replica; without it everything reads the primary
and nothing here has any effect. Only views wrapped in `reports_from_replica` read
from it, and only for the duration of the view: the session and user are loaded by
middleware from the primary before, and every write goes to the primary. The pages
so wrapped are read-only figures over months of data (leadership, statistics,
exports) where a lag of a second does not matter and the primary's CPU does.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db import connections

REPLICA = "replica"
_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def replica_configured() -> bool:
    return REPLICA in connections.databases


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reports_from_replica(view: Callable[P, R]) -> Callable[P, R]:
    """Run a read-only report view's queries on the replica, when there is one."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Installed only when the replica is configured (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not (_reading_replica.get() and replica_configured()):
            return None
        # A service called from a report view (an export writes its record entry)
        # runs in a transaction on the primary; what it reads there must be the
        # primary's rows — the record chain's head above all, or the chain forks.
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both databases hold the same rows: objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica is a physical copy; it receives the primary's migrations.
        return db == "default"
