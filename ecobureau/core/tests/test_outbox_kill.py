"""A worker killed with SIGKILL in the middle of a task: the effect still happens
exactly once (issue: casework core, background work).

Runs real processes against a SQLite file: migrate, enqueue, `db_worker`, kill -9,
then the sweep. The effect is the delivery row written in the transaction that marks
the outbox row done; the gateway itself sees the message twice with the same
reference, which is what at-least-once delivery with an idempotency key means.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow
LEASE = 30  # seconds; long enough for the checks made within it, even on a busy machine

ENQUEUE = """
from django.db import transaction
from ecobureau.accounts.models import User
from ecobureau.notifications import services
user = User.objects.create(username="officer", phone="13800001111", kind="staff")
with transaction.atomic():
    services.send(recipients=[user], title="超期提醒", channels=["sms"])
"""

REPORT = """
import json
from ecobureau.core.models import OutboxMessage
from ecobureau.notifications.models import Delivery
message = OutboxMessage.objects.get()
print(json.dumps({"status": message.status, "deliveries": Delivery.objects.filter(outbox_id=message.pk).count()}))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ecobureau.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'kill.sqlite3'}",
        SECRET_KEY="kill-test",
        ENVIRONMENT="test",
        SMS_ENABLED="true",
        SMS_BACKEND="ecobureau.notifications.tests.slow_sms.SlowSmsBackend",
        SLOW_SMS_LOG=str(tmp_path / "gateway.log"),
        OUTBOX_LEASE_SECONDS=str(LEASE),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return env


def _manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,  # a busy CI machine migrates slowly; this only bounds a hang
        check=True,
    )
    return result.stdout


def test_killed_worker_effect_happens_exactly_once(tmp_path: Path) -> None:
    env = _env(tmp_path)
    _manage(env, "migrate", "-v", "0")
    _manage(env, "shell", "--no-imports", "-c", ENQUEUE)
    gateway_log = tmp_path / "gateway.log"

    # a worker picks the task up and is killed while the gateway call hangs
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not gateway_log.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert gateway_log.exists(), "the worker never reached the gateway"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    killed_at = time.monotonic()
    assert json.loads(_manage(env, "shell", "--no-imports", "-c", REPORT)) == {
        "status": "claimed",
        "deliveries": 0,
    }

    # within its lease nobody takes the row; after it, the sweep delivers it once
    # (the first check counts only if it finished within the lease: the worker
    # claimed the row before killed_at, and starting Django takes seconds)
    within = _manage(env, "deliver_outbox")
    if time.monotonic() < killed_at + LEASE:
        assert "delivered 0" in within
    time.sleep(max(0.0, killed_at + LEASE + 0.5 - time.monotonic()))
    assert "delivered 1" in _manage(env, "deliver_outbox")
    assert "delivered 0" in _manage(env, "deliver_outbox")
    assert json.loads(_manage(env, "shell", "--no-imports", "-c", REPORT)) == {
        "status": "done",
        "deliveries": 1,
    }
    references = [
        json.loads(line)["reference"] for line in gateway_log.read_text().splitlines()
    ]
    assert len(references) == 2 and len(set(references)) == 1
