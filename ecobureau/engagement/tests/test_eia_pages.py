"""A102 and A105 on the EIA unit page: reports with the lead-author rule and the
project number, and the 转执法立案 button for a serious-misconduct record."""

from datetime import date

import pytest
from django.urls import reverse

from ecobureau.core import records
from ecobureau.engagement import services
from ecobureau.engagement.models import ConductRecord, EiaReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_a(eia_officer, enterprise_a):
    unit = services.eia_unit_register(
        by=eia_officer,
        name="鞍山环科技术咨询有限公司",
        credit_code=enterprise_a.credit_code,
    )
    services.eia_staff_add(
        by=eia_officer,
        unit=unit,
        name="王工",
        full_time=True,
        engineer_certificate="HP0012345",
        lead_author=True,
    )
    services.eia_staff_add(by=eia_officer, unit=unit, name="兼职李", full_time=False)
    return unit


def test_report_registered_and_submitted_through_the_page(client, eia_officer, unit_a):
    client.force_login(eia_officer)
    lead = unit_a.staff.get(name="王工")
    helper = unit_a.staff.get(name="兼职李")
    register = reverse("engagement:eia-act", args=[unit_a.pk, "report"])
    response = client.post(register, {"project": "焦化项目", "lead_author": helper.pk})
    assert response.status_code == 400
    assert (
        "全职" in response.content.decode() and "焦化项目" in response.content.decode()
    )
    assert not EiaReport.objects.exists()
    assert (
        client.post(
            register, {"project": "焦化项目", "lead_author": lead.pk}
        ).status_code
        == 302
    )
    report = EiaReport.objects.get()
    submit = reverse("engagement:eia-act", args=[unit_a.pk, "submit"])
    response = client.post(
        submit,
        {
            "report": report.pk,
            "project_number": "",
            "situation_table": "平台情况表No.7",
            "submitted_on": "2026-03-01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "项目编号" in body and "平台情况表No.7" in body
    response = client.post(
        submit,
        {
            "report": report.pk,
            "project_number": "2103-2026-0001",
            "situation_table": "平台情况表No.7",
            "submitted_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == EiaReport.Status.SUBMITTED
    assert records.history(report).filter(action="engagement.eiareport.submit").exists()
    assert "2103-2026-0001" in client.get(unit_a.get_absolute_url()).content.decode()


def test_serious_misconduct_goes_to_enforcement_from_the_button(
    client,
    eia_officer,
    eia_head,
    case_opener,
    case_officers,
    district_b_officer,
    citizen,
    unit_a,
):
    record = services.conduct_register(
        by=eia_officer,
        unit=unit_a,
        kind="spot_check_quality",
        occurred_on=date(2026, 3, 1),
        facts="抽查发现监测数据造假",
    )
    services.conduct_decide(record=record, by=eia_head, reason="抽查属实", points=10)
    url = reverse("engagement:conduct-act", args=[record.pk, "case"])
    # The EIA section sees no button and may not open cases.
    client.force_login(eia_officer)
    assert "转执法立案（" not in client.get(unit_a.get_absolute_url()).content.decode()
    assert (
        client.post(url, {"officers": [o.pk for o in case_officers]}).status_code == 403
    )
    # Another district's staff and the public: nothing.
    client.force_login(district_b_officer)
    assert client.get(unit_a.get_absolute_url()).status_code == 404
    assert client.post(url, {"officers": [case_officers[0].pk]}).status_code == 404
    client.force_login(citizen)
    assert client.post(url, {"officers": [case_officers[0].pk]}).status_code == 403
    record.refresh_from_db()
    assert record.enforcement_case_id is None
    # The team head sees the button; no officer chosen: refused, facts kept.
    client.force_login(case_opener)
    assert "转执法立案（" in client.get(unit_a.get_absolute_url()).content.decode()
    response = client.post(url, {"facts": "保留的案情"})
    assert response.status_code == 400
    assert "保留的案情" in response.content.decode()
    response = client.post(
        url, {"officers": [o.pk for o in case_officers], "facts": "保留的案情"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.enforcement_case_id is not None
    assert (
        records.history(record).filter(action="engagement.conduct.open_case").exists()
    )
    page = client.get(unit_a.get_absolute_url()).content.decode()
    assert f"#{record.enforcement_case_id}" in page
    # Twice: refused by the service.
    response = client.post(url, {"officers": [o.pk for o in case_officers]})
    assert response.status_code == 400
    assert "已转执法立案" in response.content.decode()
    assert ConductRecord.objects.get(pk=record.pk).enforcement_case_id == (
        record.enforcement_case_id
    )
