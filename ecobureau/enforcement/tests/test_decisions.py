"""The decision path (issue 10): discretion, summary procedure, prior notice,
statement and defence, hearing, legal review, collective deliberation, the
numbered decision and its service."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecobureau.casework.models import Clock, Document
from ecobureau.core.models import Record

from ..models import DiscretionStandard, LegalReview, PenaltyDecision
from ..services import decisions
from ..services.decisions import MemberVote, Penalty
from ..services.reviews import REVIEW_CHECKLIST
from .committee_setup import Office, convene, seat
from .conftest import legal_user

AIR = "大气-超标排放"
PACKAGE = {
    "opinion_form": "法制审核意见表（2026-11-20）",
    "filing_form": "立案审批表 鞍环立〔2026〕15号",
    "report": "环境违法行为调查报告",
    "panel_record": "案件合议记录（2026-11-19）",
    "draft_notice": "行政处罚先行告知书（草拟）",
}

ALL_OK = {code: True for code, _ in REVIEW_CHECKLIST}


def standard(code: str = AIR) -> DiscretionStandard:
    return DiscretionStandard.objects.get(code=code)


def propose(case, by, fine="250000", level="较轻", **extra):
    return decisions.decision_propose(
        case=case,
        procedure=extra.pop("procedure", "ordinary"),
        penalty=Penalty(fine=fine, **extra),
        facts="2026年11月10日，自动监控显示颗粒物排放浓度超标0.8倍。",
        legal_basis="《中华人民共和国大气污染防治法》第十八条、第九十九条第二项",
        standard=standard(AIR),
        discretion_level=level,
        discretion_reasons="首次超标，已停产整改，超标倍数小。",
        by=by,
    )


def case_actions(case) -> set[str]:
    return set(
        Record.objects.filter(
            target_type="enforcement.enforcementcase", target_id=case.pk
        ).values_list("action", flat=True)
    )


# The rule reads the working-day calendar, which reads the administrator's table.
@pytest.mark.django_db
def test_major_threshold_boundary_and_other_triggers():
    def major(**fields):
        defaults = {"fine": Decimal("0"), "measures": [], "party_kind": "organisation"}
        decision = PenaltyDecision(**{**defaults, **fields})
        return decisions.major_reasons(decision)

    assert major(fine=Decimal("299999.99")) == []
    assert major(fine=Decimal("300000")) != []
    assert major(fine=Decimal("900000"), daily_fine=True) == []  # 不含按日计罚
    # one source with `rules run major-decision` (CONTRACTS.md: "on any party"; a
    # party fined this much under environmental law is a 生产经营者)
    assert major(fine=Decimal("300000"), party_kind="citizen") != []
    assert major(fine=Decimal("299999.99"), party_kind="citizen") == []
    assert major(other_major_reason="社会关注度高") == [
        "其他需审委会审议的重大案件：社会关注度高（第三条6）"
    ]
    assert major(measures=["seal_seizure"]) == []
    assert major(measures=["seal_seizure"], serious=True) != []
    assert major(measures=["restrict"], serious=True) != []
    assert major(measures=["police_detention"]) != []
    assert major(measures=["police_criminal"]) != []
    assert major(measures=["suspend"], serious=True) == []  # 停产停业 ≠ 停产整治


# The rule reads the working-day calendar, which reads the administrator's table.
@pytest.mark.django_db
def test_major_reasons_are_the_lib_rules():
    """The page's grounds and `rules run major-decision` agree on every input."""
    from ecobureau.core import calendar
    from ecobureau.lib import rules

    from ..services.decision_common import major_rule_input

    for fields in (
        {"fine": Decimal("300000")},
        {"fine": Decimal("450000"), "party_kind": "citizen"},
        {"measures": ["seal_seizure", "restrict"], "serious": True},
        {"measures": ["police_criminal"], "fine": Decimal("10")},
    ):
        decision = PenaltyDecision(
            **{"measures": [], "party_kind": "organisation", **fields}
        )
        day = date(2026, 11, 1)
        expected = rules.get("major-decision", day).run(
            major_rule_input(decision),
            rules.RuleContext(as_of=day, calendar=calendar.current()),
        )["reasons"]
        assert decisions.major_reasons(decision, day) == expected != []


def test_quorum_is_two_thirds_counting_proxies():
    assert decisions.quorum_met(9, 6)
    assert not decisions.quorum_met(9, 5)
    assert decisions.quorum_met(3, 2)
    assert not decisions.quorum_met(10, 6)
    assert not decisions.quorum_met(0, 0)


