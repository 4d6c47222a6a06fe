"""Two people report one violation at nearly the same moment: exactly one is first
(实施细则 第十条: by the time the bureau registered each report). On PostgreSQL
with threads, each its own connection."""

import threading

import pytest
from django.db import connection, connections

from ecobureau.rewards.models import RewardMatter, RewardReport

from .conftest import LI, ZHANG, register


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_the_same_moment_get_one_first_postgresql(handler):
    if connection.vendor != "postgresql":
        pytest.skip(
            "thread concurrency needs a server database (SQLite serialises writers)"
        )
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def run(index: int, identity) -> None:
        try:
            barrier.wait()
            results[index] = register(
                handler, party="鞍山市鑫丰化工有限公司", reporters=[identity]
            )
        except Exception as error:  # collected and asserted below
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, who)) for i, who in enumerate((ZHANG, LI))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(isinstance(r, RewardReport) for r in results), results
    assert RewardMatter.objects.count() == 1
    reports = list(RewardReport.objects.order_by("position"))
    assert [r.position for r in reports] == [1, 2]
    assert reports[0].registered_at <= reports[1].registered_at
    assert len({r.registration_no for r in reports}) == 2
    from ecobureau.rewards import services

    assert services.first_valid(reports[0].matter) == reports[0]
