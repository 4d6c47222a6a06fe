import pytest

from ecobureau.casework import services

from .test_clocks import start


@pytest.fixture
def items(
    enterprise_a, enterprise_b, district_a_officer, district_b_officer, sub_bureau_a
):
    """Work in district A (one for the officer, one for their unit) and district B."""
    clock = start(enterprise_a, amount=1, unit="hours", started="2020-01-01T00:00")
    mine = services.workitem_open(
        kind="t",
        target=enterprise_a,
        title="A区：张科员的事项",
        assignee=district_a_officer,
        district=enterprise_a.district,
        clock=clock,
    )
    unit = services.workitem_open(
        kind="t",
        target=enterprise_a,
        title="A区：分局待分派事项",
        unit=sub_bureau_a,
        district=enterprise_a.district,
    )
    other = services.workitem_open(
        kind="t",
        target=enterprise_b,
        title="B区：赵科员的事项",
        assignee=district_b_officer,
        district=enterprise_b.district,
    )
    services.clocks_mark_due()  # the first item's clock is long overdue
    return mine, unit, other


@pytest.fixture
def legal_section(bureau):
    """法制科: the legal section, which reviews recordings city-wide."""
    from ecobureau.accounts.tests.factories import UnitFactory

    return UnitFactory(code="legal", name="法制科", parent=bureau)


@pytest.fixture
def legal_officer(legal_section):
    """法制科审核人员: sees every unit's recordings and orders corrections."""
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="fazhi",
        full_name="周审核",
        unit=legal_section,
        scope="city",
        role_codes=["legal_reviewer"],
    )


@pytest.fixture
def deputy_head_a(sub_bureau_a, district_a):
    """铁东分局副局长: a second head of sub-bureau A (approves what others review)."""
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="tiedong-deputy",
        full_name="陈副局长",
        unit=sub_bureau_a,
        scope="division",
        scope_division=district_a,
        role_codes=["sub_bureau_head"],
    )


@pytest.fixture
def district_b_head(sub_bureau_b, district_b):
    """铁西分局负责人: a head, but of district B: must not act on district A."""
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="tiexi-head",
        full_name="刘分局长",
        unit=sub_bureau_b,
        scope="division",
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )
