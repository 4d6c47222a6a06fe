"""The leadership view in a real browser: the demo leader opens the city page
(no console error, nothing leaving 127.0.0.1), drills down from the complaints
figure to the items behind it, does the same from the incidents figure (issue 14),
and opens the monthly ranking."""

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch


def test_the_leader_opens_the_city_page_and_drills_down(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-leader")
    page.goto(site.url + "/leadership/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("全市")
    figure = page.get_by_test_id("figure-complaints-received")
    expect(figure).to_be_visible()
    count = figure.get_attribute("data-count")
    screenshot(page, "leadership-city")

    figure.click()
    expect(page.get_by_test_id("total")).to_have_text(count or "0")
    expect(page.get_by_role("heading", level=1)).to_contain_text("受理投诉")
    screenshot(page, "leadership-drilldown")

    page.goto(site.url + "/leadership/")
    incidents = page.get_by_test_id("figure-incidents")
    expect(incidents).to_be_visible()
    count = incidents.get_attribute("data-count")
    incidents.click()
    expect(page.get_by_test_id("total")).to_have_text(count or "0")
    expect(page.get_by_role("heading", level=1)).to_contain_text("突发环境事件")
    screenshot(page, "leadership-incidents")

    page.goto(site.url + "/leadership/assessment/month/")
    expect(page.get_by_text("示例配置，需按考核办法核定").first).to_be_visible()
    assert seen.console_errors == [] and seen.outside_requests == []
    page.close()
