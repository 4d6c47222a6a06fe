"""双随机 一公开: the outcome of each drawn enterprise's check is published once the
check is done (issue 15 item 3, A93 "公开……检查情况"): on the draw's page (待检查
until then) and in a searchable, paged, exportable list across draws with each
result's publication date. The text is masked; no inspector's phone appears."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.enterprises.models import Enterprise
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code
from ecobureau.grid import selectors, services
from ecobureau.grid.models import InspectionTask
from ecobureau.grid.selectors import public_results

from .test_draw_service import spec

pytestmark = pytest.mark.django_db

RESULT = (
    "检查时法定代表人王法人在场，环保联系人刘联系（电话0412-8889999、13912345678）"
    "陪同；执法员1（13800138000）出示执法证。鞍山市站前示例企业0有限公司废水处理设施"
    "正常运行，未发现环境违法行为。群众身份证号210302198001011234。"
)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def enterprise_b(district_b, sub_bureau_b):
    return EnterpriseFactory(
        credit_code=make_credit_code(900),
        name="鞍山市铁西示例化工有限公司",
        district=district_b,
        supervising_unit=sub_bureau_b,
        size="large",
        key_source="provincial",
    )


def _draw(city, enforcement_head, **kw):
    services.supervision_sync(by=None)
    draw = services.draw_commit(spec=spec(city, **kw), by=enforcement_head)
    return services.draw_execute(draw=draw, public_entropy="", by=enforcement_head)


@pytest.fixture
def drawn(cells, enterprises_a, enterprise_b, enforcement_head, inspectors, city):
    Enterprise.objects.filter(pk=enterprises_a[0].pk).update(
        legal_representative="王法人",
        contact_name="刘联系",
        contact_phone="0412-8889999",
    )
    for person in inspectors:
        person.phone = "13800138000"
        person.save(update_fields=["phone"])
    return _draw(city, enforcement_head)


def _task(draw, enterprise) -> InspectionTask:
    return InspectionTask.objects.get(draw=draw, enterprise=enterprise)


def _done(task: InspectionTask, result: str, on: date = date(2026, 11, 20)):
    return services.task_complete(
        task=task, done_on=on, result=result, by=task.inspectors.first()
    )


def _csv(response) -> str:
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig")


def _xlsx_cells(response) -> list[str]:
    book = load_workbook(io.BytesIO(response.content))
    return [str(c.value) for row in book.active.iter_rows() for c in row]


PRIVATE = ("王法人", "刘联系", "0412-8889999", "13912345678", "13800138000")


def test_a_done_check_is_published_masked_and_a_pending_one_shows_waiting(
    client, drawn, enterprises_a
):
    _done(_task(drawn, enterprises_a[0]), RESULT)

    # the draw's page, read by anyone: the outcome beside each drawn enterprise
    page = client.get(reverse("grid:public-draw", args=[drawn.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-11-20检查" in text and "未发现环境违法行为" in text
    assert "鞍山市站前示例企业0有限公司废水处理设施" in text  # own name kept
    assert "法定代表人王**在场" in text and "环保联系人刘**" in text
    for private in (*PRIVATE, "210302198001011234"):
        assert private not in text, private
    assert text.count("待检查") == drawn.drawn_count - 1

    # the list across draws: only the done check
    listing = client.get(reverse("grid:public-results")).content.decode()
    assert "共 1 条检查结果" in listing
    assert enterprises_a[0].name in listing and enterprises_a[1].name not in listing
    assert "2026-11-22" in listing  # published the day it was recorded
    for private in PRIVATE:
        assert private not in listing, private


def test_results_are_found_by_enterprise_district_and_year_and_exported(
    client, drawn, enterprises_a, enterprise_b, district_a, district_b
):
    _done(_task(drawn, enterprises_a[0]), RESULT)
    _done(_task(drawn, enterprise_b), "铁西企业检查发现危废台账不全，已责令改正。")
    url = reverse("grid:public-results")

    only_b = client.get(url, {"district": district_b.pk}).content.decode()
    assert "共 1 条检查结果" in only_b
    assert enterprise_b.name in only_b and enterprises_a[0].name not in only_b
    found = client.get(url, {"q": enterprise_b.credit_code}).content.decode()
    assert "共 1 条检查结果" in found and "危废台账不全" in found
    assert "共 2 条检查结果" in client.get(url, {"year": "2026"}).content.decode()
    assert "共 0 条检查结果" in client.get(url, {"year": "2025"}).content.decode()
    assert client.get(url, {"page": "99", "year": "x"}).status_code == 200

    text = _csv(client.get(url, {"district": district_a.pk, "format": "csv"}))
    lines = text.splitlines()
    assert lines[0].startswith("企业,统一社会信用代码,区县,抽查,年度,检查日期,检查结果")
    assert len(lines) == 2 and enterprises_a[0].name in text
    assert "2026-11-20" in text and enterprise_b.name not in text
    for private in PRIVATE:
        assert private not in text, private
    cells = _xlsx_cells(client.get(url, {"format": "xlsx"}))
    assert enterprise_b.name in cells and enterprises_a[0].name in cells
    assert "公开日期" in cells and "2026-11-22" in cells
    assert not any(p in str(cells) for p in PRIVATE)


def test_an_embargoed_draw_publishes_its_results_when_the_embargo_ends(
    client, cells, enterprises_a, enforcement_head, inspectors, city, frozen
):
    draw = _draw(city, enforcement_head, embargo_until=date(2026, 12, 1))
    _done(_task(draw, enterprises_a[0]), "未发现问题。")
    url = reverse("grid:public-results")
    assert "共 0 条检查结果" in client.get(url).content.decode()
    assert "未发现问题" not in client.get(url, {"format": "csv"}).content.decode()
    page = client.get(reverse("grid:public-draw", args=[draw.pk])).content.decode()
    assert "未发现问题" not in page

    frozen.move_to("2026-12-01 09:00 +0800")
    listing = client.get(url).content.decode()
    assert "共 1 条检查结果" in listing and "未发现问题" in listing
    assert "2026-12-01" in listing  # published when the embargo ended
    assert selectors.result_latest_public() == date(2026, 12, 1)


def test_a_penalty_decision_that_followed_the_check_is_linked(
    client, drawn, enterprises_a
):
    task = _task(drawn, enterprises_a[0])
    _done(task, "废水超标排放，已立案调查。")
    asked: list[list[int]] = []

    def lookup(task_ids):
        asked.append(task_ids)
        return {
            task.pk: [
                selectors.PublicDecisionRef("鞍环罚〔2026〕12号", date(2026, 11, 21))
            ]
        }

    # enforcement's own lookup is put back afterwards (its tests rely on it)
    registered = public_results.PUBLIC_DECISION_LOOKUP
    selectors.register_public_decision_lookup(lookup)
    try:
        listing = client.get(reverse("grid:public-results")).content.decode()
        page = client.get(reverse("grid:public-draw", args=[drawn.pk])).content.decode()
        text = _csv(client.get(reverse("grid:public-results"), {"format": "csv"}))
        # without the lookup nothing is claimed
        selectors.register_public_decision_lookup(None)
        without = client.get(reverse("grid:public-results")).content.decode()
    finally:
        selectors.register_public_decision_lookup(registered)
    link = reverse("enforcement:public_decisions") + "?q=%E9%9E%8D"
    assert "鞍环罚〔2026〕12号" in listing and link in listing
    assert "鞍环罚〔2026〕12号" in page and link in page
    assert "鞍环罚〔2026〕12号（2026-11-21）" in text
    assert all(ids == [task.pk] for ids in asked)  # done checks only
    assert "鞍环罚" not in without


def test_the_results_page_costs_the_same_queries_for_one_or_many(
    client, drawn, enterprises_a
):
    _done(_task(drawn, enterprises_a[0]), "未发现问题。")
    url = reverse("grid:public-results")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for enterprise in enterprises_a[1:6]:
        _done(_task(drawn, enterprise), "未发现问题。")
    with CaptureQueriesContext(connection) as many:
        assert "共 6 条检查结果" in client.get(url).content.decode()
    assert len(many) == len(one)


def test_the_results_page_reads_in_english(client, drawn, enterprises_a, settings):
    _done(_task(drawn, enterprises_a[0]), "未发现问题。")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get(reverse("grid:public-results")).content.decode()
    assert "Results of “double random” spot checks" in listing
    assert "1 inspection results." in listing and "Inspection date" in listing
    page = client.get(reverse("grid:public-draw", args=[drawn.pk])).content.decode()
    assert "Inspected on 2026-11-20" in page and "To inspect" in page
