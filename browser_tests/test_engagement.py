"""Working with enterprises in the browser: an enterprise posts a demand on the
platform (bad input first: what was typed stays), the bureau routes and answers it,
the enterprise rates the answer; the public EIA page lists the units and published
records without anyone's personal data."""

import re

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch


def test_enterprise_demand_answered_and_rated(site: Site, browser: Browser) -> None:
    enterprise = browser.new_context().new_page()
    seen = watch(enterprise)
    username = next(n for n in site.logins if re.fullmatch(r"[0-9A-Z]{18}", n))
    login(enterprise, site, username)
    enterprise.goto(site.url + "/engagement/my/")
    expect(
        enterprise.get_by_role("heading", name="企业环保治理需求发布平台")
    ).to_be_visible()
    enterprise.get_by_label("诉求内容").fill("雨污分流改造需要办理哪些手续？")
    enterprise.get_by_role("button", name="提交诉求").click()
    expect(enterprise.get_by_label("诉求内容")).to_have_value(
        "雨污分流改造需要办理哪些手续？"
    )
    enterprise.get_by_label("诉求标题").fill("雨污分流改造手续咨询")
    enterprise.get_by_role("button", name="提交诉求").click()
    expect(enterprise.get_by_test_id("my-demands")).to_contain_text(
        "雨污分流改造手续咨询"
    )

    staff = browser.new_context().new_page()
    login(staff, site, "demo-coordination")
    staff.goto(site.url + "/engagement/")
    staff.get_by_role("link", name="雨污分流改造手续咨询").first.click()
    expect(staff.get_by_test_id("status")).to_have_text("待分派")
    staff.get_by_role("button", name="分派办理").click()
    expect(staff.get_by_test_id("status")).to_have_text("办理中")
    staff.get_by_label("答复内容").fill(
        "无需环评手续，请按排水许可要求向住建部门申请。"
    )
    staff.get_by_role("button", name="答复企业").click()
    expect(staff.get_by_test_id("status")).to_have_text("已答复")
    screenshot(staff, "engagement-demand-answered")

    enterprise.get_by_role("link", name="雨污分流改造手续咨询").first.click()
    expect(enterprise.get_by_test_id("answer")).to_contain_text("排水许可")
    enterprise.get_by_label("满意", exact=True).check()
    enterprise.get_by_role("button", name="提交评价").click()
    expect(enterprise.get_by_test_id("rating")).to_contain_text("满意")
    screenshot(enterprise, "engagement-demand-rated")
    assert not seen.console_errors
    assert not seen.outside_requests


def test_public_eia_page_has_no_personal_data(site: Site, browser: Browser) -> None:
    page = browser.new_context().new_page()
    page.goto(site.url + "/engagement/public/eia/")
    expect(page.get_by_test_id("public-eia-units")).to_contain_text("示例数据")
    expect(page.get_by_test_id("public-conduct")).to_contain_text("通报批评")
    expect(page.locator("main")).not_to_contain_text("编制主持人1")
    screenshot(page, "engagement-eia-public")
