"""无计划不检查: an inspection needs an approved plan item or an approved reason;
positive-list enterprises need the head of enforcement's approval; the yearly cap
on routine checks holds; at least two credentialed officers, never grid officers."""

from __future__ import annotations

from datetime import date
from typing import cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.casework.models import Approval
from ecobureau.core.models import Record
from ecobureau.enterprises import services as enterprise_services
from ecobureau.grid.models import InspectionTask

from .. import selectors, services
from ..models import Inspection, InspectionReason
from .conftest import a_reason, approve, plan_task


def test_inspection_without_plan_or_reason_is_refused(
    enterprise_a, officers, enforcement_head
):
    with pytest.raises(ValidationError, match="无计划不检查"):
        services.inspection_plan(by=enforcement_head, officers=officers)
    assert not Inspection.objects.exists()


def test_plan_task_gives_an_inspection_with_its_record_entry(
    enterprise_a, officers, enforcement_head
):
    task = plan_task(enterprise_a, officers, enforcement_head)
    inspection = services.inspection_plan(
        by=enforcement_head, officers=officers, task=task
    )
    assert inspection.status == "planned"
    assert inspection.routine is True
    assert set(inspection.officers.all()) == set(officers)
    actions = set(
        Record.objects.filter(
            target_type="enforcement.inspection", target_id=str(inspection.pk)
        ).values_list("action", flat=True)
    )
    assert {"enforcement.inspection.create", "enforcement.inspection_plan"} <= actions


def test_a_task_carries_one_inspection(enterprise_a, officers, enforcement_head):
    task = plan_task(enterprise_a, officers, enforcement_head)
    services.inspection_plan(by=enforcement_head, officers=officers, task=task)
    with pytest.raises(ValidationError, match="已安排"):
        services.inspection_plan(by=enforcement_head, officers=officers, task=task)


def test_nonsite_task_does_not_allow_a_visit(enterprise_a, officers, enforcement_head):
    task = plan_task(
        enterprise_a, officers, enforcement_head, kind=InspectionTask.Kind.NONSITE
    )
    with pytest.raises(ValidationError, match="非现场"):
        services.inspection_plan(by=enforcement_head, officers=officers, task=task)


def test_yearly_cap_on_routine_inspections(
    settings, enterprise_a, officers, enforcement_head
):
    # given a cap of one routine check a year, already used
    settings.GRID_ROUTINE_CHECK_CAP = 1
    first = plan_task(enterprise_a, officers, enforcement_head)
    services.inspection_plan(by=enforcement_head, officers=officers, task=first)
    second = plan_task(enterprise_a, officers, enforcement_head)
    # when a second routine inspection is arranged, then it is refused
    with pytest.raises(ValidationError, match="年度上限1次"):
        services.inspection_plan(by=enforcement_head, officers=officers, task=second)
    # while a complaint-triggered check is outside the cap
    complaint_task = plan_task(
        enterprise_a, officers, enforcement_head, kind=InspectionTask.Kind.COMPLAINT
    )
    inspection = services.inspection_plan(
        by=enforcement_head, officers=officers, task=complaint_task
    )
    assert inspection.routine is False


def test_cancelled_inspection_frees_the_cap(
    settings, enterprise_a, officers, enforcement_head
):
    settings.GRID_ROUTINE_CHECK_CAP = 1
    first = services.inspection_plan(
        by=enforcement_head,
        officers=officers,
        task=plan_task(enterprise_a, officers, enforcement_head),
    )
    services.inspection_cancel(inspection=first, reason="企业停产", by=enforcement_head)
    again = services.inspection_plan(
        by=enforcement_head,
        officers=officers,
        task=plan_task(enterprise_a, officers, enforcement_head),
    )
    assert again.status == "planned"


def test_positive_list_enterprise_needs_the_heads_approval_for_a_plan_task(
    enterprise_a, officers, enforcement_head, city_leader
):
    enterprise_services.positive_list_add(
        enterprise=enterprise_a,
        on=date(2026, 1, 5),
        reason="信用评价A级",
        by=city_leader,
    )
    task = plan_task(enterprise_a, officers, enforcement_head)
    with pytest.raises(ValidationError, match="正面清单"):
        services.inspection_plan(by=enforcement_head, officers=officers, task=task)