def test_discretion_must_fit_the_level_and_give_reasons(investigated, officers):
    with pytest.raises(ValidationError, match="不在“较轻”档次"):
        propose(investigated, officers[0], fine="350000", level="较轻")
    with pytest.raises(ValidationError, match="裁量理由"):
        decisions.decision_propose(
            case=investigated,
            procedure="ordinary",
            penalty=Penalty(fine="150000"),
            facts="x",
            legal_basis="y",
            standard=standard(),
            discretion_level="较轻",
            discretion_reasons="  ",
            by=officers[0],
        )
    decision = propose(investigated, officers[0], fine="150000")
    assert decision.standard.example  # 示例配置
    assert not decision.major and not decision.hearing_right
    # the 90-day clock runs from filing (P4)
    clock = decisions.deadline_clock(investigated)
    assert clock is not None and clock.amount == 90 and clock.unit == "days"


def test_summary_procedure_limits_and_record(investigated, officers):
    # 3,000 is the organisation's limit; 3,000.01 is over it
    with pytest.raises(ValidationError, match="不得超过3000"):
        decisions.decision_propose(
            case=investigated,
            procedure="summary",
            penalty=Penalty(fine="3000.01"),
            facts="x",
            legal_basis="y",
            standard=standard("简易-警告"),
            discretion_level="小额罚款",
            discretion_reasons="情节轻微",
            by=officers[0],
        )
    with pytest.raises(ValidationError, match="不得超过200"):
        decisions.decision_propose(
            case=investigated,
            procedure="summary",
            party_kind="citizen",
            penalty=Penalty(fine="201"),
            facts="x",
            legal_basis="y",
            standard=standard("简易-警告"),
            discretion_level="小额罚款",
            discretion_reasons="情节轻微",
            by=officers[0],
        )
    decision = decisions.decision_propose(
        case=investigated,
        procedure="summary",
        penalty=Penalty(fine="3000"),
        facts="现场发现危废标识缺失。",
        legal_basis="《固体废物污染环境防治法》第一百一十二条",
        standard=standard("简易-警告"),
        discretion_level="小额罚款",
        discretion_reasons="情节轻微，当场改正",
        by=officers[0],
    )
    record = {
        "conditions": "违法事实确凿，有法定依据，对法人处3000元以下罚款",
        "steps": "出示执法证件，告知事实理由依据，听取陈述申辩，填写当场处罚决定书",
        "statement": "当事人称标识刚脱落",
        "answer": "经复核，标识缺失属实，不予采纳",
        "filing": "决定书副本报执法队备案",
    }
    with pytest.raises(ValidationError, match="100"):
        decisions.summary_decide(
            decision=decision, record=record, cash_collected="3000", by=officers[0]
        )
    with pytest.raises(ValidationError, match="简易程序记录缺少"):
        decisions.summary_decide(
            decision=decision, record={**record, "answer": ""}, by=officers[0]
        )
    decisions.summary_decide(decision=decision, record=record, by=officers[0])
    investigated.refresh_from_db()
    assert investigated.status == "decided"
    doc = Document.objects.get(
        target_type="enforcement.enforcementcase", target_id=investigated.pk
    )
    assert doc.kind == "enf_summary_decision" and "当罚" in doc.reference
    assert "enforcement.summary_decide" in case_actions(investigated)


