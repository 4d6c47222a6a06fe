"""Complaints and the reporting reward against the running server: the public files
a complaint with the offline map picker; a civic app files and follows one over
Open311 while staff accept it; the reward handler sees a reporter who stays
masked for the enforcement officer; the monthly ranking."""

import json
import urllib.parse
import urllib.request

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch


def _open311(site: Site, path: str, data: dict[str, str] | None = None) -> list[dict]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(site.url + "/open311/v2/" + path, data=body)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def test_the_public_files_a_complaint_with_a_point_on_the_offline_map(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    page.goto(site.url + "/complaints/new/")
    page.get_by_label("反映的问题").fill("河边有人倾倒建筑垃圾，堆得像小山")
    page.locator("#id_place").fill("千山区鞍千路")
    page.get_by_test_id("map-picker").locator("svg").click(
        position={"x": 300, "y": 200}
    )
    expect(page.get_by_test_id("map-marker")).to_be_visible()
    assert page.get_by_label("纬度").input_value() != ""
    page.get_by_label("匿名反映").check()
    screenshot(page, "complaint-public-form")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("filed")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert len(code) == 10
    expect(page.get_by_test_id("status")).to_have_text("待受理")
    screenshot(page, "complaint-public-tracking")
    assert seen.console_errors == [] and seen.outside_requests == []


def test_an_open311_client_files_follows_and_sees_staff_act(
    site: Site, browser: Browser
) -> None:
    services = _open311(site, "services.json")
    assert "air" in {s["service_code"] for s in services}
    created = _open311(
        site,
        "requests.json",
        {
            # A matter and a place no demo complaint has: otherwise duplicate
            # detection rightly merges it into the demo's case.
            "service_code": "waste",
            "lat": "41.0431",
            "long": "122.8467",
            "description": "山坡上有人倾倒废机油桶，油渗到地里了（Open311测试）",
            "email": "reporter@example.cn",
        },
    )
    code = created[0]["service_request_id"]
    got = _open311(site, f"requests/{code}.json")[0]
    assert (got["status"], got["status_notes"]) == ("open", "待受理")
    assert "reporter@example.cn" not in json.dumps(got)
    # The 12369 desk accepts it on its page.
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-emergency")
    page.goto(site.url + f"/complaints/?q={code}")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("status")).to_have_text("待受理")
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("已受理待派单")
    screenshot(page, "complaint-accepted")
    got = _open311(site, f"requests/{code}.json")[0]
    assert got["status"] == "open" and got["status_notes"] == "已受理待派单"
    assert got["expected_datetime"]
    assert seen.console_errors == [] and seen.outside_requests == []


def test_the_reporter_is_seen_by_the_reward_handler_only(
    site: Site, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-reward")
    page.goto(site.url + "/rewards/")
    page.get_by_role("link", name="JB", exact=False).last.click()
    detail = page.url
    expect(page.get_by_test_id("reporters")).to_contain_text("示*")
    page.get_by_label("查看事由").fill("核对发放信息")
    page.get_by_role("button", name="查看举报人身份（记录在案）").click()
    expect(page.get_by_test_id("identities")).to_contain_text("示例甲")
    screenshot(page, "reward-identity-handler")
    officer = browser.new_page(viewport={"width": 1366, "height": 900})
    watch(officer)
    login(officer, site, "demo-officer-1")
    officer.goto(detail)
    expect(officer.get_by_test_id("reporters")).to_contain_text("示*")
    assert "示例甲" not in officer.content()
    expect(
        officer.get_by_role("button", name="查看举报人身份（记录在案）")
    ).to_have_count(0)
    screenshot(officer, "reward-masked-officer")
    assert seen.console_errors == [] and seen.outside_requests == []


def test_the_monthly_ranking_and_the_publication(site: Site, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-leader")
    page.goto(site.url + "/complaints/rankings/")
    expect(page.get_by_test_id("ranking").locator("tbody tr").first).to_be_visible()
    screenshot(page, "complaint-ranking")
    page.goto(site.url + "/rewards/notices/")
    expect(
        page.get_by_role("heading", name="生态环境违法行为举报奖励公示")
    ).to_be_visible()
    assert "示例甲" not in page.content()
    screenshot(page, "reward-publications")
    assert seen.console_errors == [] and seen.outside_requests == []


def test_a_hot_spot_becomes_a_tracked_follow_up(site: Site, browser: Browser) -> None:
    """A82: the 12369 desk opens 跟踪督办 from the hot-spot page."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    login(page, site, "demo-emergency")
    page.goto(site.url + "/complaints/hotspots/")
    page.get_by_role("link", name="开启督办").first.click()
    expect(page.locator("#id_hotspot")).not_to_have_value("")
    page.get_by_label("责任单位").select_option(index=1)
    page.get_by_label("督办要求").fill("查明原因，督促整改，每周报告进展")
    page.get_by_label("办理时限（工作日）").fill("10")
    page.get_by_role("button", name="开启督办").click()
    expect(page.get_by_test_id("status")).to_have_text("督办中")
    screenshot(page, "complaint-follow-up")
    page.goto(site.url + "/complaints/followups/")
    expect(page.get_by_test_id("followups")).to_contain_text("督办中")
    assert seen.console_errors == [] and seen.outside_requests == []
