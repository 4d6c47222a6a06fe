"""The amounts of a 危险废物申报登记 (tonnes, mass balance) and the confirmed
declarations the quality module sums (X3 "危险废物全部实现安全处置", D12/A8)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.permits import details, selectors
from ecobureau.permits.models import Application

from .helpers import act, login, submitted

pytestmark = pytest.mark.django_db

AMOUNTS = {
    "opening_stock": "0.500",
    "generated": "12.500",
    "utilised": "3.000",
    "disposed": "9.000",
    "closing_stock": "1.000",
}
ANSWERS = {"year": 2025, **AMOUNTS, "declaration": "HW08废矿物油，委托持证单位处置"}
FORM = {
    "submission_key": "hw-1",
    "contact_name": "王工",
    "contact_phone": "13900000002",
    "year": "2025",
    "opening_stock": "0.5",
    "generated": "12.5",
    "utilised": "3",
    "disposed": "9",
    "closing_stock": "1",
    "declaration": "HW08废矿物油，委托持证单位处置",
}
MARCH = "2026-03-02 09:00 +0800"


def confirm(
    application: Application, county: User, city: User, province: User
) -> Application:
    act(application, "county_pass", county, opinion="数据核实无误")
    act(application, "city_pass", city, opinion="同意", province_reviewer=province)
    return act(application, "province_pass", province, province_opinion="确认")


# --- The form -----------------------------------------------------------------------


@time_machine.travel(MARCH, tick=False)
def test_an_unbalanced_declaration_is_refused_and_keeps_what_was_typed(
    client, catalogue, enterprise_user_a
):
    login(client, enterprise_user_a)
    response = client.post(
        reverse("permits:apply", args=["hw-declaration"]),
        {**FORM, "closing_stock": "7.25"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "上年末贮存量+产生量（13.000）与利用量+处置量+年末贮存量（19.250）相差超过1吨"
        in page
    )
    assert 'value="7.25"' in page and 'value="12.5"' in page
    assert not Application.objects.exists()


@time_machine.travel(MARCH, tick=False)
def test_amounts_are_required_non_negative_and_to_the_kilogram(
    client, catalogue, enterprise_user_a
):
    login(client, enterprise_user_a)
    url = reverse("permits:apply", args=["hw-declaration"])
    missing = client.post(url, {**FORM, "generated": ""})
    negative = client.post(url, {**FORM, "utilised": "-1"})
    grams = client.post(url, {**FORM, "disposed": "9.0001"})
    for response in (missing, negative, grams):
        assert response.status_code == 400
    assert "产生量（吨）" in missing.content.decode()
    assert not Application.objects.exists()


@time_machine.travel(MARCH, tick=False)
def test_tonnes_round_trip_as_text_with_three_places(
    client, catalogue, enterprise_user_a, district_a_officer
):
    login(client, enterprise_user_a)
    response = client.post(reverse("permits:apply", args=["hw-declaration"]), FORM)
    assert response.status_code == 302
    application = Application.objects.get()
    assert {name: application.details[name] for name in AMOUNTS} == AMOUNTS
    answers = details.from_json("hw-declaration", application.details)
    assert answers["generated"] == Decimal("12.500")
    assert details.to_json(answers) == application.details
    shown = {
        label: value
        for label, value, _ in details.display("hw-declaration", application.details)
    }
    assert shown["产生量（吨）"] == "12.500 吨"
    # the draft page offers the amounts again for editing
    page = client.get(reverse("permits:my-application", args=[application.pk]))
    assert 'value="12.500"' in page.content.decode()


def test_an_old_declaration_without_amounts_still_displays(
    client, catalogue, enterprise_user_a, district_a_officer
):
    with time_machine.travel(MARCH, tick=False):
        application = submitted(enterprise_user_a, "hw-declaration", answers=ANSWERS)
    # as stored before the amounts were asked
    old = {"year": 2025, "declaration": "HW08 12吨"}
    Application.objects.filter(pk=application.pk).update(details=old)
    assert [label for label, _, _ in details.display("hw-declaration", old)] == [
        "申报年度",
        "危险废物的种类、产生量、流向、贮存、利用、处置情况",
    ]
    assert details.check("hw-declaration", old, date(2026, 3, 2)) == {}
    login(client, district_a_officer)
    page = client.get(reverse("permits:application-detail", args=[application.pk]))
    assert page.status_code == 200
    assert "HW08 12吨" in page.content.decode()


def test_stored_amounts_that_are_not_numbers_do_not_crash() -> None:
    stored = {"year": 2025, "generated": "十二吨", "utilised": None}
    answers = details.from_json("hw-declaration", stored)
    assert answers["generated"] == "十二吨"
    assert details.check("hw-declaration", answers, date(2026, 3, 2)) == {}
    assert ("产生量（吨）", "十二吨", "tonnes") in details.display(
        "hw-declaration", stored
    )


# --- The confirmed declarations (for the quality module) ------------------------------


def test_only_confirmed_declarations_with_amounts_are_offered(
    catalogue,
    enterprise_user_a,
    enterprise_user_b,
    enterprise_a,
    enterprise_b,
    district_a_officer,
    district_b_officer,
    waste_staff,
    province_reviewer,
):
    with time_machine.travel(MARCH, tick=False):
        confirmed = confirm(
            submitted(enterprise_user_a, "hw-declaration", answers=ANSWERS),
            district_a_officer,
            waste_staff,
            province_reviewer,
        )
        pending = submitted(enterprise_user_b, "hw-declaration", answers=ANSWERS)
    assert confirmed.status == "confirmed" and pending.status == "county_review"

    found = selectors.confirmed_declarations(year=2025)
    assert len(found) == 1
    declaration = found[0]
    assert declaration.enterprise == enterprise_a
    assert declaration.application_id == confirmed.pk
    assert declaration.number == confirmed.number
    assert (declaration.generated, declaration.closing_stock) == (
        Decimal("12.500"),
        Decimal("1.000"),
    )
    assert selectors.confirmed_declarations(year=2024) == []

    # a confirmed declaration made before the amounts were asked is skipped
    Application.objects.filter(pk=confirmed.pk).update(
        details={"year": 2025, "declaration": "HW08 12吨"}
    )
    assert selectors.confirmed_declarations(year=2025) == []
