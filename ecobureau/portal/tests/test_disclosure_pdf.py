"""The disclosure lists as PDF (issue 15 item 3, beside Excel and CSV): a real PDF
in the embedded Chinese font, with the list's title, publication date, when it
was generated, the page's search and columns, page numbers, and a row cap."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code
from ecobureau.lib import pdf
from ecobureau.portal import disclosure, list_pdf, tables

pytestmark = pytest.mark.django_db

NOW = "2026-07-01T10:30:00+08:00"


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _flat(content: bytes) -> str:
    return "".join(_pages(content)).replace("\n", "").replace(" ", "")


@time_machine.travel(NOW, tick=False)
def test_pdf_has_the_title_date_columns_and_rows(client, key_discharger):
    url = reverse("portal:disclosure-list", args=["key-dischargers"])

    response = client.get(url, {"format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "disclosure-key-dischargers.pdf" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF")
    assert b"NotoSerifSC" in content  # the embedded Chinese font (a subset)
    text = _flat(content)
    assert "重点排污单位名录及监测情况" in text
    published = disclosure.published_on(disclosure.BY_KEY["key-dischargers"])
    assert published is not None
    assert f"发布日期：{published.isoformat()}" in text
    assert "生成时间：2026-07-0110:30" in text
    for header in tables.TABLES["key-dischargers"].headers:
        assert header.replace(" ", "") in text, header
    assert key_discharger.name in text and "二氧化硫" in text
    assert "共1条" in text
    assert "第1页，共1页" in text


def test_pdf_follows_the_search(client, key_discharger, district_a):
    EnterpriseFactory(
        credit_code=make_credit_code(8),
        name="鞍山市宏达钢铁有限公司",
        district=district_a,
        key_source="national",
    )
    url = reverse("portal:disclosure-list", args=["key-dischargers"])

    text = _flat(client.get(url, {"format": "pdf", "q": "宏达"}).content)

    assert "鞍山市宏达钢铁有限公司" in text
    assert key_discharger.name not in text
    assert "检索条件：宏达" in text and "共1条" in text


def test_long_list_repeats_its_header_on_numbered_pages(client, bureau):
    for n in range(120):
        UserFactory(
            username=f"officer{n}",
            full_name=f"执法{n:03d}",
            unit=bureau,
            credential_no=f"21030020{n:04d}",
        )
    url = reverse("portal:disclosure-list", args=["officers"])

    pages = _pages(client.get(url, {"format": "pdf"}).content)

    assert len(pages) > 2
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        flat = page.replace("\n", "").replace(" ", "")
        assert "执法证号" in flat  # the column headers on every page
        assert f"第{number}页，共{count}页" in flat
    text = "".join(pages)
    assert "执法000" in text and "执法119" in text


def test_pdf_lists_at_most_the_cap_and_says_so(client, bureau, monkeypatch):
    monkeypatch.setattr(list_pdf, "MAX_ROWS", 3)
    for n in range(5):
        UserFactory(
            username=f"officer{n}",
            full_name=f"执法{n:02d}",
            unit=bureau,
            credential_no=f"21030020{n:04d}",
        )
    url = reverse("portal:disclosure-list", args=["officers"])

    text = _flat(client.get(url, {"format": "pdf"}).content)

    assert "共5条，本文件列出前3条，完整清单请导出Excel或CSV" in text
    assert "执法02" in text and "执法03" not in text


def test_every_portal_list_exports_a_pdf(client, key_discharger):
    for key in tables.TABLES:
        url = reverse("portal:disclosure-list", args=[key])
        response = client.get(url, {"format": "pdf"})
        assert response.status_code == 200, key
        assert response.content.startswith(b"%PDF"), key


def test_list_page_links_the_pdf_beside_excel_and_csv(client, key_discharger):
    url = reverse("portal:disclosure-list", args=["key-dischargers"])
    html = client.get(url, {"q": "华信"}).content.decode()
    assert "format=xlsx" in html and "format=csv" in html
    assert "?q=%E5%8D%8E%E4%BF%A1&amp;format=pdf" in html
    assert "导出PDF" in html


def test_a_character_the_font_lacks_is_marked_not_refused():
    # given: a character outside the font (a private-use code point)
    strange = "\ue000"
    assert pdf.missing_characters([strange]) == [strange]
    document = list_pdf.ListDocument(
        title="违法企业名单",
        headers=("单位名称",),
        widths=(30,),
        rows=[[f"鞍山市{strange}化工有限公司"]],
        total=1,
        published_on=date(2026, 6, 30),
        generated_at=pdf_time(),
    )

    text = _flat(list_pdf.render(document))

    assert "鞍山市〓化工有限公司" in text
    assert "以“〓”代替" in text


def pdf_time():
    from datetime import datetime

    from ecobureau.lib.dates import SHANGHAI

    return datetime(2026, 7, 1, 10, 0, tzinfo=SHANGHAI)
