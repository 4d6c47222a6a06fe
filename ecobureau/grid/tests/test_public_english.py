"""The grid's public pages in English when chosen (the language cookie the
portal's switch sets): the cells and a cell, the 双随机 draws, a draw with its
outcomes, the results and the schemes, and their exports' headers; without the
cookie they stay in Chinese, whatever the browser prefers."""

from __future__ import annotations

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from .test_public_lists import published  # noqa: F401  (fixture)
from .test_public_results import _done, _task, drawn, enterprise_b  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False) as traveller:
        yield traveller


def _page(client, url, *, english, **params):
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    return response, response.content.decode("utf-8-sig")


def test_the_cells_and_a_cell_in_english(client, published):  # noqa: F811
    response, page = _page(client, reverse("grid:public-cells"), english=True)
    assert response.status_code == 200 and 'lang="en"' in page
    assert "Public notice of environmental supervision grids" in page
    assert "1 grids in total." in page
    assert "First responsible person: 孙主任" in page  # role translated, name kept
    assert "Joint enforcement and special campaigns" in page
    assert "环境监管网格公示" not in page and "第一责任人" not in page
    assert "责任人及联系方式" not in page

    _, cell = _page(
        client, reverse("grid:public-cell", args=[published.pk]), english=True
    )
    assert "Defined area" in cell and "Responsibility agreement" in cell
    assert "First responsible person: 孙主任, tel. 0412-5550100" in cell
    assert "定区域" not in cell and "发现环境违法行为" not in cell

    _, csv = _page(client, reverse("grid:public-cells"), english=True, format="csv")
    assert csv.splitlines()[0].startswith("Grid,Grid code,Level,Responsible body")
    assert "First responsible person: 孙主任" in csv


def test_the_draws_a_draw_and_the_results_in_english(
    client,
    drawn,  # noqa: F811
    enterprises_a,
):
    _done(_task(drawn, enterprises_a[0]), "未发现环境违法行为。")
    _, draws = _page(client, reverse("grid:public-draws"), english=True)
    assert "Spot check name or scope" in draws and "1 spot checks in total." in draws
    assert "Drawn (results published)" in draws
    assert "抽查名称或范围" not in draws and "已抽取（结果已公开）" not in draws

    _, draw = _page(client, reverse("grid:public-draw", args=[drawn.pk]), english=True)
    assert "Check it yourself" in draw and "Random seed" in draw
    assert "the seed, lists and result (JSON)" in draw
    assert "enforcement ID" in draw  # the inspectors' credentials
    assert "To inspect" in draw  # the enterprise not yet checked
    assert "自行复核" not in draw and "执法证" not in draw and "待检查" not in draw

    _, results = _page(client, reverse("grid:public-results"), english=True)
    assert "1 inspection results." in results and "Inspection date" in results
    assert "检查日期" not in results

    _, csv = _page(client, reverse("grid:public-draws"), english=True, format="csv")
    assert "Seed hash (SHA-256)" in csv and "Drawn (results published)" in csv


def test_the_schemes_in_english(client):
    _, page = _page(client, reverse("grid:public-schemes"), english=True)
    assert "Filing authority" in page and "Issue date" in page
    assert "网格化环境监管实施方案公开" not in page and "备案机关" not in page


def test_without_the_choice_the_pages_stay_chinese(
    client,
    published,  # noqa: F811
    drawn,  # noqa: F811
):
    _, cells = _page(client, reverse("grid:public-cells"), english=False)
    assert "环境监管网格公示" in cells and "共 1 个网格。" in cells
    assert "第一责任人：孙主任" in cells
    assert "Public notice of environmental supervision grids" not in cells
    _, cell = _page(
        client, reverse("grid:public-cell", args=[published.pk]), english=False
    )
    assert "第一责任人：孙主任 电话 0412-5550100" in cell and "定区域" in cell
    _, draw = _page(client, reverse("grid:public-draw", args=[drawn.pk]), english=False)
    assert "自行复核" in draw and "执法证" in draw and "待检查" in draw
    assert "Check it yourself" not in draw
    _, csv = _page(client, reverse("grid:public-cells"), english=False, format="csv")
    assert csv.splitlines()[0].startswith("网格,网格编码,层级,责任主体")
