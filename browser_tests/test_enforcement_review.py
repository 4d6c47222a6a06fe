"""The 审委会 procedure on the collective-deliberation staff page, end to end in the
browser (issue 10; 集体审议规则 第七条, 第九条).

The demo city (enforcement/demo.py `_major_case`, 示例数据) leaves a case of 华信
with a 350,000-yuan fine — a major decision (第三条1) — reviewed by three legal
reviewers and signed by the leader. The team head submits the 集体审议申请表
(第九条1), sends the meeting notice once the director agreed the date (第九条2),
then records the meeting: first without one member's vote (refused, the minutes
typed kept), then with four of the five voting members present (quorum 2/3,
第七条) and a split vote the chair decides (第九条5). The outcome shows on the
deliberation page and on the decision page. The rules themselves (quorum not met,
roster, who may record) are tested in ecobureau/enforcement/tests/
test_committee.py and test_deliberation_page.py."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from .conftest import Site, login, screenshot, watch
from .test_enforcement import ENTERPRISE

SHANGHAI = ZoneInfo("Asia/Shanghai")
PENALTY = "罚款人民币350000.00元"
MINUTES = "承办人员汇报案情；执法科提出初步意见；委员逐一发表意见。"


def _open_major_decision(page: Page, site: Site) -> None:
    page.goto(site.url + "/enforcement/cases/?status=investigated")
    rows = page.get_by_test_id("case-row").filter(has_text=ENTERPRISE)
    hrefs = [
        rows.nth(i).get_by_role("link").first.get_attribute("href")
        for i in range(rows.count())
    ]
    for href in hrefs:
        page.goto(site.url + f"{href}decision/")
        if PENALTY in (page.get_by_test_id("penalty").text_content() or ""):
            return
    raise AssertionError(f"no investigated demo case with {PENALTY}")


def _minute(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def _fill_meeting(page: Page, votes: list[str]) -> None:
    """Four voting members present with `votes` (an empty string leaves the vote
    out), the last one absent."""
    page.locator("#chair").select_option(index=0)
    page.locator("#held_at").fill(_minute(datetime.now(SHANGHAI)))
    attendance = page.locator('select[name^="att-"]')
    ballots = page.locator('select[name^="vote-"]')
    count = attendance.count()
    assert count == len(votes) + 1, count
    for i in range(count):
        attendance.nth(i).select_option("present" if i < len(votes) else "absent")
        if i < len(votes) and votes[i]:
            ballots.nth(i).select_option(votes[i])


def test_team_head_records_the_committee_meeting_with_quorum(
    site: Site, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-team-head")
    _open_major_decision(page, site)
    expect(page.get_by_test_id("major")).to_contain_text("是")
    expect(page.get_by_test_id("reviews")).to_contain_text("已签批")
    page.get_by_role("link", name="集体审议申请、会议通知、审议记录及复审").click()

    # 第九条1: the team's application, a numbered PDF
    page.get_by_role("button", name="提交集体审议申请表（生成PDF）").click()
    expect(page.get_by_test_id("applications")).to_contain_text("集体审议申请")
    # 第九条2: the notice, once the director agreed the date
    page.locator("#meeting_at").fill(
        _minute(datetime.now(SHANGHAI) + timedelta(hours=1))
    )
    page.get_by_label("会议地点").fill("市局三楼会议室")
    page.get_by_label("议题").fill("审议华信危险废物贮存案拟作出的处罚")
    page.get_by_role("button", name="发送会议通知").click()
    expect(page.get_by_test_id("notice")).to_contain_text("市局三楼会议室")

    # the meeting: one present member's vote missing — refused, minutes kept
    _fill_meeting(page, ["agree", "agree", "agree", ""])
    page.get_by_label("会议记录").fill(MINUTES)
    page.get_by_role("button", name="记录会议").click()
    expect(page.get_by_role("alert").first).to_contain_text("表决意见")
    expect(page.get_by_label("会议记录")).to_have_value(MINUTES)
    expect(page.get_by_test_id("deliberations")).to_contain_text("尚无审议记录")

    # 4 of 5 voting members (≥ 2/3, 第七条), a split vote decided by the chair
    _fill_meeting(page, ["agree", "agree", "agree", "amend"])
    page.get_by_label("意见不一致时主持人决定").select_option("agree")
    page.get_by_label("决定意见").fill("同意按一般档次处以罚款350000元。")
    page.get_by_role("button", name="记录会议").click()
    meetings = page.get_by_test_id("deliberations")
    expect(meetings).to_contain_text("应到5人，参会（含委托）4人")
    expect(meetings).to_contain_text("同意拟作出的决定")
    expect(meetings).to_contain_text("意见不一致，主持人决定")
    expect(meetings).to_contain_text("缺席")
    expect(page.get_by_test_id("applications")).to_contain_text("已审议")
    screenshot(page, "enforcement-deliberation-recorded")

    # the decision page shows the outcome beside the review
    page.locator("h1 a").click()
    expect(page.get_by_test_id("deliberations")).to_contain_text("同意拟作出的决定")

    errors = seen.errors_besides_refused_forms()
    assert not errors, errors
    assert not seen.outside_requests, seen.outside_requests
    context.close()
