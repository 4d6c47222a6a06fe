"""Grid supervision on a phone: a grid officer records a patrol with the phone's
position and a photo and reports a problem; the district sees it and takes it up.
The offline map draws cells and enterprises with no tile server."""

import base64

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# A 1×1 PNG, as a phone's camera would hand over a JPEG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
# Somewhere in 铁东区 (WGS-84), as the browser's Geolocation API reports it.
POSITION = {"latitude": 41.1125, "longitude": 123.0085, "accuracy": 8}


def test_grid_officer_patrols_and_reports_the_district_takes_it_up(
    site: Site, browser: Browser
) -> None:
    context = browser.new_context(
        **PHONE, geolocation=POSITION, permissions=["geolocation"]
    )
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-grid")

    # The patrol page fills the position from the phone.
    page.goto(site.url + "/grid/patrol/")
    expect(page.get_by_role("heading", name="记录巡查")).to_be_visible()
    expect(page.locator("#id_latitude")).to_have_value("41.112500")
    expect(page.locator("#gps-status")).to_contain_text("已定位")
    page.get_by_label("巡查地点").fill("站前街道胜利路与建设街交口")
    # Another checklist is swapped in by htmx.
    page.get_by_label("巡查清单").select_option("construction")
    expect(page.get_by_test_id("checklist")).to_contain_text("裸露土方是否苫盖")
    page.get_by_role("group", name="裸露土方是否苫盖").get_by_label("发现问题").check()
    page.get_by_label("发现情况").fill("工地裸土未苫盖，大风天扬尘明显")
    page.get_by_label("现场照片").set_input_files(
        files=[{"name": "扬尘.png", "mimeType": "image/png", "buffer": PNG}]
    )
    screenshot(page, "grid-patrol-form-phone")
    page.get_by_role("button", name="保存巡查记录").click()

    expect(page.get_by_role("heading", name="巡查记录：站前街道网格")).to_be_visible()
    expect(page.get_by_test_id("findings")).to_contain_text("工地裸土未苫盖")
    expect(page.get_by_text("41.112500, 123.008500")).to_be_visible()
    expect(page.get_by_role("link", name="扬尘.png")).to_be_visible()
    screenshot(page, "grid-patrol-recorded-phone")

    # Report the problem upward, with a photo.
    page.get_by_role("link", name="上报问题").last.click()
    expect(page.get_by_label("地点")).to_have_value("站前街道胜利路与建设街交口")
    page.get_by_label("问题类别").select_option("dust")
    page.get_by_label("问题描述").fill("建筑工地裸土未苫盖，大风扬尘，已提醒施工方")
    page.get_by_label("已当场制止").check()
    page.get_by_label("现场照片").set_input_files(
        files=[{"name": "扬尘近景.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="上报").click()
    expect(page.get_by_test_id("status")).to_have_text("待受理")
    problem_url = page.url
    screenshot(page, "grid-problem-reported-phone")
    assert seen.console_errors == [] and seen.outside_requests == []
    context.close()

    # The district (铁东分局) sees it and takes it up.
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-tiedong-head")
    page.goto(site.url + "/grid/problems/")
    row = (
        page.get_by_test_id("problem-list")
        .get_by_role("row")
        .filter(has_text="站前街道网格")
    )
    expect(row.first).to_be_visible()
    page.goto(problem_url)
    expect(page.get_by_test_id("description")).to_contain_text("建筑工地裸土未苫盖")
    expect(page.get_by_role("link", name="扬尘近景.png")).to_be_visible()
    page.get_by_role("button", name="受理").click()
    expect(page.get_by_test_id("status")).to_have_text("办理中")
    screenshot(page, "grid-problem-accepted-district")
    assert seen.console_errors == [] and seen.outside_requests == []


def test_another_township_does_not_see_the_report(site: Site, browser: Browser) -> None:
    page = browser.new_page(**PHONE)
    watch(page)
    login(page, site, "demo-tiexi-staff")
    page.goto(site.url + "/grid/problems/?status=")
    expect(page.get_by_test_id("problem-list")).not_to_contain_text("站前街道网格")


def test_the_map_draws_cells_and_enterprises_offline(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-leader")
    page.goto(site.url + "/grid/map/")
    expect(page.locator("#grid-map .leaflet-overlay-pane path").first).to_be_attached()
    assert page.locator("#grid-map .leaflet-overlay-pane path").count() > 50
    expect(page.get_by_text("坐标系：WGS-84")).to_be_visible()
    screenshot(page, "grid-map")
    # No tiles were asked for: every request stayed on 127.0.0.1.
    assert seen.console_errors == [] and seen.outside_requests == []


def test_the_public_sees_the_published_grid_and_draw(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(**PHONE)
    seen = watch(page)
    page.goto(site.url + "/grid/public/")
    expect(page.get_by_test_id("public-cells")).to_contain_text("站前街道网格")
    page.get_by_role("link", name="“双随机”抽查公开").click()
    page.get_by_role("link", name="2026年第四季度双随机抽查（示例数据）").click()
    expect(page.get_by_test_id("seed")).to_be_visible()
    expect(page.get_by_test_id("draw-result")).to_be_visible()
    screenshot(page, "grid-public-draw-phone")
    assert seen.console_errors == [] and seen.outside_requests == []


def test_monthly_report_and_positive_list_review_on_a_phone(
    site: Site, browser: Browser
) -> None:
    """铁东分局 sees its filed monthly report with the generated figures; 铁西
    does not; the head of enforcement reviews the positive list and lists a
    candidate with a reason (C22, A73)."""
    page = browser.new_page(**PHONE)
    watch(page)
    login(page, site, "demo-tiedong-head")
    page.goto(site.url + "/grid/reports/")
    reports = page.get_by_test_id("work-report-list")
    expect(reports).to_contain_text("铁东区网格")
    reports.get_by_role("link").first.click()
    expect(page.get_by_test_id("figures")).to_contain_text("巡查次数")
    expect(page.get_by_test_id("status")).to_contain_text("已报送")
    screenshot(page, "grid-work-report-phone")

    other = browser.new_page(**PHONE)
    login(other, site, "demo-tiexi-staff")
    other.goto(site.url + "/grid/reports/")
    expect(other.get_by_test_id("work-report-list")).not_to_contain_text("铁东区网格")

    head = browser.new_page(**PHONE)
    watch(head)
    login(head, site, "demo-team-head")
    head.goto(site.url + "/grid/plan/positive-list/?show=candidates")
    table = head.get_by_test_id("positive-list")
    expect(table).to_contain_text("可研究列入")
    row = table.locator("tbody tr").first
    name = row.locator("td").first.locator("a").inner_text()
    row.get_by_label("理由").fill("连续三年无违法、无超标（浏览器测试）")
    row.get_by_role("button", name="列入清单").click()
    expect(head.locator("body")).to_contain_text(f"已将{name}列入正面清单")
    head.goto(site.url + "/grid/plan/positive-list/?show=members")
    expect(head.get_by_test_id("positive-list")).to_contain_text(name)
    screenshot(head, "grid-positive-list-phone")
