"""The scheduler process: runs the jobs of `core.schedule.SCHEDULE` when due.

Each minute it looks at the slots that fell due since it last looked (catching up
at most CATCH_UP after a restart), claims each (job, slot) by inserting a
`ScheduleRun` row — the unique constraint lets exactly one scheduler win — and
calls the job's management command in this process.
"""

import io
import logging
import signal
import socket
import time
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from django.core.management import BaseCommand, call_command
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from ecobureau.core.models import ScheduleRun
from ecobureau.core.schedule import SCHEDULE, Job
from ecobureau.lib import cron
from ecobureau.lib.dates import SHANGHAI

logger = logging.getLogger(__name__)
CATCH_UP = timedelta(hours=1)


class Command(BaseCommand):
    help = "Run scheduled jobs when due (one slot runs once across all schedulers)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument(
            "--interval", type=float, default=20.0, help="seconds between checks"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        parsed = {job.name: cron.parse(job.cron) for job in SCHEDULE}
        last_check = timezone.now().astimezone(SHANGHAI) - timedelta(minutes=1)
        while not self._stopping:
            now = timezone.now().astimezone(SHANGHAI)
            for job in SCHEDULE:
                for slot in parsed[job.name].slots(
                    max(last_check, now - CATCH_UP), now
                ):
                    run_slot(job, slot)
            last_check = now
            close_old_connections()
            if options["once"]:
                return
            self._sleep(options["interval"])

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(0.5)


def run_slot(job: Job, slot: datetime) -> bool:
    """Claim and run one slot of one job; False if another scheduler has it."""
    try:
        with transaction.atomic():
            run = ScheduleRun.objects.create(
                job=job.name, slot=slot, host=socket.gethostname()
            )
    except IntegrityError:
        return False
    output = io.StringIO()
    status = ScheduleRun.Status.DONE
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception as error:  # a failed job must not stop the scheduler
        logger.exception("scheduled job %s failed", job.name)
        output.write(f"\n{type(error).__name__}: {error}")
        status = ScheduleRun.Status.FAILED
    except SystemExit as error:  # commands that sys.exit(non-zero), e.g. verify_records
        if error.code not in (0, None):
            status = ScheduleRun.Status.FAILED
        output.write(f"\nexit {error.code}")
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=timezone.now(), output=output.getvalue()[-10000:]
    )
    return True
