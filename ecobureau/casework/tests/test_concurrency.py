"""Two people acting on one case at the same moment: exactly one wins, the other is
told, and the record's chain stays whole. On PostgreSQL with threads (each its own
connection); on SQLite with two real processes sharing the database file."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections

from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.casework import services
from ecobureau.casework.models import Accountability
from ecobureau.casework.processes import ACCOUNTABILITY
from ecobureau.core import records
from ecobureau.core.models import Record


def _open_followups(n: int, district) -> list[Accountability]:
    followups = []
    for i in range(n):
        followup = services.accountability_open(
            source=("casework.clock", 10_000 + i),
            source_label=f"测试{i}",
            lapse="超期",
            person_responsible=None,
            by=None,
            district_id=district.pk,
        )
        assert followup is not None
        followups.append(followup)
    return followups


@pytest.fixture
def reviewer(bureau):
    legal = UnitFactory(code="legal", name="法制科", parent=bureau)
    return UserFactory(
        username="fazhi", unit=legal, scope="city", role_codes=["legal_reviewer"]
    )


def _in_threads(jobs: list) -> list:
    results: list = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = jobs[index]()
        except Exception as error:  # collected and asserted by the caller
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_transitions_on_one_case_at_once_postgresql(reviewer, district_a) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "thread concurrency needs a server database; SQLite is tested with processes below"
        )
    (followup,) = _open_followups(1, district_a)
    copies = [Accountability.objects.get(pk=followup.pk) for _ in range(2)]
    results = _in_threads(
        [
            lambda: services.case_transition(
                process=ACCOUNTABILITY,
                case=copies[0],
                transition="investigate",
                by=reviewer,
            ),
            lambda: services.case_transition(
                process=ACCOUNTABILITY,
                case=copies[1],
                transition="dismiss",
                by=reviewer,
                changes={"findings": "不属实"},
            ),
        ]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert (
        len(errors) == 1
        and isinstance(errors[0], ValidationError)
        and errors[0].code == "stale"
    )
    followup.refresh_from_db()
    assert followup.version == 1 and followup.status in ("investigating", "dismissed")
    assert records.verify()[1] is None


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_transitions_keep_the_chain_whole_postgresql(
    reviewer, district_a
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("thread concurrency needs a server database")
    followups = _open_followups(20, district_a)
    results = _in_threads(
        [
            (
                lambda f=f: services.case_transition(
                    process=ACCOUNTABILITY,
                    case=f,
                    transition="investigate",
                    by=reviewer,
                )
            )
            for f in followups
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    checked, fault = records.verify()
    assert fault is None and checked == Record.objects.count()
    seqs = list(Record.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


SETUP = """
from ecobureau.accounts.models import Unit, User, Role
from ecobureau.accounts.services import roles_load_catalogue
from ecobureau.casework import services
from ecobureau.core.models import Division
roles_load_catalogue()
city = Division.objects.create(code="210300", name="鞍山市", kind="city", level=1)
district = Division.objects.create(code="210302", name="铁东区", kind="district", level=2, parent=city)
legal = Unit.objects.create(code="legal", name="法制科", kind="section")
user = User.objects.create(username="fazhi", unit=legal, scope="city", kind="staff")
user.roles.set(Role.objects.filter(code="legal_reviewer"))
services.accountability_open(source=("casework.clock", 1), source_label="测试", lapse="超期", person_responsible=None, by=None, district_id=district.pk)
"""

ACT = """
import json, os, time
from django.core.exceptions import ValidationError
from ecobureau.accounts.models import User
from ecobureau.casework import services
from ecobureau.casework.models import Accountability
from ecobureau.casework.processes import ACCOUNTABILITY
case = Accountability.objects.get()
by = User.objects.get(username="fazhi")
# Both processes hold the case as loaded before either acts (a barrier of files,
# not a start time: a busy machine may take seconds to start a process).
barrier = os.environ["BARRIER"]
open(os.path.join(barrier, os.environ["TRANSITION"]), "w").close()
deadline = time.time() + 300
while len(os.listdir(barrier)) < 2 and time.time() < deadline:
    time.sleep(0.001)
try:
    services.case_transition(process=ACCOUNTABILITY, case=case, transition=os.environ["TRANSITION"], by=by, changes={"findings": "并发测试"})
    print(json.dumps({"ok": True}))
except ValidationError as error:
    print(json.dumps({"ok": False, "code": error.code}))
"""


def test_two_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ecobureau.settings",
        SECRET_KEY="concurrency",
        ENVIRONMENT="test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'race.sqlite3'}",
    )

    def manage(*args: str, extra: dict | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env={**env, **(extra or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    for args in (("migrate", "-v", "0"), ("shell", "--no-imports", "-c", SETUP)):
        process = manage(*args)
        assert process.wait(600) == 0, process.stderr.read() if process.stderr else ""
    barrier = tmp_path / "barrier"  # both processes load the case, then act together
    barrier.mkdir()
    racers = [
        manage(
            "shell",
            "--no-imports",
            "-c",
            ACT,
            extra={"BARRIER": str(barrier), "TRANSITION": t},
        )
        for t in ("investigate", "dismiss")
    ]
    outcomes = []
    for racer in racers:
        out, err = racer.communicate(timeout=600)
        assert racer.returncode == 0, err
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    assert sorted(o["ok"] for o in outcomes) == [False, True]
    assert [o.get("code") for o in outcomes if not o["ok"]] == ["stale"]
    check = manage("verify_records")
    assert check.wait(60) == 0
