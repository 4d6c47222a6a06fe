"""Environmental emergencies in the browser: the duty officer registers an incident
reported by the police, grades it by the national plan's criteria (the initial
report limit shortens to 2 hours), verifies it and sends the initial report; the
report is issued as a numbered PDF, a resident's call is registered as a linked
complaint, the plans' roles and phones are one click away, and the statistics
page counts the incident (by month, quarter and half-year); the public page shows
only the reviewed, published handling of the demo city."""

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch


def test_duty_officer_registers_grades_and_reports_an_incident(
    site: Site, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-emergency")

    page.goto(site.url + "/emergencies/")
    expect(page.get_by_role("heading", name="突发环境事件")).to_be_visible()
    expect(page.get_by_test_id("incidents")).to_contain_text("储罐泄漏")
    page.get_by_role("link", name="登记突发环境事件").click()

    # Bad input first: the form keeps what was typed.
    page.get_by_label("事件名称").fill("河道大面积死鱼")
    page.get_by_label("信息来源").select_option("police")
    page.get_by_label("事件简况").fill("110转来：某河段大面积死鱼，有刺鼻气味")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_label("事件名称")).to_have_value("河道大面积死鱼")
    page.get_by_label("事发地点").fill("铁东区某河段")
    page.get_by_label("区县").select_option(label="铁东区")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_test_id("status")).to_have_text("待核实")
    expect(page.get_by_test_id("reports")).to_contain_text("初报")

    # Grade: 60 people poisoned → 重大, initial report within 2 hours.
    grading = page.locator("#grading")
    grading.get_by_label("中毒或重伤人数").fill("60")
    grading.get_by_role("button", name="按分级标准定级").click()
    expect(page.get_by_test_id("grade")).to_contain_text("重大（Ⅱ级）")
    expect(page.get_by_test_id("gradings")).to_contain_text(
        "50人以上100人以下中毒或重伤"
    )
    expect(page.get_by_test_id("reports")).to_contain_text("2小时")

    verify = page.locator("#verify form").first
    verify.get_by_label("核实情况").fill("现场核实：上游企业废水外排")
    verify.get_by_role("button", name="核实并启动处置").click()
    expect(page.get_by_test_id("status")).to_have_text("应急处置中")

    reports = page.locator("#reports")
    reports.get_by_label("报告内容").first.fill(
        "初报：事件类型、时间、地点、初步定级重大"
    )
    reports.get_by_role("button", name="报送").first.click()
    expect(page.get_by_test_id("reports")).to_contain_text("按期完成")
    expect(page.get_by_test_id("reports")).to_contain_text("省级生态环境主管部门")
    screenshot(page, "emergencies-incident-reported")

    # The sent initial report as a numbered PDF (series 急).
    reports.get_by_role("button", name="出具报告文书").first.click()
    expect(page.get_by_test_id("report-pdf").first).to_contain_text("急〔")

    # A resident's call about it registered as a complaint, linked on the incident.
    links = page.locator("#links")
    links.get_by_label("投诉来源渠道").select_option("phone_12369")
    links.get_by_label("投诉内容").fill("居民来电：河边刺鼻气味")
    links.get_by_role("button", name="登记投诉").click()
    expect(page.get_by_test_id("links")).to_contain_text("投诉举报")

    # The roles and phones of the plans at hand, one click from the incident.
    page.get_by_test_id("incident-contacts").click()
    expect(page.get_by_test_id("contact-role").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("应急监测组组长")
    screenshot(page, "emergencies-plan-contacts")

    # The statistics page counts it, with the Excel export at hand.
    page.goto(site.url + "/emergencies/statistics/")
    expect(page.get_by_test_id("by-source")).to_contain_text("公安110通报")
    expect(page.get_by_test_id("excel")).to_be_visible()
    expect(page.get_by_test_id("by-period")).to_contain_text("上半年")
    screenshot(page, "emergencies-statistics")

    # The public page: only the reviewed release of the demo city.
    public = browser.new_context().new_page()
    public.goto(site.url + "/emergencies/public/")
    expect(public.get_by_test_id("public-releases")).to_contain_text(
        "死鱼事件的情况通报"
    )
    expect(public.get_by_test_id("public-releases")).not_to_contain_text(
        "河道大面积死鱼"
    )
    screenshot(public, "emergencies-public")

    # the registration without a place was refused on purpose (400, the form again)
    assert seen.errors_besides_refused_forms() == []
    assert seen.outside_requests == []
    context.close()
