"""Adding enterprises to a year goes through the enterprises module's scoped
selector: a credit user of another district can add none of district A's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.credit import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_b_credit(sub_bureau_b, district_b) -> User:
    """Credit staff whose data scope is district B only."""
    return UserFactory(
        username="xinyong-b",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["credit_staff"],
    )


def test_other_district_cannot_add_by_page(
    client, year_2025, enterprise_a, district_b_credit
):
    client.force_login(district_b_credit)
    response = client.post(
        reverse("credit:year", args=[2025]),
        {"enterprise": [str(enterprise_a.pk)], "reason": "重点排污单位"},
    )
    assert response.status_code == 400
    assert "不在您数据范围内" in response.content.decode()
    assert not year_2025.evaluations.exists()


def test_other_district_refused_by_service(year_2025, enterprise_a, district_b_credit):
    with pytest.raises(PermissionDenied):
        services.evaluation_scope_add(
            evaluation_year=year_2025,
            enterprises=[enterprise_a],
            reason="重点排污单位",
            by=district_b_credit,
        )
    assert not year_2025.evaluations.exists()


def test_city_credit_staff_adds_by_page(
    client, year_2025, enterprise_a, credit_officer
):
    client.force_login(credit_officer)
    response = client.post(
        reverse("credit:year", args=[2025]),
        {"enterprise": [str(enterprise_a.pk)], "reason": "重点排污单位"},
    )
    assert response.status_code == 302
    assert year_2025.evaluations.filter(enterprise=enterprise_a).exists()
