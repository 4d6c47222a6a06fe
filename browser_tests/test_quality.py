"""Environmental quality in a real browser: the monitoring centre opens the
dashboard (water sections against targets, good-water share, CWQI, air figures,
emission progress), a section's monthly chart, exports the workbook, and has a
bad import refused row by row; the public reads the summary on a phone."""

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch

PHONE = {"width": 390, "height": 844}


def test_the_monitoring_centre_reads_the_figures_and_exports(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-monitoring")
    page.goto(site.url + "/quality/")
    water = page.get_by_test_id("water-summary")
    expect(water).to_contain_text("优良水体")
    expect(page.get_by_test_id("cwqi")).not_to_have_text("—")
    expect(page.get_by_test_id("section-table").locator("tbody tr")).to_have_count(10)
    expect(page.get_by_test_id("emission-table")).to_contain_text("化学需氧量")
    screenshot(page, "quality-dashboard")

    page.get_by_test_id("section-table").get_by_role("link").first.click()
    expect(page.locator("section[aria-labelledby=chart-title] svg")).to_be_visible()
    expect(page.get_by_test_id("year-result")).to_contain_text("符合")
    screenshot(page, "quality-section")

    with page.expect_download() as info:
        page.get_by_role("link", name="导出Excel").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "断面编码" and len(rows) > 10
    assert seen.console_errors == [] and seen.outside_requests == []
    page.close()


def test_a_bad_import_is_refused_row_by_row(
    site: Site, browser: Browser, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["断面编码", "采样日期", "pH", "氨氮"])
    sheet.append(["GK01", "2026-02-30", 7.2, 0.4])
    sheet.append(["NOPE", "2026-02-01", 7.2, 0.4])
    path = tmp_path / "bad.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, site, "demo-monitoring")
    page.goto(site.url + "/quality/import/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="导入").click()
    error = page.get_by_test_id("import-error")
    expect(error).to_contain_text("第2行")
    expect(error).to_contain_text("断面编码“NOPE”不存在")
    screenshot(page, "quality-import-refused")
    page.close()


def test_the_public_reads_the_summary_on_a_phone(site: Site, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    seen = watch(page)
    page.goto(site.url + "/quality/public/")
    expect(page.get_by_role("heading", name="地表水")).to_be_visible()
    expect(page.locator("main")).to_contain_text("示例数据")
    screenshot(page, "quality-public-phone")
    assert seen.console_errors == [] and seen.outside_requests == []
    page.close()
