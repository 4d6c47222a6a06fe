"""The gateway over real TCP on 127.0.0.1, writing to the test database from
its writer thread: what it answers, when, and what it stores."""

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from ecobureau.lib import hj212
from ecobureau.monitoring.gateway import Config, Gateway
from ecobureau.monitoring.models import Frame, RejectedFrame, SummaryReading
from ecobureau.monitoring.models import Reading as DetailReading
from ecobureau.monitoring.services import ingest

from .conftest import STANDARD_MN, frame

# The gateway's database work runs on its own threads, with their own
# connections, as in service: so the tests commit (transaction=True).
pytestmark = pytest.mark.django_db(transaction=True)

WATER = (
    "ST=32;CN=2011;PW={pw};MN={mn};Flag=5;CP=&&DataTime=20160801085857;"
    "w01018-Rtd=35.6,w01018-Flag=N&&"
)


def upload(
    qn: str = "20160801085857223", mn: str = STANDARD_MN, pw: str = "123456"
) -> bytes:
    return hj212.frame(f"QN={qn};" + WATER.format(pw=pw, mn=mn))


def run(body: Callable[[Gateway, int], Awaitable[Any]], **config: Any) -> Any:
    store = config.pop("store", ingest.frames_store)

    async def main() -> Any:
        gateway = Gateway(Config(host="127.0.0.1", port=0, **config), store=store)
        await gateway.start()
        serving = asyncio.create_task(gateway.serve_forever())
        try:
            return await body(gateway, gateway.address[1])
        finally:
            gateway.stop()
            await serving

    return asyncio.run(main())


async def answers(
    reader: asyncio.StreamReader, count: int, timeout: float = 5
) -> list[hj212.Packet]:
    decoder = hj212.StreamDecoder()
    packets: list[hj212.Packet] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(packets) < count:
        data = await asyncio.wait_for(
            reader.read(4096), max(0.01, deadline - loop.time())
        )
        if not data:
            break
        packets += decoder.feed(data)
    return packets


async def nothing_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    try:
        data = await asyncio.wait_for(reader.read(4096), seconds)
    except TimeoutError:
        return True
    return data == b""


def test_9014_only_after_the_packet_is_committed(instrument_a) -> None:
    gate = threading.Event()
    committed: list[int] = []

    def gated_store(items: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        written = ingest.frames_store(items, **kwargs)
        committed.append(Frame.objects.count())
        return written

    async def body(gateway: Gateway, port: int) -> list[hj212.Packet]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(frame("std_2011_water"))
        await writer.drain()
        assert await nothing_within(reader, 0.5)  # held until the commit
        gate.set()
        got = await answers(reader, 1)
        writer.close()
        return got

    acks = run(body, store=gated_store)
    assert [(a.cn, a.qn, a.st, a.flag) for a in acks] == [
        ("9014", "20160801085857223", "91", 4)
    ]
    assert committed == [1]
    stored = Frame.objects.get()
    assert (stored.instrument_id, stored.cn, stored.qn) == (
        instrument_a.pk,
        2011,
        "20160801085857223",
    )
    assert stored.raw.encode() == frame("std_2011_water")
    assert DetailReading.objects.filter(instrument=instrument_a).count() == 3
    instrument_a.refresh_from_db()
    assert instrument_a.last_seen_at is not None


def test_a_resent_packet_is_answered_again_and_stored_once(instrument_a) -> None:
    async def body(gateway: Gateway, port: int) -> int:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(frame("std_2011_water"))
        first = await answers(reader, 1)
        writer.write(frame("std_2011_water"))
        second = await answers(reader, 1)
        writer.close()
        return len(first) + len(second)

    assert run(body) == 2
    assert Frame.objects.count() == 1
    assert DetailReading.objects.count() == 3


def test_unknown_mn_and_wrong_password_are_refused_logged_and_never_stored(
    instrument_a,
) -> None:
    async def body(gateway: Gateway, port: int) -> bool:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(upload(mn="FFFF00000000000000000000") + upload(pw="000000"))
        silent = await nothing_within(reader, 0.7)
        writer.close()
        return silent

    assert run(body) is True
    assert Frame.objects.count() == 0 and DetailReading.objects.count() == 0
    reasons = sorted(RejectedFrame.objects.values_list("reason", flat=True))
    assert reasons == ["bad_password", "unknown_mn"]
    refused = RejectedFrame.objects.get(reason="bad_password")
    assert refused.mn == STANDARD_MN and bytes(refused.raw) == upload(pw="000000")


def test_malformed_input_is_counted_and_the_connection_kept(instrument_a) -> None:
    async def body(
        gateway: Gateway, port: int
    ) -> tuple[list[hj212.Packet], dict[str, int]]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"AT+CSQ\r\n" + frame("bad_crc") + frame("malformed_no_crc"))
        writer.write(frame("std_2011_water"))
        got = await answers(reader, 1)
        writer.close()
        return got, dict(gateway.stats.counters)

    acks, counters = run(body)
    assert [a.cn for a in acks] == ["9014"]
    assert counters["rejected_bad-crc"] == 1 and counters["rejected_malformed"] == 1
    assert counters["connections"] == 1
    assert Frame.objects.count() == 1
    assert RejectedFrame.objects.filter(reason="decode").count() == 2


