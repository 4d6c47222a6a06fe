"""Emergencies personas over the root conftest's places, units and people.

- `duty_officer` (应急值守, city scope): registers and handles every incident.
- root `district_a_officer` (铁东分局科员): handles incidents in district A only.
- root `district_b_officer` (铁西分局科员): must see nothing of district A.
- root `city_leader` / `district_a_leader`: review releases and replies.
- root `citizen`: sees only published releases, on the public page.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory

from .. import services
from ..models import Incident


@pytest.fixture
def duty_officer(bureau: Unit) -> User:
    """应急值守人员: city scope, registers and handles incidents and opinion events."""
    return UserFactory(
        username="duty",
        full_name="高值守",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["emergency_staff"],
    )


def register(
    by: User, *, district=None, received_at: datetime | None = None, **extra
) -> Incident:
    values = {
        "title": "某化工企业储罐泄漏",
        "source": Incident.Source.MONITORING,
        "source_ref": "在线监测报警 COD 超标",
        "place": "铁东区某工业园",
        "summary": "在线监测报警，COD浓度异常升高，企业储罐疑似泄漏。",
    }
    values.update(extra)
    return services.incident_register(
        by=by, district=district, received_at=received_at, **values
    )


@pytest.fixture
def incident_a(duty_officer, district_a) -> Incident:
    """An incident in district A, just registered."""
    return register(duty_officer, district=district_a)