def test_ordinary_case_with_statement_to_service(
    investigated, officers, enforcement_head, enterprise_user_a
):
    decision = propose(investigated, officers[0], fine="150000")
    served = timezone.now() - timedelta(days=14)
    decisions.notice_issue(decision=decision, served_at=served, by=officers[0])
    investigated.refresh_from_db()
    assert investigated.status == "notified"
    decisions.statement_record(
        decision=decision,
        channel="written",
        point="超标系除尘布袋突发破损所致，已更换。",
        answer="破损属实但未及时报告，作为从轻情节考虑，不改变处罚档次。",
        adopted=False,
        by=officers[0],
    )
    # an officer does not decide
    with pytest.raises(PermissionDenied):
        decisions.decision_make(decision=decision, by=officers[0])
    decisions.decision_make(decision=decision, by=enforcement_head)
    investigated.refresh_from_db()
    assert investigated.status == "decided"
    # the 90-day clock stopped; the 7-working-day service clock runs
    deadline = decisions.deadline_clock(investigated)
    assert deadline is not None and not deadline.is_open
    with pytest.raises(ValidationError, match="回执"):
        decisions.decision_serve(
            decision=decision,
            method="mail",
            served_at=timezone.now(),
            proof={"tracking_no": "EMS1234"},
            by=officers[0],
        )
    decisions.decision_serve(
        decision=decision,
        method="mail",
        served_at=timezone.now(),
        proof={"tracking_no": "EMS1234", "receipt": "2026-11-22 企业签收回执"},
        by=officers[0],
    )
    investigated.refresh_from_db()
    assert investigated.status == "served"
    kinds = set(
        Document.objects.filter(
            target_type="enforcement.enforcementcase", target_id=investigated.pk
        ).values_list("kind", flat=True)
    )
    assert kinds == {"enf_prior_notice", "enf_penalty_decision"}
    assert {
        "enforcement.decision_propose",
        "enforcement.notice_issue",
        "enforcement.statement_record",
        "enforcement.decision_make",
        "enforcement.decision_serve",
    } <= case_actions(investigated)
    payment = Clock.objects.get(
        target_type="enforcement.enforcementcase",
        target_id=investigated.pk,
        step="served",
    )
    assert payment.amount == 15 and payment.unit == "days"


def test_no_decision_inside_the_statement_window(
    investigated, officers, enforcement_head
):
    decision = propose(investigated, officers[0], fine="150000")
    decisions.notice_issue(decision=decision, served_at=timezone.now(), by=officers[0])
    with pytest.raises(ValidationError, match="期满后方可作出决定"):
        decisions.decision_make(decision=decision, by=enforcement_head)


def _full_committee(city_leader, enforcement_head, district_a_leader, extra):
    return [city_leader, enforcement_head, district_a_leader, *extra]


