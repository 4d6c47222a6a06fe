"""Rectification personas over the root conftest's places and units.

- `office_staff`: 市督改办 (the bureau's section staff, city scope): keeps the
  ledger, issues 督办函, publishes and closes out; sees everything.
- `district_a_leader` (root): organises 区验收 in district A, sees the
  complainant of district A's cases; nothing of district B.
- `district_a_officer` (root): handles district A's items, never the complainant.
- `district_b_officer` (root): must see nothing of district A.
- `department_user`: a responsible department with unit scope: sees only the
  items whose 承办单位 is its unit.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.lib import dates

from .. import services
from ..models import Measure, PetitionCase, RectificationTask, Source


def today() -> date:
    return dates.local_date(timezone.now())


@pytest.fixture
def office_staff(bureau: Unit) -> User:
    """市督改办工作人员: city scope, keeps the ledger and closes items out."""
    return UserFactory(
        username="dugaiban",
        full_name="周科员",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_staff"],
    )


@pytest.fixture
def office_head(bureau: Unit) -> User:
    """市督改办负责人: city scope, organises the city review."""
    return UserFactory(
        username="dugaiban-head",
        full_name="吴科长",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["section_head"],
    )


@pytest.fixture
def forestry_unit(city) -> Unit:
    return UnitFactory(
        code="dept-forestry", name="鞍山市林业和草原局", kind=Unit.Kind.DEPARTMENT
    )


@pytest.fixture
def department_user(forestry_unit: Unit) -> User:
    """林草局承办人: unit scope, sees only items whose 承办单位 is its unit."""
    return UserFactory(
        username="forestry",
        full_name="郑干事",
        kind=User.Kind.EXTERNAL,
        unit=forestry_unit,
        scope=User.Scope.UNIT,
        role_codes=["department_handler"],
    )


def make_task(
    by: User,
    *,
    number: str = "T-01",
    district=None,
    unit=None,
    deadline: date | None = None,
    kinds: tuple[str, ...] = ("policy", "engineering"),
) -> RectificationTask:
    return services.task_create(
        by=by,
        data=services.TaskData(
            number=number,
            round="第二轮中央生态环境保护督察",
            source=Source.CENTRAL,
            problem="千山风景区内违规建设问题",
            target="违建全部拆除，生态恢复",
            responsible_units="千山风景区管委会",
            responsible_persons="李某",
            deadline=deadline or today() + timedelta(days=90),
            district=district,
            unit=unit,
            measures=[
                services.MeasureData(kind=k, content=f"措施{i}")
                for i, k in enumerate(kinds, start=1)
            ],
        ),
    )


def make_case(
    by: User,
    *,
    number: str = "D210300-0001",
    district=None,
    unit=None,
    complainant: str = "",
    deadline: date | None = None,
    supervising_department: str | Unit = "市住建局",
) -> PetitionCase:
    """A case in 办理中. B13: a supervising department given by name is the
    registry's unit of that name when there is one, else kept as a name typed
    before the registry (migration 0009) — most tests need no registry."""
    supervising = (
        supervising_department
        if isinstance(supervising_department, Unit)
        else services.department_named(supervising_department)
    )
    unlisted = (
        ""
        if isinstance(supervising_department, Unit) or supervising
        else (supervising_department)
    )
    return services.petition_create(
        by=by,
        data=services.CaseData(
            number=number,
            round="第二轮中央生态环境保护督察",
            source=Source.CENTRAL,
            received_on=today() - timedelta(days=10),
            content="某洗车点污水直排",
            category=PetitionCase.Category.NEARBY,
            responsible_units="铁东区政府",
            deadline=deadline or today() + timedelta(days=60),
            district=district,
            unit=unit,
            complainant_name=complainant,
            complainant_phone="13900000000" if complainant else "",
            supervising_department=supervising,
            supervising_department_unlisted=unlisted,
        ),
    )


EVIDENCE = {
    Measure.Kind.POLICY: {
        "issued": "鞍千景发〔2021〕1号",
        "in_force": "已于8月1日施行",
    },
    Measure.Kind.ENGINEERING: {"built": "已完工", "accepted": "竣工验收报告"},
    Measure.Kind.CLOSURE: {"done": "已关停", "cleared": "已拆除"},
    Measure.Kind.CASE: {
        "penalised": "罚款已缴",
        "complied": "已履行",
        "corrected": "已整改",
    },
    Measure.Kind.ACCOUNTABILITY: {"held": "纪工委处理决定"},
}

FIVE = {
    "investigated": "调查笔录",
    "solved": "现场照片",
    "punished": "处罚决定书",
    "accountable": "问责通报",
    "satisfied": "投诉人签字认可",
    # B28: make_case's kind (群众身边生态环境问题) and its acceptance checklist.
    "nearby_fixed": "已立行立改",
    "nearby_cleared": "监测报告",
    "nearby_lasting": "长效管理制度",
}

# 附件2 二(二)–(三): the review group's basic bodies, the case's industry
# department (市住建局, make_case's default) and district A's government (the
# 当地党委政府 of 二(三)3) — enough to sign any part of a district A case (B30, B31).
ALL_BODIES = (
    "市纪委监委机关、市委市政府督查室、市司法局、市生态环境局、市住建局、铁东区人民政府"
)
