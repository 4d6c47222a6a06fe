"""Page latency over HTTP against a running server, and SQL queries per page.

    python -m bench.pages --base http://127.0.0.1:8077 [--requests 200]

Logs in as the benchmark personas of `bench.generate` (bench/results/logins.json)
through the real log-in form, then requests each page N times in sequence and
reports p50/p95/max. Query counts are measured separately, in-process, with the
test client against the same database (the server itself runs with DEBUG off).
Results are printed and written to bench/results/pages-<engine>.json.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.generate import RESULTS, setup

PAGES = [
    ("workbench (scope)", "/workbench/?view=scope"),
    ("workbench (mine)", "/workbench/"),
    ("enterprise list", "/enterprises/"),
    ("enterprise list, page 100", "/enterprises/?page=100"),
    ("workbench API", "/api/workbench/?view=scope"),
]
PERSONAS = ["bench-tiedong-head", "bench-city-leader"]


class Session:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read()

    def login(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(  # noqa: S310
            self.base + "/accounts/login/",
            data=data,
            headers={"Referer": self.base + "/accounts/login/"},
        )
        with self.opener.open(request, timeout=60) as response:
            if "/accounts/login/" in response.url:
                raise SystemExit(f"log-in failed for {username}")


def measure(session: Session, path: str, n: int) -> dict[str, float]:
    session.get(path)  # warm up
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        status, _body = session.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max_ms": round(timings[-1], 1),
    }


def query_counts(username: str) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ecobureau.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    counts = {}
    for name, path in PAGES:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(captured.captured_queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8077")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup()
    from django.db import connection

    from ecobureau.casework.models import WorkItem
    from ecobureau.enterprises.models import Enterprise

    logins = json.loads((RESULTS / f"logins-{connection.vendor}.json").read_text())
    report: dict[str, object] = {
        "engine": connection.vendor,
        "enterprises": Enterprise.objects.count(),
        "open_work_items": WorkItem.objects.filter(state="open").count(),
        "requests_per_page": args.requests,
        "personas": {},
    }
    for persona in PERSONAS:
        session = Session(args.base)
        session.login(persona, logins[persona]["password"])
        pages = {name: measure(session, path, args.requests) for name, path in PAGES}
        counts = query_counts(persona)
        for name in pages:
            pages[name]["queries"] = counts[name]
        report["personas"][persona] = pages  # type: ignore[index]
    out = Path(RESULTS) / f"pages-{connection.vendor}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
