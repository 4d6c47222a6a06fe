"""A small TCP relay for the failover test: a balancer in front of several
backends, or a forwarder to one.

Each accepted connection is joined to one backend, taken in turn (round robin);
a backend that refuses or does not answer within `--connect-timeout` is marked
down for `--hold-down` seconds and the next one is tried, as nginx's stream
module does with `proxy_next_upstream on` and `max_fails`/`fail_timeout`
(deploy/nginx/ecobureau-hj212-stream.conf is the production balancer). When either
side closes, both are closed: an instrument whose gateway died sees its
connection drop and reconnects, and the next connection goes to a live gateway.

    python -m bench.tcp_relay --listen 127.0.0.1:9212 \\
        --to 10.212.0.11:9212 --to 10.212.0.12:9212

Prints one JSON line per second-level event (backend down, connection counts) to
stdout, for the test's log.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import signal
import time


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host, int(port)


class Balancer:
    def __init__(
        self,
        backends: list[tuple[str, int]],
        connect_timeout: float,
        hold_down: float,
    ) -> None:
        self.backends = backends
        self.connect_timeout = connect_timeout
        self.hold_down = hold_down
        self.down_until: dict[tuple[str, int], float] = {}
        self.turn = itertools.cycle(range(len(backends)))
        self.joined: dict[str, int] = {f"{h}:{p}": 0 for h, p in backends}

    def _candidates(self) -> list[tuple[str, int]]:
        first = next(self.turn)
        ordered = self.backends[first:] + self.backends[:first]
        now = time.monotonic()
        up = [b for b in ordered if self.down_until.get(b, 0) <= now]
        # When every backend is held down, try them all rather than refuse.
        return up or ordered

    async def _open(
        self,
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, tuple[str, int]] | None:
        for backend in self._candidates():
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(*backend), self.connect_timeout
                )
            except (OSError, TimeoutError):
                if self.down_until.get(backend, 0) <= time.monotonic():
                    _log("backend-down", backend=f"{backend[0]}:{backend[1]}")
                self.down_until[backend] = time.monotonic() + self.hold_down
                continue
            self.joined[f"{backend[0]}:{backend[1]}"] += 1
            return reader, writer, backend
        return None

    async def handle(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        opened = await self._open()
        if opened is None:
            client_writer.close()
            return
        backend_reader, backend_writer, _ = opened
        await _join(client_reader, client_writer, backend_reader, backend_writer)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (OSError, ConnectionError):
        pass


async def _join(
    a_reader: asyncio.StreamReader,
    a_writer: asyncio.StreamWriter,
    b_reader: asyncio.StreamReader,
    b_writer: asyncio.StreamWriter,
) -> None:
    one = asyncio.ensure_future(_pipe(a_reader, b_writer))
    two = asyncio.ensure_future(_pipe(b_reader, a_writer))
    # Either direction ending ends the pair: a half-open relay would keep an
    # instrument talking to a dead gateway.
    await asyncio.wait({one, two}, return_when=asyncio.FIRST_COMPLETED)
    for task in (one, two):
        task.cancel()
    for writer in (a_writer, b_writer):
        with contextlib.suppress(Exception):
            writer.close()


def _log(event: str, **fields: object) -> None:
    print(
        json.dumps({"t": round(time.time(), 3), "event": event, **fields}), flush=True
    )


async def serve(args: argparse.Namespace) -> None:
    balancer = Balancer(
        [_address(b) for b in args.to], args.connect_timeout, args.hold_down
    )
    host, port = _address(args.listen)
    server = await asyncio.start_server(balancer.handle, host, port, backlog=4096)
    _log("listening", listen=args.listen, backends=args.to)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 5)
            _log("joined", **balancer.joined)
    _log("stopped", **balancer.joined)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", required=True, help="HOST:PORT")
    parser.add_argument("--to", action="append", required=True, help="HOST:PORT")
    parser.add_argument("--connect-timeout", type=float, default=1.0)
    parser.add_argument("--hold-down", type=float, default=5.0)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
