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
