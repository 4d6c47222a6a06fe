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


def test_review_amends_the_served_decision_and_the_corrected_one_is_published(
    site: Site, browser: Browser
) -> None:
    """Continues the case above (the meeting agreed the 350,000-yuan fine): the
    prior notice is served, the party waives statement and hearing, the head
    decides and the decision is served and published. Then new facts: the team
    asks the 审委会 to review (第十条), the 复审 decides 修改后作出决定 with a
    300,000-yuan fine; the head's 变更决定 must carry exactly that penalty
    (a different one is refused, what was typed kept); the original publication
    is taken down by the 变更决定 itself and the corrected decision published."""
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-team-head")
    _open_major_decision(page, site)
    now = _minute(datetime.now(SHANGHAI))
    page.locator("#served_at").fill(now)
    page.get_by_role("button", name="制发并登记送达先行告知书").click()
    page.get_by_label("当事人放弃陈述申辩和听证的方式").fill("当事人书面声明放弃")
    page.get_by_role("button", name="登记放弃").click()
    page.get_by_role("button", name="作出行政处罚决定（负责人）").click()
    expect(page.get_by_test_id("status")).to_have_text("已作出处罚决定，待送达")
    page.get_by_label("送达方式").select_option("direct")
    page.locator("#direct-recipient").fill("企业环保负责人（送达回证签名）")
    page.get_by_label("送达时间").fill(_minute(datetime.now(SHANGHAI)))
    page.get_by_role("button", name="登记送达").click()
    expect(page.get_by_test_id("status")).to_have_text("处罚决定已送达，待履行")
    decision_url = page.url
    archive_url = decision_url.replace("/decision/", "/archive/")
    page.goto(archive_url)
    page.get_by_role("button", name="在门户网站公开").click()
    expect(page.get_by_test_id("publication")).to_contain_text("已于")

    # 第十条: the 复审 on new facts, deciding a lighter fine
    page.goto(decision_url.replace("/decision/", "/deliberation/"))
    page.locator("#reason").fill("当事人提交新证据，证明部分危险废物已合规处置")
    page.get_by_role("button", name="提请审委会复审").click()
    expect(page.get_by_test_id("applications")).to_contain_text("复审申请")
    page.locator("#meeting_at").fill(
        _minute(datetime.now(SHANGHAI) + timedelta(hours=1))
    )
    page.get_by_label("会议地点").fill("市局三楼会议室")
    page.get_by_label("议题").fill("复审华信危险废物贮存案的处罚决定")
    page.get_by_role("button", name="发送会议通知").click()
    _fill_meeting(page, ["amend", "amend", "amend", "amend"])
    page.get_by_label("会议记录").fill(MINUTES)
    page.get_by_label("决定意见").fill("修改后作出决定：罚款300000元。")
    page.get_by_label("修改后的罚款（元）").fill("300000")
    page.get_by_role("button", name="记录会议").click()
    expect(page.get_by_test_id("amended-penalty-text")).to_contain_text("300000")

    # the 变更决定 must carry the 复审's penalty
    page.goto(decision_url)
    form = page.get_by_test_id("correct-form")
    reason = "复审认定部分危险废物已合规处置"
    form.get_by_label("变更后的罚款（元）").fill("250000")
    form.get_by_label("须变更的新情况").fill(reason)
    form.get_by_role("button", name="作出变更决定").click()
    expect(page.get_by_role("alert").first).to_contain_text("不一致")
    form = page.get_by_test_id("correct-form")
    expect(form.get_by_label("须变更的新情况")).to_have_value(reason)
    form.get_by_label("变更后的罚款（元）").fill("300000")
    form.get_by_role("button", name="作出变更决定").click()
    expect(page.get_by_test_id("corrected-decision")).to_contain_text("300000")
    expect(page.get_by_test_id("penalty")).to_contain_text("300000")

    # the 变更决定 took the original publication down (第四十八条第二款); the
    # corrected decision goes up
    page.goto(archive_url)
    expect(page.get_by_test_id("publication")).to_contain_text("撤下")
    page.get_by_test_id("republish-form").get_by_role(
        "button", name="公开变更后的决定"
    ).click()
    expect(page.get_by_test_id("publication")).to_contain_text("变更后的决定")
    expect(page.get_by_test_id("publications")).to_contain_text("撤下")
    screenshot(page, "enforcement-corrected-decision-published")

    errors = seen.errors_besides_refused_forms()  # the refused penalty above
    assert not errors, errors
    assert not seen.outside_requests, seen.outside_requests
    context.close()
