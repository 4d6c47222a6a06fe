"""Services called directly: scope, rules and record entries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts import services as account_services
from ecobureau.accounts.models import User
from ecobureau.core.models import Record
from ecobureau.enterprises import selectors, services
from ecobureau.enterprises.models import EnterpriseAccount
from ecobureau.enterprises.tests.factories import make_credit_code


def _enterprise_user(code: str) -> User:
    return account_services.user_create(
        username=code,
        password=None,
        kind=User.Kind.ENTERPRISE,
        full_name="企业账户",
        by=None,
        role_codes=["enterprise"],
    )


def _data(district, **overrides) -> services.EnterpriseData:
    values = {
        "credit_code": make_credit_code(77),
        "name": "鞍山市立新铸造有限公司",
        "address": "鞍山市示例路7号",
        "district": district,
    }
    values.update(overrides)
    return services.EnterpriseData(**values)


def test_officer_cannot_file_an_enterprise_in_another_district(
    district_a_officer, district_b
):
    with pytest.raises(PermissionDenied, match="不在您的数据范围内"):
        services.enterprise_create(data=_data(district_b), by=district_a_officer)


def test_officer_cannot_move_an_enterprise_out_of_scope(
    district_a_officer, enterprise_a, district_b
):
    data = _data(
        district_b, credit_code=enterprise_a.credit_code, name=enterprise_a.name
    )

    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            enterprise=enterprise_a, data=data, by=district_a_officer
        )

    enterprise_a.refresh_from_db()
    assert enterprise_a.district.name == "铁东区"


def test_officer_cannot_edit_another_districts_enterprise(
    district_b_officer, enterprise_a, district_a
):
    data = _data(district_a, credit_code=enterprise_a.credit_code)

    with pytest.raises(PermissionDenied):
        services.enterprise_update(
            enterprise=enterprise_a, data=data, by=district_b_officer
        )


def test_update_without_changes_writes_no_record(district_a_officer, enterprise_a):
    data = services.EnterpriseData(
        **{name: getattr(enterprise_a, name) for name in services.ENTERPRISE_FIELDS}
    )

    services.enterprise_update(
        enterprise=enterprise_a, data=data, by=district_a_officer
    )

    assert not Record.objects.filter(action="enterprise.update").exists()


def test_outlet_limit_and_permit_are_recorded_on_the_enterprise(
    district_a_officer, enterprise_a
):
    outlet = services.outlet_add(
        enterprise=enterprise_a,
        by=district_a_officer,
        code="dw001",
        name="总排口",
        kind="water",
    )
    limit = services.emission_limit_add(
        outlet=outlet,
        by=district_a_officer,
        pollutant_code="w01018",
        pollutant_name="化学需氧量",
        limit_value=Decimal("50"),
        unit="mg/L",
        effective_from=date(2026, 1, 1),
        standard="GB 8978-1996",
    )
    services.emission_limit_update(
        limit=limit,
        by=district_a_officer,
        pollutant_code="w01018",
        pollutant_name="化学需氧量",
        limit_value=Decimal("40"),
        unit="mg/L",
        effective_from=date(2026, 1, 1),
        standard="GB 8978-1996",
    )
    services.permit_add(
        enterprise=enterprise_a,
        by=district_a_officer,
        kind="discharge",
        number="91210300000000001X001P",
        issued_on=date(2024, 3, 1),
        valid_until=date(2029, 2, 28),
    )

    assert outlet.code == "DW001"
    actions = list(
        Record.objects.filter(target_id=str(enterprise_a.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "enterprise.outlet_add",
        "enterprise.limit_add",
        "enterprise.limit_update",
        "enterprise.permit_add",
    ]
    update = Record.objects.get(action="enterprise.limit_update")
    assert '"before":{"limit_value":"50"}' in update.payload
    assert '"after":{"limit_value":"40"}' in update.payload
    history = selectors.enterprise_history(enterprise_a)
    assert history[1].action == "修改排放限值"
    assert history[1].fields == "限值"


def test_outlet_codes_are_unique_per_enterprise(district_a_officer, enterprise_a):
    services.outlet_add(
        enterprise=enterprise_a,
        by=district_a_officer,
        code="DA001",
        name="锅炉",
        kind="gas",
    )

    with pytest.raises(ValidationError) as error:
        services.outlet_add(
            enterprise=enterprise_a,
            by=district_a_officer,
            code="da001",
            name="窑炉",
            kind="gas",
        )

    assert error.value.message_dict == {"code": ["该企业已有编号为“DA001”的排放口。"]}


def test_limit_dates_must_be_in_order(district_a_officer, enterprise_a):
    outlet = services.outlet_add(
        enterprise=enterprise_a,
        by=district_a_officer,
        code="DA001",
        name="锅炉",
        kind="gas",
    )

    with pytest.raises(ValidationError, match="失效日期不能早于生效日期"):
        services.emission_limit_add(
            outlet=outlet,
            by=district_a_officer,
            pollutant_code="a21026",
            pollutant_name="二氧化硫",
            limit_value=Decimal("35"),
            unit="mg/m³",
            effective_from=date(2026, 1, 1),
            effective_to=date(2025, 1, 1),
        )


def test_outlets_of_another_district_cannot_be_added(district_b_officer, enterprise_a):
    with pytest.raises(PermissionDenied):
        services.outlet_add(
            enterprise=enterprise_a,
            by=district_b_officer,
            code="DW001",
            name="总排口",
            kind="water",
        )


def test_enterprise_asks_for_a_link_and_staff_verify_it(
    enterprise_a, district_a_officer, district_b_officer
):
    account_user = _enterprise_user(enterprise_a.credit_code)

    asked = services.enterprise_account_link(user=account_user, by=account_user)
    assert not asked.verified
    assert selectors.enterprise_for_account(account_user) is None

    with pytest.raises(PermissionDenied):
        services.enterprise_account_link(user=account_user, by=district_b_officer)

    services.enterprise_account_link(user=account_user, by=district_a_officer)
    assert EnterpriseAccount.objects.get(user=account_user).verified
    assert selectors.enterprise_for_account(account_user) == enterprise_a
    assert Record.objects.filter(action="enterprise.account_link").count() == 2


def test_link_needs_an_enterprise_on_file(db, district_a_officer):
    account_user = _enterprise_user(make_credit_code(999))

    with pytest.raises(ValidationError, match="档案中没有统一社会信用代码为"):
        services.enterprise_account_link(user=account_user, by=district_a_officer)


def test_scope_allows_matches_scope_q(
    district_a_officer, township_official, city_leader, enterprise_a, enterprise_b
):
    for user in (district_a_officer, township_official, city_leader):
        visible = set(
            selectors.enterprise_list_for_user(user).values_list("pk", flat=True)
        )
        for enterprise in (enterprise_a, enterprise_b):
            allowed = selectors.scope_allows(
                user,
                pk=enterprise.pk,
                district_id=enterprise.district_id,
                township_id=enterprise.township_id,
                supervising_unit_id=enterprise.supervising_unit_id,
            )
            assert allowed == (enterprise.pk in visible), (user, enterprise)


def test_unit_scope_sees_the_units_enterprises(
    db, sub_bureau_b, enterprise_a, enterprise_b
):
    unit_user = account_services.user_create(
        username="tiexi-unit",
        password=None,
        kind=User.Kind.STAFF,
        full_name="钱科员",
        by=None,
        unit=sub_bureau_b,
        scope=User.Scope.UNIT,
        role_codes=["sub_bureau_staff"],
    )

    assert list(selectors.enterprise_list_for_user(unit_user)) == [enterprise_b]
    assert not selectors.scope_allows(
        unit_user,
        district_id=enterprise_a.district_id,
        township_id=None,
        supervising_unit_id=enterprise_a.supervising_unit_id,
    )
