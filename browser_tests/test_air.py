"""Air quality in a real browser: the public reads the published 7-day forecast,
the warning in force and the AQI calendar on a phone, with nothing loaded from
outside; the forecaster opens the dashboard (calendar, trend, forecast against
observed, station map) and the published forecast with its submission file."""

from pathlib import Path

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch

PHONE = {"width": 390, "height": 844}


def test_the_public_reads_the_forecast_on_a_phone(site: Site, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    seen = watch(page)
    page.goto(site.url + "/air/public/")
    expect(page.get_by_role("heading", name="未来7天空气质量预报")).to_be_visible()
    days = page.get_by_test_id("forecast-days").locator("tbody tr")
    expect(days).to_have_count(7)
    expect(days.first).to_contain_text("–")  # an AQI range
    # the demo series ends in a heavy-pollution episode with a published warning
    expect(page.get_by_test_id("public-warning")).to_contain_text("预警")
    calendar = page.locator("section[aria-labelledby=cal-title] svg")
    expect(calendar).to_be_visible()
    assert calendar.locator("rect").count() > 28
    expect(page.locator("section[aria-labelledby=map-title] svg")).to_be_visible()
    screenshot(page, "air-public-phone")
    assert seen.console_errors == [] and seen.outside_requests == []
    page.close()


def test_the_forecaster_sees_the_pictures_and_the_submission_file(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-forecaster")
    page.goto(site.url + "/air/")
    for section in ("cal-title", "trend-title", "vs-title", "map-title"):
        expect(page.locator(f"section[aria-labelledby={section}] svg")).to_be_visible()
    screenshot(page, "air-dashboard")

    page.locator("section[aria-labelledby=fc-title] li").filter(
        has_text="已发布"
    ).first.get_by_role("link").click()
    expect(page.get_by_test_id("forecast-days").locator("tbody tr")).to_have_count(7)
    link = page.get_by_role("link", name="下载报送文件（CSV）")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.startswith("forecast-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("城市,签发日期,预报日期,预报天")
    assert len(text.strip().splitlines()) == 8
    screenshot(page, "air-forecast-published")
    assert seen.console_errors == [] and seen.outside_requests == []
    page.close()
