"""Helpers of the tests that feed major environmental emergencies into the veto
and the responsibility letters: incidents registered and graded through the
emergencies services by an emergency duty officer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.emergencies import services as emergency_services
from ecobureau.emergencies.models import Incident

NO_FACTS = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": "0",
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}
# Deaths that give each grade under the national plan (emergencies/grading.py).
DEATHS = {"larger": 3, "major": 10, "especially_major": 30}


def duty_officer(bureau: Unit) -> User:
    """应急值守人员 (city scope): registers and grades incidents."""
    return UserFactory(
        username="duty",
        full_name="高值守",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["emergency_staff"],
    )


def graded_incident(
    by: User,
    district: Any,
    grade: str,
    *,
    occurred_at: datetime,
    title: str = "某化工企业储罐泄漏",
) -> Incident:
    incident = emergency_services.incident_register(
        by=by,
        title=title,
        source=Incident.Source.MONITORING,
        place="工业园区",
        summary="储罐阀门破裂，物料经雨水管网外排。",
        occurred_at=occurred_at,
        received_at=occurred_at,
        district=district,
    )
    emergency_services.incident_grade(
        incident=incident, by=by, facts={**NO_FACTS, "deaths": DEATHS[grade]}
    )
    return incident
