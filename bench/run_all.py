"""`make bench`: generate volumes (if not there yet), then measure pages over HTTP
against a server with DEBUG off, and the clock sweep. Uses DATABASE_URL (default
the local PostgreSQL database ecobureau_bench). See bench/README.md."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ecobureau_bench")
    env.update(DEBUG="false", STATIC_ROOT=str(ROOT / "bench" / "results" / "static"))
    _run("manage.py", "migrate", "-v", "0", env=env)
    _run("manage.py", "load_reference", "-v", "0", env=env)
    _run("manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    _run(
        "-m",
        "bench.generate",
        "--enterprises",
        "100000",
        "--work-items",
        "1000000",
        env=env,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ecobureau.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        _run("-m", "bench.pages", "--base", f"http://127.0.0.1:{port}", env=env)
    finally:
        server.terminate()
        server.wait(10)
    _run(
        "-m",
        "bench.generate",
        "--enterprises",
        "0",
        "--work-items",
        "0",
        "--clocks",
        "1000000",
        env=env,
    )
    _run("-m", "bench.sweep", env=env)


if __name__ == "__main__":
    main()
