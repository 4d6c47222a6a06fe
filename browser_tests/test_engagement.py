"""Working with enterprises in the browser: an enterprise posts a demand on the
platform (bad input first: what was typed stays), the bureau routes and answers it,
the enterprise rates the answer; the public EIA page lists the units and published
records without anyone's personal data; the enforcement team head sends a serious
EIA misconduct to enforcement with the 转执法立案 button (A105); a cadre's
suggestion is filed and the bureau leader adopts it (与基层互动)."""

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
    # the first submission was refused on purpose (400, the form again)
    assert not seen.errors_besides_refused_forms()
    assert not seen.outside_requests


def test_public_eia_page_has_no_personal_data(site: Site, browser: Browser) -> None:
    page = browser.new_context().new_page()
    page.goto(site.url + "/engagement/public/eia/")
    expect(page.get_by_test_id("public-eia-units")).to_contain_text("示例数据")
    expect(page.get_by_test_id("public-conduct")).to_contain_text("通报批评")
    expect(page.locator("main")).not_to_contain_text("编制主持人1")
    screenshot(page, "engagement-eia-public")


def test_enterprise_books_the_reception_day(site: Site, browser: Browser) -> None:
    """A67: the enterprise books the next reception day (bad input first: what was
    typed stays); the organiser sees the booking on the day's page."""
    enterprise = browser.new_context().new_page()
    seen = watch(enterprise)
    username = next(n for n in site.logins if re.fullmatch(r"[0-9A-Z]{18}", n))
    login(enterprise, site, username)
    enterprise.goto(site.url + "/engagement/my/reception/")
    expect(enterprise.get_by_test_id("day")).to_be_visible()
    day = enterprise.get_by_test_id("day").inner_text()
    enterprise.get_by_label("拟咨询的问题").fill("活性炭更换周期如何确定？")
    enterprise.get_by_role("button", name="预约").click()
    expect(enterprise.get_by_label("拟咨询的问题")).to_have_value(
        "活性炭更换周期如何确定？"
    )
    enterprise.get_by_label("来访人").fill("李经理")
    enterprise.get_by_role("button", name="预约").click()
    expect(enterprise.get_by_test_id("my-bookings")).to_contain_text(
        "活性炭更换周期如何确定？"
    )
    screenshot(enterprise, "engagement-reception-booked")

    staff = browser.new_context().new_page()
    login(staff, site, "demo-coordination")
    staff.goto(site.url + "/engagement/reception/")
    staff.get_by_role("link", name=day).click()
    expect(staff.get_by_test_id("bookings")).to_contain_text("活性炭更换周期如何确定？")
    screenshot(staff, "engagement-reception-day")
    # the first submission was refused on purpose (400, the form again)
    assert not seen.errors_besides_refused_forms()
    assert not seen.outside_requests


def test_staff_suggestion_filed_then_adopted(site: Site, browser: Browser) -> None:
    """与基层互动 8: a cadre's suggestion (the refused form, 400, keeps the title);
    the bureau leader adopts it."""
    page = browser.new_context().new_page()
    seen = watch(page)
    login(page, site, "demo-coordination")
    page.goto(site.url + "/engagement/grassroots/")
    title = page.get_by_label(re.compile(r"^建议题目"))
    title.fill("河道巡查引入志愿者")
    page.get_by_role("button", name="提交建议").click()
    expect(page.get_by_label(re.compile(r"^建议题目"))).to_have_value(
        "河道巡查引入志愿者"
    )
    page.get_by_label(re.compile(r"^建议内容")).fill("组织沿河居民志愿巡河")
    page.get_by_role("button", name="提交建议").click()
    mine = page.get_by_test_id("suggestion").filter(has_text="河道巡查引入志愿者")
    expect(mine).to_contain_text("待评审")
    screenshot(page, "engagement-suggestion-filed")
    assert not seen.errors_besides_refused_forms()
    assert not seen.outside_requests

    leader = browser.new_context().new_page()
    login(leader, site, "demo-leader")
    leader.goto(site.url + "/engagement/grassroots/")
    expect(leader.get_by_test_id("grassroots-progress")).to_be_visible()
    expect(leader.get_by_test_id("research-reports")).to_contain_text("调研报告")
    card = leader.get_by_test_id("suggestion").filter(has_text="河道巡查引入志愿者")
    card.locator("summary").click()
    card.get_by_label("评审结论").select_option("1")
    card.get_by_label("评审意见").fill("可在两条河道试点")
    card.get_by_role("button", name="保存评审").click()
    expect(
        leader.get_by_test_id("suggestion").filter(has_text="河道巡查引入志愿者")
    ).to_contain_text("已采纳")
    screenshot(leader, "engagement-suggestion-adopted")


def test_team_head_sends_serious_misconduct_to_enforcement(
    site: Site, browser: Browser
) -> None:
    """A105: the demo's decided 三（二）1 record (its unit is a registered
    enterprise) goes to enforcement from the unit's page; the case number shows."""
    page = browser.new_context().new_page()
    seen = watch(page)
    login(page, site, "demo-team-head")
    page.goto(site.url + "/engagement/eia/")
    # The three demo units are named "…（示例数据）"; the fourth is the enterprise.
    page.get_by_test_id("eia-units").locator("tbody tr").filter(
        has_not_text="（示例数据）"
    ).get_by_role("link").first.click()
    button = page.get_by_role("button", name="转执法立案")
    expect(button).to_be_visible()
    # No officer chosen: refused (400), the typed facts kept.
    page.get_by_label(re.compile(r"^基本案情")).fill("抽检发现报告表质量问题")
    button.click()
    expect(page.get_by_label(re.compile(r"^基本案情"))).to_have_value(
        "抽检发现报告表质量问题"
    )
    page.get_by_label("孙立新").check()
    page.get_by_label("吴海涛").check()
    page.get_by_role("button", name="转执法立案").click()
    expect(page.get_by_test_id("conduct-case")).to_contain_text("已转执法立案")
    screenshot(page, "engagement-a105-case")
    assert not seen.errors_besides_refused_forms()
    assert not seen.outside_requests
