"""Fixtures of the reward tests: the handler, the handling team, approvers and a
registered report made through the services."""

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.lib import identity_crypto
from ecobureau.rewards import services

KEY_1 = identity_crypto.generate_key("k1")
ZHANG = services.Identity(
    name="张建国",
    id_number="210302198001011234",
    phone="13800000011",
    bank_account="6222000011112222",
)
LI = services.Identity(
    name="李秀英", id_number="21030219850202222X", phone="13800000022"
)


@pytest.fixture(autouse=True)
def _key(settings):
    settings.REWARD_IDENTITY_KEY = KEY_1


@pytest.fixture
def enforcement_section(bureau) -> Unit:
    return UnitFactory(
        code="enforcement-section",
        name="生态环境执法科",
        kind=Unit.Kind.SECTION,
        parent=bureau,
    )


@pytest.fixture
def handler(enforcement_section) -> User:
    """举报奖励经办人: sees the reporters' identities."""
    return UserFactory(
        username="reward",
        full_name="许文",
        unit=enforcement_section,
        scope=User.Scope.CITY,
        role_codes=["reward_handler"],
    )


@pytest.fixture
def team(bureau) -> Unit:
    return UnitFactory(
        code="team", name="综合行政执法队", kind=Unit.Kind.TEAM, parent=bureau
    )


@pytest.fixture
def team_officer(team) -> User:
    """执法人员 of the handling team: surveys, never sees the reporter."""
    return UserFactory(
        username="zhifa",
        full_name="执法员",
        unit=team,
        scope=User.Scope.UNIT,
        role_codes=["enforcement_officer"],
    )


@pytest.fixture
def grid_officer(township_a1) -> User:
    """网格员: must see nothing of rewards."""
    return UserFactory(
        username="grid",
        full_name="网格员",
        scope=User.Scope.DIVISION,
        scope_division=township_a1,
        role_codes=["grid_officer"],
    )


@pytest.fixture
def section_head(enforcement_section) -> User:
    return UserFactory(
        username="keizhang",
        full_name="执法科科长",
        unit=enforcement_section,
        scope=User.Scope.CITY,
        role_codes=["section_head"],
    )


def register(
    by, *, party="鞍山市华信精细化工有限公司", reporters=(ZHANG,), channel="visit"
):
    return services.report_register(
        data=services.ReportData(
            channel=channel,
            reported_party=party,
            reported_address="铁东区胜利路88号",
            facts="夜间通过暗管向南沙河排放未经处理的废水",
            occurred="2026年10月每晚22时后",
            evidence_note="照片3张、视频1段",
            reporters=list(reporters),
        ),
        by=by,
    )


@pytest.fixture
def report(handler):
    return register(handler)
