"""Opening a case: the program-start approval (or 24 hours after an urgent start),
the filing decision within 15 (+15) days, the real-name complainant told when no
case is opened, and who sees a case."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Approval, Clock

from .. import selectors, services
from ..models import EnforcementCase
from .conftest import write_record


@pytest.fixture
def done_inspection(on_site, officers, code_a):
    write_record(on_site, officers[0])
    for officer in officers:
        services.inspection_check_out(
            inspection=on_site, by=officer, token=code_a.token
        )
    services.inspection_finish(
        inspection=on_site, by=officers[0], no_recording_reason="测试：设备故障"
    )
    on_site.refresh_from_db()
    return on_site


def open_from_inspection(inspection, officers, **extra):
    values = {
        "enterprise": inspection.enterprise,
        "source": EnforcementCase.Source.INSPECTION,
        "inspection": inspection,
        "start_reason": "现场检查发现危险废物未按规定贮存。",
        "facts": "危废间约0.5吨废矿物油露天堆放。",
        "officers": officers,
        "by": officers[0],
    }
    values.update(extra)
    return services.case_open(**values)


def approve_start(case, reviewer, approver):
    approval = selectors.case_start_approval(case)
    assert approval is not None
    casework_services.approval_review(
        approval=approval, opinion="拟同意。", by=reviewer
    )
    casework_services.approval_decide(
        approval=approval, decision="approve", opinion="同意启动。", by=approver
    )


def filing_clock(case):
    return Clock.objects.get(
        target_type="enforcement.enforcementcase", target_id=case.pk, step="registered"
    )


def test_case_from_an_inspection_needs_the_start_approval_before_filing(
    done_inspection, officers, enforcement_head, city_leader
):
    case = open_from_inspection(done_inspection, officers)
    assert case.status == "registered"
    clock = filing_clock(case)
    assert clock.amount == 15 and clock.unit == "days"
    approval = selectors.case_start_approval(case)
    assert approval is not None and approval.approver_roles == ["bureau_leader"]
    with pytest.raises(ValidationError, match="程序启动审批尚未批准"):
        services.case_file(case=case, by=enforcement_head)
    approve_start(case, enforcement_head, city_leader)
    services.case_file(case=case, by=enforcement_head)
    case.refresh_from_db()
    assert case.status == "investigating"
    assert case.filed_at is not None
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET


def test_case_from_an_unfinished_inspection_or_another_enterprise_is_refused(
    on_site, officers, enterprise_b
):
    with pytest.raises(ValidationError, match="完成后"):
        open_from_inspection(on_site, officers)
    with pytest.raises((ValidationError, PermissionDenied)):
        open_from_inspection(on_site, officers, enterprise=enterprise_b)
    assert not EnforcementCase.objects.exists()


def test_urgent_start_has_24_hours_to_propose_the_approval(
    enterprise_a, officers, enforcement_head, city_leader
):
    case = services.case_open(
        enterprise=enterprise_a,
        source=EnforcementCase.Source.TRANSFER,
        reference="鞍山市公安局移送函〔2026〕3号",
        start_reason="公安机关移送：夜间偷排。",
        facts="企业通过暗管向河道排放废水。",
        officers=officers,
        by=officers[0],
        urgent=True,
    )
    assert selectors.case_start_approval(case) is None
    clock = Clock.objects.get(target_id=case.pk, step="start_approval")
    assert clock.unit == "hours" and clock.amount == 24
    services.case_start_approval_propose(case=case, by=officers[0])
    clock.refresh_from_db()
    assert clock.state == Clock.State.MET
    with pytest.raises(ValidationError, match="已提请"):
        services.case_start_approval_propose(case=case, by=officers[0])
    approve_start(case, enforcement_head, city_leader)
    services.case_file(case=case, by=enforcement_head)
    case.refresh_from_db()
    assert case.status == "investigating"


def test_late_urgent_approval_is_missed(enterprise_a, officers):
    case = services.case_open(
        enterprise=enterprise_a,
        source=EnforcementCase.Source.TRANSFER,
        reference="上级交办",
        start_reason="交办",
        facts="偷排",
        officers=officers,
        by=officers[0],
        urgent=True,
    )
    with time_machine.travel(timezone.now() + timedelta(hours=30)):
        services.case_start_approval_propose(case=case, by=officers[0])
    clock = Clock.objects.get(target_id=case.pk, step="start_approval")
    assert clock.state == Clock.State.MISSED


def test_transfer_needs_its_reference(enterprise_a, officers):
    with pytest.raises(ValidationError, match="移送机关"):
        services.case_open(
            enterprise=enterprise_a,
            source=EnforcementCase.Source.TRANSFER,
            start_reason="移送",
            facts="偷排",
            officers=officers,
            by=officers[0],
        )


def test_filing_deadline_extends_once_by_15_days_with_the_head(
    done_inspection, officers, enforcement_head
):
    case = open_from_inspection(done_inspection, officers)
    clock = filing_clock(case)
    due = clock.due_at
    with pytest.raises(PermissionDenied):
        services.case_filing_extend(case=case, reason="需补充调查", by=officers[0])
    services.case_filing_extend(
        case=case, reason="案情复杂，需补充调查。", by=enforcement_head
    )
    clock.refresh_from_db()
    assert clock.due_at >= due + timedelta(days=15)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.case_filing_extend(case=case, reason="再延", by=enforcement_head)


def test_decline_records_the_reason(done_inspection, officers, enforcement_head):
    case = open_from_inspection(done_inspection, officers)
    with pytest.raises(ValidationError, match="不予立案理由"):
        services.case_decline(case=case, reason="", by=enforcement_head)
    services.case_decline(
        case=case, reason="经核查不存在违法事实。", by=enforcement_head
    )
    case.refresh_from_db()
    assert case.status == "not_filed"


def test_real_name_complainant_must_be_told_when_no_case_is_opened(
    done_inspection, officers, enforcement_head
):
    # a case from a real-name complaint (the flag as case_open sets it from the
    # complaint; the complaint module's own tests cover its real_name rule)
    case = open_from_inspection(done_inspection, officers)
    EnforcementCase.objects.filter(pk=case.pk).update(real_name_complaint=True)
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="第九条"):
        services.case_decline(case=case, reason="不构成违法。", by=enforcement_head)
    services.case_decline(
        case=case,
        reason="不构成违法。",
        complainant_told="2026-11-20 电话告知投诉人不予立案及理由",
        by=enforcement_head,
    )
    case.refresh_from_db()
    assert case.status == "not_filed"
    assert "电话告知" in case.complainant_told


def test_officer_may_not_decide_filing(done_inspection, officers):
    case = open_from_inspection(done_inspection, officers)
    with pytest.raises(PermissionDenied):
        services.case_decline(case=case, reason="x", by=officers[0])


def test_only_the_cases_officers_and_their_heads_see_it(
    client,
    done_inspection,
    officers,
    other_officer,
    enforcement_head,
    city_leader,
    district_b_officer,
    enterprise_user_a,
    enterprise_user_b,
):
    case = open_from_inspection(done_inspection, officers)
    seen = {
        user.username
        for user in (officers[0], other_officer, enforcement_head, district_b_officer)
        if selectors.case_list_for_user(user).filter(pk=case.pk).exists()
    }
    assert seen == {officers[0].username, enforcement_head.username}
    # the party sees its own case once filed, another enterprise never
    assert not selectors.case_list_for_user(enterprise_user_a).exists()
    approve_start(case, enforcement_head, city_leader)
    services.case_file(case=case, by=enforcement_head)
    assert selectors.case_list_for_user(enterprise_user_a).filter(pk=case.pk).exists()
    assert not selectors.case_list_for_user(enterprise_user_b).exists()
    client.force_login(other_officer)
    url = reverse("enforcement:case-detail", args=[case.pk])
    assert client.get(url).status_code == 404
    client.force_login(officers[1])
    assert client.get(url).status_code == 200


def test_case_page_files_the_case(
    client, done_inspection, officers, enforcement_head, city_leader
):
    case = open_from_inspection(done_inspection, officers)
    approve_start(case, enforcement_head, city_leader)
    client.force_login(enforcement_head)
    url = reverse("enforcement:case-detail", args=[case.pk])
    assert "立案" in client.get(url).content.decode()
    response = client.post(url, {"action": "file"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "investigating"
    assert Approval.objects.filter(target_id=case.pk).count() == 1
