"""The register of annual environmental-information disclosure reports
(企业环境信息依法披露): who missed the report for a year after the due date (示例配置
3月15日), and offering a missed report to the evaluation as 违反信息公开规定的行为."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from ecobureau.core.models import Record
from ecobureau.credit import selectors_registers, services
from ecobureau.credit.models import DisclosureReport

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
URL = "/credit/disclosure/"


def moment(y: int, m: int, d: int):
    return time_machine.travel(datetime(y, m, d, 10, tzinfo=SH))


def test_missing_report_listed_only_after_the_due_date(
    client, credit_officer, enterprise_a, enterprise_b
):
    # enterprise A is a key source (must disclose); B is not
    with moment(2026, 3, 15):
        assert (
            selectors_registers.disclosure_missing_for_user(
                credit_officer, year=2025, today=date(2026, 3, 15)
            )
            == []
        )
        client.force_login(credit_officer)
        assert "尚未到截止日期" in client.get(URL, {"year": 2025}).content.decode()
    with moment(2026, 3, 16):
        client.force_login(credit_officer)  # a new day, a new session
        page = client.get(URL, {"year": 2025})
        assert [e.pk for e in page.context["missing"]] == [enterprise_a.pk]
        assert "示例配置" in page.content.decode()

        # registering the report takes A off the list, with a record entry
        response = client.post(
            URL,
            {
                "credit_code": enterprise_a.credit_code,
                "year": 2025,
                "disclosed_on": "2026-03-16",
                "where": "辽宁省企业环境信息依法披露系统",
            },
        )
        assert response.status_code == 302
        assert client.get(URL, {"year": 2025}).context["missing"] == []
    entry = Record.objects.get(action="credit.disclosure.register")
    assert '"late":true' in entry.payload


def test_refused_registration_answers_400_and_keeps_values(
    client, credit_officer, enterprise_a
):
    client.force_login(credit_officer)
    with moment(2026, 5, 1):
        response = client.post(
            URL,
            {
                "credit_code": enterprise_a.credit_code,
                "year": 2025,
                "disclosed_on": "2025-12-01",
                "where": "企业官网",
            },
        )
    assert response.status_code == 400
    text = response.content.decode()
    assert "2025年度报告的披露日期应在2026年或以后" in text
    assert 'value="企业官网"' in text and 'value="2025-12-01"' in text
    assert not DisclosureReport.objects.exists()


def test_missed_report_offered_to_the_evaluation(
    client, credit_officer, evaluations, enterprise_user_a
):
    evaluation = evaluations["a"]  # 2025 evaluation on the Liaoning scheme
    with moment(2026, 5, 1):
        offer = selectors_registers.disclosure_offer(evaluation)
        assert offer is not None and offer.indicator_code == "L12"
        assert "2024年度企业环境信息依法披露报告应于2025-03-15前披露，未登记披露" in (
            offer.reason
        )
        assert "违反信息公开规定的行为" in offer.reason
        client.force_login(credit_officer)
        page = client.get(f"/credit/evaluation/{evaluation.pk}/")
        assert 'data-testid="disclosure-offer"' in page.content.decode()
        response = client.post(
            f"/credit/evaluation/{evaluation.pk}/", {"action": "disclosure"}
        )
        assert response.status_code == 302
        lines = services.compute(evaluation).as_json()["lines"]
        assert isinstance(lines, list)
        assert any(
            line["indicator"] == "L12" and "未登记披露" in line["label"]
            for line in lines
        )
        # the same missed report is not counted twice
        with pytest.raises(Exception, match="已计入"):
            services.disclosure_offer_accept(evaluation=evaluation, by=credit_officer)
        # the enterprise itself cannot count it
        with pytest.raises(PermissionDenied):
            services.disclosure_offer_accept(
                evaluation=evaluation, by=enterprise_user_a
            )
    assert evaluation.adjustments.count() == 1


def test_report_on_time_offers_nothing(credit_officer, evaluations, enterprise_a):
    with moment(2025, 3, 10):
        services.disclosure_report_register(
            enterprise=enterprise_a,
            year=2024,
            disclosed_on=date(2025, 3, 10),
            where="企业官网",
            by=credit_officer,
        )
    with moment(2026, 5, 1):
        assert selectors_registers.disclosure_offer(evaluations["a"]) is None
        assert (
            selectors_registers.disclosure_offer(evaluations["b"]) is None
        )  # not a key source


def test_who_must_not_see_or_register(
    client,
    district_b_officer,
    enterprise_user_a,
    citizen,
    enterprise_a,
    enterprise_b,
):
    with moment(2026, 5, 1):
        # another district's staff: A is neither listed nor registrable
        client.force_login(district_b_officer)
        page = client.get(URL, {"year": 2025})
        assert page.status_code == 200
        assert enterprise_a.name not in page.content.decode()
        response = client.post(
            URL,
            {
                "credit_code": enterprise_a.credit_code,
                "year": 2025,
                "disclosed_on": "2026-03-01",
                "where": "企业官网",
            },
        )
        assert response.status_code == 400
        assert "您数据范围内的企业档案中没有该统一社会信用代码的企业" in (
            response.content.decode()
        )
        assert response.context["form"]["where"].value() == "企业官网"
        # an enterprise and a member of the public: refused
        for user in (enterprise_user_a, citizen):
            client.force_login(user)
            assert client.get(URL).status_code == 403
        client.logout()
        assert client.get(URL).status_code == 302
    assert not DisclosureReport.objects.exists()