def test_major_case_through_review_hearing_change_and_deliberation(
    investigated,
    officers,
    enforcement_head,
    city_leader,
    district_a_leader,
    reviewers,
    enterprise_user_a,
):
    # given a 400,000 yuan fine: major (≥ 300,000) and with a hearing right
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    assert decision.major and decision.hearing_right

    # no notice before legal review
    with pytest.raises(ValidationError, match="法制审核"):
        decisions.notice_issue(
            decision=decision,
            served_at=timezone.now() - timedelta(days=20),
            by=officers[0],
        )

    # the package must be complete
    with pytest.raises(ValidationError, match="案件合议记录"):
        decisions.review_submit(
            decision=decision,
            package={**PACKAGE, "panel_record": ""},
            by=officers[0],
        )
    review = decisions.review_submit(decision=decision, package=PACKAGE, by=officers[0])
    clock = Clock.objects.get(
        target_type="enforcement.legalreview", target_id=review.pk
    )
    assert clock.amount == 7 and clock.unit == "workdays"

    # three reviewers; an investigator cannot be one; a recused one cannot return
    conflicted = legal_user("legal-officer", officers[0].unit)
    investigated.officers.add(conflicted)
    with pytest.raises(ValidationError, match="回避"):
        decisions.review_assign(
            review=review, reviewers=[conflicted, *reviewers[:2]], by=reviewers[3]
        )
    with pytest.raises(ValidationError, match="3名"):
        decisions.review_assign(review=review, reviewers=reviewers[:2], by=reviewers[3])
    decisions.review_assign(review=review, reviewers=reviewers[:3], by=reviewers[3])
    decisions.review_recuse(
        review=review, reviewer=reviewers[2], reason="系调查人员近亲属", by=reviewers[2]
    )
    with pytest.raises(ValidationError, match="已回避"):
        decisions.review_assign(review=review, reviewers=reviewers[:3], by=reviewers[3])
    decisions.review_assign(
        review=review, reviewers=[*reviewers[:2], reviewers[3]], by=reviewers[3]
    )
    decisions.review_extend(review=review, reason="案情复杂", by=reviewers[3])
    with pytest.raises(ValidationError, match="已延长过"):
        decisions.review_extend(review=review, reason="再延", by=reviewers[3])
    clock.refresh_from_db()
    assert clock.extensions.count() == 1

    # first opinion: correct the procedure → resubmission, 3 working days
    # 同意 is refused while an item of 第三条 does not hold (A57)
    with pytest.raises(ValidationError, match="不能提出同意"):
        decisions.review_opinion(
            review=review,
            opinion="agree",
            text="同意。",
            checklist={**ALL_OK, "other_steps": False},
            by=reviewers[0],
        )
    decisions.review_opinion(
        review=review,
        opinion="correct",
        text="缺少合议记录签名。",
        checklist={**ALL_OK, "other_steps": False},
        by=reviewers[0],
    )
    review.refresh_from_db()
    assert [i["code"] for i in review.checklist if not i["ok"]] == ["other_steps"]
    with pytest.raises(PermissionDenied):
        decisions.review_sign(review=review, by=enforcement_head)
    decisions.review_sign(review=review, by=city_leader)
    # the signed opinion is a numbered 法制审核意见表 with the checklist (第六条)
    form = Document.objects.get(kind="enf_review_opinion", target_id=decision.case_id)
    assert "法审" in form.reference
    assert form.title == "重大行政执法决定法制审核意见表"
    second = decisions.review_submit(decision=decision, package=PACKAGE, by=officers[0])
    assert second.kind == LegalReview.Kind.RESUBMISSION
    assert (
        Clock.objects.get(
            target_type="enforcement.legalreview", target_id=second.pk
        ).amount
        == 3
    )
    decisions.review_assign(
        review=second, reviewers=[*reviewers[:2], reviewers[3]], by=reviewers[3]
    )
    decisions.review_opinion(
        review=second,
        opinion="agree",
        text="同意。",
        checklist=ALL_OK,
        by=reviewers[1],
    )
    decisions.review_sign(review=second, by=city_leader)

    # notice, a hearing requested in time, noticed 7 working days ahead, held
    served = timezone.now() - timedelta(days=30)
    decisions.notice_issue(decision=decision, served_at=served, by=officers[0])
    decisions.hearing_request(
        decision=decision, requested_at=served + timedelta(days=1), by=officers[0]
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="七个工作日前"):
        decisions.hearing_schedule(
            decision=decision,
            hearing_date=today,
            notified_on=today - timedelta(days=2),
            place="市局听证室",
            by=officers[0],
        )
    decisions.hearing_schedule(
        decision=decision,
        hearing_date=today,
        notified_on=today - timedelta(days=20),
        place="市局听证室",
        by=officers[0],
    )
    decisions.hearing_hold(
        decision=decision, record="当事人提出已整改。", by=officers[0]
    )
    decisions.statement_record(
        decision=decision,
        channel="hearing",
        point="已完成整改，请求从轻。",
        answer="整改属实，予以采纳，在一般档次内从轻。",
        adopted=True,
        by=officers[0],
    )

    # the penalty changes after the hearing: legal review again (第九条)
    decisions.penalty_change(
        decision=decision,
        penalty=Penalty(fine="320000"),
        reason="听证后采纳整改情节",
        by=officers[0],
    )
    committee = _full_committee(
        city_leader, enforcement_head, district_a_leader, reviewers[:2]
    )
    with pytest.raises(ValidationError, match="法制审核"):
        decisions.deliberation_record(
            decision=decision,
            chair=city_leader,
            held_at=timezone.now(),
            members=[MemberVote(m, "present", "agree") for m in committee],
            minutes="x",
            by=enforcement_head,
        )
    third = decisions.review_submit(decision=decision, package=PACKAGE, by=officers[0])
    assert third.kind == LegalReview.Kind.CHANGED
    decisions.review_assign(
        review=third, reviewers=[*reviewers[:2], reviewers[3]], by=reviewers[3]
    )
    decisions.review_opinion(
        review=third,
        opinion="agree",
        text="同意。",
        checklist=ALL_OK,
        by=reviewers[0],
    )
    decisions.review_sign(review=third, by=city_leader)

    # the roster (第五条), the team's application and the office's notice (第九条)
    seat(
        city_leader,
        (city_leader, Office.DIRECTOR),
        (enforcement_head, Office.DEPUTY_TEAM),
        (district_a_leader, Office.SUB_BUREAU),
        (reviewers[0], Office.ENFORCEMENT_SECTION),
        (reviewers[1], Office.MONITORING_CENTRE),
    )
    with pytest.raises(ValidationError, match="申请表"):
        decisions.deliberation_record(
            decision=decision,
            chair=city_leader,
            held_at=timezone.now(),
            members=[MemberVote(m, "present", "agree") for m in committee],
            minutes="x",
            by=enforcement_head,
        )
    convene(decision, team=officers[0], office=enforcement_head, director=city_leader)
    # deliberation: quorum not met (3 of 5), then met (4 of 5 with a proxy), split → chair
    absent = [MemberVote(m, "absent") for m in committee[3:]]
    first = decisions.deliberation_record(
        decision=decision,
        chair=city_leader,
        held_at=timezone.now(),
        members=[MemberVote(m, "present", "agree") for m in committee[:3]] + absent,
        minutes="到会委员不足三分之二，会议未能召开。",
        by=enforcement_head,
    )
    assert not first.quorum_met and first.outcome == ""
    with pytest.raises(ValidationError, match="集体审议"):
        decisions.decision_make(decision=decision, by=enforcement_head)
    members = [
        MemberVote(city_leader, "present", "agree"),
        MemberVote(enforcement_head, "present", "agree"),
        MemberVote(district_a_leader, "present", "disagree", opinion="应适用较重档次"),
        MemberVote(reviewers[0], "proxy", "agree", proxy_to=enforcement_head),
        MemberVote(reviewers[1], "absent"),
    ]
    with pytest.raises(ValidationError, match="主持人"):
        decisions.deliberation_record(
            decision=decision,
            chair=city_leader,
            held_at=timezone.now(),
            members=members,
            minutes="x",
            by=enforcement_head,
        )
    meeting = decisions.deliberation_record(
        decision=decision,
        chair=city_leader,
        held_at=timezone.now(),
        members=members,
        minutes="承办人员汇报案情；执法科负责人提出初步意见；讨论。",
        chair_outcome="agree",
        outcome_text="主持人决定：同意罚款32万元。",
        by=enforcement_head,
    )
    assert meeting.quorum_met and not meeting.unanimous and meeting.outcome == "agree"

    # then the head decides; the PDF is numbered; service by announcement
    decisions.decision_make(decision=decision, by=enforcement_head)
    doc = Document.objects.get(
        target_type="enforcement.enforcementcase",
        target_id=investigated.pk,
        kind="enf_penalty_decision",
    )
    assert "罚决" in doc.reference
    with pytest.raises(ValidationError, match="其他方式均无法送达"):
        decisions.decision_serve(
            decision=decision,
            method="announcement",
            served_at=timezone.now(),
            proof={"carrier": "市局网站", "recording": "公告张贴录像"},
            by=officers[0],
        )
    decisions.decision_serve(
        decision=decision,
        method="announcement",
        served_at=timezone.now(),
        proof={
            "failed": "直接送达无人、邮寄被退回、留置无见证人",
            "carrier": "市局网站及企业门口张贴",
            "recording": "张贴过程录像 VID_1122",
        },
        by=officers[0],
    )
    investigated.refresh_from_db()
    assert investigated.status == "served"
    assert {
        "enforcement.review_submit",
        "enforcement.review_recuse",
        "enforcement.review_sign",
        "enforcement.hearing_request",
        "enforcement.hearing_hold",
        "enforcement.penalty_change",
        "enforcement.deliberation_record",
    } <= case_actions(investigated)


