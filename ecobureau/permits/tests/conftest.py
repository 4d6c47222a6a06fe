"""Fixtures of the permits tests: the bureau's units the catalogue names, the
catalogue itself, and the staff who handle applications. Helpers that drive an
application are in helpers.py."""

from __future__ import annotations

from typing import Any

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.core.models import Division
from ecobureau.permits import services

SECTION_CODES = {
    "air": "鞍山市生态环境局大气环境科",
    "waste": "鞍山市生态环境局固体废物与化学品科",
    "soil": "鞍山市生态环境局土壤生态环境科",
    "water": "鞍山市生态环境局水生态环境科",
    "coordination": "鞍山市生态环境局综合协调科",
    "service-centre": "鞍山市生态环境事务服务中心",
    "monitoring-centre": "辽宁省鞍山生态环境监测中心",
    "team": "鞍山市生态环境保护综合行政执法队",
}


@pytest.fixture
def sections(bureau: Unit, city: Division) -> dict[str, Unit]:
    """The bureau's sections and centres, with the codes the catalogue names
    (no document prefix of their own: documents go out in the bureau's name)."""
    return {
        code: UnitFactory(
            code=code,
            name=name,
            kind=Unit.Kind.SECTION,
            parent=bureau,
            division=city,
            document_prefix="",
        )
        for code, name in SECTION_CODES.items()
    }


@pytest.fixture
def catalogue(
    sections: dict[str, Unit], sub_bureau_a: Unit, sub_bureau_b: Unit
) -> None:
    """The 18 items of seed 000, loaded as `manage.py load_reference` does."""
    services.catalogue_load()


def _staff(username: str, unit: Unit, roles: list[str], **extra: Any) -> User:
    return UserFactory(
        username=username,
        full_name=extra.pop("full_name", username),
        unit=unit,
        scope=extra.pop("scope", User.Scope.CITY),
        role_codes=roles,
        **extra,
    )


@pytest.fixture
def air_staff(sections: dict[str, Unit]) -> User:
    """大气科科员: handles the section's applications city-wide."""
    return _staff("air-staff", sections["air"], ["section_staff"], full_name="钱科员")


@pytest.fixture
def air_staff_2(sections: dict[str, Unit]) -> User:
    """A second 大气科科员 (on-site checks are done by two)."""
    return _staff("air-staff-2", sections["air"], ["section_staff"], full_name="孙科员")


@pytest.fixture
def air_head(sections: dict[str, Unit]) -> User:
    """大气科科长: approves (审批) the section's applications."""
    return _staff("air-head", sections["air"], ["section_head"], full_name="刘科长")


@pytest.fixture
def window(sections: dict[str, Unit]) -> User:
    """政务服务窗口: accepts applications for every item."""
    return _staff(
        "window", sections["service-centre"], ["service_staff"], full_name="林窗口"
    )


@pytest.fixture
def waste_staff(sections: dict[str, Unit]) -> User:
    """固废科科员: reviews hazardous-waste items at city level."""
    return _staff(
        "waste-staff", sections["waste"], ["section_staff"], full_name="周科员"
    )


@pytest.fixture
def waste_head(sections: dict[str, Unit]) -> User:
    return _staff("waste-head", sections["waste"], ["section_head"], full_name="吴科长")


@pytest.fixture
def soil_staff(sections: dict[str, Unit]) -> User:
    return _staff("soil-staff", sections["soil"], ["section_staff"], full_name="郑科员")


@pytest.fixture
def province_unit(db: None) -> Unit:
    return UnitFactory(
        code="province-dept",
        name="辽宁省生态环境厅",
        kind=Unit.Kind.PROVINCE,
        document_prefix="",
    )


@pytest.fixture
def province_reviewer(province_unit: Unit) -> User:
    """省厅审核人 (external): sees only the applications assigned to them."""
    return UserFactory(
        username="province",
        full_name="省厅审核人",
        kind=User.Kind.EXTERNAL,
        unit=province_unit,
        scope=User.Scope.OWN,
        role_codes=["province_reviewer"],
    )
