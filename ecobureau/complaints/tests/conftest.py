"""Fixtures of the complaints tests: the 12369 desk, handlers, a department, the
triage table, and complaints made through the services."""

from decimal import Decimal
from io import StringIO

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.complaints import reference, services
from ecobureau.notifications.sms import MemorySmsBackend


@pytest.fixture(autouse=True)
def _sms(settings):
    settings.SMS_ENABLED = True
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def desk(bureau) -> Unit:
    """The 12369 desk (应急科), where complaints arrive."""
    return UnitFactory(
        code="emergency",
        name="环境应急与事故调查科",
        kind=Unit.Kind.SECTION,
        parent=bureau,
    )


@pytest.fixture
def desk_officer(desk) -> User:
    """应急科值守人员: city-wide, handles complaints."""
    return UserFactory(
        username="desk",
        full_name="值守员",
        unit=desk,
        scope=User.Scope.CITY,
        role_codes=["emergency_staff"],
    )


@pytest.fixture
def team(bureau) -> Unit:
    return UnitFactory(
        code="team", name="综合行政执法队", kind=Unit.Kind.TEAM, parent=bureau
    )


@pytest.fixture
def enforcement_officer(team) -> User:
    """执法人员: city scope by unit only — sees complaints handled by the team."""
    return UserFactory(
        username="zhifa",
        full_name="执法员",
        unit=team,
        scope=User.Scope.UNIT,
        role_codes=["enforcement_officer"],
    )


@pytest.fixture
def department(db) -> Unit:
    return UnitFactory(
        code="dept-zhifa", name="市综合执法部门", kind=Unit.Kind.DEPARTMENT
    )


@pytest.fixture
def department_handler(department) -> User:
    """部门承办人 (external): sees only what was dispatched to their department."""
    return UserFactory(
        username="chengguan",
        full_name="城管承办人",
        kind=User.Kind.EXTERNAL,
        unit=department,
        scope=User.Scope.OWN,
        role_codes=["department_handler"],
    )


@pytest.fixture
def triage_table(db) -> None:
    reference.load(StringIO(), 0)


def submit(**overrides):
    by = overrides.pop("by", None)
    photos = overrides.pop("photos", ())
    data = {
        "channel": "phone_12369",
        "text": "华信化工厂晚上排放刺鼻气味",
        "place": "铁东区胜利路88号",
        "contact_name": "张三",
        "contact_phone": "13900000001",
    }
    data.update(overrides)
    return services.complaint_submit(
        data=services.ComplaintData(**data), by=by, photos=photos
    )


@pytest.fixture
def complaint_a(desk, district_a, desk_officer):
    """A real-name complaint about a plant in district A, received by phone."""
    return submit(district=district_a, by=desk_officer)


POINT = (Decimal("41.110200"), Decimal("123.010500"))
