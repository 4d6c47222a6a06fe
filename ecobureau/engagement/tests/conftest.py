"""Engagement personas over the root conftest's places, units and people.

- `coordinator` (局办公室/综合协调科科员, city scope): routes and answers demands.
- root `district_a_officer` / `district_a_leader`: handle and reopen district A demands.
- root `district_b_officer`: must see nothing of district A.
- root `enterprise_user_a` files and rates; `enterprise_user_b` must see nothing of A.
- `eia_officer` and `eia_head` (section staff/head): the EIA register, two people so
  that the registrar never decides their own record.
- `team_head` (执法队负责人): supervisors.
- root `citizen`: the public pages only.
"""

from __future__ import annotations

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory


@pytest.fixture
def coordinator(bureau: Unit) -> User:
    return UserFactory(
        username="coord",
        full_name="陈协调",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_staff"],
    )


@pytest.fixture
def eia_officer(bureau: Unit) -> User:
    return UserFactory(
        username="eia-officer",
        full_name="吴环评",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_staff"],
    )


@pytest.fixture
def eia_head(bureau: Unit) -> User:
    return UserFactory(
        username="eia-head",
        full_name="郑科长",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_head"],
    )


@pytest.fixture
def team_head(bureau: Unit) -> User:
    return UserFactory(
        username="team-head",
        full_name="钱队长",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["enforcement_head"],
    )


# The enforcement team, for the cases that revisits, supervision and A105 read or open.
@pytest.fixture
def team(bureau: Unit) -> Unit:
    return UnitFactory(
        code="team", name="综合行政执法队", kind=Unit.Kind.TEAM, parent=bureau
    )


@pytest.fixture
def case_opener(team: Unit) -> User:
    return UserFactory(
        username="case-head",
        full_name="赵队长",
        unit=team,
        scope=User.Scope.CITY,
        credential_no="21030000001",
        role_codes=["enforcement_head"],
    )


@pytest.fixture
def case_officers(team: Unit) -> list[User]:
    return [
        UserFactory(
            username=f"officer-{n}",
            full_name=f"执法员{n}",
            unit=team,
            scope=User.Scope.CITY,
            credential_no=f"2103{n:07d}",
            role_codes=["enforcement_officer"],
        )
        for n in (11, 12)
    ]
