"""What the HJ 212 fault and failover tests share: simulated instruments
provisioned on the test database, and the reconciliation of the simulator's ack
log with what the database holds.

The rule checked: every packet that received its 9014 is stored exactly once
(its frame row with the QN it was sent with, and all its value rows), and
nothing is stored that the simulator did not send (HJ 212-2017 6.2: the
instrument resends until acknowledged, so the gateway must store a resent packet
once).
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
MANAGE = str(ROOT / "manage.py")

Key = tuple[str, int, str, int]  # MN, CN, data time (local), packet number


def provision(devices: int, credentials: Path, *, prefix: str) -> list[int]:
    """Register `devices` instruments named `prefix…` and delete their data from an
    earlier run; the database is the one of DATABASE_URL (Django set up)."""
    from django.db import connection

    from ecobureau.monitoring.models import Instrument

    subprocess.run(
        [
            PYTHON,
            MANAGE,
            "hj212",
            "--skip-checks",
            "provision",
            "--devices",
            str(devices),
            "--credentials",
            str(credentials),
            "--prefix",
            prefix,
        ],
        cwd=ROOT,
        check=True,
    )
    ids = list(
        Instrument.objects.filter(mn__startswith=prefix).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        for table in ("monitoring_frame", "monitoring_reading", "monitoring_summary"):
            cursor.execute(
                f"DELETE FROM {table} WHERE instrument_id = ANY(%s)",  # noqa: S608
                [ids],
            )
    connection.close()
    return ids


def durability_settings() -> dict[str, str]:
    from django.db import connection

    shown = {}
    with connection.cursor() as cursor:
        for name in (
            "server_version",
            "fsync",
            "synchronous_commit",
            "full_page_writes",
            "wal_sync_method",
        ):
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]
    return shown


@dataclass
class Check:
    ok: bool
    missing: list[Key] = field(default_factory=list)
    bad_values: list[tuple[str, str, int]] = field(default_factory=list)

    def print_firsts(self) -> None:
        if self.missing:
            print("first missing:", self.missing[:10])
        if self.bad_values:
            print("first frames with wrong value count:", self.bad_values[:10])


def _acks(ack_log: Path) -> tuple[Counter[Key], dict[Key, str]]:
    acks: Counter[Key] = Counter()
    ack_qn: dict[Key, str] = {}
    for line in ack_log.read_text(encoding="utf-8").splitlines():
        mn, cn, data_time, pno, qn = line.split(",")
        key = (mn, int(cn), data_time, int(pno))
        acks[key] += 1
        ack_qn[key] = qn
    return acks, ack_qn


def _expected_values(credentials: Path) -> dict[str, int]:
    expected = {}
    for device in json.loads(credentials.read_text(encoding="utf-8")):
        items = device["items"]
        expected[device["mn"]] = len(items) + sum(
            1 for item in items if item.get("converted")
        )
    return expected


def reconcile(
    ids: list[int], credentials: Path, ack_log: Path, report_file: Path, packets: int
) -> tuple[dict[str, Any], Check]:
    from django.db import connection

    report = json.loads(report_file.read_text(encoding="utf-8"))
    acks, ack_qn = _acks(ack_log)
    expected_values = _expected_values(credentials)
    connection.connect()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.mn, f.cn, to_char(f.data_time AT TIME ZONE 'Asia/Shanghai',"
            " 'YYYYMMDDHH24MISS'), f.pno, f.qn FROM monitoring_frame f"
            " JOIN monitoring_instrument i ON i.id = f.instrument_id"
            " WHERE f.instrument_id = ANY(%s)",
            [ids],
        )
        stored: Counter[Key] = Counter()
        stored_qn: dict[Key, str] = {}
        for mn, cn, data_time, pno, qn in cursor.fetchall():
            key = (mn, cn, data_time, pno)
            stored[key] += 1
            stored_qn[key] = qn
        cursor.execute(
            "SELECT i.mn, to_char(r.data_time AT TIME ZONE 'Asia/Shanghai',"
            " 'YYYYMMDDHH24MISS'), count(*) FROM monitoring_reading r"
            " JOIN monitoring_instrument i ON i.id = r.instrument_id"
            " WHERE r.instrument_id = ANY(%s) AND r.cn = 2011 GROUP BY 1, 2",
            [ids],
        )
        values = {(mn, t): n for mn, t, n in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*), count(DISTINCT (instrument_id, qn)) FROM monitoring_frame"
            " WHERE instrument_id = ANY(%s)",
            [ids],
        )
        frame_rows, distinct_qns = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(DISTINCT (instrument_id, code, cn, data_time, pno,"
            " field)) FROM monitoring_reading WHERE instrument_id = ANY(%s)",
            [ids],
        )
        value_rows, distinct_values = cursor.fetchone()

    acked_keys = set(acks)
    missing = sorted(acked_keys - set(stored))
    wrong_qn = sorted(k for k in acked_keys & set(stored) if stored_qn[k] != ack_qn[k])
    twice = sorted(k for k, n in stored.items() if n > 1)
    not_acked = sorted(set(stored) - acked_keys)
    bad_values = sorted(
        (mn, t, values.get((mn, t), 0))
        for (mn, _cn, t, _pno) in stored
        if values.get((mn, t), 0) != expected_values[mn]
    )
    result = {
        "packets_to_send": packets,
        "devices": len(expected_values),
        "simulator": report,
        "acks_received": sum(acks.values()),
        "acked_packets_distinct": len(acked_keys),
        "acked_more_than_once": sum(1 for n in acks.values() if n > 1),
        "frames_stored": frame_rows,
        "frames_with_distinct_qn": distinct_qns,
        "acked_but_missing": len(missing),
        "acked_but_stored_with_other_qn": len(wrong_qn),
        "stored_more_than_once": len(twice),
        "stored_but_never_acked": len(not_acked),
        "value_rows": value_rows,
        "value_rows_distinct": distinct_values,
        "frames_with_wrong_value_count": len(bad_values),
    }
    ok = (
        not missing
        and not wrong_qn
        and not twice
        and frame_rows == distinct_qns == len(stored)
        and value_rows == distinct_values
        and not bad_values
        and len(acked_keys) == packets
    )
    return result, Check(ok=ok, missing=missing, bad_values=bad_values)
