"""Editing a scheme: a new version with an effective date, validated, recorded;
years already launched keep theirs; only the credit section may edit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.credit import services
from ecobureau.credit.models import Scheme

pytestmark = pytest.mark.django_db


def test_revise_makes_dated_version_and_records(liaoning, credit_officer):
    revised = services.scheme_revise(
        scheme=liaoning,
        effective_from=date(2027, 1, 1),
        indicators={"L02": {"points": "5", "cap": "20", "is_example": False}},
        grades={"trusted": {"min_score": "92", "is_example": True}},
        vetoes={"V1": {"is_confirmed": True}},
        reason="辽环发〔2026〕9号",
        by=credit_officer,
    )
    liaoning.refresh_from_db()
    assert liaoning.effective_to == date(2026, 12, 31)
    assert revised.effective_from == date(2027, 1, 1)
    l02 = revised.indicators.get(code="L02")
    assert str(l02.points) == "5.0" and not l02.is_example
    assert revised.indicators.get(code="L01").is_example  # untouched: label kept
    assert str(revised.grades.get(code="trusted").min_score) == "92.0"
    assert revised.vetoes.get(code="V1").is_confirmed
    assert liaoning.indicators.get(code="L02").points == 4  # old version unchanged
    entry = Record.objects.filter(action="credit.scheme.revise").get()
    assert "辽环发〔2026〕9号" in entry.payload and entry.target_id == str(revised.pk)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"grades": {"fair": {"min_score": "95"}}}, "应低于上一等级"),
        ({"indicators": {"L01": {"cap": "200"}}}, "不能超过基础分"),
        ({"indicators": {"L01": {"points": "9", "cap": "5"}}}, "不能低于每项扣分"),
        ({"indicators": {"L01": {"points": "abc"}}}, "应为数字"),
        ({"effective_from": date(2020, 1, 1)}, "应晚于"),
    ],
)
def test_revise_validation(liaoning, credit_officer, changes, message):
    kwargs = {
        "scheme": liaoning,
        "effective_from": date(2027, 1, 1),
        "indicators": {},
        "grades": {},
        "vetoes": {},
        "reason": "测试",
        "by": credit_officer,
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.scheme_revise(**kwargs)
    assert any(message in m for m in error.value.messages)
    assert Scheme.objects.count() == 2


def test_revise_refused_to_others(client, liaoning, district_a_officer, city_leader):
    with pytest.raises(PermissionDenied):
        services.scheme_revise(
            scheme=liaoning,
            effective_from=date(2027, 1, 1),
            indicators={},
            grades={},
            vetoes={},
            reason="x",
            by=district_a_officer,
        )
    client.force_login(city_leader)
    url = reverse("credit:scheme-revise", args=[liaoning.pk])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code in (302, 403)


def test_revise_page_keeps_typed_values(client, liaoning, credit_officer):
    client.force_login(credit_officer)
    url = reverse("credit:scheme-revise", args=[liaoning.pk])
    assert "示例配置" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "effective_from": "2027-01-01",
            "reason": "辽环发〔2026〕9号",
            "ind-L01-points": "7",
            "ind-L01-cap": "199",
            "ind-L01-is_example": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "不能超过基础分" in page
    assert 'value="199"' in page and "辽环发〔2026〕9号" in page
    response = client.post(
        url,
        {
            "effective_from": "2027-01-01",
            "reason": "辽环发〔2026〕9号",
            "ind-L01-points": "7",
        },
    )
    assert response.status_code == 302
    assert (
        Scheme.objects.get(code="liaoning-2022@2027-01-01")
        .indicators.get(code="L01")
        .points
        == 7
    )