def test_each_sub_packet_gets_its_own_9014(instrument_a) -> None:
    async def body(gateway: Gateway, port: int) -> list[hj212.Packet]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(frame("std_subpacket_1_of_2") + frame("std_subpacket_2_of_2"))
        got = await answers(reader, 2)
        writer.close()
        return got

    acks = run(body)
    assert [a.qn for a in acks] == ["20160801085857534", "20160801085857535"]
    assert sorted(Frame.objects.values_list("pno", flat=True)) == [1, 2]
    assert DetailReading.objects.filter(cn=2051).count() == 2


def test_hourly_data_goes_to_the_summary_table_and_no_answer_unless_asked(
    instrument_a,
) -> None:
    no_answer = hj212.frame(
        "QN=20160801090000001;ST=32;CN=2061;PW=123456;MN="
        + STANDARD_MN
        + ";Flag=4;CP=&&DataTime=20160801080000;w01018-Avg=30.1,w01018-Flag=N&&"
    )

    async def body(gateway: Gateway, port: int) -> bool:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(no_answer)
        silent = await nothing_within(reader, 0.5)
        writer.close()
        return silent

    assert run(body) is True
    assert (
        SummaryReading.objects.filter(cn=2061, code="w01018", field="Avg").count() == 1
    )


def test_time_request_is_answered_with_9013_then_the_hosts_time(instrument_a) -> None:
    async def body(gateway: Gateway, port: int) -> list[hj212.Packet]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(frame("std_1013_time_request"))
        got = await answers(reader, 2)
        writer.close()
        return got

    notice, request = run(body)
    assert (notice.cn, notice.qn) == ("9013", "20160801085857223")
    assert (
        request.cn == "1012" and request.wants_answer and "SystemTime" in request.params
    )


def test_a_failed_commit_sends_no_9014_and_the_resend_is_stored(instrument_a) -> None:
    failures = [RuntimeError("database restarting")]

    def flaky_store(items: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return ingest.frames_store(items, **kwargs)

    async def body(gateway: Gateway, port: int) -> tuple[bool, list[hj212.Packet]]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(frame("std_2011_water"))
        silent = await nothing_within(reader, 0.7)
        writer.write(
            frame("std_2011_water")
        )  # the instrument's resend after its timeout
        got = await answers(reader, 1)
        writer.close()
        return silent, got

    silent, acks = run(body, store=flaky_store)
    assert silent is True
    assert [a.cn for a in acks] == ["9014"]
    assert Frame.objects.count() == 1


def test_idle_connections_are_closed(instrument_a) -> None:
    async def body(gateway: Gateway, port: int) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        data = await asyncio.wait_for(reader.read(10), 3)
        writer.close()
        return data

    assert run(body, idle_timeout=0.3) == b""


def test_connections_per_address_are_capped(instrument_a) -> None:
    async def body(gateway: Gateway, port: int) -> tuple[bytes, list[hj212.Packet]]:
        first_reader, first = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.sleep(0.1)
        second_reader, second = await asyncio.open_connection("127.0.0.1", port)
        refused = await asyncio.wait_for(second_reader.read(10), 3)
        first.write(frame("std_2011_water"))
        got = await answers(first_reader, 1)
        first.close()
        second.close()
        return refused, got

    refused, acks = run(body, max_per_address=1)
    assert refused == b""  # closed at once
    assert [a.cn for a in acks] == ["9014"]  # the first connection works
