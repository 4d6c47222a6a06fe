"""Fuzz target for the HJ 212 decoder (ecobureau/lib/hj212.py), outside the test
suite (the suite runs a short version: monitoring/tests/test_fuzz_short.py).

Hypothesis draws the seeds; each example turns them into a batch of inputs —
captured frames (monitoring/tests/frames/) mutated by flips, drops, insertions,
cuts and splices with random bytes and other frames, packets built from random
fields with a correct CRC, and plain random bytes — and checks every one:

- no exception escapes;
- every piece is decoded ("ok") or rejected with one of the contract's statuses
  and a Chinese message, or the input is skipped as garbage (no piece at all);
- the same bytes split into other reads give the same pieces;
- a decoded packet re-encoded as a JSON line parses as JSON.

    python -m fuzz.hj212 [--inputs 1000000] [--batch 20]

Prints how many inputs were decoded, rejected (by status) and skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ecobureau.lib import hj212  # noqa: E402

FRAMES = [
    p.read_bytes()
    for p in sorted((ROOT / "ecobureau/monitoring/tests/frames").iterdir())
]
CODES = [
    "w01018",
    "w21003",
    "a21026",
    "a34013",
    "LA",
    "011",
    "B01",
    "SB1",
    "i11001",
    "x-y",
]
FIELDS = [
    "Rtd",
    "Avg",
    "Min",
    "Max",
    "Cou",
    "ZsRtd",
    "ZsAvg",
    "Flag",
    "EFlag",
    "SampleTime",
    "Info",
    "RS",
    "",
]
VALUES = [
    "35.6",
    "-0.5",
    "+7",
    ".5",
    "1.",
    "0",
    "N",
    "T",
    "abc",
    "20160801085857",
    "//日志;a,&&b//",
    "",
    " 1 ",
    "1e5",
    "nan",
]


def built(rng: random.Random) -> bytes:
    """A packet from random header and data-area fields, with a correct CRC."""
    head = []
    for key, value in (
        ("QN", str(rng.randrange(10**16, 10**17))),
        ("ST", rng.choice(["32", "31", "91", "A0", "3"])),
        ("CN", rng.choice(["2011", "2051", "2061", "9014", "1013", "20x1"])),
        ("PW", rng.choice(["123456", "", "1234567890"])),
        ("MN", rng.choice(["010000A8900016F000169DC0", "A-1", ""])),
        ("Flag", str(rng.choice([0, 4, 5, 6, 7, 8, 9, 255, 256]))),
        ("PNUM", str(rng.randint(0, 3))),
        ("PNO", str(rng.randint(0, 3))),
    ):
        if rng.random() < 0.85:
            head.append(f"{key}={value}")
    rng.shuffle(head)
    items = [
        f"DataTime={rng.choice(['20160801085857', '2016080108585', '20161301000000'])}"
    ]
    for _ in range(rng.randint(0, 12)):
        items.append(f"{rng.choice(CODES)}-{rng.choice(FIELDS)}={rng.choice(VALUES)}")
    cp = rng.choice([";", ","]).join(items)
    segment = ";".join(head) + f";CP=&&{cp}&&"
    data = segment.encode("utf-8")[: rng.choice([1024, 1024, 1100])]
    return b"##%04d%s%04X\r\n" % (len(data), data, hj212.crc16(data))


def mutated(rng: random.Random) -> bytes:
    base = bytearray(rng.choice(FRAMES) if rng.random() < 0.7 else built(rng))
    for _ in range(rng.randint(0, 4)):
        if not base:
            break
        at = rng.randrange(len(base))
        action = rng.randrange(6)
        if action == 0:
            base[at] = rng.randrange(256)
        elif action == 1:
            del base[at : at + rng.randint(1, 4)]
        elif action == 2:
            base[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
        elif action == 3:
            base = base[:at]
        elif action == 4:
            base[at:at] = rng.choice(
                [b"##", b"\r\n", b"&&", b";", b"=", b"//", b"##0101"]
            )
        else:
            base += rng.choice(FRAMES)
    return bytes(base)


def one_input(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.6:
        return mutated(rng)
    if kind < 0.8:
        return built(rng)
    if kind < 0.9:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 80)))
    return b"".join(mutated(rng) for _ in range(rng.randint(2, 4)))


def check(data: bytes, strict: bool, split: int, counts: Counter[str]) -> None:
    pieces = hj212.decode_stream(data, strict=strict)
    if not pieces:
        counts["skipped (garbage only)"] += 1
    for piece in pieces:
        if piece.status not in hj212.STATUSES:
            raise AssertionError(f"unknown status {piece.status!r} for {data!r}")
        if not piece.ok and not piece.error:
            raise AssertionError(f"rejected without a message: {data!r}")
        json.loads(hj212.packet_json(piece))
        counts[piece.status] += 1
    if split:
        decoder = hj212.StreamDecoder(strict=strict)
        again = []
        for start in range(0, len(data), split):
            again += decoder.feed(data[start : start + split])
        again += decoder.finish()
        if [(p.status, p.qn, p.error) for p in again] != [
            (p.status, p.qn, p.error) for p in pieces
        ]:
            raise AssertionError(f"split reads of {split} bytes differ for {data!r}")
    counts["inputs"] += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    examples = max(1, args.inputs // args.batch)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.integers(0, 2**63), st.booleans())
    def batch(seed: int, strict: bool) -> None:
        rng = random.Random(seed)  # noqa: S311 (fuzzing, not security)
        for n in range(args.batch):
            split = rng.choice([0, 0, 1, 3, 17, 256]) if n % 4 == 0 else 0
            check(one_input(rng), strict, split, counts)

    started = time.monotonic()
    print(
        f"fuzzing the HJ 212 decoder: {examples} examples × {args.batch} inputs",
        file=sys.stderr,
    )
    batch()
    elapsed = time.monotonic() - started
    decoded = counts["ok"]
    rejected = {status: counts[status] for status in hj212.STATUSES if status != "ok"}
    print(
        json.dumps(
            {
                "inputs": counts["inputs"],
                "seconds": round(elapsed, 1),
                "pieces_decoded": decoded,
                "pieces_rejected": rejected,
                "inputs_skipped_as_garbage": counts["skipped (garbage only)"],
                "exceptions": 0,
            },
            ensure_ascii=False,
        )
    )
    print("no unexpected exception", file=sys.stderr)


if __name__ == "__main__":
    main()
