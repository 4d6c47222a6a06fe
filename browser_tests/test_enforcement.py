"""扫码入企 on a phone: two officers scan the enterprise's QR code in, one records
the inspection from the checklist with a photo and the recording, both scan out,
the inspection is finished, and the enterprise sees who came and rates the visit.

The demo city leaves one ad-hoc inspection (approved reason) of 鞍山市华信精细化工
有限公司 planned for demo-officer-2 and demo-team-head (demo-officer-1 has declared a
conflict of interest with it in the grid demo; enforcement/demo.py)."""

import base64
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, expect

from .conftest import Site, login, screenshot, watch

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
MP4 = (
    b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"
    + b"\x00\x00\x00\x48mdat"
    + b"\x00" * 64
)
ENTERPRISE = "鞍山市华信精细化工有限公司"
ENTERPRISE_LOGIN = "91210302000000001L"


def _officer(
    browser: Browser, site: Site, username: str
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    login(page, site, username)
    return context, page


def test_officers_scan_in_record_and_the_enterprise_rates(
    site: Site, browser: Browser
) -> None:
    context_a, page = _officer(browser, site, "demo-officer-2")
    seen = watch(page)

    # The planned inspection, and from it the enterprise's QR code.
    page.goto(site.url + "/enforcement/")
    row = (
        page.get_by_test_id("inspection-row")
        .filter(has_text=ENTERPRISE)
        .filter(has_text="待入企检查")
    )
    row.get_by_role("link").first.click()
    expect(page.get_by_test_id("status")).to_have_text("待入企检查")
    inspection_url = page.url
    page.get_by_role("link", name="企业执法二维码").click()
    qr = page.get_by_test_id("qr")
    expect(qr).to_be_visible()
    # The SVG loads and has a size (a broken image has naturalWidth 0). The page's
    # load event waits for its images; wait_for_function is not used because it
    # evaluates its string with eval, which the Content-Security-Policy forbids.
    page.wait_for_load_state("load")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    scan_url = page.get_by_test_id("qr-url").inner_text().strip()
    screenshot(page, "enforcement-qr-phone")

    # The first officer scans in: one officer alone does not start the inspection.
    page.goto(scan_url)
    expect(page.get_by_role("heading", name=f"扫码入企：{ENTERPRISE}")).to_be_visible()
    page.get_by_test_id("scan-row").filter(has_text="经批准的临时检查事由").get_by_role(
        "button", name="入企签到"
    ).click()
    expect(page.get_by_text("已扫码入企")).to_be_visible()
    screenshot(page, "enforcement-scan-in-phone")

    # The second officer scans in on another phone.
    context_b, page_b = _officer(browser, site, "demo-team-head")
    page_b.goto(scan_url)
    page_b.get_by_test_id("scan-row").filter(
        has_text="经批准的临时检查事由"
    ).get_by_role("button", name="入企签到").click()
    expect(page_b.get_by_text("已扫码入企")).to_be_visible()

    # The first officer writes the record from the checklist, with a photo and the video.
    page.goto(inspection_url)
    expect(page.get_by_test_id("status")).to_have_text("现场检查中")
    expect(page.get_by_test_id("checkins")).to_contain_text("执法证")
    page.get_by_label("现场检查情况").fill("污水处理设施正常运行，未发现异味源。")
    page.get_by_label("在场人员姓名").fill("钱立明")
    page.get_by_role("button", name="保存笔录").click()
    expect(page.get_by_text("现场检查笔录已保存")).to_be_visible()
    page.get_by_label("类别").select_option("photo")
    page.get_by_label("文件").set_input_files(
        files=[FilePayload(name="危废间.png", mimeType="image/png", buffer=PNG)]
    )
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("attachments")).to_contain_text("危废间.png")
    page.get_by_label("类别").select_option("video")
    page.get_by_label("文件").set_input_files(
        files=[FilePayload(name="执法记录仪.mp4", mimeType="video/mp4", buffer=MP4)]
    )
    recorded = (
        datetime.now(tz=ZoneInfo("Asia/Shanghai")) - timedelta(minutes=5)
    ).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("录制时间（录音录像必填）").fill(recorded)
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("attachments")).to_contain_text("执法记录仪")
    screenshot(page, "enforcement-record-phone")

    # Both scan out; the inspection is finished.
    for p in (page, page_b):
        p.goto(scan_url)
        p.get_by_test_id("scan-row").filter(
            has_text="经批准的临时检查事由"
        ).get_by_role("button", name="离企签退").click()
        expect(p.get_by_text("已扫码离企")).to_be_visible()
    page.goto(inspection_url)
    page.get_by_role("button", name="完成检查").click()
    expect(page.get_by_test_id("status")).to_have_text("已完成")
    context_b.close()
    context_a.close()

    # The enterprise sees who came, with their credentials, and rates the visit.
    context_e = browser.new_context(**PHONE)
    page_e = context_e.new_page()
    login(page_e, site, ENTERPRISE_LOGIN)
    page_e.goto(site.url + "/enforcement/visits/")
    page_e.get_by_test_id("visits").get_by_role("link").first.click()
    expect(page_e.get_by_test_id("visitors")).to_contain_text("有效")
    page_e.get_by_label("满意", exact=True).check()
    page_e.locator("input[name=credentials_shown][value='1']").check()
    page_e.locator("input[name=civil][value='1']").check()
    page_e.get_by_role("button", name="提交评价").click()
    expect(page_e.get_by_test_id("rating")).to_contain_text("满意")
    screenshot(page_e, "enforcement-rating-phone")
    context_e.close()

    assert not seen.outside_requests
    assert not seen.console_errors


