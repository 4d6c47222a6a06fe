"""Credit evaluation in the browser, on the demo city (credit/demo.py): the credit
section reviews a pre-scored evaluation; the public list shows the published
result; the enterprise sees its own score, item by item, and its objection.
"""

import re

from playwright.sync_api import Browser, expect

from .conftest import Site, login, watch


def test_review_public_list_and_enterprise_view(site: Site, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-credit")
    page.goto(site.url + "/credit/")
    page.get_by_test_id("years").get_by_role("link").first.click()
    rows = page.get_by_test_id("evaluations").locator("tr", has_text="待市级复核")
    rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("status")).to_contain_text("待市级复核")
    expect(page.get_by_test_id("explanation")).to_contain_text(
        "示例配置，需按省厅文件核定"
    )
    form = page.get_by_test_id("form-review")
    form.get_by_label("意见").fill("复核同意")
    form.get_by_role("button", name="复核审定").click()
    expect(page.get_by_test_id("status")).to_contain_text("待征求意见报省")

    # The public list: published results only.
    public = browser.new_context().new_page()
    public.goto(site.url + "/credit/public/")
    expect(public.get_by_test_id("public-list").locator("tbody tr")).to_have_count(1)
    expect(public.get_by_test_id("public-export")).to_be_visible()

    # The credit section edits a scheme as a new dated version.
    page.goto(site.url + "/credit/schemes/")
    page.get_by_role("link", name="修改（生成新版本）").first.click()
    expect(page.get_by_test_id("scheme-revise")).to_be_visible()

    # The enterprise account sees its own result and its pending objection.
    enterprise = browser.new_context().new_page()
    username = next(
        name for name in site.logins if re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", name)
    )
    login(enterprise, site, username)
    enterprise.goto(site.url + "/credit/mine/")
    enterprise.locator("main table a").first.click()
    expect(enterprise.get_by_test_id("explanation")).to_be_visible()
    expect(enterprise.get_by_text("待处理")).to_be_visible()
    assert not seen.console_errors
