"""The enforcement forms shown by form_page.html in English when chosen (the
language cookie): the new case (案件登记), the request for an ad-hoc inspection
and the arranging of an inspection — title, introduction, labels, help, choices,
the buttons, and a refused POST answering 400 with what was typed kept and its
error in English. Also a refusal and the messages after an action on the
measure, minor-check and document pages, and the penalty on the deliberation
page (the words are kept Chinese and shown translated, docs/decisions/0015).
Without the cookie the same pages read the Chinese.

The English needs the entries of /work/notes/po_c.po in locale/en (merged by the
lead); the entries already in locale/en are enough for the deliberation page and
the measure page's notice refusal."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ecobureau.enterprises.tests.factories import make_credit_code

from .. import services
from ..models import EnforcementCase, PenaltyDecision
from .committee_setup import deliberated
from .conftest import a_reason, approve
from .english import choose, main_of, page
from .test_english_cases import evidence_list
from .test_measures import approve as approve_measure
from .test_measures import propose
from .test_minor import WASTE_FACTS, item

pytestmark = pytest.mark.django_db


def _get(client, url, *, english):
    return page(client, url, english=english)


def _refused(client, url, post, *, english):
    """A refused POST: 400, the page again with what was typed."""
    choose(client, english=english)
    return main_of(client.post(url, post), status=400)


def _followed(client, url, post, *, english):
    choose(client, english=english)
    return main_of(client.post(url, post, follow=True))


# --- The new case --------------------------------------------------------------------


def _case_post(officers, **extra):
    return {
        "credit_code": make_credit_code(99),  # valid, no such enterprise
        "source": EnforcementCase.Source.TRANSFER,
        "reference": "辽环执法〔2026〕99号",
        "start_reason": "省厅交办。",
        "facts": "废水直排雨水管网。",
        "officers": [o.pk for o in officers],
        **extra,
    }


def test_the_new_case_form_in_english(client, enforcement_head, officers):
    url = reverse("enforcement:case-new")
    client.force_login(enforcement_head)
    officer = officers[0]

    main = _get(client, url, english=True)
    assert "<h1>Start enforcement proceedings (register a case)</h1>" in main
    assert "To start the general procedure ex officio" in main
    assert "(Measures for Whole-Process Recording, Article 8)" in main
    assert ">Party&#x27;s unified social credit code<" in main
    assert ">Case source<" in main
    assert '<option value="transfer">Transferred or assigned</option>' in main
    assert '<option value="inspection">Found in an on-site inspection</option>' in main
    assert ">Source number<" in main and ">Source details<" in main
    assert "The transferring authority and its document number." in main
    assert ">Reason for starting<" in main and ">Basic facts of the case<" in main
    assert "Case officers (at least 2 enforcement officers holding credentials)" in main
    assert f"{officer.display_name} (enforcement ID {officer.credential_no})" in main
    assert "Urgent: start at once" in main
    assert ">Register and submit for approval</button>" in main
    assert ">Back</a>" in main
    for chinese in ("案件登记", "当事人", "案件来源", "移送、交办", "承办人员", "返回"):
        assert chinese not in main, chinese

    main = _refused(client, url, _case_post(officers), english=True)
    assert "The enterprise was not found or is outside your data scope." in main
    assert 'value="辽环执法〔2026〕99号"' in main and "废水直排雨水管网。" in main
    assert '<option value="transfer" selected>Transferred or assigned</option>' in main
    # a field left empty: Django's own message, in English
    main = _refused(client, url, _case_post(officers, facts=""), english=True)
    assert "This field is required." in main and "省厅交办。" in main


def test_without_a_choice_the_new_case_form_stays_chinese(
    client, enforcement_head, officers
):
    url = reverse("enforcement:case-new")
    client.force_login(enforcement_head)
    officer = officers[0]

    main = _get(client, url, english=False)
    assert "<h1>启动执法程序（案件登记）</h1>" in main
    assert "（全过程记录实施办法第八条）。</p>" in main
    assert ">当事人统一社会信用代码<" in main
    assert '<option value="transfer">移送、交办</option>' in main
    assert '<small class="help">移送机关及文号。</small>' in main
    assert ">承办人员（不少于2名持证执法人员）<" in main
    assert f"{officer.display_name}（执法证{officer.credential_no}）" in main
    assert ">登记并提请审批</button>" in main and ">返回</a>" in main
    assert "Register" not in main and "Back" not in main

    main = _refused(client, url, _case_post(officers), english=False)
    assert "未找到该企业，或该企业不在您的数据范围内。" in main
    assert 'value="辽环执法〔2026〕99号"' in main


# --- The request for an ad-hoc inspection --------------------------------------------


def _reason_post(**extra):
    return {
        "credit_code": make_credit_code(99),
        "source": "superior",
        "reference": "辽环〔2026〕1号",
        "reason": "夜间异味。",
        **extra,
    }


def test_the_inspection_request_form_in_english(client, enforcement_head):
    url = reverse("enforcement:reason-new")
    client.force_login(enforcement_head)

    main = _get(client, url, english=True)
    assert "<h1>Request an ad-hoc on-site inspection</h1>" in main
    assert "No inspection without a plan: an on-site inspection outside the plan" in (
        main
    )
    assert ">Enterprise&#x27;s unified social credit code<" in main
    assert ">Source of the reason<" in main
    assert '<option value="drone">Found by drone patrol</option>' in main
    assert "the drone patrol&#x27;s flight and what it found." in main
    assert ">Why the inspection is needed<" in main
    assert ">Submit for approval</button>" in main and ">Back</a>" in main
    for chinese in ("提请", "事由来源", "上级交办", "检查必要性说明"):
        assert chinese not in main, chinese

    main = _refused(client, url, _reason_post(), english=True)
    assert "The enterprise was not found or is outside your data scope." in main
    assert 'value="辽环〔2026〕1号"' in main and "夜间异味。" in main
    assert (
        '<option value="superior" selected>Assigned by a higher authority</option>'
    ) in main


def test_without_a_choice_the_inspection_request_form_stays_chinese(
    client, enforcement_head
):
    url = reverse("enforcement:reason-new")
    client.force_login(enforcement_head)
    main = _get(client, url, english=False)
    assert "<h1>提请临时现场检查</h1>" in main
    assert "正面清单企业由执法机构负责人批准。</p>" in main
    assert ">企业统一社会信用代码<" in main
    assert '<option value="drone">无人机巡查发现</option>' in main
    assert ">提请审批</button>" in main

    main = _refused(client, url, _reason_post(), english=False)
    assert "未找到该企业，或该企业不在您的数据范围内。" in main
    assert "夜间异味。" in main


# --- Arranging an inspection ----------------------------------------------------------


def _approved_reason(enterprise, officers, leader, head):
    reason = a_reason(enterprise, officers[0])
    approve(reason, leader, head)
    return reason


def test_the_scheduling_form_in_english(
    client, enforcement_head, enterprise_a, officers, district_a_leader
):
    url = reverse("enforcement:inspection-new")
    client.force_login(enforcement_head)

    # without a basis: the page says so, and a POST is refused
    main = _get(client, url, english=True)
    assert "<h1>Arrange an on-site inspection</h1>" in main
    assert (
        "No inspection without a plan: arrange the inspection from an inspection "
        "plan task or an approved reason for an ad-hoc inspection."
    ) in main
    main = _refused(client, url, {"officers": [officers[0].pk]}, english=True)
    assert (
        "<p>No inspection without a plan: arrange the inspection from an inspection "
        "plan task or an approved reason for an ad-hoc inspection.</p>"
    ) in main

    reason = _approved_reason(
        enterprise_a, officers, district_a_leader, enforcement_head
    )
    on_reason = f"{url}?reason={reason.pk}"
    main = _get(client, on_reason, english=True)
    assert (
        f"Basis: Assigned by a higher authority: inspection reason #{reason.pk} "
        f"({enterprise_a.name})"
    ) in main
    assert "Inspectors (at least 2 enforcement officers holding credentials)" in main
    assert ">Arrange the inspection</button>" in main
    assert "依据" not in main and "检查人员" not in main

    # an officer not on the list: Django's refusal, in English
    main = _refused(client, on_reason, {"officers": "999"}, english=True)
    assert "Select a valid choice. 999 is not one of the available choices." in main


def test_without_a_choice_the_scheduling_form_stays_chinese(
    client, enforcement_head, enterprise_a, officers, district_a_leader
):
    url = reverse("enforcement:inspection-new")
    client.force_login(enforcement_head)
    main = _refused(client, url, {"officers": [officers[0].pk]}, english=False)
    assert (
        "<p>无计划不检查：请从检查计划任务或经批准的临时检查事由安排检查。</p></div>"
    ) in main
    # what was ticked is kept
    ticked = rf'name="officers" value="{officers[0].pk}" id="id_officers_\d+" checked'
    assert re.search(ticked, main)

    reason = _approved_reason(
        enterprise_a, officers, district_a_leader, enforcement_head
    )
    main = _get(client, f"{url}?reason={reason.pk}", english=False)
    assert f"依据：上级交办：检查事由#{reason.pk}（{enterprise_a.name}）" in main
    assert ">检查人员（不少于2名持证执法人员）<" in main
    assert ">安排检查</button>" in main


def test_an_arranged_inspection_says_so(
    client, enforcement_head, enterprise_a, officers, district_a_leader
):
    reason = _approved_reason(
        enterprise_a, officers, district_a_leader, enforcement_head
    )
    url = f"{reverse('enforcement:inspection-new')}?reason={reason.pk}"
    client.force_login(enforcement_head)
    post = {"officers": [o.pk for o in officers]}
    main = _followed(client, url, post, english=True)
    assert "The on-site inspection has been arranged." in main
    main = _followed(client, url, post, english=False)
    assert "已安排现场检查。" in main


# --- Refusals and messages of the other enforcement pages --------------------------------


def test_a_measure_page_refusal_in_english(
    client, filed_case, officers, district_a_leader, city_leader
):
    measure = propose(filed_case, officers[0])
    approve_measure(measure, district_a_leader, city_leader)
    services.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        signed=True,
        by=officers[0],
    )
    url = reverse("enforcement:measure-detail", args=[measure.pk])
    client.force_login(officers[0])
    testing = {"action": "testing", "what": "废矿物油成分检测", "starts_on": ""}

    main = _refused(client, url, testing, english=True)
    assert "Please fill in: Start date (year-month-day)." in main
    assert 'value="废矿物油成分检测"' in main
    # the upload form's labels and choices (forms.FileForm)
    assert ">Category<" in main and ">Photos</option>" in main
    assert "Recorded at (required for audio/video)" in main
    main = _refused(client, url, {"action": "deliberation_notify"}, english=True)
    assert "There is no application for collective deliberation waiting." in main
    main = _refused(
        client, url, {"action": "deliberation", "held_at": ""}, english=True
    )
    assert "Enter the meeting time." in main

    main = _refused(client, url, testing, english=False)
    assert "请填写起始日期（年-月-日）。" in main and ">类别<" in main
    main = _refused(
        client, url, {"action": "deliberation", "held_at": ""}, english=False
    )
    assert "请填写会议时间。" in main


def test_the_minor_check_and_pdf_messages_in_english(client, filed_case, officers):
    client.force_login(officers[0])
    url = reverse("enforcement:minor-check", args=[filed_case.pk])
    post = {"item": item(7, 2).pk, **WASTE_FACTS, "quantity_t": "5"}
    main = _followed(client, url, post, english=True)
    assert "The conditions of the list are not met; the case continues." in main
    main = _followed(client, url, post, english=False)
    assert "不符合清单适用条件，案件继续办理。" in main

    pdf = reverse(
        "enforcement:document-pdf", args=[evidence_list(filed_case, officers).pk]
    )
    main = _followed(client, pdf, {}, english=True)
    assert "The numbered text (PDF) has been generated." in main
    pdf = reverse(
        "enforcement:document-pdf", args=[evidence_list(filed_case, officers).pk]
    )
    main = _followed(client, pdf, {}, english=False)
    assert "已生成编号文本（PDF）。" in main


# --- The deliberation page's penalty -------------------------------------------------


def test_the_deliberation_page_shows_the_penalty_in_english(
    client, investigated, officers, enforcement_head, city_leader, district_a_leader
):
    meeting = deliberated(
        investigated,
        measures=["police_criminal"],
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )
    decision = meeting.decision
    # the amended penalty of a 复审 (the review path is tested in
    # test_deliberation_review); here only what the page shows
    meeting.review = True
    meeting.amended_penalty = {
        "warning": True,
        "fine": "250000.00",
        "daily_fine": False,
        "measures": ["police_detention"],
    }
    meeting.save(update_fields=["review", "amended_penalty"])
    url = reverse("enforcement:deliberation", args=[decision.case_id])
    client.force_login(enforcement_head)

    main = _get(client, url, english=True)
    assert (
        "<dt>Proposed penalty</dt><dd>Fine of RMB 250000.00 yuan; "
        "Transfer to the police (suspected crime)</dd>"
    ) in main
    assert (
        '<span data-testid="amended-penalty-text">Warning; Fine of RMB 250000.00 '
        "yuan; Transfer to the police (administrative detention)</span>"
    ) in main
    assert "罚款" not in main and "移送公安机关" not in main

    main = _get(client, url, english=False)
    assert (
        "<dt>拟作出的处罚</dt><dd>罚款人民币250000.00元；移送公安机关（涉嫌犯罪）</dd>"
    ) in main
    assert (
        '<span data-testid="amended-penalty-text">警告；罚款人民币250000.00元；'
        "移送公安机关（行政拘留）</span>"
    ) in main
    # what is kept stays Chinese whatever the reader's language
    decision = PenaltyDecision.objects.get(pk=decision.pk)
    assert decision.penalty_text() == "罚款人民币250000.00元；移送公安机关（涉嫌犯罪）"
