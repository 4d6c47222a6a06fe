"""The execution and archive page (suspensions, 催告 service, court application,
correction re-inspection, restoration, other compulsory execution methods,
备案, publication, the case file), the 90-day decision deadline page, the legal
review queue and review page and the collective deliberation page in English
when chosen (the language cookie), with the messages after an action and the
errors the views build; without the cookie the same pages read the Chinese.

The English needs the entries of /work/notes/po_b.po in locale/en (merged by the
lead; a few msgids it reuses come with po_a.po and po_c.po)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from ..models import PenaltyDecision
from ..services import archive, decisions, execution, publication
from ..services.reviews import REVIEW_CHECKLIST
from ..views_archive import penalty_shown
from . import test_execution
from .committee_setup import Office, convene, seat
from .conftest import video
from .english import page
from .test_decisions import PACKAGE, propose
from .test_deliberation_page import form, major
from .test_execution import served_days_ago, today
from .test_execution_other import record, reminded, workday_before
from .test_restoration import restore

pytestmark = pytest.mark.django_db

served = test_execution.served
__all__ = ["major", "served"]


def executing(decision, officers):
    """A served decision 200 days on: a finished suspension, a served 催告书, a
    court application, a correction re-inspection, a restoration, a removal
    (other execution), the 备案 and the publication."""
    decision = served_days_ago(decision, 200)  # the litigation period is over
    by = officers[0]
    execution.suspension_record(
        decision=decision,
        kind="reconsideration",
        starts_on=today() - timedelta(days=30),
        ends_on=today() - timedelta(days=25),
        basis="行政复议受理通知书（市政府复议〔2026〕8号）",
        by=by,
    )
    reminder = reminded(decision, by, workday_before(today(), 12))
    execution.court_apply(
        decision=decision,
        reminder=reminder,
        applied_on=today(),
        court="铁东区人民法院",
        reference="鞍环申执〔2026〕1号",
        by=by,
    )
    ordered = today() - timedelta(days=20)
    execution.correction_check_record(
        decision=decision,
        ordered_on=ordered,
        due_on=ordered + timedelta(days=10),
        checked_on=today(),
        corrected=False,
        finding="复查发现仍超标排放。",
        by=by,
    )
    restore(decision, by, recording=video())
    record(decision, by, workday_before(today()))
    archive.legal_filing_record(decision=decision, by=by, late_reason="补充材料延误")
    publication.decision_publish(decision=decision, by=by)
    decision.refresh_from_db()
    return decision


def test_the_penalty_in_words_is_the_stored_chinese():
    keys = [
        {"warning": True, "fine": "150000", "measures": []},
        {"fine": "400000", "daily_fine": True, "measures": ["seal_seizure", "x"]},
        {"fine": "0", "measures": []},
    ]
    with translation.override("zh-hans"):
        for key in keys:
            assert penalty_shown(key) == PenaltyDecision.key_text(key)
    with translation.override("en"):
        assert penalty_shown(keys[0]) == "Warning; Fine of RMB 150000 yuan"
        assert penalty_shown(keys[2]) == "(not set)"


def test_the_archive_page_in_english(client, served, officers):
    decision = executing(served, officers)
    url = reverse("enforcement:archive", args=[decision.case.pk])
    client.force_login(officers[0])

    main = page(client, url, english=True)
    assert "Execution and archive: <a" in main
    assert f"Case #{decision.case.pk}</a>" in main
    assert "Fine of RMB 150000" in main
    assert "Periods suspending the late-payment surcharge" in main
    assert "Application for administrative reconsideration: " in main
    assert "Reminder (催告) and application to the people's court" in main
    assert ": served on " in main and "(法定代表人签收)" in main
    assert "铁东区人民法院 鞍环申执〔2026〕1号: " in main
    assert "yuan, Awaiting the ruling" in main
    assert ": not corrected, 复查发现仍超标排放。" in main
    assert "Restoration (whole-process recording measures" in main
    assert "(recording: " in main
    assert "Removal of an obstruction (鞍环强执〔2026〕3号): Executed; " in main
    assert '<option value="substitute">Substitute performance</option>' in main
    assert '<option value="done">Executed</option>' in main
    assert '<option value="direct">' not in main  # the reminder is served
    assert "Filing and publication" in main and "Filed on " in main
    assert "Published on " in main and "public page" in main
    assert "Case file" in main and "Compile and archive" not in main
    for chinese in (
        "执行与归档",
        "加处罚款中止期间",
        "申请行政复议",
        "催告与申请人民法院强制执行",
        "改正情况复查",
        "未改正",
        "恢复原状的内容和方式",
        "其他强制执行方式",
        "排除妨碍",
        "备案与公开",
        "已于",
        "请选择",
    ):
        assert chinese not in main, chinese

    # a refused form: the view's error in English, what was typed kept
    main = page(
        client,
        url,
        english=True,
        status=400,
        action="other_execution",
        oe_order_served_on="x",
        oe_place="南沙河左岸",
    )
    assert "Please fill in: Date the execution decision was served (a date)." in main
    assert 'value="南沙河左岸"' in main
    main = page(client, url, english=True, status=400, action="nope")
    assert "Unknown action." in main
    # the message after an action
    main = page(
        client,
        url,
        english=True,
        action="withdraw",
        changed_on=today().isoformat(),
        reason="决定已变更",
    )
    assert "The published decision has been withdrawn." in main
    assert "Withdrawn on " in main and ": 决定已变更" in main

    # without the cookie: the Chinese
    main = page(client, url, english=False)
    assert "执行与归档：" in main and "加处罚款中止期间" in main
    assert (
        "申请行政复议：" in main
        and "排除妨碍（鞍环强执〔2026〕3号）：执行完毕；" in main
    )
    assert "罚款人民币150000" in main and "撤下：决定已变更" in main
    assert "Execution and archive" not in main


def test_the_archive_forms_and_case_file_in_english(client, served, officers):
    url = reverse("enforcement:archive", args=[served.case.pk])
    client.force_login(officers[0])
    main = page(client, url, english=True)
    assert '<option value="reconsideration">Application for administrative' in main
    assert "No reminder yet (make the reminder on the" in main
    assert "Record the restoration" in main and "Record the execution" in main
    assert "File with the legal review body" in main
    assert "Publish on the portal" in main
    main = page(
        client,
        url,
        english=True,
        status=400,
        action="suspension",
        kind="litigation",
        starts_on="x",
    )
    assert "Please fill in: Start date (a date)." in main
    main = page(client, url, english=True, action="filing")
    assert "Filed with the legal review body." in main
    main = page(client, url, english=True, action="publish")
    assert "Published on the portal." in main
    execution.payment_record(
        decision=served,
        amount=str(served.fine),
        paid_on=today(),
        receipt=test_execution.receipt(),
        by=officers[0],
    )
    main = page(client, url, english=True)
    assert "Explanation of missing items (if any)" in main
    assert "Compile and archive the file" in main
    main = page(client, url, english=True, action="archive")
    assert "The file has been compiled and archived." in main
    assert "Archived: " in main and " items (due " in main
    main = page(client, url, english=False)
    assert "已归档：" in main and "件（期限" in main


def test_the_deadline_page_in_english(client, investigated, officers, enforcement_head):
    url = reverse("enforcement:deadline", args=[investigated.pk])
    client.force_login(enforcement_head)
    main = page(client, url, english=True)
    assert "No penalty has been proposed in this case yet" in main
    propose(investigated, officers[0], fine="150000")
    main = page(
        client, url, english=True, action="extend", reason="案情复杂，需补充调查"
    )
    assert "The time limit for the penalty decision has been extended." in main
    assert "<dt>Time limit for the penalty decision</dt>" in main
    assert "Administrative Penalty Law art. 60" in main
    assert "Extended by 30 days: 案情复杂，需补充调查" in main
    main = page(
        client,
        url,
        english=True,
        action="pause",
        pause_reason="appraisal",
        note="委托检测",
        starts_on=today().isoformat(),
    )
    assert "The period not counted has been recorded." in main
    assert "Testing, inspection or appraisal: " in main
    assert " to now (in progress), 委托检测" in main
    assert "(Paused)" in main and "Resume counting" in main
    main = page(client, url, english=True, status=400, action="resume", resume_on="x")
    assert "Please fill in: End date (a date)." in main
    for chinese in ("处罚决定期限", "不计入期限的期间", "检测、检验、鉴定", "至今"):
        assert chinese not in main, chinese
    main = page(client, url, english=False)
    assert "处罚决定期限" in main and "至今（进行中），委托检测" in main


def test_the_review_pages_in_english(
    client, investigated, officers, reviewers, city_leader
):
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    review = decisions.review_submit(decision=decision, package=PACKAGE, by=officers[0])
    url = reverse("enforcement:review-detail", args=[review.pk])
    client.force_login(reviewers[3])
    main = page(client, reverse("enforcement:review-list"), english=True)
    assert "Legal review of major enforcement decisions" in main
    assert f"Legal review #{review.pk} (round 1)" in main
    assert "First submission" in main and "Under review" in main
    main = page(client, url, english=True)
    assert f"Legal review #{review.pk} (round 1): Case #{decision.case.pk}" in main
    assert "Reviewing body: Enforcement section" in main
    assert "Fine of RMB 400000" in main
    assert "A fine of 300,000 yuan or more" in main
    assert "<dt>Case filing approval form</dt>" in main
    assert "Assign the reviewers (3)" in main and "Not assigned" in main
    main = page(client, url, english=True, status=400, action="recuse", reviewer="0")
    assert "Please choose the reviewer to recuse." in main
    main = page(
        client,
        url,
        english=True,
        action="assign",
        reviewers=[str(u.pk) for u in reviewers[1:]],
    )
    assert "The reviewers have been assigned." in main
    main = page(client, url, english=True)
    assert "Review checklist (tick each item that is met)" in main
    assert "(1) Lawful body with jurisdiction" in main
    main = page(
        client,
        url,
        english=True,
        action="opinion",
        opinion="agree",
        text="同意。",
        ok=[code for code, _ in REVIEW_CHECKLIST],
    )
    assert "The review opinion has been given." in main
    assert "Agree 同意。" in main
    client.force_login(city_leader)
    main = page(client, url, english=True, action="sign")
    assert "Signed." in main and f" (signed by {city_leader.display_name} on " in main
    assert "(2) The party is clearly identified" in main
    main = page(client, reverse("enforcement:review-list"), english=True)
    assert "Agree (signed)" in main
    for chinese in ("法制审核#", "审核中", "首次送审", "（已签批）"):
        assert chinese not in main, chinese
    main = page(client, url, english=False)
    assert f"法制审核#{review.pk}（第1次）" in main and "审核机构：执法科" in main


def test_the_deliberation_page_in_english(
    client, major, officers, city_leader, enforcement_head, district_a_leader
):
    url = reverse("enforcement:deliberation", args=[major.case.pk])
    client.force_login(enforcement_head)
    main = page(client, url, english=True)
    assert "Collective deliberation: <a" in main
    assert "Not yet maintained (<a" in main
    seat(
        city_leader,
        (city_leader, Office.DIRECTOR),
        (enforcement_head, Office.DEPUTY_TEAM),
        (district_a_leader, Office.SUB_BUREAU),
    )
    convene(major, team=officers[0], office=enforcement_head, director=city_leader)
    main = page(client, url, english=True)
    assert "Application for collective deliberation: " in main
    assert "awaiting deliberation" in main
    assert "Meeting notice: " in main and " people notified (" in main
    assert "Record the committee meeting (collective deliberation rules" in main
    assert '<option value="proxy">On leave, vote by proxy</option>' in main
    assert '<option value="agree">Agree to the proposed decision</option>' in main
    assert f'aria-label="{city_leader.display_name} vote"' in main
    data = {
        "chair": str(city_leader.pk),
        **form(
            **{
                str(city_leader.pk): ("present", "agree"),
                str(enforcement_head.pk): ("present", "agree"),
                str(district_a_leader.pk): ("present", "disagree"),
            }
        ),
        "chair_outcome": "agree",
    }
    main = page(client, url, english=True, **data)
    assert (
        "Meeting 1 " in main and "3 expected, 3 attending (including proxies): " in main
    )
    assert (
        "Agree to the proposed decision (opinions differed; decided by the chair)"
        in main
    )
    assert f"{district_a_leader.display_name}: Present, Disagree" in main
    for chinese in ("审议记录", "应到", "集体审议申请：", "会议通知："):
        assert chinese not in main, chinese
    main = page(client, url, english=False)
    assert "第1次" in main and "同意拟作出的决定（意见不一致，主持人决定）" in main
