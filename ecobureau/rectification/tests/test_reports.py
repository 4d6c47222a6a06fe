"""The weekly and monthly reports (B7, issue 11 item 2): petition cases per
round and per district, the case list with each case's step, and the tasks and
cases late or at risk — in the Excel workbook and the PDF, within the reader's
scope (another district's items absent)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ..models import PetitionCase, RectificationTask
from .conftest import make_case, make_task, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(office_staff, district_a, district_b, sub_bureau_a, sub_bureau_b):
    now = timezone.now()
    make_case(office_staff, number="A-OPEN", district=district_a, unit=sub_bureau_a)
    make_case(
        office_staff,
        number="A-LATE",
        district=district_a,
        unit=sub_bureau_a,
        deadline=today() - timedelta(days=4),
    )
    PetitionCase.objects.filter(number="A-LATE").update(late_flagged_at=now)
    make_case(office_staff, number="A-DONE", district=district_a, unit=sub_bureau_a)
    PetitionCase.objects.filter(number="A-DONE").update(status="filed")
    make_case(office_staff, number="B-RISK", district=district_b, unit=sub_bureau_b)
    PetitionCase.objects.filter(number="B-RISK").update(at_risk_flagged_at=now)
    PetitionCase.objects.filter(number="B-RISK").update(round="2020年省级督察")
    make_task(office_staff, number="TB-LATE", district=district_b)
    RectificationTask.objects.filter(number="TB-LATE").update(late_flagged_at=now)
    make_task(office_staff, number="TA-RISK", district=district_a)
    RectificationTask.objects.filter(number="TA-RISK").update(at_risk_flagged_at=now)


def _workbook_text(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_workbook_lists_cases_per_round_district_and_the_late_ones(
    client, items, office_staff, district_a, district_b
):
    client.force_login(office_staff)
    response = client.get(reverse("rectification:report", args=["week", "xlsx"]))
    assert response.status_code == 200
    sheets = _workbook_text(response.content)
    cases = sheets["信访案件"]
    # per round: the second round's three cases (one filed), the provincial one
    assert ("第二轮中央生态环境保护督察", 3, 1, 2, 1) in cases
    assert ("2020年省级督察", 1, 0, 1, 0) in cases
    # per district
    assert (district_a.name, 3, 1, 2, 1) in cases
    assert (district_b.name, 1, 0, 1, 0) in cases
    listing = {row[0]: row for row in sheets["信访案件清单"][1:]}
    assert set(listing) == {"A-OPEN", "A-LATE", "A-DONE", "B-RISK"}
    assert listing["A-LATE"][7] == "超期" and listing["A-LATE"][6] == "办理中"
    assert listing["A-DONE"][6] == "已备案"
    risk = {(row[0], row[1], row[5]) for row in sheets["超期与预警"][1:]}
    assert risk == {
        ("信访案件", "A-LATE", "超期"),
        ("信访案件", "B-RISK", "预警"),
        ("整改任务", "TB-LATE", "超期"),
        ("整改任务", "TA-RISK", "预警"),
    }


def test_pdf_lists_the_open_cases_and_the_late_ones(client, items, office_staff):
    client.force_login(office_staff)
    response = client.get(reverse("rectification:report", args=["month", "pdf"]))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "信访案件按督察轮次" in text and "信访案件按区县" in text
    assert "未办结信访案件" in text
    assert "A-OPEN" in text and "A-LATE" in text and "B-RISK" in text
    assert "TB-LATE" in text and "超期" in text
    assert "A-DONE" not in text  # filed: counted, not listed in the PDF


def test_a_district_reader_gets_its_own_items_only(
    client, items, district_a_officer, district_a, district_b
):
    client.force_login(district_a_officer)
    xlsx = client.get(reverse("rectification:report", args=["week", "xlsx"]))
    sheets = _workbook_text(xlsx.content)
    flat = " ".join(str(v) for rows in sheets.values() for row in rows for v in row)
    assert "A-LATE" in flat and "A-OPEN" in flat and "TA-RISK" in flat
    assert "B-RISK" not in flat and "TB-LATE" not in flat
    assert district_b.name not in flat and "2020年省级督察" not in flat
    pdf = client.get(reverse("rectification:report", args=["week", "pdf"]))
    text = _pdf_text(pdf.content)
    assert "A-LATE" in text and "TA-RISK" in text
    assert "B-RISK" not in text and "TB-LATE" not in text
    assert district_b.name not in text
