"""A short run of the decoder's fuzz target (the long one is fuzz/hj212.py, run
by `make fuzz`): whatever the bytes, the decoder answers with pieces whose
status is one of the contract's, never an exception, and splitting the same
bytes into other reads gives the same pieces."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecobureau.lib import hj212

from .conftest import FRAMES

SEEDS = [path.read_bytes() for path in sorted(FRAMES.iterdir())]


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        base = bytearray(draw(st.sampled_from(SEEDS)))
        for _ in range(draw(st.integers(0, 3))):
            if not base:
                break
            at = draw(st.integers(0, len(base) - 1))
            action = draw(st.sampled_from(["flip", "drop", "insert", "cut"]))
            if action == "flip":
                base[at] = draw(st.integers(0, 255))
            elif action == "drop":
                del base[at]
            elif action == "insert":
                base[at:at] = draw(st.binary(max_size=8))
            else:
                base = base[:at]
        parts.append(bytes(base))
        parts.append(draw(st.binary(max_size=6)))
    return b"".join(parts)


def _check(data: bytes, strict: bool) -> list[tuple[str, str | None]]:
    pieces = hj212.decode_stream(data, strict=strict)
    for piece in pieces:
        assert piece.status in hj212.STATUSES
        assert piece.ok or piece.error
        hj212.packet_json(piece)
    return [(p.status, p.qn) for p in pieces]


@settings(
    max_examples=int(os.environ.get("HJ212_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(streams(), st.booleans(), st.integers(1, 50))
def test_mutated_streams_decode_or_are_rejected_never_raise(
    data: bytes, strict: bool, size: int
) -> None:
    whole = _check(data, strict)
    decoder = hj212.StreamDecoder(strict=strict)
    pieces = []
    for start in range(0, len(data), size):
        pieces += decoder.feed(data[start : start + size])
    pieces += decoder.finish()
    assert [(p.status, p.qn) for p in pieces] == whole


@settings(
    max_examples=int(os.environ.get("HJ212_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.binary(max_size=300), st.booleans())
def test_random_bytes_never_raise(data: bytes, strict: bool) -> None:
    _check(b"##" + data, strict)
    _check(data, strict)
