"""Emergency plans: filing and retrospective-assessment dates, expiry flags, scope."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.emergencies import preparedness
from ecobureau.emergencies.models import Plan

pytestmark = pytest.mark.django_db


def test_review_due_three_years_after_filing_or_last_assessment(
    duty_officer, enterprise_a
):
    plan = preparedness.plan_register(
        by=duty_officer,
        holder_kind="enterprise",
        holder_name="",
        title="突发环境事件应急预案",
        filed_on=date(2023, 5, 10),
        enterprise=enterprise_a,
    )
    assert plan.holder_name == enterprise_a.name
    assert plan.district == enterprise_a.district
    assert plan.review_due_on == date(2026, 5, 10)
    assert plan.review_state(date(2026, 5, 10)) == "due_soon"
    assert plan.review_state(date(2026, 5, 11)) == "expired"
    assert plan.review_state(date(2026, 2, 8)) == "valid"
    preparedness.plan_review_record(
        plan=plan, by=duty_officer, reviewed_on=date(2026, 4, 1)
    )
    assert plan.review_due_on == date(2029, 4, 1)
    with pytest.raises(ValidationError):
        preparedness.plan_review_record(
            plan=plan, by=duty_officer, reviewed_on=date(2020, 1, 1)
        )


def test_plans_are_scoped_by_district(
    client, duty_officer, enterprise_a, enterprise_b, district_a_officer
):
    for enterprise in (enterprise_a, enterprise_b):
        preparedness.plan_register(
            by=duty_officer,
            holder_kind="enterprise",
            holder_name="",
            title=f"{enterprise.name}预案",
            filed_on=date(2025, 1, 1),
            enterprise=enterprise,
        )
    preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="鞍山市人民政府",
        title="鞍山市突发环境事件应急预案",
        filed_on=date(2024, 1, 1),
    )
    client.force_login(district_a_officer)
    page = client.get(reverse("emergencies:plan-list")).content.decode()
    assert f"{enterprise_a.name}预案" in page
    assert f"{enterprise_b.name}预案" not in page
    assert "鞍山市突发环境事件应急预案" in page
    assert Plan.objects.count() == 3
    # the city-scope duty officer sees all three
    client.force_login(duty_officer)
    page = client.get(reverse("emergencies:plan-list")).content.decode()
    assert page.count('data-testid="plan-row"') == 3


def test_incident_page_shows_the_plans_at_hand(
    client, duty_officer, district_a, enterprise_a, enterprise_b
):
    from .conftest import register

    preparedness.plan_register(
        by=duty_officer,
        holder_kind="enterprise",
        holder_name="",
        title="华信预案",
        filed_on=date(2025, 1, 1),
        enterprise=enterprise_a,
        contacts="应急总指挥：王厂长 139xxxx",
    )
    preparedness.plan_register(
        by=duty_officer,
        holder_kind="enterprise",
        holder_name="",
        title="兴达预案",
        filed_on=date(2025, 1, 1),
        enterprise=enterprise_b,
    )
    preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="鞍山市人民政府",
        title="市级预案",
        filed_on=date(2024, 1, 1),
    )
    incident = register(duty_officer, district=district_a, enterprise=enterprise_a)
    client.force_login(duty_officer)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "华信预案" in page and "应急总指挥：王厂长" in page
    assert "市级预案" in page
    assert "兴达预案" not in page
