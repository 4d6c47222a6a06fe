"""Full decode rate of the HJ 212 decoder (ecobureau/lib/hj212.py) on one core.

"Full decode" = framing ("##", the four-digit length in bytes, the CRLF tail),
the standard's CRC over the data segment, every header field, every value field
converted to a number (float, with the digits kept for exact comparisons), the
data flags, and the DataTime parsed as a Beijing-time datetime. Nothing is
skipped: each decoded packet is checked to hold the expected number of values.

Two ways of feeding the decoder are measured for each packet:
- stream: a long stream of identical packets fed in 4096-byte reads to one
  StreamDecoder, as the gateway feeds it (most packets arrive in reads holding
  several of them and parts of others);
- frame: `decode_frame` on one packet at a time (a new StreamDecoder each), as
  `hj212 replay` does.

    .venv/bin/python -m bench.hj212_decode [--seconds 5]

No database. Prints one JSON object; run it on an otherwise idle core if you
can (the numbers scale with the share of a core the process gets: the script
also prints the process CPU time so a shared machine can be read honestly).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ecobureau.lib import hj212  # noqa: E402
from ecobureau.lib.dates import SHANGHAI  # noqa: E402

FRAMES = ROOT / "ecobureau/monitoring/tests/frames"
MN = "010000A8900016F000169DC0"
AT = datetime(2026, 11, 22, 10, 31, 30, tzinfo=SHANGHAI)


def gas_2011() -> bytes:
    """A flue-gas CEMS real-time packet (ST=31): SO2, NOx, dust with their
    converted values, O2 and flow (about 330 bytes)."""
    items = [
        "a21026-Rtd=18.352,a21026-ZsRtd=21.655,a21026-Flag=N",
        "a21002-Rtd=31.07,a21002-ZsRtd=36.663,a21002-Flag=N",
        "a34013-Rtd=4.61,a34013-ZsRtd=5.44,a34013-Flag=N",
        "a19001-Rtd=10.5,a19001-Flag=N",
        "a00000-Rtd=45.12,a00000-Flag=N",
    ]
    (segment,) = hj212.data_segments(
        qn="20261122103130123",
        st="31",
        cn="2011",
        pw="123456",
        mn=MN,
        data_time=AT,
        items=items,
    )
    return hj212.frame(segment)


def water_2051() -> bytes:
    """A waste-water minute packet (ST=32): COD and ammonia with
    Cou/Min/Avg/Max/Flag, pH and flow (about 380 bytes)."""
    items = [
        "w01018-Cou=0.264,w01018-Min=34.9,w01018-Avg=35.6,w01018-Max=36.2,w01018-Flag=N",
        "w21003-Cou=0.006,w21003-Min=0.79,w21003-Avg=0.812,w21003-Max=0.83,w21003-Flag=N",
        "w01001-Min=7.21,w01001-Avg=7.30,w01001-Max=7.36,w01001-Flag=N",
        "w00000-Cou=7.4,w00000-Min=12.1,w00000-Avg=12.3,w00000-Max=12.6,w00000-Flag=N",
    ]
    (segment,) = hj212.data_segments(
        qn="20261122103130123",
        st="32",
        cn="2051",
        pw="123456",
        mn=MN,
        data_time=AT.replace(second=0),
        items=items,
    )
    return hj212.frame(segment)


def cases() -> dict[str, bytes]:
    return {
        "2011 flue gas, simulated": gas_2011(),
        "2051 waste water, simulated": water_2051(),
        "2011 air station, real device": (
            FRAMES / "real_2011_air_station.hj212"
        ).read_bytes(),
        "2051 air station, real device": (
            FRAMES / "real_2051_air_station.hj212"
        ).read_bytes(),
    }


def _check(packet: hj212.Packet, values: int) -> None:
    assert packet.ok, packet.error
    assert len(packet.values) == values
    assert packet.data_time is not None
    assert all(v.number is not None for v in packet.values)


def measure(raw: bytes, seconds: float) -> dict[str, object]:
    reference = hj212.decode_frame(raw)
    _check(reference, len(reference.values))
    expected = len(reference.values)

    # Stream: 2,000 packets back to back, fed in 4096-byte reads.
    stream = raw * 2000
    reads = [stream[i : i + 4096] for i in range(0, len(stream), 4096)]
    decoded = 0
    started = time.perf_counter()
    cpu = time.process_time()
    while time.perf_counter() - started < seconds:
        decoder = hj212.StreamDecoder()
        for chunk in reads:
            for packet in decoder.feed(chunk):
                if packet.status != "ok" or len(packet.values) != expected:
                    raise AssertionError("decoded differently in a stream")
                decoded += 1
    stream_wall = time.perf_counter() - started
    stream_cpu = time.process_time() - cpu

    # Frame: one packet at a time.
    frames = 0
    started = time.perf_counter()
    cpu = time.process_time()
    while time.perf_counter() - started < seconds:
        for _ in range(1000):
            packet = hj212.decode_frame(raw)
            if packet.status != "ok" or len(packet.values) != expected:
                raise AssertionError("decoded differently")
        frames += 1000
    frame_wall = time.perf_counter() - started
    frame_cpu = time.process_time() - cpu
    return {
        "bytes": len(raw),
        "values_per_packet": expected,
        "stream_packets_per_s_wall": round(decoded / stream_wall),
        "stream_packets_per_s_cpu": round(decoded / stream_cpu),
        "frame_packets_per_s_wall": round(frames / frame_wall),
        "frame_packets_per_s_cpu": round(frames / frame_cpu),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    results = {}
    for name, raw in cases().items():
        results[name] = measure(raw, args.seconds)
        print(name, results[name], file=sys.stderr)
    with open("/proc/loadavg", encoding="ascii") as handle:
        load = handle.read().split()[:3]
    print(
        json.dumps(
            {
                "benchmark": "hj212 full decode, one process (one core)",
                "python": platform.python_version(),
                "implementation": platform.python_implementation(),
                "compiled": hj212.__file__.endswith((".so", ".pyd")),
                "machine": platform.machine(),
                "load_average_at_end": load,
                "results": results,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
