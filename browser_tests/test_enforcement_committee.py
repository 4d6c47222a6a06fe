"""The 审委会 roster and the staff training records in the browser (issue 10 A51,
issue 9 A72). The demo city (enforcement/demo.py `_committee`, 示例数据) seats the
leader as director, the team head, the legal section's head and two sub-bureau
heads, and records one officer's training. The team head records another
training (refused first with hours that are not a number, the course typed
kept). Who may not see or change them is tested in
ecobureau/enforcement/tests/test_committee.py and test_training.py."""

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from .conftest import Site, login, screenshot, watch

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_roster_and_training_records(site: Site, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch(page)
    login(page, site, "demo-team-head")
    page.goto(site.url + "/enforcement/committee/")
    expect(page.get_by_test_id("committee")).to_contain_text("主任（局长）")
    expect(page.get_by_test_id("committee")).to_contain_text("副主任（执法队队长）")

    page.goto(site.url + "/enforcement/training/")
    expect(page.get_by_test_id("training")).to_contain_text("轻微违法行为目录清单")
    trainee = page.get_by_label("参训人员")
    options = trainee.locator("option").all_text_contents()
    trainee.select_option(label=options[-1])
    today = datetime.now(SHANGHAI).strftime("%Y-%m-%d")
    page.get_by_label("培训日期").fill(today)
    page.get_by_label("课程名称").fill("执法纪律规定专题学习")
    page.get_by_label("培训内容").select_option(label="执法纪律规定")
    page.get_by_label("学时").fill("两小时")
    page.get_by_label("组织单位").fill("执法队")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("alert").first).to_contain_text("学时请填写数字")
    expect(page.get_by_label("课程名称")).to_have_value("执法纪律规定专题学习")
    page.get_by_label("学时").fill("2")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("training")).to_contain_text("执法纪律规定专题学习")
    screenshot(page, "enforcement-training")
    errors = seen.errors_besides_refused_forms()
    assert not errors, errors
    assert not seen.outside_requests, seen.outside_requests
    context.close()
