"""The 公示 page's two lists (issue 15 item 3): searchable by number or round
(never by the complaint's words), each paged and exported as CSV or Excel with
the page's rows — the complainant masked in both."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ecobureau.rectification.models import PetitionCase

from .conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(office_staff, district_a):
    cases = [
        make_case(office_staff, number=f"PUB-{n:03d}", district=district_a)
        for n in range(32)
    ]
    named = make_case(
        office_staff, number="NAMED-1", district=district_a, complainant="刘某某"
    )
    PetitionCase.objects.filter(pk=named.pk).update(
        content="刘某某（电话13900000000）反映胜利路12号烧烤油烟"
    )
    PetitionCase.objects.filter(pk__in=[c.pk for c in cases] + [named.pk]).update(
        published_at=timezone.now()
    )
    return named


def test_cases_paged_searched_by_number_only_and_exported_masked(client, published):
    url = reverse("rectification:public")
    first = client.get(url).content.decode()
    assert "共 33" in first and "cpage=2" in first
    second = client.get(url, {"cpage": "2"}).content.decode()
    assert "PUB-031" in second and "PUB-000" not in second  # by number, 30 a page
    found = client.get(url, {"q": "NAMED"}).content.decode()
    assert "NAMED-1" in found and "刘某某" not in found and "13900000000" not in found
    # the complaint's words are not searchable: a name finds nothing
    assert "NAMED-1" not in client.get(url, {"q": "刘某某"}).content.decode()
    text = client.get(
        url, {"q": "NAMED", "list": "cases", "format": "csv"}
    ).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("受理编号,督察轮次,举报内容")
    assert "NAMED-1" in text and "刘某某" not in text and "13900000000" not in text
    assert "胜利路12号" not in text
    book = load_workbook(
        io.BytesIO(client.get(url, {"list": "cases", "format": "xlsx"}).content)
    )
    cells = str([c.value for row in book.active.iter_rows() for c in row])
    assert "PUB-031" in cells and "刘某某" not in cells
