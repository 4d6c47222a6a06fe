"""Personas and shared fixtures.

Each persona's docstring says what that person may see. Every view test includes
someone who must not see: another district, another enterprise, the public.
"""

from pathlib import Path

import pytest
from django.db import connections
from django.test import TransactionTestCase

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.roles import CATALOGUE
from ecobureau.accounts.tests.factories import DivisionFactory, UnitFactory, UserFactory
from ecobureau.core import records
from ecobureau.core.models import Division

PASSWORD = "Test-Passw0rd!"


# --- Test databases left by killed runs ----------------------------------------------
# The SQLite test database is a file per process (settings._sqlite_test_name, decision
# 0009), dropped when the run ends. A killed run leaves its file, in memory when on
# /dev/shm: remove those whose process is gone.
def pytest_sessionstart(session: pytest.Session) -> None:
    from django.conf import settings

    for path in settings.TEST_SQLITE_FOLDER.glob(f"{settings.TEST_SQLITE_PREFIX}*"):
        pid = path.name.removeprefix(settings.TEST_SQLITE_PREFIX).split(".")[0]
        pid = pid.split("_")[0]  # pytest-django's "_gw0" suffix of xdist workers
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            path.unlink(missing_ok=True)


# --- The record guard around database cleanup ---------------------------------------
# core_record refuses DELETE and TRUNCATE unless the guard is in maintenance mode.
# Transactional tests (live server, concurrency) clean the database by flushing it,
# so the harness switches the guard first — the only place besides the documented
# restore procedure that does (docs/operations.md).
_flush_teardown = TransactionTestCase._fixture_teardown  # type: ignore[attr-defined]


def _fixture_teardown_with_guard(self: TransactionTestCase) -> None:
    for alias in self._databases_names(include_mirrors=False):  # type: ignore[attr-defined]
        records.set_guard(mode="maintenance", reason="test harness flush", using=alias)
        # Empty the record while the guard still says maintenance: the flush may
        # empty the guard's table before the record's (table order varies).
        with connections[alias].cursor() as cursor:
            cursor.execute("DELETE FROM core_record")
    _flush_teardown(self)


TransactionTestCase._fixture_teardown = _fixture_teardown_with_guard  # type: ignore[attr-defined]


# --- The working-day calendar's cache ---------------------------------------------
# A test that changes the calendar marks this thread "dirty" until its transaction
# commits; a test's transaction is rolled back instead, so the mark would outlive it
# and make every later test in the worker re-read the calendar (query counts then
# depend on test order). Each test starts unmarked; the cache itself was already
# dropped by the change.
@pytest.fixture(autouse=True)
def _unmark_working_day_calendar() -> None:
    from ecobureau.core import calendar

    calendar._local.dirty = False


# --- Places -----------------------------------------------------------------------


@pytest.fixture
def city(db: None) -> Division:
    return DivisionFactory(
        code="210300", name="鞍山市", kind=Division.Kind.CITY, level=1
    )


@pytest.fixture
def district_a(city: Division) -> Division:
    return DivisionFactory(
        code="210302", name="铁东区", kind=Division.Kind.DISTRICT, level=2, parent=city
    )


@pytest.fixture
def district_b(city: Division) -> Division:
    return DivisionFactory(
        code="210303", name="铁西区", kind=Division.Kind.DISTRICT, level=2, parent=city
    )


@pytest.fixture
def township_a1(district_a: Division) -> Division:
    return DivisionFactory(
        code="210302001",
        name="站前街道",
        kind=Division.Kind.STREET,
        level=3,
        parent=district_a,
    )


@pytest.fixture
def township_a2(district_a: Division) -> Division:
    return DivisionFactory(
        code="210302002",
        name="解放街道",
        kind=Division.Kind.STREET,
        level=3,
        parent=district_a,
    )


# --- Units ------------------------------------------------------------------------


@pytest.fixture
def bureau(city: Division) -> Unit:
    return UnitFactory(
        code="bureau",
        name="鞍山市生态环境局",
        kind=Unit.Kind.BUREAU,
        division=city,
        document_prefix="鞍环",
    )


@pytest.fixture
def sub_bureau_a(district_a: Division, bureau: Unit) -> Unit:
    return UnitFactory(
        code="sub-210302",
        name="鞍山市生态环境局铁东分局",
        short_name="铁东分局",
        kind=Unit.Kind.SUB_BUREAU,
        division=district_a,
        parent=bureau,
        document_prefix="鞍环铁东",
    )


