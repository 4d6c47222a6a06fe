"""Internal approvals: handler, reviewer, approver, in that order, three people
(全过程记录实施办法 第三十八条, requirements A49)."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.casework import services
from ecobureau.casework.models import Approval, WorkItem
from ecobureau.core import records

from .files_support import enterprise_target  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enterprise_target")]


def propose(target, by, **kwargs):
    values = {
        "subject": "立案审批",
        "proposal": "建议立案调查。",
        "reasons": "现场检查发现废气处理设施未运行。",
    }
    values.update(kwargs)
    return services.approval_propose(target=target, by=by, **values)


def open_items(approval):
    return WorkItem.objects.filter(
        target_type="casework.approval", target_id=approval.pk, state="open"
    )


@pytest.fixture
def proposed(enterprise_a, district_a_officer):
    return propose(enterprise_a, district_a_officer)


@pytest.fixture
def reviewed(proposed, district_a_leader):
    return services.approval_review(
        approval=proposed, opinion="事实清楚，同意立案。", by=district_a_leader
    )


# --- The order, the people and the record -------------------------------------


def test_an_approval_goes_from_handler_to_reviewer_to_approver(
    enterprise_a, district_a_officer, district_a_leader, deputy_head_a
):
    approval = propose(enterprise_a, district_a_officer)
    assert (approval.status, approval.handler, approval.unit) == (
        "proposed",
        district_a_officer,
        district_a_officer.unit,
    )

    services.approval_review(
        approval=approval, opinion="同意立案。", by=district_a_leader
    )
    services.approval_decide(
        approval=approval, decision="approve", opinion="", by=deputy_head_a
    )

    approval.refresh_from_db()
    assert approval.status == "approved"
    assert (approval.reviewer, approval.approver) == (district_a_leader, deputy_head_a)
    assert approval.proposed_at <= approval.reviewed_at <= approval.decided_at
    assert approval.decision_opinion == "同意。"


def test_each_step_is_recorded_on_the_object_in_order_without_the_texts(
    enterprise_a, reviewed, district_a_officer, district_a_leader, deputy_head_a
):
    services.approval_decide(
        approval=reviewed, decision="approve", opinion="同意", by=deputy_head_a
    )

    entries = list(records.history(enterprise_a).filter(action__startswith="approval."))
    assert [(e.action, e.actor_id) for e in entries] == [
        ("approval.propose", district_a_officer.pk),
        ("approval.review", district_a_leader.pk),
        ("approval.approve", deputy_head_a.pk),
    ]
    review = records.payload_of(entries[1])["data"]
    assert review["approval"] == reviewed.pk
    assert (review["before"], review["after"]) == ("proposed", "reviewed")
    assert (
        review["opinion_sha256"]
        == hashlib.sha256("事实清楚，同意立案。".encode()).hexdigest()
    )
    assert all("废气处理设施" not in e.payload for e in entries)


def test_work_items_follow_the_chain(
    proposed, district_a_officer, district_a_leader, deputy_head_a
):
    # proposed: the pool of the handler's unit
    (item,) = open_items(proposed)
    assert (item.step, item.unit, item.assignee) == (
        "review",
        district_a_officer.unit,
        None,
    )
    assert item.district == district_a_officer.unit.division

    services.approval_review(approval=proposed, opinion="同意", by=district_a_leader)
    # reviewed: each head of the unit except the handler and the reviewer
    assert [(i.step, i.assignee) for i in open_items(proposed)] == [
        ("decide", deputy_head_a)
    ]

    services.approval_decide(
        approval=proposed, decision="approve", opinion="", by=deputy_head_a
    )
    assert not open_items(proposed).exists()


def test_with_no_other_head_the_unit_pool_gets_the_decision(
    enterprise_a, district_a_officer, district_a_leader
):
    approval = propose(enterprise_a, district_a_officer)
    services.approval_review(approval=approval, opinion="同意", by=district_a_leader)

    (item,) = open_items(approval)
    assert (item.step, item.assignee, item.unit) == (
        "decide",
        None,
        district_a_officer.unit,
    )


def test_the_steps_must_come_in_order(proposed, deputy_head_a, reviewed):
    with pytest.raises(ValidationError, match="不能审核"):
        services.approval_review(approval=reviewed, opinion="再审", by=deputy_head_a)
    services.approval_decide(
        approval=reviewed, decision="reject", opinion="证据不足", by=deputy_head_a
    )
    with pytest.raises(ValidationError, match="不能作出审批决定"):
        services.approval_decide(
            approval=reviewed, decision="approve", opinion="", by=deputy_head_a
        )


def test_no_decision_before_the_review(proposed, deputy_head_a):
    with pytest.raises(ValidationError, match="当前状态为“待审核”"):
        services.approval_decide(
            approval=proposed, decision="approve", opinion="", by=deputy_head_a
        )


# --- Who may not act ------------------------------------------------------------


def test_the_handler_may_not_review_their_own_proposal(enterprise_a, district_a_leader):
    approval = propose(enterprise_a, district_a_leader)

    with pytest.raises(PermissionDenied, match="本人提请"):
        services.approval_review(
            approval=approval, opinion="同意", by=district_a_leader
        )
    approval.refresh_from_db()
    assert approval.status == "proposed"


def test_the_handler_may_not_approve_their_own_proposal(
    enterprise_a, district_a_leader, deputy_head_a
):
    approval = propose(enterprise_a, district_a_leader)
    services.approval_review(approval=approval, opinion="同意", by=deputy_head_a)

    with pytest.raises(PermissionDenied, match="承办人不能批准"):
        services.approval_decide(
            approval=approval, decision="approve", opinion="", by=district_a_leader
        )


def test_the_reviewer_may_not_also_approve(reviewed, district_a_leader):
    with pytest.raises(PermissionDenied, match="须由另一人批准"):
        services.approval_decide(
            approval=reviewed, decision="approve", opinion="", by=district_a_leader
        )
    reviewed.refresh_from_db()
    assert reviewed.status == "reviewed" and reviewed.approver is None


def test_a_reviewer_needs_a_head_role(proposed, sub_bureau_a, district_a):
    colleague = UserFactory(
        username="tiedong-officer-2",
        unit=sub_bureau_a,
        scope="division",
        scope_division=district_a,
        role_codes=["sub_bureau_staff"],
    )
    with pytest.raises(PermissionDenied, match="审核该事项的权限"):
        services.approval_review(approval=proposed, opinion="同意", by=colleague)


def test_a_head_outside_the_scope_may_not_review(proposed, district_b_head):
    with pytest.raises(PermissionDenied, match="数据范围"):
        services.approval_review(approval=proposed, opinion="同意", by=district_b_head)


def test_the_module_may_name_the_roles_instead_of_heads(
    enterprise_a, district_a_officer, district_a_leader, legal_officer, city_leader
):
    approval = propose(
        enterprise_a,
        district_a_officer,
        reviewer_roles=["legal_reviewer"],
        approver_roles=["bureau_leader"],
    )

    with pytest.raises(PermissionDenied):
        services.approval_review(
            approval=approval, opinion="同意", by=district_a_leader
        )
    services.approval_review(approval=approval, opinion="合法", by=legal_officer)
    # no bureau leader in the sub-bureau: the work item goes up to the bureau
    assert [i.assignee for i in open_items(approval)] == [city_leader]
    with pytest.raises(PermissionDenied):
        services.approval_decide(
            approval=approval, decision="approve", opinion="", by=district_a_leader
        )
    services.approval_decide(
        approval=approval, decision="approve", opinion="", by=city_leader
    )
    assert approval.status == "approved"


def test_the_public_may_not_propose(enterprise_a, citizen, enterprise_user_a):
    for person in (citizen, enterprise_user_a):
        with pytest.raises(PermissionDenied):
            propose(enterprise_a, person)
    assert not Approval.objects.exists()


def test_nobody_proposes_about_what_they_may_not_see(enterprise_a, district_b_officer):
    with pytest.raises(PermissionDenied, match="数据范围"):
        propose(enterprise_a, district_b_officer)


# --- Decisions, returns, and input ---------------------------------------------


def test_rejecting_or_returning_needs_reasons(reviewed, deputy_head_a):
    for decision in ("reject", "return"):
        with pytest.raises(ValidationError, match="须说明理由"):
            services.approval_decide(
                approval=reviewed, decision=decision, opinion=" ", by=deputy_head_a
            )
    with pytest.raises(ValidationError, match="请选择审批决定"):
        services.approval_decide(
            approval=reviewed, decision="maybe", opinion="", by=deputy_head_a
        )


def test_a_returned_proposal_goes_back_to_its_handler_and_may_be_proposed_again(
    reviewed, district_a_officer, district_a_leader, deputy_head_a
):
    services.approval_decide(
        approval=reviewed,
        decision="return",
        opinion="请补充监测数据。",
        by=deputy_head_a,
    )
    (item,) = open_items(reviewed)
    assert (item.step, item.assignee) == ("revise", district_a_officer)

    with pytest.raises(PermissionDenied, match="原承办人"):
        services.approval_resubmit(
            approval=reviewed, proposal="x", reasons="y", by=district_a_leader
        )
    again = services.approval_resubmit(
        approval=reviewed,
        proposal="建议立案调查（已补充监测数据）。",
        reasons="监测数据显示超标1.8倍。",
        by=district_a_officer,
    )

    assert (again.status, again.previous, again.subject) == (
        "proposed",
        reviewed,
        "立案审批",
    )
    assert not open_items(reviewed).exists()
    assert [i.step for i in open_items(again)] == ["review"]
    with pytest.raises(ValidationError, match="已重新提请"):
        services.approval_resubmit(
            approval=reviewed, proposal="x", reasons="y", by=district_a_officer
        )


def test_one_open_approval_per_subject(proposed, enterprise_a, district_a_officer):
    with pytest.raises(ValidationError, match="已有正在办理的审批"):
        propose(enterprise_a, district_a_officer)
    other = propose(enterprise_a, district_a_officer, subject="延长办理期限审批")
    assert other.status == "proposed"


def test_the_proposal_needs_opinion_and_reasons(enterprise_a, district_a_officer):
    with pytest.raises(ValidationError, match="请填写：承办人意见、理由"):
        propose(enterprise_a, district_a_officer, proposal=" ", reasons="")


def test_the_second_of_two_reviewers_is_told(
    proposed, district_a_leader, deputy_head_a
):
    mine = Approval.objects.get(pk=proposed.pk)
    theirs = Approval.objects.get(pk=proposed.pk)
    services.approval_review(approval=theirs, opinion="同意", by=deputy_head_a)

    with pytest.raises(ValidationError, match="已被他人处理"):
        services.approval_review(approval=mine, opinion="同意", by=district_a_leader)
    proposed.refresh_from_db()
    assert proposed.reviewer == deputy_head_a
