"""A96: supervision findings against a quarter's assessment, shown on the page and
its exports, and the quarter's progress notice (通报) issued through the service
with a record entry. A80: a poor 与基层互动 result opens casework's accountability
follow-up when the quarter is confirmed."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.casework.models import Accountability
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.leadership import notice, selectors, services
from ecobureau.leadership.models import GrassrootsResult, ProgressNotice

pytestmark = pytest.mark.django_db

Q3 = selectors.period_parse("quarter", "2026-Q3", today=date(2026, 11, 16))
Q4 = selectors.period_parse("quarter", "2026-Q4", today=date(2026, 11, 16))
Q3_URL = (
    reverse("leadership:assessment", args=["quarter"]) + "?period=quarter&value=2026-Q3"
)


def pdf_text(content: bytes) -> str:
    """The text of every page, without the line breaks and spaces of wrapping."""
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return "".join(text.split())


@pytest.fixture
def findings(world, city_leader, sub_bureau_a, sub_bureau_b):
    a = services.finding_record(
        quarter=Q3, unit=sub_bureau_a, found_on=date(2026, 9, 20),
        finding="群众诉求回访记录不全", rectification="补齐回访记录",
        rectification_due=date(2026, 12, 31), by=city_leader,
    )  # fmt: skip
    b = services.finding_record(
        quarter=Q3, unit=sub_bureau_b, found_on=date(2026, 10, 8),
        finding="接访日未公示", rectification="在门户网站公示接访日", by=city_leader,
    )  # fmt: skip
    return a, b


def test_a_finding_is_recorded_with_its_record_entry(findings, sub_bureau_a):
    a, _ = findings
    entry = Record.objects.get(action="leadership.finding_record", target_id=str(a.pk))
    assert entry.unit_id == sub_bureau_a.pk
    assert a.quarter_start == date(2026, 7, 1)
    assert a.recorded_by.full_name == "王局长"


def test_finding_rules(world, city_leader, district_a_leader, sub_bureau_a):
    def record(**extra):
        data = {
            "quarter": Q3, "unit": sub_bureau_a, "found_on": date(2026, 9, 1),
            "finding": "问题", "rectification": "整改", "by": city_leader,
        }  # fmt: skip
        data.update(extra)
        return services.finding_record(**data)

    with pytest.raises(PermissionDenied):
        record(by=district_a_leader)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(found_on=date(2026, 11, 17))
    with pytest.raises(ValidationError, match="不能早于"):
        record(found_on=date(2026, 6, 30))
    with pytest.raises(ValidationError, match="整改期限"):
        record(rectification_due=date(2026, 8, 1))
    assert not selectors.finding_list_for_user(city_leader, Q3).exists()


def test_findings_on_the_page_and_a_refused_form_keeps_what_was_typed(
    client, findings, city_leader, sub_bureau_a
):
    client.force_login(city_leader)
    html = client.get(Q3_URL).text
    assert "群众诉求回访记录不全" in html and "接访日未公示" in html
    response = client.post(
        Q3_URL,
        {
            "form": "finding", "unit": sub_bureau_a.pk, "found_on": "2026-06-01",
            "finding": "台账缺失", "rectification": "建立台账",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "不能早于" in response.text and "台账缺失" in response.text
    response = client.post(
        Q3_URL,
        {
            "form": "finding", "unit": sub_bureau_a.pk, "found_on": "2026-09-02",
            "finding": "台账缺失", "rectification": "建立台账",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert selectors.finding_list_for_user(city_leader, Q3).count() == 3


def test_a_district_leader_sees_only_their_districts_findings(
    client, findings, district_a_leader
):
    client.force_login(district_a_leader)
    html = client.get(Q3_URL).text
    assert "群众诉求回访记录不全" in html
    assert "接访日未公示" not in html
    assert 'data-testid="finding-form"' not in html
    # Their findings of district B: not in the Excel, not in the PDF either.
    url = reverse("leadership:assessment-export", args=["quarter", "xlsx"])
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(url + "?period=quarter&value=2026-Q3").content)
    )
    sheet = book["督查发现"]
    units = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert units == ["鞍山市生态环境局铁东分局"]
    url = reverse("leadership:assessment-export", args=["quarter", "pdf"])
    text = pdf_text(client.get(url + "?period=quarter&value=2026-Q3").content)
    assert "接访日未公示" not in text
    # A district leader may not record a finding, even by a hand-made POST.
    response = client.post(
        Q3_URL, {"form": "finding", "unit": 1, "found_on": "2026-09-02",
                 "finding": "x", "rectification": "y"},
    )  # fmt: skip
    assert response.status_code == 403


def test_the_citys_excel_and_pdf_carry_the_findings(client, findings, city_leader):
    client.force_login(city_leader)
    url = reverse("leadership:assessment-export", args=["quarter", "xlsx"])
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(url + "?period=quarter&value=2026-Q3").content)
    )
    rows = list(book["督查发现"].iter_rows(values_only=True))
    assert rows[0] == (
        "单位",
        "督查日期",
        "发现的问题",
        "整改要求",
        "整改期限",
        "录入人",
    )
    assert ("鞍山市生态环境局铁东分局", "2026-09-20", "群众诉求回访记录不全",
            "补齐回访记录", "2026-12-31", "王局长") in rows  # fmt: skip
    url = reverse("leadership:assessment-export", args=["quarter", "pdf"])
    content = client.get(url + "?period=quarter&value=2026-Q3").content
    assert b"NotoSerifSC" in content
    text = pdf_text(content)
    assert "群众诉求回访记录不全" in text and "接访日未公示" in text


@pytest.mark.parametrize("who", ["citizen", "enterprise_user_a", "anonymous"])
def test_the_public_is_refused(client, findings, city_leader, who, request):
    stored = services.assessment_confirm(kind="quarter", period=Q3, by=city_leader)
    item = services.notice_issue(assessment=stored, by=city_leader)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in (
        Q3_URL,
        reverse("leadership:notice-pdf", args=[item.pk]),
        reverse("leadership:assessment-export", args=["quarter", "xlsx"]) + "?period=quarter&value=2026-Q3",
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert (
                "/login" in response["Location"] or "accounts" in response["Location"]
            )
    response = client.post(reverse("leadership:notice-issue", args=[stored.pk]))
    assert response.status_code in (302, 403)
    assert ProgressNotice.objects.count() == 1
    assert "群众诉求回访记录不全" not in client.get(reverse("leadership:public")).text


def test_the_notice_is_issued_once_with_a_record_and_freezes_the_quarter(
    client, findings, city_leader, sub_bureau_a
):
    stored = services.assessment_confirm(
        kind="quarter", period=Q3, by=city_leader,
        supervision={sub_bureau_a.pk: Decimal("4")},
    )  # fmt: skip
    client.force_login(city_leader)
    assert 'data-testid="notice-issue"' in client.get(Q3_URL).text
    response = client.post(reverse("leadership:notice-issue", args=[stored.pk]))
    assert response.status_code == 302
    item = ProgressNotice.objects.get()
    assert item.reference == "鞍环考〔2026〕1号"
    assert [f["finding"] for f in item.content["findings"]] == [
        "群众诉求回访记录不全", "接访日未公示",
    ]  # fmt: skip
    entry = Record.objects.get(action="leadership.notice_issue")
    assert entry.target_id == str(stored.pk)
    full = client.get(reverse("leadership:notice-pdf", args=[item.pk])).content
    assert full.startswith(b"%PDF") and b"NotoSerifSC" in full
    # The PDF printed later is the document that went out.
    assert hashlib.sha256(full).hexdigest() == item.sha256
    assert item.sha256 in str(entry.payload)
    text = pdf_text(full)
    for words in ("鞍环考〔2026〕1号", "考核排名", "群众诉求回访记录不全", "接访日未公示",
                  "扣4.0分"):  # fmt: skip
        assert words in text, words
    with pytest.raises(ValidationError, match="已经印发"):
        services.notice_issue(assessment=stored, by=city_leader)
    with pytest.raises(ValidationError, match="已印发"):
        services.finding_record(
            quarter=Q3, unit=sub_bureau_a, found_on=date(2026, 11, 1),
            finding="后来发现", rectification="整改", by=city_leader,
        )  # fmt: skip
    assert 'data-testid="finding-form"' not in client.get(Q3_URL).text


def test_a_district_leader_gets_an_extract_of_the_notice(
    client, findings, city_leader, district_a_leader
):
    stored = services.assessment_confirm(kind="quarter", period=Q3, by=city_leader)
    item = services.notice_issue(assessment=stored, by=city_leader)
    with pytest.raises(PermissionDenied):
        services.notice_issue(assessment=stored, by=district_a_leader)
    client.force_login(district_a_leader)
    assert "下载本单位摘录" in client.get(Q3_URL).text
    response = client.get(reverse("leadership:notice-pdf", args=[item.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "摘录" in text and "群众诉求回访记录不全" in text
    assert "接访日未公示" not in text and "铁西分局" not in text


def test_only_a_quarter_gets_a_notice(world, city_leader):
    october = selectors.period_parse("month", "2026-10", today=date(2026, 11, 16))
    stored = services.assessment_confirm(kind="month", period=october, by=city_leader)
    with pytest.raises(ValidationError, match="按季度"):
        services.notice_issue(assessment=stored, by=city_leader)


def test_the_notice_renders_the_same_document_again(findings, city_leader):
    stored = services.assessment_confirm(kind="quarter", period=Q3, by=city_leader)
    item = services.notice_issue(assessment=stored, by=city_leader)
    again = notice.pdf_bytes(item.content, created_at=item.issued_at)
    assert hashlib.sha256(again).hexdigest() == item.sha256


# --- A80: poor 与基层互动 implementation opens an accountability follow-up ---------


def test_a_poor_grassroots_result_opens_an_accountability_followup(
    world, city_leader, sub_bureau_a, sub_bureau_b, district_a, district_a_leader,
    settings,
):  # fmt: skip
    settings.LEADERSHIP_POOR_SUPERVISION_DEDUCTION = "10"
    stored = services.assessment_confirm(
        kind="quarter", period=Q3, by=city_leader,
        supervision={sub_bureau_a.pk: Decimal("12"), sub_bureau_b.pk: Decimal("9.5")},
    )  # fmt: skip
    poor = GrassrootsResult.objects.get(assessment=stored, unit=sub_bureau_a)
    fine = GrassrootsResult.objects.get(assessment=stored, unit=sub_bureau_b)
    assert (poor.poor, poor.deduction, poor.threshold) == (
        True,
        Decimal("12"),
        Decimal("10"),
    )
    assert (fine.poor, fine.accountability) == (False, None)
    followup = Accountability.objects.get()
    assert poor.accountability == followup
    assert (followup.source_type, followup.source_id) == (
        "leadership.grassrootsresult", poor.pk,
    )  # fmt: skip
    assert followup.status == "open" and followup.district_id == district_a.pk
    assert "铁东分局" in followup.source_label and "12" in followup.lapse
    # The unit's one head is named; the follow-up is on casework's process.
    assert followup.person_responsible == district_a_leader
    assert Record.objects.filter(
        action="casework.accountability.create", target_id=str(followup.pk)
    ).exists()
    entry = Record.objects.get(action="leadership.assessment_confirm")
    assert records.payload_of(entry)["data"]["accountability"] == {
        str(sub_bureau_a.pk): followup.pk
    }


def test_the_line_is_a_setting_and_zero_turns_it_off(
    world, city_leader, sub_bureau_a, settings
):
    settings.LEADERSHIP_POOR_SUPERVISION_DEDUCTION = "0"
    services.assessment_confirm(
        kind="quarter", period=Q3, by=city_leader,
        supervision={sub_bureau_a.pk: Decimal("20")},
    )  # fmt: skip
    assert not Accountability.objects.exists()
    assert GrassrootsResult.objects.get().poor is False


def test_confirming_through_the_page_shows_the_followup(
    client, world, city_leader, sub_bureau_a, settings
):
    settings.LEADERSHIP_POOR_SUPERVISION_DEDUCTION = "10"
    client.force_login(city_leader)
    response = client.post(
        Q3_URL, {"form": "confirm", f"supervision_{sub_bureau_a.pk}": "15"}
    )
    assert response.status_code == 302
    html = client.get(Q3_URL).text
    assert "落实不力，已启动问责程序" in html and "（待核查）" in html
    assert Accountability.objects.count() == 1