@pytest.fixture
def sub_bureau_b(district_b: Division, bureau: Unit) -> Unit:
    return UnitFactory(
        code="sub-210303",
        name="鞍山市生态环境局铁西分局",
        short_name="铁西分局",
        kind=Unit.Kind.SUB_BUREAU,
        division=district_b,
        parent=bureau,
        document_prefix="鞍环铁西",
    )


# --- Personas ---------------------------------------------------------------------


@pytest.fixture
def city_leader(bureau: Unit) -> User:
    """局领导: sees everything in the city."""
    return UserFactory(
        username="leader",
        full_name="王局长",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["bureau_leader", "system_admin"],
    )


@pytest.fixture
def district_a_leader(sub_bureau_a: Unit, district_a: Division) -> User:
    """铁东分局负责人: sees everything in district A, nothing of district B."""
    return UserFactory(
        username="tiedong-head",
        full_name="李分局长",
        unit=sub_bureau_a,
        scope=User.Scope.DIVISION,
        scope_division=district_a,
        role_codes=["sub_bureau_head"],
    )


@pytest.fixture
def district_a_officer(sub_bureau_a: Unit, district_a: Division) -> User:
    """铁东分局工作人员: handles items in district A; sees nothing of district B."""
    return UserFactory(
        username="tiedong-officer",
        full_name="张科员",
        unit=sub_bureau_a,
        scope=User.Scope.DIVISION,
        scope_division=district_a,
        role_codes=["sub_bureau_staff"],
    )


@pytest.fixture
def district_b_officer(sub_bureau_b: Unit, district_b: Division) -> User:
    """铁西分局工作人员: must see nothing of district A."""
    return UserFactory(
        username="tiexi-officer",
        full_name="赵科员",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_staff"],
    )


@pytest.fixture
def township_official(township_a1: Division) -> User:
    """站前街道负责人 (external): sees only township A1."""
    unit = UnitFactory(
        code="gov-210302001",
        name="站前街道办事处",
        kind=Unit.Kind.TOWNSHIP,
        division=township_a1,
    )
    return UserFactory(
        username="zhanqian",
        full_name="孙主任",
        kind=User.Kind.EXTERNAL,
        unit=unit,
        scope=User.Scope.DIVISION,
        scope_division=township_a1,
        role_codes=["township_official"],
    )


@pytest.fixture
def citizen(db: None) -> User:
    """A member of the public with an account: sees only their own submissions."""
    return UserFactory(
        username="13800000001",
        full_name="",
        kind=User.Kind.CITIZEN,
        phone="13800000001",
        role_codes=["citizen"],
    )


@pytest.fixture
def all_role_codes() -> list[str]:
    return sorted(CATALOGUE)


# --- Enterprises --------------------------------------------------------------------


@pytest.fixture
def enterprise_a(district_a: Division, township_a1: Division, sub_bureau_a: Unit):
    """An enterprise in district A, township A1."""
    from ecobureau.enterprises.tests.factories import (
        EnterpriseFactory,
        make_credit_code,
    )

    return EnterpriseFactory(
        credit_code=make_credit_code(1),
        name="鞍山市华信精细化工有限公司",
        district=district_a,
        township=township_a1,
        supervising_unit=sub_bureau_a,
        key_source="provincial",
        size="medium",
    )


@pytest.fixture
def enterprise_b(district_b: Division, sub_bureau_b: Unit):
    """An enterprise in district B."""
    from ecobureau.enterprises.tests.factories import (
        EnterpriseFactory,
        make_credit_code,
    )

    return EnterpriseFactory(
        credit_code=make_credit_code(2),
        name="鞍山市兴达商品混凝土有限公司",
        district=district_b,
        supervising_unit=sub_bureau_b,
    )


@pytest.fixture
def enterprise_user_a(enterprise_a) -> User:
    """The account of enterprise A: sees its own file, nothing of enterprise B."""
    from ecobureau.enterprises.tests.factories import EnterpriseAccountFactory

    user = UserFactory(
        username=enterprise_a.credit_code,
        full_name=enterprise_a.name,
        kind=User.Kind.ENTERPRISE,
        role_codes=["enterprise"],
    )
    EnterpriseAccountFactory(enterprise=enterprise_a, user=user)
    return user


@pytest.fixture
def enterprise_user_b(enterprise_b) -> User:
    """The account of enterprise B: must see nothing of enterprise A."""
    from ecobureau.enterprises.tests.factories import EnterpriseAccountFactory

    user = UserFactory(
        username=enterprise_b.credit_code,
        full_name=enterprise_b.name,
        kind=User.Kind.ENTERPRISE,
        role_codes=["enterprise"],
    )
    EnterpriseAccountFactory(enterprise=enterprise_b, user=user)
    return user
