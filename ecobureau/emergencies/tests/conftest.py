"""Emergencies personas over the root conftest's places, units and people.

- `duty_officer` (应急值守, city scope): registers and handles every incident.
- root `district_a_officer` (铁东分局科员): handles incidents in district A only.
- root `district_b_officer` (铁西分局科员): must see nothing of district A.
- root `city_leader` / `district_a_leader`: review releases and replies.
- root `citizen`: sees only published releases, on the public page.
- `alarm_clue`: a real monitoring clue (an exceedance at enterprise A, district A),
  pushed by monitoring's own service — the alarm an incident is registered from.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enterprises.models import EmissionLimit, Outlet
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services as monitoring_services
from ecobureau.monitoring.models import Clue, Exceedance

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


@pytest.fixture
def alarm_clue(enterprise_a) -> Clue:
    """An online-monitoring clue in district A: COD at 180 mg/L against its hourly
    limit of 50 (超标2.6倍) at enterprise A's waste-water outlet on 1 Oct 2026,
    21:00–22:00, pushed to the workbench by `monitoring.services.clue_open` (the
    evaluation job's own call)."""
    outlet = Outlet.objects.create(
        enterprise=enterprise_a, code="DW001", name="DW001排放口", kind="water"
    )
    limit = EmissionLimit.objects.create(
        outlet=outlet,
        pollutant_code="w01018",
        pollutant_name="化学需氧量",
        limit_value=Decimal("50"),
        unit="mg/L",
        basis="measured",
        effective_from=date(2015, 1, 1),
    )
    instrument = monitoring_services.instrument_register(
        outlet=outlet,
        data=monitoring_services.InstrumentData(
            mn="EMERG0000000000000000001", name="COD在线监测", system_code="32"
        ),
        by=None,
    )
    started = datetime(2026, 10, 1, 21, 0, tzinfo=SHANGHAI)
    exceedance = Exceedance.objects.create(
        instrument=instrument,
        enterprise=enterprise_a,
        outlet=outlet,
        limit=limit,
        code="w01018",
        pollutant_name="化学需氧量",
        unit="mg/L",
        field="Avg",
        limit_value=Decimal("50"),
        started_at=started,
        ended_at=started + timedelta(hours=1),
        hours=1,
        max_value=Decimal("180"),
        max_multiple=Decimal("2.6"),
    )
    return monitoring_services.clue_open(
        instrument=instrument,
        title="化学需氧量小时均值超标（最大180 mg/L）",
        detected_at=started + timedelta(hours=1, minutes=5),
        exceedance=exceedance,
    )
