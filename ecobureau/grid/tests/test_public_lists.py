"""The grid's public lists (issue 15 item 3): cells with their published people
and phones, the 双随机 draws and the implementation schemes — searchable, paged,
exported as CSV and Excel with the same rows; an unpublished supervisor or
scheme never appears. The inspection results: test_public_results.py."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.grid import services
from ecobureau.grid.models import GridMember

from .test_cells import fill_fixes
from .test_draw_service import spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cells, township_official):
    cell = cells["210302001"]
    fill_fixes(cell, township_official)
    for role, name, phone, publish in (
        (GridMember.Role.FIRST_RESPONSIBLE, "孙主任", "0412-5550100", True),
        (GridMember.Role.PUBLIC_SUPERVISOR, "李大爷", "13900001111", False),
    ):
        services.member_add(
            cell=cell,
            data=services.MemberData(
                role=role, name=name, phone=phone, since=date(2026, 1, 1),
                publish=publish,
            ),
            by=township_official,
        )  # fmt: skip
    services.cell_publish(cell=cell, by=township_official)
    return cell


def _csv(response) -> str:
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig")


def test_cells_searched_paged_and_exported(client, published) -> None:
    url = reverse("grid:public-cells")
    page = client.get(url, {"q": "孙主任"}).content.decode()
    assert published.name in page and "共 1 个网格" in page
    assert "公示日期" in page
    assert client.get(url, {"q": "李大爷"}).content.decode().count(published.name) == 0
    assert "共 0 个网格" in client.get(url, {"q": "不存在"}).content.decode()
    assert "format=csv" in page and "q=" in page
    text = _csv(client.get(url, {"q": published.code, "format": "csv"}))
    assert text.splitlines()[0].startswith("网格,网格编码,层级,责任主体")
    assert published.name in text and "0412-5550100" in text
    assert "13900001111" not in text and "李大爷" not in text  # not published
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row]
    assert published.name in cells and "李大爷" not in str(cells)
    assert client.get(url, {"page": "99"}).status_code == 200


def test_draws_searched_and_exported(
    client, cells, enterprises_a, enforcement_head, inspectors, city
) -> None:
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False):
        services.supervision_sync(by=None)
        draw = services.draw_commit(spec=spec(city), by=enforcement_head)
    url = reverse("grid:public-draws")
    page = client.get(url, {"q": "第四季度"}).content.decode()
    assert draw.title in page and "共 1 次抽查" in page
    assert draw.title not in client.get(url, {"q": "第一季度"}).content.decode()
    text = _csv(client.get(url, {"q": "第四季度", "format": "csv"}))
    assert draw.title in text and draw.seed_sha256 in text
    assert draw.seed not in text  # the seed stays hidden until the draw
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    assert draw.title in str([c.value for row in book.active.iter_rows() for c in row])


def test_schemes_searched_dated_and_exported(
    client, cells, township_official, district_a_leader
) -> None:
    from .test_schemes import TITLE, file_scheme, pdf

    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        scheme = file_scheme(cells, township_official)
        services.scheme_decide(
            scheme=scheme, accept=True, note="", by=district_a_leader
        )
        services.scheme_publish(scheme=scheme, by=township_official)
        unpublished = services.scheme_file(
            cell=cells["210302"],
            title="铁东区未公开的实施方案",
            issued_on=date(2026, 11, 2),
            file=pdf(),
            by=district_a_leader,
        )
    url = reverse("grid:public-schemes")
    page = client.get(url, {"q": "站前街道"}).content.decode()
    assert TITLE in page and "共 1 个方案" in page and "2026-11-23" in page
    assert "共 0 个方案" in client.get(url, {"q": "不存在"}).content.decode()
    assert "format=csv" in page and "q=" in page
    text = _csv(client.get(url, {"q": cells["210302"].name, "format": "csv"}))
    assert text.splitlines()[0] == "方案,制定单位,备案机关,印发日期,备案日期,公开日期"
    assert TITLE in text and "2026-11-23" in text
    assert unpublished.title not in text
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    values = [str(c.value) for row in book.active.iter_rows() for c in row]
    assert TITLE in values and unpublished.title not in str(values)
    assert client.get(url, {"page": "99"}).status_code == 200
