"""环境信访查处情况 (C27): closed complaints with their finding, published without
personal data — searchable, paged, exported as CSV and Excel with the same rows."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.complaints.models import Complaint

from .conftest import submit

pytestmark = pytest.mark.django_db

PRIVATE = ("张三", "13900000001", "铁东区胜利路88号", "刺鼻气味", "李四", "13700000002")


@pytest.fixture
def closed(desk, district_a, district_b, desk_officer, enterprise_a):
    """A: about enterprise A, found true, a case opened. B: about an unregistered
    shop (named only in the text), found false. C: still being handled."""
    a = submit(district=district_a, by=desk_officer, enterprise=enterprise_a)
    b = submit(
        district=district_b,
        by=desk_officer,
        text="李四的烧烤店油烟扰民",
        contact_name="李四",
        contact_phone="13700000002",
    )
    c = submit(district=district_a, by=desk_officer, enterprise=enterprise_a)
    now = timezone.now()
    Complaint.objects.filter(pk=a.pk).update(
        status="closed", closed_at=now, finding="true", category="air",
        enforcement_case_id=1, survey="现场检查张三家附近", measures="责令整改",
    )  # fmt: skip
    Complaint.objects.filter(pk=b.pk).update(
        status="closed", closed_at=now, finding="false", category="air"
    )
    return a, b, c


def test_outcomes_published_without_personal_data(client, closed, enterprise_a):
    url = reverse("complaints:public-outcomes")
    page = client.get(url).content.decode()
    assert "共 2 件" in page  # the open one is not an outcome yet
    assert enterprise_a.name in page and "属实" in page and "已立案" in page
    assert "非登记企业，不公开名称" in page and "不属实" in page
    for text in (
        page,
        client.get(url, {"format": "csv"}).content.decode("utf-8-sig"),
        str(
            [
                c.value
                for row in load_workbook(
                    io.BytesIO(client.get(url, {"format": "xlsx"}).content)
                ).active.iter_rows()
                for c in row
            ]
        ),
    ):
        assert enterprise_a.name in text
        for private in PRIVATE:
            assert private not in text, private


def test_outcomes_searched_by_enterprise_and_district(
    client, closed, enterprise_a, district_b
):
    url = reverse("complaints:public-outcomes")
    found = client.get(url, {"q": enterprise_a.name[:3]}).content.decode()
    assert "共 1 件" in found
    assert "共 1 件" in client.get(url, {"district": district_b.pk}).content.decode()
    assert "共 0 件" in client.get(url, {"q": "不存在"}).content.decode()
    csv_text = client.get(url, {"q": "不存在", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines() == [
        "受理日期,办结日期,区县,类别,被投诉单位,核查结论,立案查处"
    ]
