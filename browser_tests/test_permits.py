"""Service catalogue: an enterprise applies online for a night-construction
permit (夜间建筑施工许可), the window accepts it, the air section checks it on
site and approves, and the enterprise downloads the permit PDF from its account.
Also: the public guide on a phone."""

from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from ecobureau.lib.dates import SHANGHAI

from .conftest import Site, login, screenshot, watch

ENTERPRISE = "91210302000000001L"  # 鞍山市华信精细化工有限公司 (demo account)
PHONE = {"width": 390, "height": 844}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _logout(page: Page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def _open_action(page: Page, code: str) -> None:
    page.get_by_test_id(f"action-{code}").locator("summary").click()


def test_night_permit_from_online_application_to_pdf(
    site: Site, browser: Browser, tmp_path: Path
) -> None:
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(PDF)
    today = datetime.now(SHANGHAI).date()
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)

    # the enterprise reads the guide and applies
    login(page, site, ENTERPRISE)
    page.goto(site.url + "/services/guide/night-construction/")
    expect(page.get_by_role("heading", name="夜间建筑施工许可")).to_be_visible()
    page.get_by_role("link", name="在线申请").click()
    page.get_by_label("联系人").fill("王工")
    page.get_by_label("联系电话").fill("13900000002")
    page.get_by_label("夜间连续施工作业的原因").select_option("生产工艺要求")
    page.get_by_label("工程名称").fill("站前综合体（浏览器测试）")
    page.get_by_label("施工地点").fill("铁东区站前街1号")
    page.get_by_label("夜间施工起始日").fill(f"{today + timedelta(days=7):%Y-%m-%d}")
    page.get_by_label("夜间施工截止日").fill(f"{today + timedelta(days=14):%Y-%m-%d}")
    page.get_by_label("每日夜间施工时段").fill("22:00至次日2:00")
    page.get_by_role("button", name="保存并继续上传材料").click()
    expect(page.get_by_text("申请草稿已保存")).to_be_visible()

    # one file per checklist entry, then submit
    while True:
        inputs = page.locator("[data-testid=checklist] input[type=file]")
        rows = page.locator(
            "[data-testid=checklist] tr", has=page.locator("input[type=file]")
        )
        pending = [
            i for i in range(rows.count()) if rows.nth(i).locator("ul li").count() == 0
        ]
        if not pending:
            break
        row = rows.nth(pending[0])
        row.locator("input[type=file]").set_input_files(str(scan))
        row.get_by_role("button", name="上传", exact=True).click()
        page.wait_for_load_state("networkidle")
        assert inputs.count() > 0
    screenshot(page, "permits-draft-with-materials")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_test_id("status")).to_have_text("待受理")
    number = page.get_by_role("heading", level=1).text_content()
    application_url = page.url
    _logout(page)

    # the window accepts it
    login(page, site, "demo-service")
    page.goto(site.url + "/services/staff/?item=night-construction")
    page.get_by_test_id("application-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("status")).to_have_text("待受理")
    _open_action(page, "accept")
    page.locator("[data-testid=action-accept] button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("审核材料")
    staff_url = page.url
    _logout(page)

    # the air section checks on site and approves
    login(page, site, "demo-air-head")
    page.goto(staff_url)
    _open_action(page, "schedule_site_check")
    page.locator("[data-testid=action-schedule_site_check] button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("现场查验")
    _open_action(page, "complete_site_check")
    form = page.get_by_test_id("action-complete_site_check")
    form.get_by_label("核查人员（两名以上，用顿号分隔）").fill("刘志强、林悦")
    form.get_by_label("现场核查情况").fill("围挡完好，降噪措施到位")
    form.get_by_label("审查意见").fill("符合夜间连续施工条件")
    form.get_by_label("未同时进行音像记录的理由（已上传录音录像的不填）").fill(
        "夜间照明不足，无法录像"
    )
    form.get_by_role("button", name="完成现场查验").click()
    expect(page.get_by_test_id("status")).to_have_text("待审批")
    _open_action(page, "grant")
    page.get_by_test_id("action-grant").get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已颁发许可")
    screenshot(page, "permits-staff-granted")
    _logout(page)

    # the enterprise downloads its permit
    login(page, site, ENTERPRISE)
    page.goto(application_url)
    expect(page.get_by_test_id("status")).to_have_text("已颁发许可")
    link = page.get_by_test_id("documents").get_by_role(
        "link", name="夜间建筑施工许可证"
    )
    expect(link).to_be_visible()
    screenshot(page, "permits-enterprise-permit")
    response = page.request.get(site.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert number and "夜间建筑施工许可" in number
    assert seen.console_errors == [] and seen.outside_requests == []


def test_the_guide_is_searchable_on_a_phone(site: Site, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE)
    seen = watch(page)
    page.goto(site.url + "/services/")
    expect(page.get_by_test_id("guide-item")).to_have_count(18)
    page.get_by_label("搜索事项").fill("危险废物")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_text("危险废物申报登记确认")).to_be_visible()
    page.get_by_role("link", name="危险废物申报登记确认").click()
    expect(page.get_by_text("每年2月至3月的工作日")).to_be_visible()
    expect(page.get_by_text("12345").first).to_be_visible()
    screenshot(page, "permits-guide-phone")
    assert seen.console_errors == [] and seen.outside_requests == []
