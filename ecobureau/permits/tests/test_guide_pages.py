"""The public guide (一次性告知): every item readable by anyone, searchable,
printable, with its complaint channel and the 12345 line."""

import pytest
from django.urls import reverse

from ecobureau.permits.models import ServiceItem


@pytest.mark.django_db
def test_the_guide_lists_all_18_items_for_anyone(
    client, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("permits:guide-list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="guide-item"') == 18


@pytest.mark.django_db
def test_search_finds_items_by_name_alias_and_material(client, catalogue):
    page = client.get(reverse("permits:guide-list"), {"q": "夜间"}).content.decode()
    assert "夜间建筑施工许可" in page and page.count('data-testid="guide-item"') == 1
    alias = client.get(
        reverse("permits:guide-list"), {"q": "自动监控设备安装"}
    ).content.decode()
    assert "自动监控设备安装及变更备案" in alias
    by_material = client.get(
        reverse("permits:guide-list"), {"q": "论证报告"}
    ).content.decode()
    assert "江河、湖泊新建、改建或者扩大排污口" in by_material
    none = client.get(
        reverse("permits:guide-list"), {"q": "不存在的事项"}
    ).content.decode()
    assert "没有找到相关事项" in none


@pytest.mark.django_db
def test_search_answers_htmx_with_the_list_only(client, catalogue):
    response = client.get(
        reverse("permits:guide-list"), {"q": "危险废物"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'id="guide-items"' in page and "<html" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code",
    [
        "night-construction",
        "river-outlet",
        "hw-declaration",
        "report-reward",
        "hotline-12369",
        "air-forecast",
        "heavy-pollution-plan",
    ],
)
def test_each_guide_tells_everything_at_once(client, catalogue, code):
    item = ServiceItem.objects.get(code=code)
    page = client.get(reverse("permits:guide-detail", args=[code])).content.decode()
    for label in (
        "适用对象",
        "设立依据",
        "受理机构",
        "受理地点和时间",
        "办结时限",
        "办理结果",
        "收费依据及标准",
        "申请材料示范文本",
        "监督投诉渠道",
        "办理要件",
        "办理流程",
        "常见错误示例",
    ):
        assert label in page, label
    assert "12345" in page  # the hotline is on every item
    assert "data-print" in page
    for material in item.materials.all():
        assert material.name in page


@pytest.mark.django_db
def test_the_guide_shows_the_law_in_force_and_keeps_the_repealed_one(client, catalogue):
    page = client.get(
        reverse("permits:guide-detail", args=["night-construction"])
    ).content.decode()
    in_force = page.split('data-testid="basis-in-force"')[1].split("</ul>")[0]
    assert "生态环境法典" in in_force and "第五百七十二条" in in_force
    assert "噪声污染防治法" not in in_force
    assert "原文及历史依据" in page and "环境噪声污染防治法" in page


@pytest.mark.django_db
def test_heavy_pollution_plan_names_its_own_complaint_line(client, catalogue):
    page = client.get(
        reverse("permits:guide-detail", args=["heavy-pollution-plan"])
    ).content.decode()
    channel = page.split('data-testid="complaint-channel"')[1].split("</dd>")[0]
    assert "0412-5234952" in channel


@pytest.mark.django_db
def test_items_handled_elsewhere_offer_no_online_application(client, catalogue):
    page = client.get(
        reverse("permits:guide-detail", args=["report-reward"])
    ).content.decode()
    assert reverse("permits:apply", args=["report-reward"]) not in page
    night = client.get(
        reverse("permits:guide-detail", args=["night-construction"])
    ).content.decode()
    assert reverse("permits:apply", args=["night-construction"]) in night
