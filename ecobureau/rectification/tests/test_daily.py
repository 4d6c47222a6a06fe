"""按日调度 (seed 001 三(二)1, B7): the daily scheduling sheet — the day's
progress reports, the items late or at risk, the items due soon that reported
nothing — as a page and an Excel workbook, inside the user's scope."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from .. import services
from ..models import PetitionCase, ProgressReport
from .conftest import make_case, make_task, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_data(office_staff, district_a_officer, district_a, district_b, sub_bureau_a):
    task = make_task(
        office_staff, number="TA-1", district=district_a, unit=sub_bureau_a
    )
    services.progress_report(by=district_a_officer, task=task, text="已拆除违建两处")
    yesterday = make_task(office_staff, number="TA-2", district=district_a)
    ProgressReport.objects.create(
        task=yesterday,
        reported_on=today() - timedelta(days=1),
        text="昨日的进展",
        by=district_a_officer,
    )
    make_case(
        office_staff,
        number="A-9",
        district=district_a,
        deadline=today() + timedelta(days=5),
    )  # due soon, nothing reported today
    PetitionCase.objects.filter(number="A-9").update(at_risk_flagged_at=timezone.now())
    other = make_case(office_staff, number="B-9", district=district_b)
    services.progress_report(by=office_staff, case=other, text="铁西区的进展")
    PetitionCase.objects.filter(number="B-9").update(late_flagged_at=timezone.now())


@pytest.mark.usefixtures("day_data")
def test_daily_sheet_page_and_excel_in_scope(client, district_a_officer, office_staff):
    client.force_login(district_a_officer)
    page = client.get(reverse("rectification:daily")).content.decode()
    assert "已拆除违建两处" in page
    assert "昨日的进展" not in page  # another day
    assert "铁西区的进展" not in page and "B-9" not in page  # another district
    assert "信访案件A-9" in page  # at risk, and due soon without a report
    book = load_workbook(
        io.BytesIO(client.get(reverse("rectification:daily-xlsx")).content)
    )
    assert book.sheetnames == ["当日进展", "超期与预警", "临期未报送"]
    reports = list(book["当日进展"].iter_rows(values_only=True))
    assert reports[0] == ("事项", "承办单位", "报送人", "进展情况")
    assert [r[3] for r in reports[1:]] == ["已拆除违建两处"]
    risk = [r[0] for r in book["超期与预警"].iter_rows(min_row=2, values_only=True)]
    assert risk == ["信访案件A-9"]
    silent = [r[0] for r in book["临期未报送"].iter_rows(min_row=2, values_only=True)]
    assert "信访案件A-9" in silent and "整改任务TA-1" not in silent
    # the day before: only yesterday's report
    day = (today() - timedelta(days=1)).isoformat()
    page = client.get(reverse("rectification:daily") + f"?day={day}").content.decode()
    assert "昨日的进展" in page and "已拆除违建两处" not in page
    # the city office sees both districts
    client.force_login(office_staff)
    page = client.get(reverse("rectification:daily")).content.decode()
    assert "铁西区的进展" in page and "信访案件B-9" in page


def test_daily_sheet_refused_to_outsiders(client, citizen, enterprise_user_a):
    for user in (citizen, enterprise_user_a):
        client.force_login(user)
        assert client.get(reverse("rectification:daily")).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("rectification:daily-xlsx")).status_code in (302, 403)
