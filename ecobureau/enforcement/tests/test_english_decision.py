"""The penalty-decision staff page (`cases/<pk>/decision/`) in English when chosen
(the language cookie), in its main states: the proposal form, a proposed ordinary
and a proposed major decision, prior notice with statements, the hearing, the
decided and the served decision with payments, a correction with its refund, a
supersession with its revocation and credit; the messages after an action and
the errors the view builds. Without the cookie the same pages read the Chinese
(before and after the change they were compared byte for byte).

What stays Chinese (ADR 0015) is data: names, typed facts and reasons, document
titles and references, the stored penalty texts of corrections and supersessions,
the discretion standards' titles and levels, and the lines of the `surcharge`
rule's explanation. `_chinese_left` removes these and asserts nothing else is.

The English needs the entries of /work/notes/po_a.po in locale/en (merged by the
lead); the party kinds (公民, 法人或者其他组织) come with po_b.po."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from ecobureau.casework.models import Document

from ..models import (
    Deliberation,
    DiscretionStandard,
    EnforcementCase,
    PenaltyDecision,
)
from ..services import correction, decisions, execution, supersede
from ..services.decisions import Penalty
from . import test_decision_correction, test_execution, test_supersede_credit
from .english import page
from .test_decision_correction import LIGHTER, REASON, review_meeting
from .test_decision_supersede import NEW_FACTS
from .test_decisions import ALL_OK, PACKAGE, propose
from .test_execution import receipt, served_days_ago, today
from .test_supersede_credit import decided_again, heavier_review, pay, redecide

pytestmark = pytest.mark.django_db

served = test_execution.served
served_major = test_decision_correction.served_major
served_100k = test_supersede_credit.served_100k
people = test_supersede_credit.people
__all__ = ["people", "served", "served_100k", "served_major"]

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def _main(client, case_id, *, english, status=200, **post):
    url = reverse("enforcement:decision", args=[case_id])
    return page(client, url, english=english, status=status, **post)


def _data(case_id) -> list[str]:
    """What the page shows as stored or typed: it stays as it was written."""
    case = EnforcementCase.objects.select_related("enterprise").get(pk=case_id)
    decision = PenaltyDecision.objects.filter(case=case).first()
    shown = [case.enterprise.name, case.facts]
    for standard in DiscretionStandard.objects.all():
        shown += [standard.code, standard.title]
        shown += [level["level"] for level in standard.levels]
    documents = Document.objects.filter(
        target_type="enforcement.enforcementcase", target_id=case_id
    )
    shown += [text for d in documents for text in (d.title, d.reference)]
    if decision is None:
        return shown
    shown += [decision.discretion_level, decision.discretion_reasons]
    shown += [decision.hearing_record, *decision.service.values()]
    for point in decision.points.all():
        shown += [point.point, point.answer]
    for meeting in decision.deliberations.all():
        shown.append(meeting.outcome_text)
    for changed in decision.corrections.all():
        shown += [changed.before_text, changed.after_text, changed.reason]
        shown.append(changed.made_by.display_name)
    for superseded in decision.supersessions.all():
        shown += [superseded.before_text, superseded.proposed_text, superseded.reason]
        shown += [superseded.made_by.display_name, *superseded.service.values()]
    for payment in decision.payments.select_related("receipt"):
        shown.append(payment.receipt.name if payment.receipt else "")
    surcharge = execution.surcharge_on(decision, today())
    return shown + (surcharge.explain if surcharge else [])


def _chinese_left(main: str, case_id: int) -> list[str]:
    """Chinese in the English page once the data is taken out."""
    for text in sorted(_data(case_id), key=len, reverse=True):
        if text:
            main = main.replace(escape(text), "")
    return CJK.findall(main)


def test_the_proposal_form_in_english(client, investigated, officers):
    client.force_login(officers[0])
    main = _main(client, investigated.pk, english=True)
    assert "Penalty decision: <a" in main and f"Case #{investigated.pk}</a>" in main
    assert "<dt>Status</dt><dd" in main and ">Investigation concluded, awaiting" in main
    assert "Propose the penalty and the discretion" in main
    assert '<option value="ordinary">Ordinary procedure</option>' in main
    assert "Summary procedure (a warning, or a fine of up to 200 yuan" in main
    assert "> Seal and seizure</label>" in main
    assert " (example configuration): 较轻 100000–300000 yuan; 一般 " in main
    assert '<option value="citizen">Citizen</option>' in main
    assert "Reasons for the discretion (circumstances and factors considered)" in main
    assert _chinese_left(main, investigated.pk) == []
    # the view's own error, in English
    main = _main(client, investigated.pk, english=True, status=400, action="nope")
    assert "Propose the penalty first." in main

    main = _main(client, investigated.pk, english=False)
    assert "处罚决定：<a" in main and "拟定处罚与裁量" in main
    assert "简易程序（警告或公民200元、组织3000元以下罚款）" in main
    assert "（示例配置）：较轻 100000–300000元；一般 " in main
    assert '<option value="citizen">公民</option>' in main
    assert "Propose the penalty" not in main


def test_prior_notice_and_statement_in_english(client, investigated, officers):
    decision = propose(investigated, officers[0], fine="250000", daily_fine=True)
    client.force_login(officers[0])
    main = _main(client, investigated.pk, english=True)
    assert "<dt>Time limit for the penalty decision</dt><dd>by " in main
    assert "Extensions and periods not counted" in main
    assert "<dt>Procedure</dt><dd>Ordinary procedure (" in main
    assert "Fine of RMB 250000.00 yuan (daily continuous penalty)</dd>" in main
    assert (
        "超标排放 超过大气污染物排放标准排放大气污染物 (example configuration)" in main
    )
    assert " · 较轻: 首次超标" in main and "<dt>Major enforcement decision" in main
    assert "<dt>Right to a hearing</dt><dd>Told to the party</dd>" in main
    assert "Issue the prior notice and record its service" in main
    assert _chinese_left(main, investigated.pk) == []
    main = _main(
        client, investigated.pk, english=True, status=400, action="notice", served_at=""
    )
    assert "Please fill in: Time of service (a date and time)." in main
    decisions.notice_issue(
        decision=decision,
        served_at=timezone.now() - timedelta(days=14),
        by=officers[0],
    )
    main = _main(
        client,
        investigated.pk,
        english=True,
        action="statement",
        channel="written",
        point="超标系除尘布袋突发破损所致。",
        answer="不改变处罚档次。",
    )
    assert "The statement, defence and review opinion have been recorded." in main
    assert "In writing: 超标系除尘布袋突发破损所致。 —— Not adopted: " in main
    assert "; a hearing may be requested until " in main
    assert '<option value="oral">Orally (a record was made)</option>' in main
    assert "Statement, defence and review" in main and "Record the waiver" in main
    assert "Make the administrative penalty decision (agency head)" in main
    assert _chinese_left(main, investigated.pk) == []

    main = _main(client, investigated.pk, english=False)
    assert "书面：超标系除尘布袋突发破损所致。 —— 不予采纳：不改变处罚档次。" in main
    assert "告知，申请期限至" in main and "陈述申辩与复核" in main
    assert "罚款人民币250000.00元（按日连续处罚）</dd>" in main
    assert "排放大气污染物（示例配置） · 较轻：首次超标" in main


def test_a_major_decision_and_its_hearing_in_english(
    client, investigated, officers, reviewers, city_leader
):
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    decisions.review_submit(decision=decision, package=PACKAGE, by=officers[0])
    client.force_login(officers[0])
    main = _main(client, investigated.pk, english=True)
    assert "Yes: A fine of 300,000 yuan or more" in main
    assert "(legal review and collective deliberation by the review committee" in main
    review = decision.reviews.get()
    assert f"Legal review #{review.pk} (round 1)</a> First submission: " in main
    assert "Under review" in main and "Submit for legal review" in main
    assert "Collective deliberation <a" in main
    assert "Application, meeting notice, meeting record and re-deliberation" in main
    assert ">Case filing approval form</label>" in main
    assert _chinese_left(main, investigated.pk) == []
    decisions.review_assign(review=review, reviewers=reviewers[:3], by=reviewers[3])
    decisions.review_opinion(
        review=review, opinion="agree", text="同意。", checklist=ALL_OK, by=reviewers[0]
    )
    decisions.review_sign(review=review, by=city_leader)
    notice_at = timezone.now() - timedelta(days=30)
    decisions.notice_issue(decision=decision, served_at=notice_at, by=officers[0])
    decisions.hearing_request(
        decision=decision, requested_at=notice_at + timedelta(days=1), by=officers[0]
    )
    main = _main(
        client,
        investigated.pk,
        english=True,
        status=400,
        action="hearing_schedule",
        hearing_date="x",
    )
    assert "Please fill in: Hearing date (a date)." in main
    assert "Schedule the hearing" in main and "Summary of the hearing record" in main
    main = _main(
        client,
        investigated.pk,
        english=True,
        action="hearing_schedule",
        hearing_date=today().isoformat(),
        notified_on=(today() - timedelta(days=20)).isoformat(),
        place="市局听证室",
    )
    assert "The hearing has been scheduled and the hearing notice issued." in main
    main = _main(
        client, investigated.pk, english=True, action="hearing_hold", record="已整改。"
    )
    assert "The hearing has been recorded." in main
    assert " (notice served " in main and "): 已整改。</dd>" in main
    assert "First submission: Agree (signed)" in main
    assert _chinese_left(main, investigated.pk) == []

    main = _main(client, investigated.pk, english=False)
    assert "（通知送达" in main and "）：已整改。" in main
    assert f"法制审核#{review.pk}（第1次）</a> 首次送审：同意（已签批）" in main


def test_service_and_execution_in_english(client, served, officers):
    decision = served_days_ago(served, 20)
    execution.payment_record(
        decision=decision,
        amount="50000",
        paid_on=today() - timedelta(days=2),
        receipt=receipt(),
        by=officers[0],
    )
    client.force_login(officers[0])
    main = _main(client, decision.case_id, english=True)
    assert "<dt>Service</dt><dd>Direct service " in main
    assert (
        "<h2>Execution</h2>" in main
        and " (Administrative Penalty Law, art. 67)" in main
    )
    paid = execution.paid_total(decision)
    assert f"<dt>Paid</dt><dd>{paid} yuan</dd>" in main
    assert "Late-payment surcharge (as of " in main
    assert " paid 50000.00 yuan (receipt: 缴款凭证.pdf), surcharge on that day " in main
    assert "Record a payment" in main and "Make the payment reminder" in main
    assert _chinese_left(main, decision.case_id) == []
    main = _main(
        client,
        decision.case_id,
        english=True,
        status=400,
        action="payment",
        amount="1",
        paid_on="x",
    )
    assert "Please fill in: Date of payment (a date)." in main
    main = _main(client, decision.case_id, english=True, action="reminder")
    assert "The payment reminder has been made (numbered)." in main

    main = _main(client, decision.case_id, english=False)
    assert f"<dt>已缴纳</dt><dd>{paid}元</dd>" in main
    assert (
        "前（行政处罚法第六十七条）" in main
        and "（凭证：缴款凭证.pdf），当日加处罚款" in main
    )


def test_the_decision_to_serve_in_english(
    client, investigated, officers, enforcement_head
):
    decision = propose(investigated, officers[0], fine="150000")
    decisions.notice_issue(
        decision=decision,
        served_at=timezone.now() - timedelta(days=14),
        by=officers[0],
    )
    decisions.decision_make(decision=decision, by=enforcement_head)
    client.force_login(officers[0])
    main = _main(client, investigated.pk, english=True)
    assert "Serve the penalty decision" in main
    assert '<option value="mail">Service by post</option>' in main
    assert ">Return receipt</label>" in main
    assert ">Recipient (signature or seal on the proof of service)</label>" in main
    assert _chinese_left(main, investigated.pk) == []
    main = _main(
        client,
        investigated.pk,
        english=True,
        action="serve",
        method="direct",
        **{"direct-recipient": "企业法定代表人签收"},
        served_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    )
    assert "Service has been recorded." in main
    main = _main(client, investigated.pk, english=False)
    assert "<dt>送达</dt><dd>直接送达 " in main and "：企业法定代表人签收</dd>" in main


def test_a_correction_and_its_refund_in_english(client, served_major, people):
    review = review_meeting(served_major, vote="amend", **people)
    case_id = served_major.case_id
    client.force_login(people["head"])
    main = _main(client, case_id, english=True)
    assert "Change the penalty decision after re-deliberation" in main
    assert " meeting 2: 罚款变更为150000元，移送事项不变。 (amended penalty: " in main
    assert (
        "Fine of RMB 150000.00 yuan; Transfer to the police (suspected crime))" in main
    )
    assert "Where the review committee's re-deliberation decided" in main
    assert "Fine after the change (yuan)" in main
    assert _chinese_left(main, case_id) == []
    main = _main(
        client,
        case_id,
        english=True,
        status=400,
        action="correct",
        mode="supersede",
        deliberation=review.pk,
        fine="150000",
        reason="",
    )
    assert "You last pressed “Heavier penalty: withdraw the original decision" in main
    assert 'value="supersede" aria-pressed="true"' in main
    execution.payment_record(
        decision=served_major,
        amount="200000",
        paid_on=today(),
        receipt=receipt(),
        by=people["officer"],
    )
    correction.decision_correct(
        deliberation=review, penalty=LIGHTER, reason=REASON, by=people["head"]
    )
    main = _main(
        client,
        case_id,
        english=True,
        action="refund",
        refund_amount="10000",
        refunded_on=today().isoformat(),
        voucher="R-2026-001",
    )
    assert "The refund of the overpaid fine has been recorded." in main
    assert "Original decisions and amending decisions" in main
    assert "<dt>Ground for the change</dt><dd>Re-deliberation by the review" in main
    assert ": Decide after amendment, 罚款变更为150000元" in main
    assert "<dt>To be refunded</dt><dd>50000.00 yuan (paid beyond" in main
    assert (
        "50000.00 yuan to be refunded, 10000.00 yuan refunded, 40000.00 yuan remaining"
        in main
    )
    assert " refunded 10000.00 yuan (refund voucher no.: R-2026-001)" in main
    assert "<dt>Executed</dt>" in main
    assert _chinese_left(main, case_id) == []

    main = _main(client, case_id, english=False)
    assert "应予退还50000.00元，已退还10000.00元，尚余40000.00元" in main
    assert "50000.00元（已缴超出变更后应缴数额）" in main and "变更依据" in main


def test_a_review_without_structured_penalty_in_english(client, served_major, people):
    review = review_meeting(served_major, vote="amend", **people)
    Deliberation.objects.filter(pk=review.pk).update(amended_penalty=None)
    client.force_login(people["head"])
    main = _main(client, served_major.case_id, english=True)
    assert " (no structured amended penalty recorded)</option>" in main
    assert 'data-testid="text-only-review"' in main
    assert _chinese_left(main, served_major.case_id) == []
    main = _main(
        client,
        served_major.case_id,
        english=True,
        status=400,
        action="correct",
        mode="correct",
        deliberation="0",
    )
    assert "Choose the re-deliberation the change is based on." in main


def test_a_supersession_and_the_decision_made_again_in_english(
    client, served_100k, people
):
    pay(served_100k, "50000", people["officer"])
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    review = heavier_review(served_100k, people, penalty)
    case_id = served_100k.case_id
    client.force_login(people["head"])
    main = _main(
        client,
        case_id,
        english=True,
        action="correct",
        mode="supersede",
        deliberation=review.pk,
        fine="150000",
        measures=["police_criminal"],
        reason=NEW_FACTS,
    )
    assert "The original penalty decision has been withdrawn after the re-" in main
    assert "Original decisions withdrawn after re-deliberation" in main
    assert "<dt>New circumstances</dt>" in main
    assert "<dt>Basis</dt><dd>Re-deliberation by the review committee on " in main
    assert "(meeting 2): Decide after amendment" in main
    assert "50000.00 yuan paid under the original decision is credited" in main
    assert "Serve the revocation decision" in main and ">Return receipt</label>" in main
    assert _chinese_left(main, case_id) == []
    made = served_100k.supersessions.get()
    main = _main(
        client,
        case_id,
        english=True,
        status=400,
        action="revocation_serve",
        superseded=made.pk,
        method="direct",
        served_at="x",
    )
    assert "Please fill in: Time of service (a date and time)." in main
    main = _main(client, case_id, english=True, status=400, action="revocation_serve")
    assert "Choose the revocation decision to serve." in main
    decision = redecide(served_100k, people)
    main = _main(client, case_id, english=True)
    assert ": Served " in main and " (Direct service: 企业法定代表人签收)" in main
    assert "<dt>Credit</dt>" in main
    assert _chinese_left(main, case_id) == []

    main = _main(client, decision.case_id, english=False)
    assert "（直接送达：企业法定代表人签收）" in main and "不再执行" in main


def test_the_new_decision_waits_for_the_revocation_in_english(
    client, served_100k, people
):
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    made = supersede.decision_supersede(
        deliberation=heavier_review(served_100k, people, penalty),
        penalty=penalty,
        reason=NEW_FACTS,
        by=people["head"],
    )
    decision = made.decision
    decided_again(decision, people)
    head = people["head"]
    client.force_login(head)
    main = _main(client, decision.case_id, english=True)
    assert "has not been served yet: the new decision may not be served" in main
    assert "No statutory time limit of its own" in main
    assert _chinese_left(main, decision.case_id) == []


def test_the_files_to_choose_again_note():
    context = {"names": ["缴款凭证.pdf", "a<b.pdf"]}
    with translation.override("en"):
        shown = render_to_string("enforcement/_chosen_files.html", context)
    assert "The files chosen (缴款凭证.pdf、a&lt;b.pdf) were not uploaded" in shown
    with translation.override("zh-hans"):
        shown = render_to_string("enforcement/_chosen_files.html", context)
    assert shown == (
        '<p class="muted" data-testid="choose-again">已选择的文件（缴款凭证.pdf、'
        "a&lt;b.pdf）未上传；浏览器不允许自动重新填入文件，请重新选择。</p>\n"
    )
    assert render_to_string("enforcement/_chosen_files.html", {"names": []}) == "\n"
