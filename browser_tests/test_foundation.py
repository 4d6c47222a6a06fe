"""Foundation: a staff persona logs in, opens the workbench and an enterprise file;
the public opens the portal home; all on desktop and phone sizes."""

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch

PHONE = {"width": 390, "height": 844}


def test_staff_workbench_then_an_enterprise_file(site: Site, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-legal")
    # the workbench lists the follow-ups waiting for the legal section, most urgent first
    expect(page).to_have_url(site.url + "/workbench/")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_test_id("workitem").first).to_contain_text("责任追究")
    screenshot(page, "workbench-legal")
    # the "为什么" link explains a deadline
    page.get_by_role("link", name="为什么").first.click()
    expect(page.get_by_role("heading", name="为什么是这个期限")).to_be_visible()
    screenshot(page, "clock-explained")
    # the enterprise file
    page.get_by_role("link", name="企业档案", exact=True).first.click()
    page.get_by_label("名称或信用代码").fill("华信精细")
    page.get_by_role("button", name="查询").click()  # htmx swaps the table in place
    page.get_by_role("link", name="鞍山市华信精细化工有限公司").click()
    expect(
        page.get_by_role("heading", name="鞍山市华信精细化工有限公司")
    ).to_be_visible()
    expect(page.get_by_text("91210302000000001L", exact=True)).to_be_visible()
    screenshot(page, "enterprise-file")
    assert seen.console_errors == [] and seen.outside_requests == []


def test_district_staff_see_only_their_district(site: Site, browser: Browser) -> None:
    page = browser.new_page()
    watch(page)
    login(page, site, "demo-tiexi-staff")
    page.goto(site.url + "/enterprises/?q=华信")
    expect(page.get_by_text("鞍山市华信精细化工有限公司")).to_have_count(0)
    screenshot(page, "enterprise-list-other-district")


def test_public_portal_home_on_desktop_and_phone(site: Site, browser: Browser) -> None:
    for name, viewport in (
        ("desktop", {"width": 1366, "height": 900}),
        ("phone", PHONE),
    ):
        page = browser.new_page(viewport=viewport)
        seen = watch(page)
        page.goto(site.url + "/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("生态环境局")
        expect(page.get_by_text("12369").first).to_be_visible()
        expect(page.get_by_role("link", name="登录")).to_be_visible()
        screenshot(page, f"portal-home-{name}")
        assert seen.console_errors == [] and seen.outside_requests == []


def test_an_enterprise_sees_its_own_file(site: Site, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE)
    watch(page)
    login(page, site, next(name for name in site.logins if name.startswith("91210302")))
    page.goto(site.url + "/enterprises/mine/")
    expect(
        page.get_by_role("heading", name="鞍山市华信精细化工有限公司")
    ).to_be_visible()
    screenshot(page, "enterprise-own-file-phone")
