"""A petition case through "区验收、市复核" (seed 004; seed 001 附件2): acceptance
within 7 days, review requested within 3 and organised within 5 (calendar days),
a failed review (one signer refuses), correction, a passed review, publication
and close-out."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock
from ecobureau.core.models import Record

from .. import services
from ..models import PetitionCase, ReviewSignoff
from .conftest import ALL_BODIES, FIVE, make_case


def _apply(case, by):
    services.petition_evidence(
        by=by, case=case, conditions=FIVE, truth=PetitionCase.Truth.TRUE
    )
    services.petition_transition(by=by, case=case, transition="apply")


def _accept(case, by):
    services.acceptance_member_add(
        by=by,
        case=case,
        name="钱工",
        unit_name="市住建局",
        post="科长",
        signed=True,
        supervisor=True,
    )
    services.petition_transition(
        by=by,
        case=case,
        transition="accept",
        changes={
            "acceptance_body": "铁东区人民政府",
            "accepted_on": case.received_on + timedelta(days=20),
            "acceptance_leader": "孙区长",
            "opinion_rectification": "整改到位",
            "opinion_penalty": "已处罚",
            "opinion_satisfaction": "群众满意",
            "opinion_accountability": "无需问责",
        },
    )


def _sign_all(case, by, *, refuse: str = ""):
    for part in services.required_parts(case):
        services.review_sign(
            by=by,
            case=case,
            part=part,
            bodies=ALL_BODIES,
            signer="某某",
            agreed=part != refuse,
            opinion="不同意" if part == refuse else "同意",
        )


def _clock(case, step):
    return casework_services.clocks_for(case).get(step=step)


def test_case_cannot_apply_without_all_five_conditions(
    district_a_officer, office_staff, district_a
):
    # 四(二): all five conditions, each evidenced.
    case = make_case(office_staff, district=district_a)
    services.petition_evidence(
        by=district_a_officer,
        case=case,
        conditions={"investigated": "笔录", "solved": "照片"},
        truth=PetitionCase.Truth.TRUE,
    )
    with pytest.raises(ValidationError, match="查处到位"):
        services.petition_transition(
            by=district_a_officer, case=case, transition="apply"
        )


def test_temporary_fix_never_counts(district_a_officer, office_staff, district_a):
    # 附件2 一(三)1: "对于采取临时性应对措施暂时解决问题的，不得视为办结"
    case = make_case(office_staff, district=district_a)
    services.petition_evidence(
        by=district_a_officer,
        case=case,
        conditions=FIVE,
        truth=PetitionCase.Truth.TRUE,
        temporary_measure=True,
    )
    with pytest.raises(ValidationError, match="临时性应对措施"):
        services.petition_transition(
            by=district_a_officer, case=case, transition="apply"
        )


def test_acceptance_clocks_are_calendar_days_7_3_5(
    district_a_officer, district_a_leader, office_staff, office_head, district_a
):
    # 附件2 三2: "7日内组织…验收"; 三3: "3日内向市督改办申请复核，市督改办5日内组织"
    case = make_case(office_staff, district=district_a)
    _apply(case, district_a_officer)
    clock = _clock(case, "acceptance")
    assert (clock.amount, clock.unit) == (7, Clock.Unit.DAYS)
    assert clock.due_at - clock.started_at <= timedelta(days=7, hours=23, minutes=59)
    assert clock.due_at - clock.started_at >= timedelta(days=6)
    _accept(case, district_a_leader)
    assert _clock(case, "acceptance").state == Clock.State.MET
    clock = _clock(case, "accepted")
    assert (clock.amount, clock.unit) == (3, Clock.Unit.DAYS)
    services.petition_transition(
        by=district_a_leader, case=case, transition="request_review"
    )
    clock = _clock(case, "review_requested")
    assert (clock.amount, clock.unit) == (5, Clock.Unit.DAYS)
    # B32: the 5 days are for organising the review group.
    services.petition_transition(
        by=office_head,
        case=case,
        transition="organise",
        changes={"review_leader": "吴科长"},
    )
    assert _clock(case, "review_requested").state == Clock.State.MET


def test_acceptance_needs_signed_member_table(
    district_a_officer, district_a_leader, office_staff, district_a
):
    # 附件2 附件1: 验收组成员表 with 签字.
    case = make_case(office_staff, district=district_a)
    _apply(case, district_a_officer)
    services.acceptance_member_add(
        by=district_a_leader, case=case, name="钱工", unit_name="市住建局", signed=False
    )
    with pytest.raises(ValidationError, match="尚未签字"):
        services.petition_transition(
            by=district_a_leader,
            case=case,
            transition="accept",
            changes={
                "acceptance_body": "铁东区人民政府",
                "accepted_on": case.received_on,
                "acceptance_leader": "孙区长",
                "opinion_rectification": "a",
                "opinion_penalty": "b",
                "opinion_satisfaction": "c",
                "opinion_accountability": "d",
            },
        )


def test_failed_review_correction_passed_review_publication_close_out(
    district_a_officer, district_a_leader, office_staff, office_head, district_a
):
    case = make_case(office_staff, district=district_a)
    _apply(case, district_a_officer)
    _accept(case, district_a_leader)
    services.petition_transition(
        by=district_a_leader, case=case, transition="request_review"
    )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="organise",
        changes={"review_leader": "吴科长"},
    )
    # 附件2 二(一)5 "群众不满意不放过": one signer refuses.
    _sign_all(case, office_head, refuse=ReviewSignoff.Part.SATISFACTION)
    with pytest.raises(ValidationError, match="群众满意情况复核意见为不同意"):
        services.petition_transition(
            by=office_head,
            case=case,
            transition="pass_review",
            changes={"reviewed_on": case.received_on},
        )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="fail_review",
        changes={"review_return_reason": "回访群众不满意"},
    )
    case.refresh_from_db()
    assert case.status == "handling" and case.review_round == 2
    # Correction, then the whole chain again.
    _apply(case, district_a_officer)
    _accept(case, district_a_leader)
    services.petition_transition(
        by=district_a_leader, case=case, transition="request_review"
    )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="organise",
        changes={"review_leader": "吴科长"},
    )
    _sign_all(case, office_head)
    services.petition_transition(
        by=office_head,
        case=case,
        transition="pass_review",
        changes={"reviewed_on": case.received_on},
    )
    with pytest.raises(ValidationError, match="不能执行“销号”"):
        services.petition_transition(by=office_staff, case=case, transition="close")
    services.petition_transition(
        by=office_staff,
        case=case,
        transition="publish",
        changes={"publication_note": "门户公示"},
    )
    services.petition_transition(by=office_staff, case=case, transition="close")
    services.petition_transition(
        by=office_staff, case=case, transition="file", changes={"filing_note": "备案"}
    )
    case.refresh_from_db()
    assert case.status == "filed" and case.closed_at is not None
    assert case.signoffs.filter(round_no=1, agreed=False).count() == 1
    assert case.signoffs.filter(round_no=2, agreed=True).count() == 5


def test_partly_true_case_needs_the_untrue_part_signed(
    district_a_officer, district_a_leader, office_staff, office_head, district_a
):
    # 附件2 二(三)5: "对“不属实”案件和“部分属实”案件中“不属实”部分进行重点复核"
    case = make_case(office_staff, district=district_a)
    services.petition_evidence(
        by=district_a_officer,
        case=case,
        conditions=FIVE,
        truth=PetitionCase.Truth.PARTLY,
    )
    services.petition_transition(by=district_a_officer, case=case, transition="apply")
    _accept(case, district_a_leader)
    services.petition_transition(
        by=district_a_leader, case=case, transition="request_review"
    )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="organise",
        changes={"review_leader": "吴科长"},
    )
    assert ReviewSignoff.Part.UNTRUE in services.required_parts(case)
    for part in services.required_parts(case)[:-1]:
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies=ALL_BODIES,
            signer="某",
            agreed=True,
            opinion="同意",
        )
    with pytest.raises(ValidationError, match="不属实"):
        services.petition_transition(
            by=office_head,
            case=case,
            transition="pass_review",
            changes={"reviewed_on": case.received_on},
        )


def test_complainant_never_enters_the_record(office_staff, district_a):
    case = make_case(office_staff, district=district_a, complainant="刘某某")
    payloads = " ".join(
        Record.objects.filter(target_id=case.pk).values_list("payload", flat=True)
    )
    assert "刘某某" not in payloads and "13900000000" not in payloads


def test_key_case_needs_guarantor_leaders(office_staff, district_a):
    # B8 (三(二)2): "责任单位要党政主要领导包保"
    data = services.CaseData(
        number="K-1",
        round="r",
        source="central",
        received_on=case_date(),
        content="c",
        category="nearby",
        responsible_units="u",
        deadline=case_date(),
        key_case=True,
    )
    with pytest.raises(ValidationError, match="包保领导"):
        services.petition_create(by=office_staff, data=data)


def case_date():
    from .conftest import today

    return today()


def test_acceptance_and_review_documents_issued_as_pdfs(
    district_a_officer, district_a_leader, office_staff, office_head, district_a
):
    # 附件2 附件1–3 (B33–B35): 验收意见, 验收复核责任书, 复核情况事项单.
    from ecobureau.casework.models import Document

    case = make_case(office_staff, district=district_a)
    _apply(case, district_a_officer)
    with pytest.raises(ValidationError, match="尚未验收"):
        services.case_document_issue(
            by=office_head, case=case, kind="rect_acceptance_opinion"
        )
    _accept(case, district_a_leader)
    services.case_document_issue(
        by=office_head, case=case, kind="rect_acceptance_opinion"
    )
    services.petition_transition(
        by=district_a_leader, case=case, transition="request_review"
    )
    services.petition_transition(
        by=office_head,
        case=case,
        transition="organise",
        changes={"review_leader": "吴科长"},
    )
    _sign_all(case, office_head)
    services.petition_transition(
        by=office_head,
        case=case,
        transition="pass_review",
        changes={"reviewed_on": case.received_on},
    )
    services.case_document_issue(by=office_head, case=case, kind="rect_review_pledge")
    services.case_document_issue(by=office_head, case=case, kind="rect_review_sheet")
    titles = set(
        Document.objects.filter(
            target_type="rectification.petitioncase", target_id=case.pk
        ).values_list("title", flat=True)
    )
    assert titles == {
        "验收意见",
        "环境信访案件验收复核责任书",
        "中央、省环保督察环境投诉案件验收复核情况事项单",
    }
