"""危险废物申报登记确认 (seed 000 行政确认 1): filed online in February–March only,
reviewed county → city → province, confirmed within 60 days; through the pages."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.casework.models import Clock, WorkItem
from ecobureau.lib.dates import local_date
from ecobureau.permits.models import Application

from .helpers import draft, login, post_act, ui_submit

DECLARATION = {
    "year": 2025,
    "opening_stock": "0.500",
    "generated": "12.500",
    "utilised": "0.000",
    "disposed": "12.000",
    "closing_stock": "1.000",
    "declaration": "HW08废矿物油 12.5吨，委托持证单位处置",
}


@pytest.mark.django_db
@time_machine.travel("2026-03-02 09:00 +0800", tick=False)
def test_a_declaration_goes_up_the_chain_to_the_province(
    client,
    catalogue,
    enterprise_user_a,
    district_a_officer,
    district_b_officer,
    waste_staff,
    province_reviewer,
    sub_bureau_a,
):
    # the enterprise files on the platform
    application = draft(enterprise_user_a, "hw-declaration", answers=DECLARATION)
    assert ui_submit(client, enterprise_user_a, application).status_code == 302
    application.refresh_from_db()
    assert application.status == "county_review"
    assert application.unit == sub_bureau_a  # its district's sub-bureau
    clock = Clock.objects.get(target_id=application.pk, step="decision")
    assert clock.amount == 60 and clock.unit == "days"
    assert local_date(clock.due_at) == date(
        2026, 5, 6
    )  # day 60 is 5-01 (劳动节) → next working day

    # another district's officer sees nothing of it
    login(client, district_b_officer)
    assert (
        client.get(
            reverse("permits:application-detail", args=[application.pk])
        ).status_code
        == 404
    )
    assert (
        post_act(
            client, district_b_officer, application, "county_pass", opinion="同意"
        ).status_code
        == 404
    )

    # county, city, province
    assert (
        post_act(
            client,
            district_a_officer,
            application,
            "county_pass",
            opinion="数据核实无误",
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.status == "city_review" and application.unit.code == "waste"
    assert (
        post_act(
            client,
            waste_staff,
            application,
            "city_pass",
            opinion="同意上报",
            province_reviewer=province_reviewer.pk,
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.status == "province_review"
    assert application.assignee == province_reviewer
    assert WorkItem.objects.filter(
        target_id=application.pk, state="open", assignee=province_reviewer
    ).exists()

    # the province reviewer sees it because it is assigned to them, and confirms
    login(client, province_reviewer)
    assert (
        client.get(
            reverse("permits:application-detail", args=[application.pk])
        ).status_code
        == 200
    )
    assert (
        post_act(
            client,
            province_reviewer,
            application,
            "province_pass",
            province_opinion="确认",
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.status == "confirmed" and application.outcome == "confirmed"
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET

    # the enterprise sees the confirmation on its page
    login(client, enterprise_user_a)
    page = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    assert "已确认（网站确认）" in page


@pytest.mark.django_db
@time_machine.travel("2026-03-02 09:00 +0800", tick=False)
def test_a_returned_filing_starts_again_at_the_county(
    client, catalogue, enterprise_user_a, district_a_officer, waste_staff
):
    application = draft(enterprise_user_a, "hw-declaration", answers=DECLARATION)
    ui_submit(client, enterprise_user_a, application)
    post_act(client, district_a_officer, application, "county_pass", opinion="同意")
    response = post_act(
        client,
        waste_staff,
        application,
        "return",
        supplement_other="HW08产生量与转移联单合计不符，请核对",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "supplement"
    assert (
        Clock.objects.get(target_id=application.pk, step="decision").state == "paused"
    )
    login(client, enterprise_user_a)
    page = client.get(
        reverse("permits:my-application", args=[application.pk])
    ).content.decode()
    assert "HW08产生量与转移联单合计不符" in page
    assert (
        client.post(reverse("permits:my-supply", args=[application.pk])).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.status == "county_review"


@pytest.mark.django_db
def test_outside_february_and_march_the_filing_is_refused(
    client, catalogue, enterprise_user_a
):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = draft(
            enterprise_user_a,
            "hw-management-plan",
            answers={"year": 2026, "plan": "减量措施……"},
        )
        login(client, enterprise_user_a)
        response = client.post(reverse("permits:my-submit", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "仅在每年2月至3月的工作日受理" in page and "2027年2月1日" in page
    application.refresh_from_db()
    assert application.status == Application.DRAFT


@pytest.mark.django_db
def test_a_weekend_in_the_season_is_refused_too(catalogue, enterprise_user_a):
    from django.core.exceptions import ValidationError

    from ecobureau.permits import services

    with time_machine.travel("2026-03-07 10:00 +0800", tick=False):  # Saturday
        application = draft(
            enterprise_user_a,
            "hw-management-plan",
            answers={"year": 2026, "plan": "减量措施……"},
        )
        with pytest.raises(ValidationError, match="不是工作日"):
            services.application_submit(application=application, by=enterprise_user_a)
