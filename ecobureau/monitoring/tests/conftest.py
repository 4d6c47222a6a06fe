from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from ecobureau.accounts import services as account_services
from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.enterprises.models import EmissionLimit, Outlet
from ecobureau.monitoring import services, storage
from ecobureau.monitoring.models import Instrument

FRAMES = Path(__file__).parent / "frames"
# The MN and password of HJ 212-2017's own examples, so the standard's packets
# authenticate against the instrument fixtures.
STANDARD_MN = "010000A8900016F000169DC0"
STANDARD_PW = "123456"


def frame(name: str) -> bytes:
    return (FRAMES / f"{name}.hj212").read_bytes()


def _empty_data_tables() -> None:
    # The gateway's tables are unmanaged: Django's flush after a transactional
    # test does not empty them, so these tests do.
    with connection.cursor() as cursor:
        for table in storage.PARTITIONED:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (own table names)


@pytest.fixture(autouse=True)
def _database(request: pytest.FixtureRequest) -> Iterator[None]:
    """For tests that use the database (the decoder's do not): roles hold the
    permissions of the catalogue, as `load_reference` writes them, and the
    data tables start and end empty."""
    names = request.fixturenames
    marked = request.node.get_closest_marker("django_db") is not None
    if not marked and "db" not in names and "transactional_db" not in names:
        yield
        return
    for name in ("transactional_db", "db"):
        if name in names:
            request.getfixturevalue(name)
            break
    _empty_data_tables()
    account_services.roles_load_catalogue()
    yield
    _empty_data_tables()


@pytest.fixture
def monitoring_staff(bureau: Unit) -> User:
    """监测中心工程师: keeps the instrument registry; sees the whole city's data."""
    unit = UnitFactory(
        code="monitoring-centre", name="监测中心", kind=Unit.Kind.SECTION, parent=bureau
    )
    return UserFactory(
        username="monitor",
        full_name="何工",
        unit=unit,
        scope=User.Scope.CITY,
        role_codes=["monitoring_staff"],
    )


@pytest.fixture
def team_officer(bureau: Unit) -> User:
    """执法队执法人员: decides clues city-wide."""
    unit = UnitFactory(
        code="team", name="综合行政执法队", kind=Unit.Kind.TEAM, parent=bureau
    )
    return UserFactory(
        username="team-officer",
        full_name="孙执法",
        unit=unit,
        scope=User.Scope.CITY,
        role_codes=["enforcement_officer"],
    )


def _outlet(enterprise, code: str, kind: str) -> Outlet:
    return Outlet.objects.create(
        enterprise=enterprise, code=code, name=f"{code}排放口", kind=kind
    )


def _limit(
    outlet: Outlet, code: str, name: str, value: str, unit: str, basis: str
) -> None:
    EmissionLimit.objects.create(
        outlet=outlet,
        pollutant_code=code,
        pollutant_name=name,
        limit_value=Decimal(value),
        unit=unit,
        basis=basis,
        effective_from=date(2015, 1, 1),
    )


@pytest.fixture
def water_outlet_a(enterprise_a) -> Outlet:
    outlet = _outlet(enterprise_a, "DW001", "water")
    _limit(outlet, "w01018", "化学需氧量", "50", "mg/L", "measured")
    _limit(outlet, "w21003", "氨氮", "5", "mg/L", "measured")
    return outlet


@pytest.fixture
def gas_outlet_a(enterprise_a) -> Outlet:
    outlet = _outlet(enterprise_a, "DA001", "gas")
    _limit(outlet, "a21026", "二氧化硫", "35", "mg/m³", "converted")
    return outlet


@pytest.fixture
def instrument_a(water_outlet_a) -> Instrument:
    """Enterprise A's waste-water instrument, with the standard examples' MN and PW."""
    instrument = services.instrument_register(
        outlet=water_outlet_a,
        data=services.InstrumentData(
            mn=STANDARD_MN, name="COD在线监测", system_code="32"
        ),
        by=None,
    )
    services.instrument_set_password(
        instrument=instrument, by=None, password=STANDARD_PW
    )
    return instrument


@pytest.fixture
def gas_instrument_a(gas_outlet_a) -> Instrument:
    instrument = services.instrument_register(
        outlet=gas_outlet_a,
        data=services.InstrumentData(mn="GAS0000000000000000000A1", system_code="31"),
        by=None,
    )
    services.instrument_set_password(instrument=instrument, by=None, password="654321")
    return instrument


@pytest.fixture
def instrument_b(enterprise_b) -> Instrument:
    """Enterprise B's instrument, in district B."""
    outlet = _outlet(enterprise_b, "DW001", "water")
    _limit(outlet, "w01018", "化学需氧量", "50", "mg/L", "measured")
    instrument = services.instrument_register(
        outlet=outlet,
        data=services.InstrumentData(mn="B00000000000000000000001", system_code="32"),
        by=None,
    )
    services.instrument_set_password(instrument=instrument, by=None, password="111111")
    return instrument
