"""The monthly revisit: ceil(10 %) of each unit's closed cases, at least one, random
and reproducible from the recorded seed, drawn once by the scheduler."""

from datetime import date, datetime
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command

from ecobureau.accounts.tests.factories import UnitFactory
from ecobureau.casework.models import WorkItem
from ecobureau.complaints import services
from ecobureau.complaints.models import Complaint, Revisit, RevisitDraw
from ecobureau.complaints.services.revisits import draw_seed
from ecobureau.core import schedule
from ecobureau.core.models import Record
from ecobureau.lib import complaint_stats
from ecobureau.lib.dates import SHANGHAI

from .conftest import submit

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


def _closed(unit, n, when=datetime(2026, 10, 15, 10, tzinfo=SHANGHAI)):
    made = []
    for i in range(n):
        c = submit(text=f"第{i}号问题：扬尘", place=f"测试路{i}号", anonymous=True)
        Complaint.objects.filter(pk=c.pk).update(
            status="closed", closed_at=when, unit=unit
        )
        made.append(c.pk)
    return made


def test_each_unit_gets_ceil_ten_percent_at_least_one(desk, bureau):
    other = UnitFactory(code="u2", name="铁东分局", kind="sub_bureau", parent=bureau)
    big = _closed(desk, 21)
    small = _closed(other, 3)
    _closed(desk, 2, when=datetime(2026, 11, 2, tzinfo=SHANGHAI))  # another month
    result = services.revisits_draw(month=OCTOBER)
    assert (result.units, result.revisits) == (2, 3 + 1)
    desk_draw = RevisitDraw.objects.get(unit=desk)
    assert (desk_draw.closed, desk_draw.drawn, desk_draw.rate) == (21, 3, "1/10")
    drawn = set(
        Revisit.objects.filter(unit=desk).values_list("complaint_id", flat=True)
    )
    assert drawn <= set(big)
    assert Revisit.objects.filter(unit=other).get().complaint_id in small
    # Reproducible: the recorded seed gives the same sample.
    assert sorted(drawn) == complaint_stats.draw(
        big, rate=Fraction(1, 10), seed=desk_draw.seed
    )
    assert (
        WorkItem.objects.filter(
            kind="complaints.revisit", unit=desk, state="open"
        ).count()
        == 3
    )
    assert Record.objects.filter(action="complaints.revisit.draw").count() == 2


def test_the_job_may_run_twice(desk):
    _closed(desk, 5)
    out = StringIO()
    call_command("draw_revisits", "--month", "2026-10", stdout=out)
    call_command("draw_revisits", "--month", "2026-10", stdout=out)
    assert Revisit.objects.count() == 1
    assert "0个单位" in out.getvalue().splitlines()[-1]


def test_the_job_is_on_the_schedule() -> None:
    job = next(j for j in schedule.SCHEDULE if j.name == "draw_revisits")
    assert (job.cron, job.command) == ("30 6 1 * *", "draw_revisits")


def test_the_rate_is_a_setting(desk, settings):
    settings.COMPLAINT_REVISIT_RATE = "0.5"
    _closed(desk, 5)
    services.revisits_draw(month=OCTOBER)
    assert Revisit.objects.count() == 3


def test_a_revisit_is_recorded_by_the_unit(desk, desk_officer, district_b_officer):
    _closed(desk, 1)
    services.revisits_draw(month=OCTOBER)
    revisit = Revisit.objects.get()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.revisit_record(
            revisit=revisit,
            outcome="resolved",
            satisfaction="",
            notes="x",
            by=district_b_officer,
        )
    services.revisit_record(
        revisit=revisit,
        outcome="resolved",
        satisfaction="satisfied",
        notes="电话回访，问题已解决",
        by=desk_officer,
    )
    revisit.refresh_from_db()
    assert (revisit.status, revisit.done_by) == ("done", desk_officer)
    assert not WorkItem.objects.filter(kind="complaints.revisit", state="open").exists()


def test_the_draw_is_random_yet_reproducible_from_its_seed() -> None:
    """Not the first cases, not the same cases every month: different seeds give
    different samples spread over the whole population; one seed, one sample,
    whatever order the cases are read in."""
    population = list(range(1000, 1100))
    rate = Fraction(1, 10)
    samples = [
        complaint_stats.draw(population, rate=rate, seed=f"salt:2026-{m:02d}:u1")
        for m in range(1, 13)
    ]
    assert all(len(s) == 10 for s in samples)  # ceil(10 % of 100)
    assert len({tuple(s) for s in samples}) == 12
    covered = set().union(*samples)
    assert len(covered) > 60  # 12 draws of 10 from 100 would cover ~72 at random
    assert min(covered) < 1020 and max(covered) > 1080
    assert samples[0] != population[:10]
    again = complaint_stats.draw(
        list(reversed(population)), rate=rate, seed="salt:2026-01:u1"
    )
    assert again == samples[0]
    # Each case is about equally likely: over 400 seeds every case is drawn.
    counts = dict.fromkeys(population, 0)
    for n in range(400):
        for pk in complaint_stats.draw(population, rate=rate, seed=f"s{n}"):
            counts[pk] += 1
    assert min(counts.values()) >= 15 and max(counts.values()) <= 70  # mean 40


@pytest.mark.parametrize(
    ("closed", "drawn"),
    [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (20, 2), (21, 3), (100, 10), (101, 11)],
)
def test_the_sample_size_is_ceil_ten_percent_at_least_one(closed, drawn) -> None:
    assert complaint_stats.sample_size(closed, Fraction(1, 10)) == drawn
    sample = complaint_stats.draw(range(closed), rate=Fraction(1, 10), seed="x")
    assert len(sample) == drawn >= closed / 10


def test_the_installation_salt_changes_the_sample(desk, settings):
    made = _closed(desk, 40)
    settings.COMPLAINT_REVISIT_SEED = "鞍山-盐-1"
    one = complaint_stats.draw(
        made, rate=Fraction(1, 10), seed=draw_seed(OCTOBER, desk)
    )
    settings.COMPLAINT_REVISIT_SEED = "鞍山-盐-2"
    two = complaint_stats.draw(
        made, rate=Fraction(1, 10), seed=draw_seed(OCTOBER, desk)
    )
    assert one != two and len(one) == len(two) == 4
    services.revisits_draw(month=OCTOBER)
    recorded = RevisitDraw.objects.get(unit=desk)
    assert recorded.seed == draw_seed(OCTOBER, desk)
    drawn = sorted(Revisit.objects.values_list("complaint_id", flat=True))
    assert drawn == two
