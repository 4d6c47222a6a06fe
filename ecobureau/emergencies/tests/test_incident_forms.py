"""The incident page's monitoring, release, close, conclude and dismiss forms through
their addresses: accepted → 302 and written; refused by a rule → 400 with the
page, the error and what was typed, nothing written; another district → 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ecobureau.emergencies import services
from ecobureau.emergencies.models import Incident, Measurement, Release, Report

pytestmark = pytest.mark.django_db

NO_FACTS = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": Decimal("0"),
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}


def _responding(incident: Incident, by) -> Incident:
    services.incident_grade(incident=incident, by=by, facts=NO_FACTS)
    services.incident_verify(incident=incident, by=by, verification="现场核实属实")
    incident.refresh_from_db()
    return incident


def _post(client, name: str, incident: Incident, data: dict):
    return client.post(reverse(f"emergencies:{name}", args=[incident.pk]), data)


def _refused(response, *typed: str) -> str:
    body = response.content.decode()
    assert response.status_code == 400
    for text in typed:
        assert text in body
    return body


MEASUREMENT = {
    "point": "下游500米断面",
    "pollutant": "COD",
    "value": "45.2",
    "unit": "mg/L",
    "limit": "30",
}


def test_monitoring_form(client, duty_officer, incident_a):
    client.force_login(duty_officer)
    refused = _post(
        client,
        "measurement-add",
        incident_a,
        {**MEASUREMENT, "measured_at": "2099-01-01T10:00"},
    )
    _refused(refused, "监测时间不能晚于当前时间", "下游500米断面", "45.2")
    assert not Measurement.objects.exists()

    accepted = _post(
        client,
        "measurement-add",
        incident_a,
        {**MEASUREMENT, "measured_at": "2026-01-01T10:00"},
    )
    assert accepted.status_code == 302
    measurement = Measurement.objects.get(incident=incident_a)
    assert (measurement.point, measurement.value) == ("下游500米断面", Decimal("45.2"))


def test_release_draft_form(client, duty_officer, incident_a):
    client.force_login(duty_officer)
    refused = _post(
        client, "release-draft", incident_a, {"title": "关于泄漏的通报", "body": ""}
    )
    _refused(refused, "关于泄漏的通报")
    assert not Release.objects.exists()

    accepted = _post(
        client,
        "release-draft",
        incident_a,
        {"title": "关于泄漏的通报", "body": "现已控制泄漏。"},
    )
    assert accepted.status_code == 302
    assert Release.objects.get().status == Release.Status.DRAFT

    # a dismissed incident takes no release: the rule's error, the text kept
    services.incident_dismiss(
        incident=incident_a, by=duty_officer, verification="误报", reason="无污染"
    )
    refused = _post(
        client,
        "release-draft",
        incident_a,
        {"title": "第二份通报", "body": "补充说明"},
    )
    _refused(refused, "已核实不构成突发环境事件", "第二份通报", "补充说明")
    assert Release.objects.count() == 1


def test_close_form(client, duty_officer, incident_a):
    client.force_login(duty_officer)
    # not yet verified: closing is refused, the summary kept
    refused = _post(client, "incident-close", incident_a, {"summary": "泄漏已封堵"})
    _refused(refused, "不能执行", "泄漏已封堵")
    incident_a.refresh_from_db()
    assert incident_a.status == "received"

    _responding(incident_a, duty_officer)
    accepted = _post(client, "incident-close", incident_a, {"summary": "泄漏已封堵"})
    assert accepted.status_code == 302
    incident_a.refresh_from_db()
    assert (incident_a.status, incident_a.closure_summary) == ("closed", "泄漏已封堵")
    assert incident_a.reports.filter(kind=Report.Kind.FINAL).exists()


def test_conclude_form(client, duty_officer, incident_a):
    incident = _responding(incident_a, duty_officer)
    services.incident_close(incident=incident, by=duty_officer, summary="已控制")
    client.force_login(duty_officer)
    data = {"damage_assessment": "损失约20万元", "review_summary": "加强巡检"}

    # the final report is not sent yet: refused, both texts kept
    refused = _post(client, "incident-conclude", incident, data)
    _refused(refused, "尚有未报送的报告", "损失约20万元", "加强巡检")
    incident.refresh_from_db()
    assert incident.status == "closed"

    for report in incident.reports.filter(submitted_at__isnull=True):
        services.report_submit(report=report, by=duty_officer, content="报告：……")
    accepted = _post(client, "incident-conclude", incident, data)
    assert accepted.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.damage_assessment) == ("reviewed", "损失约20万元")


def test_dismiss_form(client, duty_officer, incident_a):
    client.force_login(duty_officer)
    refused = _post(
        client,
        "incident-dismiss",
        incident_a,
        {"verification": "现场为企业检修排气", "reason": ""},
    )
    _refused(refused, "现场为企业检修排气")
    incident_a.refresh_from_db()
    assert incident_a.status == "received"

    accepted = _post(
        client,
        "incident-dismiss",
        incident_a,
        {"verification": "现场为企业检修排气", "reason": "未造成环境污染"},
    )
    assert accepted.status_code == 302
    incident_a.refresh_from_db()
    assert (incident_a.status, incident_a.dismiss_reason) == (
        "dismissed",
        "未造成环境污染",
    )

    # once dismissed, a second dismissal is refused by the process, text kept
    again = _post(
        client,
        "incident-dismiss",
        incident_a,
        {"verification": "复核", "reason": "再次认定"},
    )
    _refused(again, "不能执行", "再次认定")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("measurement-add", {**MEASUREMENT, "measured_at": "2026-01-01T10:00"}),
        ("release-draft", {"title": "通报", "body": "……"}),
        ("incident-close", {"summary": "结束"}),
        ("incident-conclude", {"damage_assessment": "x", "review_summary": "y"}),
        ("incident-dismiss", {"verification": "x", "reason": "y"}),
    ],
)
def test_another_district_gets_404_and_writes_nothing(
    client, district_b_officer, incident_a, name, data
):
    client.force_login(district_b_officer)
    assert _post(client, name, incident_a, data).status_code == 404
    incident_a.refresh_from_db()
    assert incident_a.status == "received"
    assert not Measurement.objects.exists()
    assert not Release.objects.exists()