def test_minor_violation_closed_without_penalty_and_party_consults_record(
    site: Site, browser: Browser
) -> None:
    """The demo leaves a filed case of 华信 with a minor-violation check against list
    item 7 and the enterprise's application to consult its record (enforcement/demo.py):
    the head grants the application and closes the case without penalty; the
    enterprise sees the decision on its case page."""
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-team-head")
    page.goto(site.url + "/enforcement/cases/?status=investigating")
    page.get_by_test_id("case-row").filter(has_text=ENTERPRISE).first.get_by_role(
        "link"
    ).click()
    checks = page.get_by_test_id("minor-checks")
    expect(checks).to_contain_text("符合适用条件")
    expect(checks).to_contain_text("未按规定贮存的危险废物数量（吨）")
    case_url = page.url

    # The party's application: granted by the head.
    page.get_by_test_id("access-requests").get_by_role("link").first.click()
    expect(page.get_by_test_id("status")).to_have_text("待负责人审批")
    page.get_by_label("负责人意见").fill("同意查阅。")
    page.get_by_role("button", name="同意", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("已同意")

    # The minor violation: not punished, with education.
    page.goto(case_url)
    checks = page.get_by_test_id("minor-checks")
    checks.get_by_label("教育内容（批评教育、普法宣传）").fill(
        "现场宣讲危险废物贮存规定，企业负责人签字确认。"
    )
    checks.get_by_label("负责人意见").fill("符合清单第7项，同意不予行政处罚。")
    checks.get_by_role("button", name="同意不予行政处罚").click()
    expect(page.get_by_test_id("status")).to_have_text("不予行政处罚（轻微违法）")
    expect(page.get_by_test_id("pdfs")).to_contain_text("不予行政处罚决定书")
    screenshot(page, "enforcement-minor-closed")
    assert not seen.console_errors, seen.console_errors
    context.close()

    # The enterprise sees its case and the granted application.
    context_e = browser.new_context()
    page_e = context_e.new_page()
    login(page_e, site, ENTERPRISE_LOGIN)
    page_e.goto(site.url + "/enforcement/my-cases/")
    # the minor case is the older of the party's two visible cases (newest first)
    page_e.get_by_test_id("cases").get_by_role("link").last.click()
    expect(page_e.get_by_test_id("requests")).to_contain_text("已同意")
    context_e.close()


def test_head_decides_the_penalty_and_the_party_receives_it(
    site: Site, browser: Browser
) -> None:
    """The demo leaves a second case of 华信 with an ordinary penalty proposed, the
    prior notice served 14 days ago and a statement point answered
    (enforcement/demo.py `_decision_case`): the head decides, the officer records
    service by direct delivery, and the enterprise opens its 行政处罚决定书."""
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-team-head")
    page.goto(site.url + "/enforcement/cases/?status=notified")
    page.get_by_test_id("case-row").filter(has_text=ENTERPRISE).first.get_by_role(
        "link"
    ).click()
    page.get_by_test_id("decision-link").click()
    expect(page.get_by_test_id("status")).to_have_text("已先行告知，待陈述申辩")
    expect(page.get_by_test_id("penalty")).to_contain_text("罚款人民币150000.00元")
    # the party has other demo cases; it opens this one
    case_pk = page.url.split("/enforcement/cases/")[1].split("/")[0]
    expect(page.get_by_test_id("points")).to_contain_text("不予采纳")
    page.get_by_role("button", name="作出行政处罚决定（负责人）").click()
    expect(page.get_by_test_id("status")).to_have_text("已作出处罚决定，待送达")
    expect(page.get_by_test_id("documents")).to_contain_text("行政处罚决定书")

    # Service: direct, the recipient's signature is required.
    page.get_by_label("送达方式").select_option("direct")
    page.get_by_label("送达时间").fill(
        datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="登记送达").click()
    expect(page.get_by_role("alert")).to_contain_text("签收人")
    page.locator("#direct-recipient").fill("企业环保负责人（送达回证签名）")
    page.get_by_label("送达时间").fill(
        datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="登记送达").click()
    expect(page.get_by_test_id("status")).to_have_text("处罚决定已送达，待履行")
    screenshot(page, "enforcement-decision-served")
    errors = seen.errors_besides_refused_forms()  # the refused service above
    assert not errors, errors
    context.close()

    context_e = browser.new_context()
    page_e = context_e.new_page()
    login(page_e, site, ENTERPRISE_LOGIN)
    page_e.goto(site.url + "/enforcement/my-cases/")
    page_e.locator(
        f'[data-testid="cases"] a[href="/enforcement/my-cases/{case_pk}/"]'
    ).click()
    expect(page_e.get_by_test_id("decision-documents")).to_contain_text(
        "行政处罚决定书"
    )
    context_e.close()
