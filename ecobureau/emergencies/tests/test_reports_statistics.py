"""Report PDFs (初报, 续报, 处理结果报告: numbered, embedded font), the statistics
page and its Excel export, and who may see them."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ecobureau.casework import services as casework_services
from ecobureau.lib.dates import SHANGHAI

from .. import documents, services
from ..models import Report
from .conftest import register

NO_FACTS = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": "0",
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _pdf(document) -> bytes:
    with casework_services.attachment_open(document.attachment) as handle:
        return handle.read()


def _send(incident, by, kind):
    report = incident.reports.get(kind=kind, submitted_at__isnull=True)
    return services.report_submit(
        report=report, by=by, content=f"{report}内容：泄漏已控制。\n第二段。"
    )


def test_initial_followup_and_final_reports_issue_numbered_pdfs(
    client, duty_officer, incident_a
):
    services.incident_grade(
        incident=incident_a, by=duty_officer, facts={**NO_FACTS, "deaths": 3}
    )
    initial = _send(incident_a, duty_officer, Report.Kind.INITIAL)
    client.force_login(duty_officer)
    response = client.post(reverse("emergencies:report-document", args=[initial.pk]))
    assert response.status_code == 302
    initial.refresh_from_db()
    document = initial.document
    assert document is not None and "急〔" in document.reference
    content = _pdf(document)
    assert content.startswith(b"%PDF") and b"FontFile2" in content
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(content)).pages
    ).replace("\n", "")
    assert "初报" in text and "较大" in text and "第17号" in text
    followup = _send(incident_a, duty_officer, Report.Kind.FOLLOWUP)
    second = documents.report_document_issue(report=followup, by=duty_officer)
    assert second.number == document.number + 1  # one series, no gaps
    followup_text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(_pdf(second))).pages
    )
    assert "续报（第1次）" in followup_text.replace("\n", "")
    page = client.get(incident_a.get_absolute_url()).content.decode()
    assert document.reference in page and second.reference in page
    with pytest.raises(ValidationError, match="已出具"):
        documents.report_document_issue(report=initial, by=duty_officer)


def test_an_unsent_report_has_no_pdf(duty_officer, incident_a):
    report = incident_a.reports.get()
    with pytest.raises(ValidationError, match="报送后"):
        documents.report_document_issue(report=report, by=duty_officer)


def test_another_district_cannot_issue_or_download_a_report_pdf(
    client, duty_officer, district_b_officer, incident_a
):
    services.incident_grade(incident=incident_a, by=duty_officer, facts=NO_FACTS)
    initial = _send(incident_a, duty_officer, Report.Kind.INITIAL)
    client.force_login(district_b_officer)
    response = client.post(reverse("emergencies:report-document", args=[initial.pk]))
    assert response.status_code == 404
    document = documents.report_document_issue(report=initial, by=duty_officer)
    response = client.get(reverse("casework:document-pdf", args=[document.pk]))
    assert response.status_code == 404


# --- Statistics --------------------------------------------------------------------


def _at(month: int, day: int = 10, hour: int = 12) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def year_of_incidents(duty_officer, district_a, district_b):
    """2025: January — one 较大 in A, one ungraded in B; March — one 一般 in A, one
    dismissed; 31 December 23:30 local (UTC still 31 Dec) counted in December,
    and 1 January 2026 00:30 local (UTC 31 Dec 2025) counted in 2026."""
    larger = register(duty_officer, district=district_a, received_at=_at(1))
    services.incident_grade(
        incident=larger, by=duty_officer, facts={**NO_FACTS, "poisoned": 10}
    )
    register(
        duty_officer,
        district=district_b,
        received_at=_at(1, 20),
        source="police",
    )
    general = register(duty_officer, district=district_a, received_at=_at(3))
    services.incident_grade(incident=general, by=duty_officer, facts=NO_FACTS)
    dismissed = register(duty_officer, district=district_a, received_at=_at(3, 11))
    services.incident_dismiss(
        incident=dismissed, by=duty_officer, verification="误报", reason="仪器故障"
    )
    register(duty_officer, district=district_a, received_at=_at(12, 31, 23))
    register(
        duty_officer,
        district=district_a,
        received_at=datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI),
    )
    services.opinion_register(
        by=duty_officer,
        title="网传河水变色",
        channel="weibo",
        content="河水发红",
        grade="larger",
        district=district_a,
        discovered_at=_at(1, 12),
    )


@pytest.mark.usefixtures("year_of_incidents")
def test_statistics_by_month_grade_source_and_district(client, duty_officer):
    client.force_login(duty_officer)
    response = client.get(reverse("emergencies:statistics"), {"year": 2025})
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.total == 4 and stats.dismissed == 1
    assert stats.by_month[1] == {"larger": 1, "ungraded": 1}
    assert stats.by_month[3] == {"general": 1}
    assert stats.by_month[12] == {"ungraded": 1}  # local month, not UTC
    assert stats.by_source["公安110通报"] == 1
    assert sum(stats.by_district.values()) == 4
    assert stats.opinions_by_month[1] == {"larger": 1}
    assert stats.opinion_total == 1


@pytest.mark.usefixtures("year_of_incidents")
def test_statistics_excel_is_a_real_workbook(client, duty_officer):
    client.force_login(duty_officer)
    response = client.get(reverse("emergencies:statistics-excel"), {"year": 2025})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "类别" and rows[0][-1] == "合计"
    january = next(r for r in rows if r[1] == "2025年1月" and r[0] == "突发环境事件")
    # columns: 特别重大, 重大, 较大, 一般, 未定级, 合计
    assert [str(v) for v in january[2:]] == ["0", "0", "1", "0", "1", "2"]
    total = next(r for r in rows if r[1] == "2025年合计")
    assert str(total[-1]) == "4"
    opinion = next(r for r in rows if r[0] == "舆情事件" and r[1] == "2025年1月")
    assert str(opinion[-1]) == "1"


@pytest.mark.usefixtures("year_of_incidents")
def test_statistics_are_scoped_and_closed_to_others(
    client, district_b_officer, township_official, enterprise_user_a, citizen
):
    client.force_login(district_b_officer)
    stats = client.get(reverse("emergencies:statistics"), {"year": 2025}).context[
        "stats"
    ]
    assert stats.total == 1 and stats.opinion_total == 0  # only district B's
    for user in (township_official, enterprise_user_a, citizen):
        client.force_login(user)
        for name in ("statistics", "statistics-excel"):
            response = client.get(reverse(f"emergencies:{name}"), {"year": 2025})
            assert response.status_code == 403


def test_statistics_query_count_does_not_grow_with_incidents(
    client, duty_officer, district_a, django_assert_max_num_queries
):
    for month in range(1, 13):
        register(duty_officer, district=district_a, received_at=_at(month))
    client.force_login(duty_officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("emergencies:statistics"), {"year": 2025})
    assert response.context["stats"].total == 12


@pytest.mark.usefixtures("year_of_incidents")
def test_quarters_and_half_years_group_the_months(client, duty_officer):
    # 第十条: quarterly and half-yearly statistics, summed from the local months
    client.force_login(duty_officer)
    response = client.get(reverse("emergencies:statistics"), {"year": 2025})
    stats = response.context["stats"]
    periods = {label: (values, total) for label, values, total in stats.period_rows()}
    # columns: 特别重大, 重大, 较大, 一般, 未定级
    assert periods["第一季度"] == ([0, 0, 1, 1, 1], 3)
    assert periods["第二季度"][1] == 0 and periods["第三季度"][1] == 0
    assert periods["第四季度"] == ([0, 0, 0, 0, 1], 1)  # 31 Dec 23:30 local
    assert periods["上半年"][1] == 3 and periods["下半年"][1] == 1
    quarters = sum(
        periods[q][1] for q in ("第一季度", "第二季度", "第三季度", "第四季度")
    )
    assert quarters == stats.total == periods["上半年"][1] + periods["下半年"][1]
    opinions = {label: total for label, _, total in stats.opinion_period_rows()}
    assert opinions["第一季度"] == 1 and opinions["下半年"] == 0
    body = response.content.decode()
    assert body.count('data-testid="period"') == 6 and "上半年" in body


@pytest.mark.usefixtures("year_of_incidents")
def test_quarters_in_the_excel_and_scoped(client, duty_officer, district_b_officer):
    client.force_login(duty_officer)
    response = client.get(reverse("emergencies:statistics-excel"), {"year": 2025})
    rows = [
        [c.value for c in row]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    first = next(r for r in rows if r[:2] == ["突发环境事件", "2025年第一季度"])
    assert [str(v) for v in first[2:]] == ["0", "0", "1", "1", "1", "3"]
    half = next(r for r in rows if r[:2] == ["突发环境事件", "2025年下半年"])
    assert str(half[-1]) == "1"
    opinion = next(r for r in rows if r[:2] == ["舆情事件", "2025年第一季度"])
    assert str(opinion[-1]) == "1"
    # another district: only its own incident in its quarter
    client.force_login(district_b_officer)
    stats = client.get(reverse("emergencies:statistics"), {"year": 2025}).context[
        "stats"
    ]
    assert {label: t for label, _, t in stats.period_rows()}["第一季度"] == 1
