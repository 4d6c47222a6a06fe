"""案卷评查 in the browser (issue 10 item 4; 法制审核制度 第十二条).

The demo city (enforcement/demo.py `_archived_case`, 示例数据) leaves one case of
华信 paid, filed with the legal section and archived with its 卷内目录. The legal
reviewer draws it at random into a batch, applies the checklist — first with an
item failing and no finding written (refused, answered 400, the ticks, the
result and the batch kept), then with the finding — and sends the feedback; the
team head, for the handling body, answers with what was corrected. The rules
(who may draw, record, answer; supervisors' certificates) are tested in
ecobureau/enforcement/tests/test_file_review.py and test_file_review_page.py."""

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch
from .test_enforcement import ENTERPRISE

BATCH = "2026年第四季度随机抽查"
FINDING = "查封现场未见同步音像资料的存储记录。"
RECORDING_ITEM = "全过程记录（音像资料）完整"


def test_legal_reviewer_reviews_an_archived_file_and_the_team_answers(
    site: Site, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    refused: list[str] = []
    page.on(
        "response",
        lambda r: refused.append(r.url) if r.status == 400 else None,
    )
    login(page, site, "demo-legal")
    page.goto(site.url + "/enforcement/file-reviews/")
    page.get_by_label("评查方式").select_option("random")
    page.get_by_label("评查批次").fill(BATCH)
    page.get_by_label("抽取数量").fill("1")
    page.get_by_role("button", name="抽取", exact=True).click()
    rows = page.get_by_role("region", name="评查记录")
    expect(rows).to_contain_text(ENTERPRISE)
    expect(rows).to_contain_text("待评查")
    page.get_by_role("link", name=BATCH).click()

    # every item but the recording ticked, no finding: refused, input kept
    boxes = page.locator('input[name="ok"]')
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_label(RECORDING_ITEM).uncheck()
    page.get_by_label("评查结论").select_option("pass")
    page.get_by_role("button", name="记录评查结果").click()
    expect(page.get_by_role("alert")).to_contain_text("请写明发现的问题")
    assert len(refused) == 1, refused
    expect(page.get_by_label("执法主体合法，执法人员具备执法资格")).to_be_checked()
    expect(page.get_by_label(RECORDING_ITEM)).not_to_be_checked()
    expect(page.get_by_label("评查结论")).to_have_value("pass")

    page.get_by_label("发现的问题").fill(FINDING)
    page.get_by_role("button", name="记录评查结果").click()
    result = page.get_by_test_id("result")
    expect(result).to_contain_text("评查结果：合格")
    expect(result).to_contain_text(f"{RECORDING_ITEM}：不符合")
    expect(result).to_contain_text(FINDING)
    page.get_by_label("反馈意见").fill(
        "请补充音像资料的存储记录，今后按第三十二条在24小时内存储。"
    )
    page.get_by_role("button", name="反馈", exact=True).click()
    expect(result).to_contain_text("反馈意见")
    review_url = page.url
    screenshot(page, "enforcement-file-review-recorded")
    context.close()

    # the handling body answers
    context = browser.new_context()
    page = context.new_page()
    seen_team = watch(page)
    login(page, site, "demo-team-head")
    page.goto(review_url)
    expect(page.get_by_role("button", name="记录评查结果")).to_have_count(0)
    page.get_by_label("整改情况").fill(
        "已补录音像资料存储记录，并组织全队学习全过程记录办法。"
    )
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("result")).to_contain_text("承办机构整改情况")
    page.goto(site.url + "/enforcement/file-reviews/")
    expect(page.get_by_role("region", name="评查记录")).to_contain_text("已答复")
    screenshot(page, "enforcement-file-review-answered")

    for watched in (seen, seen_team):
        errors = watched.errors_besides_refused_forms()
        assert not errors, errors
        assert not watched.outside_requests, watched.outside_requests
    context.close()
