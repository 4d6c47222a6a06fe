"""The file page: facts, outlets with limits, permits, sections from other modules,
and the small forms that add to it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts import services as account_services
from ecobureau.accounts.models import User
from ecobureau.enterprises import sections, selectors, services
from ecobureau.enterprises.models import (
    EmissionLimit,
    EnterpriseAccount,
    Outlet,
    Permit,
)


@pytest.fixture
def filed(enterprise_a, district_a_officer):
    """Enterprise A with one outlet, one limit and one permit."""
    outlet = services.outlet_add(
        enterprise=enterprise_a,
        by=district_a_officer,
        code="DW001",
        name="总排口",
        kind="water",
    )
    services.emission_limit_add(
        outlet=outlet,
        by=district_a_officer,
        pollutant_code="w01018",
        pollutant_name="化学需氧量",
        limit_value=Decimal("50"),
        unit="mg/L",
        effective_from=date(2026, 1, 1),
    )
    services.permit_add(
        enterprise=enterprise_a,
        by=district_a_officer,
        kind="discharge",
        number="91210300000000001X001P",
        valid_until=date(2029, 2, 28),
    )
    return enterprise_a


def test_detail_shows_the_whole_file(client, district_a_officer, filed):
    client.force_login(district_a_officer)

    response = client.get(reverse("enterprises:detail", args=[filed.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        filed.credit_code,
        "省控",
        "DW001 总排口",
        "化学需氧量",
        "50 mg/L",
        "排污许可证",
        "2029-02-28",
        "档案变更记录",
        "新增排放口",
    ):
        assert text in page, text


def test_enterprise_sees_its_file_without_staff_controls(
    client, enterprise_user_a, filed
):
    client.force_login(enterprise_user_a)

    page = client.get(reverse("enterprises:mine")).content.decode()

    assert "化学需氧量" in page
    assert "修改档案" not in page
    assert "档案变更记录" not in page  # staff-only section
    assert "企业账户" not in page


def test_registered_sections_appear_in_order_for_whom_they_are_visible(
    client, district_a_officer, enterprise_user_a, enterprise_a
):
    calls = []

    def context(user, enterprise):
        calls.append(enterprise.pk)
        item = selectors.HistoryItem(
            at=timezone.now(),
            action=f"{enterprise.name}的测试记录",
            actor="测试",
            fields="",
        )
        return {"entries": [item]}

    sections.register_section(
        "测试检查记录",
        "enterprises/_history_section.html",
        context_fn=context,
        order=5,
        visible=lambda user: True,
    )
    try:
        client.force_login(district_a_officer)
        staff_page = client.get(reverse("enterprises:detail", args=[enterprise_a.pk]))
        client.force_login(enterprise_user_a)
        own_page = client.get(reverse("enterprises:mine"))
    finally:
        sections.unregister_section("enterprises/_history_section.html")
        from ecobureau.enterprises.apps import _history_context

        sections.register_section(
            "档案变更记录", "enterprises/_history_section.html", _history_context, 1000
        )

    # Other modules' sections come too; the test's (order 5) comes first, and it
    # replaced the history section registered under the same template.
    titles = [s.title for s in staff_page.context["sections"]]
    assert titles[0] == "测试检查记录" and "档案变更记录" not in titles
    assert "鞍山市华信精细化工有限公司的测试记录" in own_page.content.decode()
    assert calls == [enterprise_a.pk, enterprise_a.pk]


def test_outlet_limit_and_permit_forms(client, district_a_officer, enterprise_a):
    client.force_login(district_a_officer)
    pk = enterprise_a.pk

    client.post(
        reverse("enterprises:outlet_add", args=[pk]),
        {"code": "DA001", "name": "锅炉排口", "kind": "gas", "is_active": "on"},
    )
    outlet = Outlet.objects.get(enterprise=enterprise_a)
    client.post(
        reverse("enterprises:limit_add", args=[pk, outlet.pk]),
        {
            "pollutant_code": "a21026",
            "pollutant_name": "二氧化硫",
            "limit_value": "35",
            "unit": "mg/m³",
            "basis": "converted",
            "effective_from": "2026-01-01",
        },
    )
    limit = EmissionLimit.objects.get(outlet=outlet)
    response = client.post(
        reverse("enterprises:limit_edit", args=[pk, limit.pk]),
        {
            "pollutant_code": "a21026",
            "pollutant_name": "二氧化硫",
            "limit_value": "-1",
            "unit": "mg/m³",
            "basis": "converted",
            "effective_from": "2026-01-01",
        },
    )
    client.post(
        reverse("enterprises:permit_add", args=[pk]),
        {
            "kind": "eia_approval",
            "number": "鞍环审〔2025〕12号",
            "issuer": "鞍山市生态环境局",
        },
    )

    assert outlet.code == "DA001" and outlet.kind == "gas"
    assert limit.limit_value == Decimal("35") and limit.basis == "converted"
    assert response.status_code == 400
    assert "限值应大于0。" in response.content.decode()
    assert 'value="-1"' in response.content.decode()
    assert Permit.objects.get(enterprise=enterprise_a).number == "鞍环审〔2025〕12号"


def test_item_forms_of_another_district_are_not_found(
    client, district_b_officer, filed
):
    client.force_login(district_b_officer)
    outlet = Outlet.objects.get(enterprise=filed)

    assert (
        client.get(reverse("enterprises:outlet_add", args=[filed.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("enterprises:outlet_edit", args=[filed.pk, outlet.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("enterprises:account_link", args=[filed.pk])).status_code
        == 404
    )


def test_staff_verify_the_registered_enterprise_account(
    client, district_a_officer, enterprise_a
):
    account_user = account_services.user_create(
        username=enterprise_a.credit_code,
        password=None,
        kind=User.Kind.ENTERPRISE,
        full_name=enterprise_a.name,
        by=None,
        role_codes=["enterprise"],
    )
    client.force_login(district_a_officer)

    response = client.post(
        reverse("enterprises:account_link", args=[enterprise_a.pk]), follow=True
    )

    assert "企业账户已核验并关联本档案。" in response.content.decode()
    assert EnterpriseAccount.objects.get(user=account_user).verified


def test_account_link_without_a_registered_account(
    client, district_a_officer, enterprise_a
):
    client.force_login(district_a_officer)

    response = client.post(
        reverse("enterprises:account_link", args=[enterprise_a.pk]), follow=True
    )

    assert "尚无以本企业统一社会信用代码注册的企业账户。" in response.content.decode()
