"""Creating and editing a file through the pages: credit-code errors in Chinese,
what was typed kept on error, scope and township rules."""

import pytest
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.enterprises.models import Enterprise
from ecobureau.enterprises.tests.factories import make_credit_code


def _post_data(district, township=None, **overrides) -> dict[str, str]:
    data = {
        "credit_code": make_credit_code(42),
        "name": "鞍山市恒达热电有限公司",
        "address": "鞍山市铁东区和平路8号",
        "district": str(district.pk),
        "township": str(township.pk) if township else "",
        "size": "large",
        "key_source": "national",
        "permit_category": "key",
        "status": "operating",
        "contact_name": "刘某",
        "contact_phone": "13900000000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "typed, message",
    [
        (make_credit_code(42)[:-1] + "0", "统一社会信用代码校验位错误：第18位应为"),
        (make_credit_code(42)[:17], "统一社会信用代码应为18位，当前为17位。"),
        ("91210300000000042I", "统一社会信用代码含有不允许的字符：I"),
    ],
)
def test_bad_credit_code_is_explained_and_typed_values_kept(
    client, district_a_officer, district_a, township_a1, typed, message
):
    client.force_login(district_a_officer)

    response = client.post(
        reverse("enterprises:create"),
        _post_data(district_a, township_a1, credit_code=typed),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="鞍山市恒达热电有限公司"' in page
    assert f'value="{typed}"' in page
    assert not Enterprise.objects.exists()


def test_lowercase_code_is_normalised_and_the_file_created(
    client, district_a_officer, district_a, township_a1
):
    client.force_login(district_a_officer)
    code = make_credit_code(42)

    response = client.post(
        reverse("enterprises:create"),
        _post_data(district_a, township_a1, credit_code=f" {code.lower()} "),
    )

    enterprise = Enterprise.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:detail", args=[enterprise.pk])
    assert enterprise.credit_code == code
    entry = Record.objects.get(action="enterprise.create")
    assert entry.target_id == str(enterprise.pk)
    assert "13900000000" not in entry.payload
    assert "刘某" not in entry.payload


def test_duplicate_code_names_the_registered_enterprise(
    client, district_a_officer, district_a, enterprise_a
):
    client.force_login(district_a_officer)

    response = client.post(
        reverse("enterprises:create"),
        _post_data(district_a, credit_code=enterprise_a.credit_code),
    )

    assert (
        f"该统一社会信用代码已登记为“{enterprise_a.name}”。"
        in response.content.decode()
    )


def test_township_must_belong_to_the_district(
    client, city_leader, district_b, township_a1
):
    client.force_login(city_leader)

    response = client.post(
        reverse("enterprises:create"), _post_data(district_b, township_a1)
    )

    assert "乡镇街道“站前街道”不属于“铁西区”。" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_district_of_another_scope_cannot_be_chosen(
    client, district_a_officer, district_b
):
    client.force_login(district_a_officer)

    response = client.post(reverse("enterprises:create"), _post_data(district_b))

    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_edit_records_changed_fields_before_and_after(
    client, district_a_officer, enterprise_a, district_a, township_a2
):
    client.force_login(district_a_officer)
    data = _post_data(
        district_a,
        township_a2,
        credit_code=enterprise_a.credit_code,
        name=enterprise_a.name,
        address=enterprise_a.address,
        size="medium",
        key_source="provincial",
        permit_category="",
        status="suspended",
        supervising_unit=str(enterprise_a.supervising_unit_id),
        contact_phone="13911111111",
    )

    response = client.post(reverse("enterprises:edit", args=[enterprise_a.pk]), data)

    assert response.status_code == 302
    enterprise_a.refresh_from_db()
    assert enterprise_a.status == "suspended"
    assert enterprise_a.township == township_a2
    entry = Record.objects.get(action="enterprise.update")
    assert '"before":{"status":"operating","township":' in entry.payload
    assert '"after":{"status":"suspended","township":' in entry.payload
    assert '"personal_fields":["contact_name","contact_phone"]' in entry.payload
    assert "13911111111" not in entry.payload


def test_edit_form_is_filled_with_the_current_values(
    client, district_a_officer, enterprise_a
):
    client.force_login(district_a_officer)

    response = client.get(reverse("enterprises:edit", args=[enterprise_a.pk]))

    assert f'value="{enterprise_a.name}"' in response.content.decode()


def test_roles_without_the_permission_cannot_create(client, township_official):
    client.force_login(township_official)

    assert client.get(reverse("enterprises:create")).status_code == 403


def test_code_pasted_with_spaces_is_accepted(
    client, district_a_officer, district_a, township_a1
):
    client.force_login(district_a_officer)
    code = make_credit_code(43)
    spaced = " ".join(code[i : i + 4] for i in range(0, 18, 4))

    client.post(
        reverse("enterprises:create"),
        _post_data(district_a, township_a1, credit_code=spaced),
    )

    assert Enterprise.objects.get().credit_code == code


def test_a_refused_outlet_answers_400_with_what_was_typed(
    client, district_a_officer, enterprise_a
):
    # given: an outlet form without its kind (required)
    client.force_login(district_a_officer)
    url = reverse("enterprises:outlet_add", args=[enterprise_a.pk])

    response = client.post(url, {"code": "DW001", "name": "总排口", "kind": ""})

    # then: refused with 400, the typed code and name still in the form
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="DW001"' in page and 'value="总排口"' in page
    assert not enterprise_a.outlets.exists()
