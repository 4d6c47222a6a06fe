"""A served decision superseded after a heavier 复审, end to end in the browser
(issue 10; 集体审议规则 第十条1; 行政处罚法第四十四、四十五、二十九条).

The demo city (enforcement/demo.py `_supersede_case`, 示例数据) leaves a fifth
case of 华信: a major decision of 320,000 yuan, reviewed, agreed by the 审委会,
served and published, and a 复审 that decided 修改后作出决定 with 380,000 yuan.
The team head fills the correction form: 作出变更决定 is refused (heavier; the
reason typed kept), 加重处罚 supersedes the served decision and issues the
撤销行政处罚决定书 (罚撤). The new penalty goes through legal review (three
reviewers, the leader signs), the prior notice, the party's waiver and the
committee's 同意; the head decides. Serving the new 决定书 before the 撤销决定书
is refused (what was typed kept); the 撤销决定书 is served, then the new decision,
which is published and shows on the public decisions page. The party sees the
撤销决定书 on its case page. The rules themselves are tested in
ecobureau/enforcement/tests/test_decision_supersede.py, test_supersede_credit.py
and test_supersede_order.py."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from .conftest import Site, login, screenshot, watch
from .test_enforcement import ENTERPRISE_LOGIN
from .test_enforcement_payment import _open_served_decision
from .test_enforcement_review import MINUTES, _fill_meeting

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_FACTS = "执行中查明废矿物油露天堆放约3.5吨，较原认定多出两倍。"
RECIPIENT = "企业环保负责人（送达回证签名）"


def _minute(moment: datetime | None = None) -> str:
    return (
        (moment or datetime.now(SHANGHAI))
        .astimezone(SHANGHAI)
        .strftime("%Y-%m-%dT%H:%M")
    )


def _supersede(page: Page) -> None:
    """The correction form: a 变更决定 cannot be heavier (refused, the reason
    kept); 加重处罚 supersedes the served decision."""
    form = page.get_by_test_id("correct-form")
    form.get_by_label("变更后的罚款（元）").fill("380000")
    form.get_by_label("须变更的新情况").fill(NEW_FACTS)
    form.get_by_role("button", name="作出变更决定").click()
    expect(page.get_by_role("alert").first).to_contain_text("撤回原决定，重新先行告知")
    form = page.get_by_test_id("correct-form")
    expect(form.get_by_label("须变更的新情况")).to_have_value(NEW_FACTS)
    expect(form.get_by_label("变更后的罚款（元）")).to_have_value("380000")
    form.get_by_role("button", name="加重处罚：撤回原决定，重新先行告知").click()
    expect(page.get_by_test_id("penalty")).to_contain_text("380000")
    expect(page.get_by_test_id("superseded-decision")).to_contain_text("不再执行")
    expect(page.get_by_test_id("revocation")).to_contain_text("罚撤")
    expect(page.get_by_test_id("revocation")).to_contain_text("尚未送达")


def _legal_review(browser: Browser, site: Site, review_url: str) -> None:
    """The legal section assigns the three reviewers and agrees; the leader
    signs (法制审核制度)."""
    context = browser.new_context()
    page = context.new_page()
    login(page, site, "demo-legal")
    page.goto(review_url)
    boxes = page.locator('input[name="reviewers"]')
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_role("button", name="指定").click()
    for box in page.locator('input[name="ok"]').all():
        box.check()
    page.get_by_label("意见", exact=True).select_option("agree")
    page.get_by_label("说明（含第三条（五）其他应审核的事项）").fill(
        "重新拟作出的处罚事实清楚，证据确凿，裁量适当。"
    )
    page.get_by_role("button", name="提出审核意见").click()
    expect(page.get_by_test_id("opinion")).to_contain_text("同意")
    context.close()
    context = browser.new_context()
    page = context.new_page()
    login(page, site, "demo-leader")
    page.goto(review_url)
    page.get_by_role("button", name="局领导签批").click()
    expect(page.get_by_test_id("opinion")).to_contain_text("签批")
    context.close()


def _committee(page: Page, decision_url: str) -> None:
    page.goto(decision_url.replace("/decision/", "/deliberation/"))
    page.get_by_role("button", name="提交集体审议申请表（生成PDF）").click()
    page.locator("#meeting_at").fill(
        _minute(datetime.now(SHANGHAI) + timedelta(hours=1))
    )
    page.get_by_label("会议地点").fill("市局三楼会议室")
    page.get_by_label("议题").fill("审议华信危险废物贮存案重新拟作出的处罚")
    page.get_by_role("button", name="发送会议通知").click()
    _fill_meeting(page, ["agree", "agree", "agree", "agree"])
    page.get_by_label("会议记录").fill(MINUTES)
    page.get_by_role("button", name="记录会议").click()
    expect(page.get_by_test_id("deliberations")).to_contain_text("同意拟作出的决定")
    page.goto(decision_url)


def test_heavier_review_supersedes_the_served_decision(
    site: Site, browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-team-head")
    _open_served_decision(page, site, "罚款人民币320000.00元")
    decision_url = page.url
    case_pk = decision_url.split("/enforcement/cases/")[1].split("/")[0]
    _supersede(page)
    revocation = page.get_by_test_id("revocation").text_content() or ""
    reference = revocation.split("（")[0].strip()

    # the new penalty: legal review, a new prior notice, the waiver, the 审委会
    for field in page.locator(
        'form:has(input[value="review_submit"]) input[id^="p-"]'
    ).all():
        field.fill("见案卷")
    page.get_by_role("button", name="送法制审核").click()
    expect(page.get_by_test_id("reviews")).to_contain_text("审核中")
    # the latest review (ordered by round) is the new penalty's
    href = page.get_by_test_id("reviews").get_by_role("link").last.get_attribute("href")
    _legal_review(browser, site, f"{site.url}{href}")
    page.goto(decision_url)
    page.locator("#served_at").fill(_minute())
    page.get_by_role("button", name="制发并登记送达先行告知书").click()
    page.get_by_label("当事人放弃陈述申辩和听证的方式").fill("当事人书面声明放弃")
    page.get_by_role("button", name="登记放弃").click()
    _committee(page, decision_url)
    page.get_by_role("button", name="作出行政处罚决定（负责人）").click()
    expect(page.get_by_test_id("status")).to_have_text("已作出处罚决定，待送达")
    expect(page.get_by_test_id("revocation-first")).to_contain_text(reference)

    # the new 决定书 not before the 撤销决定书: refused, what was typed kept
    serve = page.locator('form:has(input[name="action"][value="serve"])')
    serve.locator("#method").select_option("direct")
    serve.locator("#direct-recipient").fill(RECIPIENT)
    at = _minute()
    serve.locator("#sv-at").fill(at)
    serve.get_by_role("button", name="登记送达").click()
    expect(page.get_by_role("alert").first).to_contain_text("不得先于撤销决定书送达")
    serve = page.locator('form:has(input[name="action"][value="serve"])')
    expect(serve.locator("#direct-recipient")).to_have_value(RECIPIENT)
    expect(serve.locator("#sv-at")).to_have_value(at)

    # the 撤销决定书 served, then the new decision
    revoke = page.get_by_test_id("revocation-serve-form")
    revoke.locator('select[name="method"]').select_option("direct")
    revoke.locator('input[name="rv-direct-recipient"]').fill(RECIPIENT)
    revoke.locator('input[name="served_at"]').fill(at)
    revoke.get_by_role("button", name="登记送达").click()
    expect(page.get_by_test_id("revocation")).to_contain_text("已送达")
    serve = page.locator('form:has(input[name="action"][value="serve"])')
    serve.locator("#method").select_option("direct")
    serve.locator("#direct-recipient").fill(RECIPIENT)
    serve.locator("#sv-at").fill(_minute())
    serve.get_by_role("button", name="登记送达").click()
    expect(page.get_by_test_id("status")).to_have_text("处罚决定已送达，待履行")
    screenshot(page, "enforcement-superseded-decision-served")

    # published afresh; the old publication was taken down by the supersession
    page.goto(decision_url.replace("/decision/", "/archive/"))
    expect(page.get_by_test_id("publication")).to_contain_text("撤下")
    page.get_by_test_id("renewed-form").get_by_role(
        "button", name="公开重新作出的决定"
    ).click()
    expect(page.get_by_test_id("publication")).to_contain_text("已于")
    errors = seen.errors_besides_refused_forms()  # the two refusals above
    assert not errors, errors
    assert not seen.outside_requests, seen.outside_requests
    context.close()

    public = browser.new_context()
    page_p = public.new_page()
    page_p.goto(site.url + "/enforcement/public/decisions/")
    expect(page_p.locator("main")).to_contain_text("罚款人民币380000.00元")
    public.close()

    # the party sees the 撤销决定书 among its documents
    context_e = browser.new_context()
    page_e = context_e.new_page()
    login(page_e, site, ENTERPRISE_LOGIN)
    page_e.goto(site.url + "/enforcement/my-cases/")
    page_e.locator(
        f'[data-testid="cases"] a[href="/enforcement/my-cases/{case_pk}/"]'
    ).click()
    documents = page_e.get_by_test_id("decision-documents")
    expect(documents).to_contain_text("撤销行政处罚决定书")
    expect(documents).to_contain_text(reference)
    screenshot(page_e, "enforcement-party-revocation")
    context_e.close()
