"""Browser tests: the platform runs in its own processes (gunicorn over a fresh
SQLite file with the demo city at a tenth of its size), and Playwright drives
Debian's Chromium against it. The test process never touches the ORM; logins come
from the file `seed_demo` writes. Screenshots go to artifacts/browser/.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Site:
    url: str
    password: str
    logins: list[str]


@dataclass
class Watch:
    """What a page did that it must not: console errors, requests off 127.0.0.1."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def errors_besides_refused_forms(self) -> list[str]:
        """Console errors other than the browser's note on a 400: a refused form
        answers 400 with the page, its errors and what was typed, on purpose."""
        return [e for e in self.console_errors if "status of 400" not in e]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=1800,  # migrate on a loaded 2-core machine has taken over 600 s
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("site")
    port = _free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ecobureau.settings",
        DATABASE_URL=f"sqlite:///{tmp / 'browser.sqlite3'}",
        SECRET_KEY="browser-tests-only",
        DEBUG="false",
        DEMO_DATA="true",
        ENVIRONMENT="test",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        ALLOWED_HOSTS="127.0.0.1",
    )
    _manage(env, "migrate", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    logins_file = tmp / "logins.txt"
    _manage(env, "seed_demo", "--scale", "0.1", "--logins-file", str(logins_file))
    text = logins_file.read_text(encoding="utf-8")
    password = re.search(r"密码：(\S+)", text).group(1)  # type: ignore[union-attr]
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
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        yield Site(
            url=url, password=password, logins=re.findall(r"^\s+(\S+)\s", text, re.M)
        )
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def watch(page: Page) -> Watch:
    seen = Watch()
    page.on(
        "console",
        lambda msg: (
            seen.console_errors.append(msg.text) if msg.type == "error" else None
        ),
    )

    def guard(route):  # type: ignore[no-untyped-def]
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            seen.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return seen


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page: Page, site: Site, username: str) -> None:
    page.goto(site.url + "/accounts/login/")
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(site.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")
