"""区验收、市复核 in the browser: the city leader sees "18项整改任务已按时保质完成
15项" for round 2 (seed 004), is refused a pass before every part is signed, signs
the five parts of the city review of a case the demo left in review, passes it,
publishes it, closes it out, and the public page shows it. (A refusing signer
sending the case back is covered by the unit tests.)

The demo city leaves case Z2-X04 (round 2) in 市级复核中 (rectification/demo.py).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch

TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
PARTS = (
    "案件定性情况",
    "群众举报问题整改情况",
    "行政处罚情况",
    "群众满意情况",
    "责任追究情况",
)


def test_city_review_publication_and_close_out(site: Site, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-leader")

    page.goto(site.url + "/rectification/")
    expect(page.get_by_test_id("headline")).to_contain_text(
        "18项整改任务已按时保质完成15项，剩余3项"
    )
    page.get_by_test_id("case-row").filter(has_text="Z2-X04").get_by_role(
        "link"
    ).first.click()
    expect(page.get_by_test_id("status")).to_contain_text("市级复核中")

    # A pass before every part is signed is refused, with the reason.
    form = page.get_by_test_id("transition-pass_review")
    form.get_by_label("复核日期").fill(TODAY)
    form.get_by_role("button", name="复核通过").click()
    expect(page.locator(".messages")).to_contain_text("尚未签字背书")

    for part in PARTS:
        signoff = page.get_by_test_id("signoff-form")
        signoff.get_by_label("复核内容").select_option(label=part)
        signoff.get_by_label("签字单位").fill("市生态环境局")
        signoff.get_by_label("签字人").fill("王建国")
        signoff.get_by_label("复核结论").select_option(label="同意")
        signoff.get_by_label("复核意见").fill("同意")
        signoff.get_by_role("button", name="签字背书").click()
    expect(page.get_by_test_id("signoffs")).to_contain_text("责任追究情况")

    form = page.get_by_test_id("transition-pass_review")
    form.get_by_label("复核日期").fill(TODAY)
    form.get_by_role("button", name="复核通过").click()
    expect(page.get_by_test_id("status")).to_contain_text("复核通过待公示")

    form = page.get_by_test_id("transition-publish")
    form.get_by_label("公示说明").fill("在门户网站公示")
    form.get_by_role("button", name="公示").click()
    expect(page.get_by_test_id("status")).to_contain_text("公示中待销号")
    page.get_by_test_id("transition-close").get_by_role("button", name="销号").click()
    expect(page.get_by_test_id("status")).to_contain_text("已销号待备案")
    screenshot(page, "rectification-case-closed")

    public = browser.new_context().new_page()
    public.goto(site.url + "/rectification/public/")
    expect(public.get_by_test_id("public-cases")).to_contain_text("Z2-X04")
    assert seen.console_errors == [] and seen.outside_requests == []
    context.close()
