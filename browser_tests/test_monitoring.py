"""Non-site enforcement in the browser: an enforcement officer opens a demo drone
flight (its route drawn offline by Leaflet), records a finding with a photo, and
follows the clue it pushed into the clue list; the public sees the discharge
methods and totals page without logging in."""

import base64
import re

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch

# A 1×1 PNG standing in for an aerial photo.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_officer_records_a_drone_finding_and_follows_its_clue(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page()
    seen = watch(page)
    login(page, site, "demo-officer-1")

    page.goto(site.url + "/monitoring/drone/")
    expect(page.get_by_role("heading", name="无人机巡查航次")).to_be_visible()
    page.locator("#flight-table a").first.click()
    expect(
        page.get_by_role("heading", name=re.compile("无人机巡查航次 WR"))
    ).to_be_visible()
    # The route and the findings are drawn as vector layers, with no tiles.
    expect(page.locator("#drone-map path.leaflet-interactive").first).to_be_attached()
    seen_at = page.get_by_label("发现时间").input_value()
    assert seen_at

    page.get_by_label("问题类型").select_option("burning")
    page.get_by_label("经度").fill("123.010000")
    page.get_by_label("纬度").fill("41.110000")
    page.get_by_label("情况描述").fill("浏览器测试：河滩露天焚烧垃圾")
    page.get_by_label("现场影像（图片或视频，可多选）").set_input_files(
        files=[{"name": "焚烧.png", "mimeType": "image/png", "buffer": PNG}]
    )
    screenshot(page, "monitoring-drone-finding-form")
    page.get_by_role("button", name="登记发现并推送线索").click()

    expect(page.get_by_text("发现已登记，并已推送线索")).to_be_visible()
    row = page.locator("tr", has_text="浏览器测试：河滩露天焚烧垃圾")
    expect(row.get_by_role("link", name="焚烧.png")).to_be_visible()
    row.get_by_role("link", name=re.compile("^XS")).click()
    expect(page.get_by_test_id("status")).to_have_text("待研判")
    expect(page.get_by_text("无人机巡查：")).to_be_visible()
    screenshot(page, "monitoring-drone-clue")

    page.goto(site.url + "/monitoring/clues/?source=drone")
    expect(page.get_by_test_id("clue-count")).not_to_have_text("共 0 条线索")
    assert seen.console_errors == []
    assert seen.outside_requests == []
    page.close()


def test_the_public_sees_discharge_methods_and_totals(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page()
    seen = watch(page)
    page.goto(site.url + "/monitoring/public/discharge/")
    expect(
        page.get_by_role("heading", name="排污单位排放方式和排放总量公开")
    ).to_be_visible()
    expect(page.get_by_test_id("discharge-row").first).to_be_visible()
    expect(page.get_by_text("年许可排放量（吨）").first).to_be_visible()
    screenshot(page, "monitoring-discharge-public")
    assert seen.console_errors == []
    assert seen.outside_requests == []
    # Staff pages stay closed to the public.
    page.goto(site.url + "/monitoring/drone/")
    expect(page.get_by_role("heading", name="无人机巡查航次")).not_to_be_visible()
    page.close()