def test_ad_hoc_reason_must_be_approved_before_the_visit(
    enterprise_a, officers, enforcement_head, district_a_leader
):
    reason = a_reason(enterprise_a, officers[0])
    with pytest.raises(ValidationError, match="尚未经批准"):
        services.inspection_plan(by=officers[0], officers=officers, reason=reason)
    approve(reason, district_a_leader, enforcement_head)
    inspection = services.inspection_plan(
        by=officers[0], officers=officers, reason=reason
    )
    assert inspection.basis == Inspection.Basis.REASON
    assert inspection.routine is False


def test_rejected_reason_allows_no_visit(
    enterprise_a, officers, enforcement_head, district_a_leader
):
    from ecobureau.casework import services as casework_services

    reason = a_reason(enterprise_a, officers[0])
    approval = selectors.reason_approval(reason)
    assert approval is not None
    casework_services.approval_review(
        approval=approval, opinion="请领导定", by=district_a_leader
    )
    casework_services.approval_decide(
        approval=approval, decision="reject", opinion="无必要", by=enforcement_head
    )
    with pytest.raises(ValidationError, match="尚未经批准"):
        services.inspection_plan(by=officers[0], officers=officers, reason=reason)


def test_positive_list_reason_is_approved_by_the_head_of_enforcement_only(
    enterprise_a, officers, enforcement_head, district_a_leader, city_leader
):
    from ecobureau.casework import services as casework_services

    enterprise_services.positive_list_add(
        enterprise=enterprise_a, on=date(2026, 1, 5), reason="A级", by=city_leader
    )
    reason = a_reason(enterprise_a, officers[0])
    assert reason.listed is True
    approval = selectors.reason_approval(reason)
    assert approval is not None
    assert approval.approver_roles == ["enforcement_head"]
    casework_services.approval_review(approval=approval, opinion="同意", by=city_leader)
    # a sub-bureau head may not approve a positive-list check
    with pytest.raises(PermissionDenied):
        casework_services.approval_decide(
            approval=approval, decision="approve", opinion="", by=district_a_leader
        )
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="", by=enforcement_head
    )
    approval.refresh_from_db()
    assert approval.status == Approval.Status.APPROVED


def test_reason_names_a_source_the_proposer_may_see(enterprise_a, officers):
    with pytest.raises(ValidationError, match="来源编号"):
        services.reason_request(
            enterprise=enterprise_a,
            source=InspectionReason.Source.COMPLAINT,
            reason="群众投诉异味",
            by=officers[0],
        )
    with pytest.raises(ValidationError, match="不存在或不在您的数据范围内"):
        services.reason_request(
            enterprise=enterprise_a,
            source=InspectionReason.Source.COMPLAINT,
            source_id=999999,
            reason="群众投诉异味",
            by=officers[0],
        )
    with pytest.raises(ValidationError, match="来源说明"):
        services.reason_request(
            enterprise=enterprise_a,
            source=InspectionReason.Source.DRONE,
            reason="无人机发现",
            by=officers[0],
        )
    assert not InspectionReason.objects.exists()


def test_one_officer_is_not_enough(enterprise_a, officers, enforcement_head):
    task = plan_task(enterprise_a, officers, enforcement_head)
    with pytest.raises(ValidationError, match="不得少于2人"):
        services.inspection_plan(by=enforcement_head, officers=officers[:1], task=task)


def test_officer_without_credential_or_grid_officer_may_not_inspect(
    enterprise_a, officers, enforcement_head, team
):
    task = plan_task(enterprise_a, officers, enforcement_head)
    uncredentialed = cast(
        User,
        UserFactory(
            username="no-card",
            full_name="无证人员",
            unit=team,
            credential_no="",
            role_codes=["enforcement_officer"],
        ),
    )
    with pytest.raises(ValidationError, match="执法证"):
        services.inspection_plan(
            by=enforcement_head, officers=[officers[0], uncredentialed], task=task
        )
    grid_officer = cast(
        User,
        UserFactory(
            username="grid-x",
            full_name="网格员",
            unit=team,
            credential_no="21039999999",
            role_codes=["grid_officer", "enforcement_officer"],
        ),
    )
    with pytest.raises(ValidationError, match="网格员"):
        services.inspection_plan(
            by=enforcement_head, officers=[officers[0], grid_officer], task=task
        )


def test_person_without_the_permission_may_not_plan(
    enterprise_a, officers, enforcement_head, district_a_officer
):
    task = plan_task(enterprise_a, officers, enforcement_head)
    with pytest.raises(PermissionDenied):
        services.inspection_plan(by=district_a_officer, officers=officers, task=task)
