"""The processes `make run` starts, in one place. Modules that need a long-running
process (the HJ 212 gateway and its simulator) register it here in ready()."""

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Process:
    name: str
    argv: tuple[str, ...]


def manage(*args: str) -> tuple[str, ...]:
    return (sys.executable, "manage.py", *args)


def web(host: str, port: int) -> Process:
    return Process(
        "web",
        (
            sys.executable,
            "-m",
            "gunicorn",
            "ecobureau.wsgi",
            "--bind",
            f"{host}:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ),
    )


EXTRA: list[Process] = []


def register(process: Process) -> None:
    if all(existing.name != process.name for existing in EXTRA):
        EXTRA.append(process)


def processes(host: str, port: int) -> list[Process]:
    return [
        web(host, port),
        Process("worker", manage("db_worker", "--interval", "1", "--no-startup-delay")),
        Process("scheduler", manage("run_schedule")),
        *EXTRA,
    ]
