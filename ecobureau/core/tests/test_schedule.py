import re
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings

from ecobureau.core.management.commands.run_schedule import run_slot
from ecobureau.core.models import ScheduleRun
from ecobureau.core.schedule import SCHEDULE, Job
from ecobureau.lib import cron
from ecobureau.lib.dates import SHANGHAI


def test_every_scheduled_job_is_listed_in_operations_md() -> None:
    text = (Path(settings.BASE_DIR) / "docs" / "operations.md").read_text(
        encoding="utf-8"
    )
    table = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z_0-9]+)` \| `([^`]+)` \|", text, re.M)
    }
    assert table == {job.name: job.cron for job in SCHEDULE}


def test_every_job_names_a_real_command() -> None:
    from django.core.management import get_commands

    commands = get_commands()
    assert all(job.command in commands for job in SCHEDULE)


@pytest.mark.django_db
def test_a_slot_runs_once_however_many_schedulers_try() -> None:
    job = Job("verify_records", "30 2 * * *", "verify_records", (), "校验")
    slot = datetime(2026, 11, 23, 2, 30, tzinfo=SHANGHAI)
    assert run_slot(job, slot) is True
    assert run_slot(job, slot) is False
    run = ScheduleRun.objects.get()
    assert run.status == "done" and "校验通过" in run.output


def test_cron_slots_in_local_time() -> None:
    forecast = cron.parse("0 14 * * *")
    start = datetime(2026, 11, 22, 13, 0, tzinfo=SHANGHAI)
    end = datetime(2026, 11, 23, 15, 0, tzinfo=SHANGHAI)
    assert forecast.slots(start, end) == [
        datetime(2026, 11, 22, 14, 0, tzinfo=SHANGHAI),
        datetime(2026, 11, 23, 14, 0, tzinfo=SHANGHAI),
    ]
    monthly = cron.parse("0 9 1 * *")
    assert monthly.matches(datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
    assert cron.parse("*/15 8-9 * * 1-5").matches(
        datetime(2026, 11, 23, 8, 45, tzinfo=SHANGHAI)
    )
    assert not cron.parse("*/15 8-9 * * 1-5").matches(
        datetime(2026, 11, 22, 8, 45, tzinfo=SHANGHAI)
    )  # Sunday
    with pytest.raises(cron.CronError):
        cron.parse("61 * * * *")
