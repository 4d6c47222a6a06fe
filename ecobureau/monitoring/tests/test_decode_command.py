"""`manage.py hj212 decode`, exactly as CONTRACTS.md gives it: standard input
is one TCP stream, one JSON line per packet or rejected piece, nothing else on
standard output."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from .conftest import frame


def decode(data: bytes, *args: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "manage.py", "hj212", "decode", *args],
        input=data,
        capture_output=True,
        cwd=Path(settings.BASE_DIR),
        check=True,
        timeout=60,
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def test_one_line_per_packet_and_rejected_piece_in_stream_order() -> None:
    stream = (
        b"garbage before any packet\r\n"
        + frame("std_2011_water")
        + frame("bad_crc")
        + frame("std_subpacket_1_of_2")
        + frame("too_long")
        + frame("malformed_lf_tail")
        + frame("std_3020_log_utf8")
        + frame("std_2011_water")[:40]
    )
    lines = decode(stream)
    assert [line["status"] for line in lines] == [
        "ok",
        "bad-crc",
        "ok",
        "too-long",
        "malformed",
        "ok",
        "truncated",
    ]
    first = lines[0]
    assert first["cn"] == "2011" and first["st"] == "32" and first["flag"] == 5
    assert first["data_time"] == "2016-08-01T08:58:57+08:00"
    assert first["values"][0] == {
        "code": "w01018",
        "field": "Rtd",
        "value": 35.6,
        "flag": "N",
    }
    assert "pnum" not in first and "pno" not in first
    assert (lines[2]["pnum"], lines[2]["pno"]) == (2, 1)
    for rejected in (lines[1], lines[3], lines[4], lines[6]):
        assert set(rejected) == {"status", "error"} and rejected["error"]
    assert lines[5]["values"][0]["value"] == "仪器开始标定；量程=500,&&结束"


def test_strict_flag_rejects_tolerated_deviations() -> None:
    stream = frame("deviation_lowercase_crc") + frame("deviation_spaces_2025_flag")
    assert [line["status"] for line in decode(stream)] == ["ok", "ok"]
    assert [line["status"] for line in decode(stream, "--strict")] == [
        "malformed",
        "malformed",
    ]


def test_empty_and_garbage_only_input_give_no_lines() -> None:
    assert decode(b"") == []
    assert decode(b"AT\r\nOK\r\n\x00\xff#") == []
