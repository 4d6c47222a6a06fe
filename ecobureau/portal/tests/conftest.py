"""Fixtures of the portal tests: people and data for the disclosure lists, and the
private persons whose identity must never be disclosed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enterprises.models import EmissionLimit, Enterprise, Outlet, Permit


@dataclass(frozen=True)
class Secret:
    """A private person's identity seeded into the data."""

    name: str
    id_number: str
    phone: str
    address: str

    def values(self) -> tuple[str, ...]:
        return (self.name, self.id_number, self.phone, self.address)


COMPLAINANT = Secret("钱秘芳", "210302199001011234", "13912345678", "铁东区幽兰街88号")
REPORTER = Secret("孙隐名", "210303198502022345", "13823456789", "铁西区青松路17号")
CITIZEN_PARTY = Secret("周个人", "210381197003033456", "13734567890", "海城市桃源里9号")
OFFICER_PHONE = "13645678901"


@pytest.fixture
def answerer(bureau: Unit) -> User:
    """科室工作人员: drafts replies to letters, may not review them."""
    return UserFactory(
        username="office-staff",
        full_name="吴办公",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_staff"],
    )


@pytest.fixture
def reviewer(bureau: Unit) -> User:
    """科室负责人: reviews and publishes replies."""
    return UserFactory(
        username="office-head",
        full_name="郑主任",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_head"],
    )


@pytest.fixture
def key_discharger(enterprise_a: Enterprise) -> Enterprise:
    """Enterprise A, a provincial key source, with an outlet, a limit, a permit,
    and a legal representative and contact who are private persons."""
    enterprise_a.legal_representative = COMPLAINANT.name
    enterprise_a.contact_name = REPORTER.name
    enterprise_a.contact_phone = REPORTER.phone
    enterprise_a.save()
    outlet = Outlet.objects.create(
        enterprise=enterprise_a, code="DA001", name="锅炉排气筒", kind="gas"
    )
    EmissionLimit.objects.create(
        outlet=outlet,
        pollutant_code="a21026",
        pollutant_name="二氧化硫",
        limit_value=Decimal("50"),
        unit="mg/m3",
        standard="GB 13271-2014",
        effective_from=date(2024, 1, 1),
    )
    Permit.objects.create(
        enterprise=enterprise_a,
        kind=Permit.Kind.DISCHARGE,
        number="91210300MA0TEST01X001P",
        issuer="鞍山市生态环境局",
        issued_on=timezone.localdate() - timedelta(days=10),
    )
    return enterprise_a
