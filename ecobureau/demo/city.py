"""The demo city (示例数据): what every module's demo step shares.

`seed_demo` builds it by calling, in the order of INSTALLED_APPS, the function
`build(city)` of each module's `demo.py`. Each step creates its data through the
module's services, so the record holds a real history. Everything is labelled
示例数据 and drawn from one seeded random generator, so two builds are alike.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Division

DEMO_LABEL = "示例数据"


@dataclass
class DemoCity:
    seed: int
    password: str
    rng: random.Random
    divisions: dict[str, Division]  # by code
    units: dict[str, Unit]  # by code
    people: dict[str, User] = field(default_factory=dict)  # persona key → user
    logins: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (username, role, note)
    shared: dict[str, Any] = field(
        default_factory=dict
    )  # what one step leaves for the next

    @classmethod
    def start(cls, *, seed: int) -> DemoCity:
        # The personas' password is drawn fresh for every installation (never in
        # code). Long and random, it shares nothing with the usernames (Django's
        # similarity validator refused "Demo-…" for "demo-admin" on some draws);
        # the suffix guarantees three character classes.
        password = f"{secrets.token_urlsafe(15)}#7Qa"
        return cls(
            seed=seed,
            password=password,
            rng=random.Random(seed),  # noqa: S311 (demo data must be reproducible)
            divisions={d.code: d for d in Division.objects.all()},
            units={u.code: u for u in Unit.objects.all()},
        )

    def districts(self) -> list[Division]:
        return sorted(
            (d for d in self.divisions.values() if d.level == 2), key=lambda d: d.code
        )

    def townships(self, district: Division) -> list[Division]:
        return sorted(
            (d for d in self.divisions.values() if d.parent_id == district.pk),
            key=lambda d: d.code,
        )
