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


def test_the_ledger_the_bulletin_and_a_refused_figure_import(
    site: Site, browser: Browser, tmp_path: Path
) -> None:
    """The emission ledger from online monitoring, the bulletin PDF, and an import
    of other cities' figures refused row by row."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-monitoring")
    page.goto(site.url + "/quality/ledger/")
    expect(page.get_by_test_id("district-ledger")).to_be_visible()
    expect(page.get_by_test_id("enterprise-ledger")).to_be_visible()
    screenshot(page, "quality-ledger")
    with page.expect_download() as info:
        page.get_by_role("link", name="月报PDF").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["年度", "截至月份", "城市", "指标", "数值", "数据来源"])
    sheet.append([2026, 13, "甲市", "PM2.5", 30, "省厅通报"])
    sheet.append([2026, 10, "乙市", "噪声", 30, "省厅通报"])
    path = tmp_path / "cities.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    page.goto(site.url + "/quality/figures/cities/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="导入").click()
    # A refused form answers 400 with the page and its errors, as everywhere else;
    # the browser logs that status as a console error, expected here and only here.
    assert answer.value.status == 400
    error = page.get_by_test_id("import-error")
    expect(error).to_contain_text("第2行")
    expect(error).to_contain_text("第3行")
    expect(error).to_contain_text("未导入任何数据")
    unexpected = seen.errors_besides_refused_forms()
    assert unexpected == [] and seen.outside_requests == []
    page.close()


def test_the_public_reads_the_monthly_bulletin_on_a_phone(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    seen = watch(page)
    page.goto(site.url + "/quality/public/bulletin/")
    expect(page.get_by_role("heading", name="地表水")).to_be_visible()
    expect(page.get_by_role("heading", name="环境空气")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("控制目标")  # staff lines
    screenshot(page, "quality-bulletin-public-phone")
    with page.expect_download() as info:
        page.get_by_test_id("bulletin-pdf").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    assert seen.console_errors == [] and seen.outside_requests == []
    page.close()


def test_a_letter_target_checked_against_the_figures(
    site: Site, browser: Browser
) -> None:
    """This year's demo letter: the PM2.5 and section targets show their figure and
    a computed verdict, a text target says it is assessed by hand; the monitoring
    centre links the emission target to the district's COD cap."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-monitoring")
    page.goto(site.url + "/quality/letters/")
    page.locator("main table a").first.click()
    expect(page.get_by_test_id("figure-1")).to_contain_text("PM2.5")
    expect(page.get_by_test_id("figure-2")).to_contain_text("考核断面")
    expect(page.get_by_test_id("figure-4")).to_contain_text("文字目标")
    row = page.get_by_test_id("target-3")
    row.locator("summary").click()
    form = page.get_by_test_id("link-form-3")
    form.locator("select[name=indicator]").select_option("emission_cap")
    form.locator("select[name=pollutant]").select_option("cod")
    form.get_by_role("button", name="保存关联").click()
    expect(page.get_by_test_id("figure-3")).to_contain_text("化学需氧量排放量")
    screenshot(page, "quality-letter-figures")
    assert seen.console_errors == [] and seen.outside_requests == []
    page.close()
