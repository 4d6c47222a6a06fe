"""Two people report one violation at nearly the same moment: exactly one is first
(实施细则 第十条: by the time the bureau registered each report).

Each registration runs in its own thread with its own database connection, on
SQLite and on PostgreSQL. The position is claimed by one conditional increment of
the matter's counter (`last_position = last_position + 1`) under the matter's row
lock, and the unique constraint (matter, position) refuses a second report in the
same place whatever happens; a registration that loses a race on the database is
run again from the start (`registration.REGISTER_RETRY_SECONDS`)."""

import threading

import pytest
from django.db import IntegrityError, connections, transaction

from ecobureau.rewards import services
from ecobureau.rewards.models import RewardMatter, RewardReport

from .conftest import LI, ZHANG, register

PARTY = "鞍山市鑫丰化工有限公司"


def _race(handler, identities, *, rounds: int = 1) -> list[object]:
    barrier = threading.Barrier(len(identities))
    results: list[object] = [None] * len(identities)

    def run(index: int, identity) -> None:
        try:
            barrier.wait(30)
            results[index] = register(handler, party=PARTY, reporters=[identity])
        except Exception as error:  # collected and asserted below
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, who)) for i, who in enumerate(identities)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_reports_at_the_same_moment_get_exactly_one_first(handler, attempt):
    results = _race(handler, (ZHANG, LI))
    assert all(isinstance(r, RewardReport) for r in results), results
    assert RewardMatter.objects.count() == 1
    reports = list(RewardReport.objects.order_by("position"))
    assert [r.position for r in reports] == [1, 2]
    assert reports[0].registered_at <= reports[1].registered_at
    assert len({r.registration_no for r in reports}) == 2
    firsts = [r for r in reports if services.first_valid(r.matter) == r]
    assert firsts == [reports[0]]
    assert RewardMatter.objects.get().last_position == 2


@pytest.mark.django_db(transaction=True)
def test_five_at_once_are_numbered_one_to_five(handler):
    people = [
        services.Identity(
            name=f"举报人{n}",
            id_number=f"21030219900101{n:03d}1",
            phone=f"1380000{n:04d}",
        )
        for n in range(5)
    ]
    results = _race(handler, people)
    assert all(isinstance(r, RewardReport) for r in results), results
    positions = sorted(RewardReport.objects.values_list("position", flat=True))
    assert positions == [1, 2, 3, 4, 5]
    first = services.first_valid(RewardMatter.objects.get())
    assert first is not None and first.position == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_report_in_the_same_place(handler):
    """The constraint is the last guard: even a write that bypasses the counter
    cannot make two reports first."""
    report = register(handler, party=PARTY)
    with pytest.raises(IntegrityError), transaction.atomic():
        RewardReport.objects.create(
            status="registered",
            registration_no="JB-TEST-0002",
            registered_at=report.registered_at,
            channel="visit",
            matter=report.matter,
            position=report.position,
            reported_party=PARTY,
            reported_address="x",
            facts="x",
        )
    assert RewardReport.objects.count() == 1
