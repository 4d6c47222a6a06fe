"""Fixtures of the quality tests: a monitoring-centre engineer (city scope) and
sections in districts A and B."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.quality import services


@pytest.fixture
def monitor(bureau) -> User:
    """监测中心工程师: enters sections, samples and totals for the whole city."""
    return UserFactory(
        username="monitor",
        full_name="何工",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["monitoring_staff"],
    )


@pytest.fixture
def district_a_head(district_a_leader: User) -> User:
    """分局负责人 of district A: may enter data for district A only."""
    return district_a_leader


def make_section(actor: User, district: Any, code: str, **kwargs: Any):
    fields = {"name": f"断面{code}", "level": "national", "water_body": "river"}
    fields.update(kwargs)
    return services.section_create(actor=actor, code=code, district=district, **fields)


@pytest.fixture
def section_a(monitor: User, district_a):
    return make_section(monitor, district_a, "A01")


@pytest.fixture
def section_b(monitor: User, district_b):
    return make_section(monitor, district_b, "B01")


def workbook(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(
        headers
        or ["断面编码", "采样日期", "来源", "pH", "溶解氧", "氨氮(mg/L)", "总磷"]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
