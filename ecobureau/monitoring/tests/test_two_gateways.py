"""Two gateway processes side by side (behind a TCP balancer), one database: an
instrument that loses its connection to one reconnects to the other and resends
what was not acknowledged; the same packet arriving at both at once is stored
once; every acknowledged packet is stored exactly once."""

import asyncio
from typing import Any

import pytest

from ecobureau.lib import hj212
from ecobureau.monitoring.gateway import Config, Gateway
from ecobureau.monitoring.models import Frame, GatewayState
from ecobureau.monitoring.models import Reading as DetailReading
from ecobureau.monitoring.services import ingest

from .conftest import STANDARD_MN
from .test_gateway import answers

pytestmark = pytest.mark.django_db(transaction=True)


def packet(n: int) -> bytes:
    """A real-time upload asking for a 9014, its data time n seconds apart."""
    second = f"{n:02d}"
    return hj212.frame(
        f"QN=20160801090000{n:03d};ST=32;CN=2011;PW=123456;MN={STANDARD_MN};"
        f"Flag=5;CP=&&DataTime=201608010900{second};"
        f"w01018-Rtd={30 + n},w01018-Flag=N;w00000-Rtd=11.2,w00000-Flag=N&&"
    )


def run_two(body: Any) -> Any:
    async def main() -> Any:
        gateways = [
            Gateway(
                Config(host="127.0.0.1", port=0, name=name), store=ingest.frames_store
            )
            for name in ("gateway-1", "gateway-2")
        ]
        for gateway in gateways:
            await gateway.start()
        serving = [asyncio.create_task(g.serve_forever()) for g in gateways]
        try:
            return await body(*(g.address[1] for g in gateways))
        finally:
            for gateway in gateways:
                gateway.stop()
            await asyncio.gather(*serving)

    return asyncio.run(main())


def test_an_instrument_moving_between_gateways_is_stored_once(instrument_a) -> None:
    async def body(port_1: int, port_2: int) -> list[str]:
        acked: list[str] = []
        # 1. Packets 0–2 to the first gateway, all acknowledged.
        reader, writer = await asyncio.open_connection("127.0.0.1", port_1)
        for n in range(3):
            writer.write(packet(n))
        acked += [a.qn for a in await answers(reader, 3)]
        # 2. Packet 3 sent; the connection drops before its 9014 is read.
        writer.write(packet(3))
        await writer.drain()
        writer.close()
        await asyncio.sleep(0.3)
        # 3. The instrument reconnects through the balancer to the second
        #    gateway and resends the unacknowledged packet 3, then 4–5.
        reader, writer = await asyncio.open_connection("127.0.0.1", port_2)
        for n in (3, 4, 5):
            writer.write(packet(n))
        acked += [a.qn for a in await answers(reader, 3)]
        writer.close()
        # 4. The same packet at both gateways at once (a retry racing the
        #    original through two balancer paths): both answer, one row.
        pairs = [
            await asyncio.open_connection("127.0.0.1", port)
            for port in (port_1, port_2)
        ]
        for _, w in pairs:
            w.write(packet(6))
        for r, w in pairs:
            acked += [a.qn for a in await answers(r, 1)]
            w.close()
        return acked

    acked = run_two(body)
    sent = [f"20160801090000{n:03d}" for n in range(7)]
    assert sorted(set(acked)) == sent
    assert len(acked) == 8  # packet 6 answered by both gateways
    frames = list(Frame.objects.order_by("data_time").values_list("qn", flat=True))
    assert frames == sent  # every acknowledged packet exactly once
    assert DetailReading.objects.count() == 7 * 2  # two codes, Rtd each
    keys = DetailReading.objects.values_list("code", "data_time", "field")
    assert len(set(keys)) == keys.count()
    assert set(GatewayState.objects.values_list("name", flat=True)) <= {
        "gateway-1",
        "gateway-2",
    }
