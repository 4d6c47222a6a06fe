"""B7 (seed 001 五5 "每月向市委、市政府和市督改办报告整改情况"): the monthly report
names its addressees, and its sending is recorded — who, when, to whom — for the
sender's own district only."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core import records
from ecobureau.core.models import Record

from ..models import ReportDispatch
from ..services import dispatch
from .conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_b_leader(sub_bureau_b, district_b) -> User:
    """铁西分局负责人: organises its district's acceptance; nothing of district A."""
    return UserFactory(
        username="tiexi-head",
        full_name="陈分局长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )


def test_the_monthly_report_names_its_addressees(client, office_staff):
    client.force_login(office_staff)
    xlsx = client.get(reverse("rectification:report", args=["month", "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["整改进展"]
    assert sheet["A2"].value == "报送：市委、市政府、市督改办"
    pdf = client.get(reverse("rectification:report", args=["month", "pdf"]))
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages
    ).replace("\n", "")
    assert "报送：市委、市政府、市督改办" in text
    week = client.get(reverse("rectification:report", args=["week", "xlsx"]))
    assert load_workbook(io.BytesIO(week.content))["整改进展"]["A2"].value == (
        "报送：市督改办"
    )


def test_a_district_records_its_monthly_report_sent(
    client, district_a_leader, district_a, district_b, district_b_leader
):
    url = reverse("rectification:dispatches")
    client.force_login(district_a_leader)
    page = client.get(url).content.decode()
    assert "月报报送：市委、市政府、市督改办" in page
    sent_on = today() - timedelta(days=1) if today().day > 1 else today()
    data = {
        "kind": "month",
        "period_end": today().isoformat(),
        "district": district_a.pk,
        "addressees": ["party", "government", "office"],
        "sent_on": sent_on.isoformat(),
        "note": "铁东督改〔2026〕11号",
    }
    assert client.post(url, data).status_code == 302
    row = ReportDispatch.objects.get()
    assert (row.kind, row.district, row.by) == ("month", district_a, district_a_leader)
    assert row.period_start == today().replace(day=1)
    assert row.addressee_labels == "市委、市政府、市督改办"
    entry = Record.objects.get(action="rectification.report_dispatch")
    assert records.payload_of(entry)["data"]["after"]["addressees"] == [
        "party",
        "government",
        "office",
    ]
    page = client.get(url).content.decode()
    assert "铁东督改〔2026〕11号" in page and "李分局长" in page

    # the same report to the same addressee again: refused with 400, kept typed
    again = {**data, "addressees": ["office"], "note": "重复"}
    response = client.post(url, again)
    assert response.status_code == 400
    body = response.content.decode()
    assert "该报告已登记报送市督改办，不能重复登记" in body and 'value="重复"' in body

    # the other district: cannot record district A's report, nor see it
    client.force_login(district_b_leader)
    response = client.post(url, {**data, "note": "代报"})
    assert response.status_code == 400
    assert "所选区县不在您的管辖范围内" in response.content.decode()
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        dispatch.report_dispatch_record(
            by=district_b_leader,
            kind="month",
            period_end=today(),
            district=district_a,
            addressees=["party"],
            sent_on=today(),
        )
    with pytest.raises(ValidationError, match="全市的报告由市督改办报送"):
        dispatch.report_dispatch_record(
            by=district_b_leader,
            kind="month",
            period_end=today(),
            district=None,
            addressees=["party"],
            sent_on=today(),
        )
    page = client.get(url).content.decode()
    assert "铁东督改〔2026〕11号" not in page and "暂无报送记录" in page
    assert ReportDispatch.objects.count() == 1
    # its own district's report it may record
    assert client.post(url, {**data, "district": district_b.pk}).status_code == 302
    assert ReportDispatch.objects.filter(district=district_b).count() == 1


def test_a_handler_sees_the_records_but_cannot_send(
    client, district_a_officer, district_a
):
    url = reverse("rectification:dispatches")
    client.force_login(district_a_officer)
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="dispatch-form"' not in (
        page.content.decode()
    )
    response = client.post(
        url,
        {
            "kind": "month",
            "period_end": today().isoformat(),
            "district": district_a.pk,
            "addressees": ["party"],
            "sent_on": today().isoformat(),
        },
    )
    assert response.status_code == 403
    assert not ReportDispatch.objects.exists()


def test_a_dispatch_needs_addressees_and_a_date_in_the_period(office_staff, district_a):
    with pytest.raises(ValidationError, match="请选择报送对象"):
        dispatch.report_dispatch_record(
            by=office_staff,
            kind="month",
            period_end=today(),
            district=None,
            addressees=[],
            sent_on=today(),
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        dispatch.report_dispatch_record(
            by=office_staff,
            kind="month",
            period_end=today(),
            district=district_a,
            addressees=["party"],
            sent_on=today() + timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="不能早于报告期开始"):
        dispatch.report_dispatch_record(
            by=office_staff,
            kind="month",
            period_end=today(),
            district=district_a,
            addressees=["party"],
            sent_on=today().replace(day=1) - timedelta(days=1),
        )
    assert not ReportDispatch.objects.exists()
