"""Worked data for the leadership view: October 2026 in district A (铁东) and
district B (铁西), rows made through the complaints service where the figure
depends on it, and directly for the other modules' rows the figures only count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.complaints import services as complaint_services
from ecobureau.complaints.models import Complaint
from ecobureau.enforcement.models import (
    EnforcementCase,
    Inspection,
    InspectionReason,
    PenaltyDecision,
)
from ecobureau.enterprises.models import Outlet
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring.models import Clue, Instrument
from ecobureau.rectification.models import RectificationTask

from .world_more import air_days, applications, credit_grades


def at(day: int, hour: int = 12, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    """Mid-November 2026: October is over, so it may be confirmed."""
    with time_machine.travel(datetime(2026, 11, 16, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SMS_BACKEND = "ecobureau.notifications.backends.locmem.SmsBackend"


@pytest.fixture
def unit_head(sub_bureau_a: Unit) -> User:
    """铁东分局 head with a unit scope: sees their unit's page only."""
    return UserFactory(
        username="unit-head",
        full_name="周科长",
        unit=sub_bureau_a,
        scope=User.Scope.UNIT,
        role_codes=["section_head"],
    )


@pytest.fixture
def district_b_leader(sub_bureau_b: Unit, district_b) -> User:
    """铁西分局负责人: must see nothing of district A."""
    return UserFactory(
        username="tiexi-head",
        full_name="钱分局长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )


def complaint(unit, district, *, received, due=None, closed=None, satisfaction="",
              rated=None, **extra) -> Complaint:  # fmt: skip
    c = complaint_services.complaint_submit(
        data=complaint_services.ComplaintData(
            channel="phone_12369",
            text="扬尘",
            place=f"测试路{Complaint.objects.count()}号",
            anonymous=True,
        ),
        by=None,
    )
    Complaint.objects.filter(pk=c.pk).update(
        unit=unit,
        district=district,
        received_at=received,
        status=extra.pop("status", "closed" if closed else "dispatched"),
        handling_due_at=due,
        closed_at=closed,
        satisfaction=satisfaction,
        satisfaction_at=rated,
        **extra,
    )
    c.refresh_from_db()
    return c


@dataclass
class World:
    a_complaints: list[Complaint]
    b_complaints: list[Complaint]


@pytest.fixture
def world(
    district_a,
    district_b,
    sub_bureau_a,
    sub_bureau_b,
    enterprise_a,
    enterprise_b,
    city_leader,
):
    """District A, October: 4 complaints received, 3 closed (2 on time), 2 rated
    (1 satisfied), 1 repeat; district B: 1 received, closed on time, satisfied.
    Enforcement: A 2 inspections, 1 case, fine 20000.00; B 1 inspection.
    Monitoring: A 2 active instruments (1 online), a retired one; B 1 online.
    Clues: A 1 referred, 1 dismissed, 1 new; B 1 dismissed.
    Rectification: A 2 tasks (1 closed, 1 overdue); B 1 open not due.
    Applications, air days and credit grades: see `world_more.py` (A 3
    applications decided in October, 1 late; B 1, late; the city's October days
    with 3 good of 5 rated, forecast scored on 2 days; credit 2025: A 守信 ×2 and
    失信 ×1, B 守信 ×1)."""
    a, b = sub_bureau_a, sub_bureau_b
    a1 = complaint(a, district_a, received=at(2), due=at(10), closed=at(9),
                   satisfaction="satisfied", rated=at(12))  # fmt: skip
    a2 = complaint(a, district_a, received=at(3), due=at(12), closed=at(15),
                   satisfaction="unsatisfied", rated=at(20))  # fmt: skip
    a3 = complaint(a, district_a, received=at(4), due=at(25), closed=at(20))
    a4 = complaint(a, district_a, received=at(21), due=at(5, month=11),
                   repeat_visit=True, repeat_of=a1)  # fmt: skip
    # Outside October: not counted.
    complaint(
        a,
        district_a,
        received=at(28, month=9),
        due=at(30, month=9),
        closed=at(29, month=9),
    )
    b1 = complaint(b, district_b, received=at(5), due=at(15), closed=at(14),
                   satisfaction="basic", rated=at(16))  # fmt: skip

    def inspection(enterprise, district, unit, day):
        reason = InspectionReason.objects.create(
            enterprise=enterprise, source="superior", reason="上级交办",
            requested_by=city_leader, unit=unit, district=district,
        )  # fmt: skip
        return Inspection.objects.create(
            enterprise=enterprise, year=2026, basis="reason", reason=reason, status="finished",
            district=district, unit=unit, arrived_at=at(day), created_by=city_leader,
        )  # fmt: skip

    i1 = inspection(enterprise_a, district_a, a, 6)
    inspection(enterprise_a, district_a, a, 7)
    inspection(enterprise_b, district_b, b, 8)
    case = EnforcementCase.objects.create(
        enterprise=enterprise_a, source="inspection", inspection=i1, start_reason="检查发现",
        facts="超标排放", status="decided", district=district_a, unit=a, filed_at=at(9), created_by=city_leader,
    )  # fmt: skip
    PenaltyDecision.objects.create(
        case=case, procedure="ordinary", party_kind="organisation", fine=Decimal("20000.00"),
        facts="超标排放", legal_basis="《大气污染防治法》第九十九条", decided_at=at(25), created_by=city_leader,
    )  # fmt: skip

    def instrument(mn, enterprise, link):
        outlet = Outlet.objects.create(
            enterprise=enterprise,
            code=mn,
            name=f"{mn}排放口",
            kind=Outlet.Kind.values[0],
        )
        return Instrument.objects.create(
            mn=mn, enterprise=enterprise, outlet=outlet, status="active", link=link
        )

    instrument("MN-A1", enterprise_a, "online")
    instrument("MN-A2", enterprise_a, "offline")
    instrument("MN-A3", enterprise_a, "online").__class__.objects.filter(
        mn="MN-A3"
    ).update(status="retired")
    instrument("MN-B1", enterprise_b, "online")

    def clue(number, enterprise, district, status, decided):
        return Clue.objects.create(
            number=number, source="exceedance", enterprise=enterprise, title="超标线索",
            detected_at=at(11), status=status, decided_at=decided, district=district,
        )  # fmt: skip

    clue("XS-1", enterprise_a, district_a, "referred", at(12))
    clue("XS-2", enterprise_a, district_a, "dismissed", at(13))
    clue("XS-3", enterprise_a, district_a, "new", None)
    clue("XS-4", enterprise_b, district_b, "dismissed", at(14))

    def task(number, district, unit, deadline, closed=None):
        return RectificationTask.objects.create(
            number=number, round="第二轮", source="central", problem="问题", target="目标",
            responsible_units="铁东区政府", deadline=deadline,
            status="closed" if closed else "rectifying",
            district=district, unit=unit, closed_at=closed,
        )  # fmt: skip

    task("ZG-1", district_a, a, date(2026, 9, 30), closed=at(20))
    task("ZG-2", district_a, a, date(2026, 10, 31))
    task("ZG-3", district_b, b, date(2027, 6, 30))
    applications(district_a, district_b, a, b, city_leader)
    air_days(city=district_a.parent)
    credit_grades(enterprise_a, enterprise_b, district_a, a)
    return World([a1, a2, a3, a4], [b1])


@pytest.fixture
def other_unit(bureau) -> Unit:
    return UnitFactory(
        code="sec-x", name="测试科室", kind=Unit.Kind.SECTION, parent=bureau
    )
