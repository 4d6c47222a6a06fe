"""Start every process of the platform and stop them all on Ctrl-C (`make run`).

Before starting: migrate, load the reference data, collect static files, and — if
the database holds no enterprise yet and DEMO_DATA=true — build the demo city.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import IO, Any

from django.conf import settings
from django.core.management import BaseCommand, call_command

from ecobureau.core import runtime

DEMO_LOGINS = Path(settings.BASE_DIR) / "var" / "demo-logins.txt"


class Command(BaseCommand):
    help = "Prepare the database and run web, worker, scheduler and listeners together."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("PORT", "8000"))
        )
        parser.add_argument("--no-prepare", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_prepare"]:
            self._prepare()
        procs = runtime.processes(options["host"], options["port"])
        children: list[tuple[str, subprocess.Popen[bytes]]] = []
        stopping = threading.Event()

        def stop(signum: int, frame: FrameType | None) -> None:
            stopping.set()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for proc in procs:
            child = subprocess.Popen(  # noqa: S603 (our own argv)
                proc.argv,
                cwd=settings.BASE_DIR,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            children.append((proc.name, child))
            threading.Thread(
                target=_relay, args=(proc.name, child.stdout), daemon=True
            ).start()
        self._welcome(options["host"], options["port"])
        exit_code = 0
        while not stopping.is_set():
            for name, child in children:
                if child.poll() is not None:
                    self.stderr.write(
                        f"[{name}] exited with {child.returncode}; stopping all"
                    )
                    exit_code = 1
                    stopping.set()
            time.sleep(0.5)
        _terminate(children)
        sys.exit(exit_code)

    def _prepare(self) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if settings.DEMO_DATA:
            call_command("seed_demo", "--if-empty", "--logins-file", str(DEMO_LOGINS))

    def _welcome(self, host: str, port: int) -> None:
        self.stdout.write(f"\nEcoBureau 已启动：http://{host}:{port}/  （门户）")
        self.stdout.write(
            f"工作台：http://{host}:{port}/workbench/    接口文档：http://{host}:{port}/api/docs"
        )
        if DEMO_LOGINS.exists():
            self.stdout.write(
                "示例账号（仅演示数据库；密码在首次生成示例数据时随机生成）："
            )
            self.stdout.write(DEMO_LOGINS.read_text(encoding="utf-8"))
        self.stdout.write("按 Ctrl-C 停止全部进程。\n")


def _relay(name: str, stream: IO[bytes] | None) -> None:
    if stream is None:
        return
    for line in iter(stream.readline, b""):
        sys.stdout.write(f"[{name}] {line.decode(errors='replace')}")
        sys.stdout.flush()


def _terminate(children: list[tuple[str, "subprocess.Popen[bytes]"]]) -> None:
    for _, child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for _, child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