def test_late_hearing_request_is_refused(
    investigated, officers, reviewers, city_leader
):
    decision = propose(investigated, officers[0], fine="250000")
    assert decision.hearing_right and not decision.major
    served = timezone.now() - timedelta(days=30)
    decisions.notice_issue(decision=decision, served_at=served, by=officers[0])
    with pytest.raises(ValidationError, match="已逾期"):
        decisions.hearing_request(
            decision=decision, requested_at=timezone.now(), by=officers[0]
        )


def test_deliberation_needs_a_bureau_leader_chair_and_staff_roles(
    investigated, officers, enforcement_head, city_leader, reviewers
):
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    with pytest.raises(PermissionDenied):
        decisions.deliberation_record(
            decision=decision,
            chair=city_leader,
            held_at=timezone.now(),
            members=[],
            minutes="x",
            by=officers[0],
        )


def test_decision_deadline_second_extension_needs_deliberation(
    investigated, officers, enforcement_head
):
    propose(investigated, officers[0], fine="150000")
    decisions.deadline_extend(case=investigated, reason="案情复杂", by=enforcement_head)
    with pytest.raises(ValidationError, match="集体讨论"):
        decisions.deadline_extend(
            case=investigated, reason="仍需鉴定", by=enforcement_head
        )
    with pytest.raises(PermissionDenied):
        decisions.deadline_extend(case=investigated, reason="x", by=officers[0])
