"""The public discharge list as a download (issue 15 item 3): `?format=csv|xlsx`
gives every enterprise the search found, not only the page shown, one line per
pollutant with the stored actual total and when it was computed; no person's
name or contact; anyone may download it."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import cast

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.enterprises.models import Enterprise, Permit
from ecobureau.enterprises.tests.factories import EnterpriseFactory
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring.models import (
    DischargeAllowance,
    DischargeSummaryState,
    DischargeYearTotal,
)

pytestmark = pytest.mark.django_db
COMPUTED = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        yield


def _permitted(name: str, district, actual: float | None):
    enterprise = cast(
        Enterprise,
        EnterpriseFactory(
            name=name,
            district=district,
            contact_name="孙联系",
            contact_phone="13700001111",
            legal_representative="钱法人",
        ),
    )
    permit = Permit.objects.create(
        enterprise=enterprise,
        kind=Permit.Kind.DISCHARGE,
        number=f"P{enterprise.pk:06d}",
        valid_until=date(2030, 12, 31),
    )
    for code, label in (("w01018", "化学需氧量"), ("w21003", "氨氮")):
        DischargeAllowance.objects.create(
            permit=permit,
            enterprise=enterprise,
            pollutant_code=code,
            pollutant_name=label,
            yearly_tonnes=12,
            method="continuous",
            route="direct",
            receiving="太子河",
        )
    if actual is not None:
        DischargeYearTotal.objects.create(
            enterprise=enterprise,
            year=2026,
            pollutant_code="w01018",
            tonnes=actual,
            computed_at=COMPUTED,
        )
    return enterprise


@pytest.fixture
def permitted(district_a):
    DischargeSummaryState.objects.create(pk=1, computed_at=COMPUTED)
    made = [
        _permitted(f"鞍山市甲{n:02d}排污有限公司", district_a, 3.25) for n in range(22)
    ]
    made.append(_permitted("鞍山市乙化工有限公司", district_a, None))
    return made


def test_the_export_follows_the_search_over_every_page(client, permitted):
    url = reverse("monitoring:discharge-public")
    page = client.get(url, {"q": "甲"}).content.decode()
    assert page.count('data-testid="discharge-row"') == 20  # one page of 22
    assert "共 22 家排污单位" in page and "q=%E7%94%B2" in page

    response = client.get(url, {"q": "甲", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"] == 'attachment; filename="discharge-2026.csv"'
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "企业,区县,行业,排污许可证编号,许可证有效期至,污染物,排放方式,排放去向,"
        "年许可排放量（吨）,2026年实际排放量（吨）,实际排放量统计时间"
    )
    assert len(lines) == 1 + 22 * 2  # every enterprise found, both pollutants
    assert "乙化工" not in "\n".join(lines)
    first = next(line for line in lines if "甲00" in line and "化学需氧量" in line)
    assert first.endswith(",12,3.25,2026-11-23 09:00")
    assert "太子河" in first
    ammonia = next(line for line in lines if "甲00" in line and "氨氮" in line)
    assert ",12,,2026-11-23 09:00" in ammonia  # no actual figure: empty, as "—"


def test_the_excel_file_reads_back_with_no_personal_data(client, permitted):
    url = reverse("monitoring:discharge-public")
    response = client.get(url, {"q": "乙化工", "year": 2026, "format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    assert len(rows) == 3 and rows[1][0] == "鞍山市乙化工有限公司"
    assert rows[1][3] == f"P{permitted[-1].pk:06d}" and rows[1][9] is None
    text = str(rows)
    for private in ("孙联系", "13700001111", "钱法人"):
        assert private not in text
    csv_all = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert len(csv_all.splitlines()) == 1 + 23 * 2
    for private in ("孙联系", "13700001111", "钱法人"):
        assert private not in csv_all


def test_another_year_exports_that_years_totals(client, permitted):
    url = reverse("monitoring:discharge-public")
    text = client.get(url, {"q": "甲00", "year": 2025, "format": "csv"}).content
    lines = text.decode("utf-8-sig").splitlines()
    assert "2025年实际排放量（吨）" in lines[0]
    assert len(lines) == 3 and all(",12,," in line for line in lines[1:])
