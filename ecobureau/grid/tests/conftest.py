"""Grid personas and a small grid over the root conftest's places.

Cells: 鞍山市 (level 1) → 铁东区, 铁西区 (level 2) → 站前街道, 解放街道 (level 3, in
铁东区). Each persona's docstring says what that person may see.
"""

from __future__ import annotations

import base64
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.core.models import Division
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code
from ecobureau.grid import services
from ecobureau.grid.models import GridCell, GridMember

# A 1×1 PNG: real image bytes, so the attachment service's content check passes.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def photo(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def team(bureau: Unit) -> Unit:
    return UnitFactory(
        code="team", name="综合行政执法队", kind=Unit.Kind.TEAM, parent=bureau
    )


@pytest.fixture
def gov_a1(township_a1: Division) -> Unit:
    return UnitFactory(
        code="gov-210302001",
        name="站前街道办事处",
        kind=Unit.Kind.TOWNSHIP,
        division=township_a1,
    )


@pytest.fixture
def gov_a2(township_a2: Division) -> Unit:
    return UnitFactory(
        code="gov-210302002",
        name="解放街道办事处",
        kind=Unit.Kind.TOWNSHIP,
        division=township_a2,
    )


@pytest.fixture
def cells(
    city: Division,
    district_a: Division,
    district_b: Division,
    township_a1: Division,
    township_a2: Division,
    gov_a1: Unit,
    gov_a2: Unit,
    sub_bureau_a: Unit,
    sub_bureau_b: Unit,
) -> dict[str, GridCell]:
    """The administrative cells of every division, by division code."""
    services.cells_build(by=None)
    return {
        cell.division.code: cell for cell in GridCell.objects.select_related("division")
    }


@pytest.fixture
def grid_officer(
    gov_a1: Unit, township_a1: Division, cells: dict[str, GridCell]
) -> User:
    """站前街道网格员: sees the 站前街道 cell and what happens in it, nothing else."""
    user = UserFactory(
        username="grid-a1",
        full_name="杨网格",
        unit=gov_a1,
        scope=User.Scope.DIVISION,
        scope_division=township_a1,
        role_codes=["grid_officer"],
    )
    GridMember.objects.create(
        cell=cells["210302001"],
        role=GridMember.Role.OFFICER,
        user=user,
        name=user.full_name,
        phone="0412-5550001",
        since=date(2026, 1, 1),
    )
    return user


@pytest.fixture
def grid_officer_a2(gov_a2: Unit, township_a2: Division) -> User:
    """解放街道网格员: must see nothing of 站前街道."""
    return UserFactory(
        username="grid-a2",
        full_name="钱网格",
        unit=gov_a2,
        scope=User.Scope.DIVISION,
        scope_division=township_a2,
        role_codes=["grid_officer"],
    )


@pytest.fixture
def enforcement_head(team: Unit) -> User:
    """执法队负责人: plans draws city-wide, approves positive-list checks."""
    return UserFactory(
        username="team-head",
        full_name="赵队长",
        unit=team,
        scope=User.Scope.CITY,
        credential_no="21030000001",
        role_codes=["enforcement_head"],
    )


def make_inspectors(team: Unit, count: int, start: int = 1) -> list[User]:
    return [
        UserFactory(
            username=f"inspector-{n}",
            full_name=f"执法员{n}",
            unit=team,
            scope=User.Scope.CITY,
            credential_no=f"2103{n:07d}",
            role_codes=["enforcement_officer"],
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def inspectors(team: Unit) -> list[User]:
    """Six credentialed enforcement officers (city scope)."""
    return make_inspectors(team, 6)


@pytest.fixture
def department(city: Division) -> Unit:
    return UnitFactory(
        code="dept-zhujian", name="市住建部门", kind=Unit.Kind.DEPARTMENT, division=city
    )


@pytest.fixture
def department_handler(department: Unit) -> User:
    """住建部门承办人: sees the transfers addressed to 住建, nothing else."""
    return UserFactory(
        username="zhujian",
        full_name="冯承办",
        kind=User.Kind.EXTERNAL,
        unit=department,
        scope=User.Scope.OWN,
        role_codes=["department_handler"],
    )


@pytest.fixture
def enterprises_a(district_a: Division, township_a1: Division, sub_bureau_a: Unit):
    """Twelve enterprises in 站前街道: 3 large key sources, 4 medium, 5 small."""
    made = []
    specs = [("large", "provincial")] * 3 + [("medium", "")] * 4 + [("small", "")] * 5
    for n, (size, key) in enumerate(specs):
        made.append(
            EnterpriseFactory(
                credit_code=make_credit_code(500 + n),
                name=f"鞍山市站前示例企业{n}有限公司",
                district=district_a,
                township=township_a1,
                supervising_unit=sub_bureau_a,
                size=size,
                key_source=key,
            )
        )
    return made
