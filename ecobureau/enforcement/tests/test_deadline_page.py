"""The 90-day decision deadline page (P4): extensions and the periods not counted
(hearing, announcement, testing, suspension, …), recorded by a head in scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Record

from ..services import decisions
from .test_decisions import propose


@pytest.fixture
def district_b_head(sub_bureau_b, district_b) -> User:
    """铁西分局负责人: a head, but the case of district A is outside his scope."""
    return UserFactory(
        username="tiexi-head",
        full_name="孙分局长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )


def test_a_finished_hearing_period_moves_the_due_day(
    investigated, officers, enforcement_head
):
    # given a proposed penalty: the 90-day clock runs from filing
    propose(investigated, officers[0], fine="150000")
    clock = decisions.deadline_clock(investigated)
    assert clock is not None
    due = clock.due_at
    # when, ten days later, a head records a 5-day hearing period already over
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        today = timezone.localdate()
        decisions.deadline_pause(
            case=investigated,
            reason="hearing",
            note="听证（听通〔2026〕1号）",
            starts_on=today - timedelta(days=5),
            ends_on=today - timedelta(days=1),
            by=enforcement_head,
        )
        # then the period is on the clock and recorded. The due day moves by it
        # only where the holiday calendar covers the due day (rules.md K1: data
        # up to 2026; a 90-day clock started now ends in 2027, so it is
        # provisional and kept as computed by casework).
        clock.refresh_from_db()
        pause = clock.pauses.get()
        assert (pause.starts_on, pause.ends_on) == (
            today - timedelta(days=5),
            today - timedelta(days=1),
        )
        if not clock.provisional:
            assert timedelta(days=3) <= clock.due_at - due <= timedelta(days=8)
        assert Record.objects.filter(
            action="enforcement.decision_deadline_pause", target_id=investigated.pk
        ).exists()
        # an overlapping period is refused, and one before filing
        with pytest.raises(ValidationError, match="重叠"):
            decisions.deadline_pause(
                case=investigated,
                reason="appraisal",
                note="",
                starts_on=today - timedelta(days=2),
                by=enforcement_head,
            )
        with pytest.raises(ValidationError, match="早于立案日"):
            decisions.deadline_pause(
                case=investigated,
                reason="suspension",
                note="",
                starts_on=today - timedelta(days=30),
                ends_on=today - timedelta(days=29),
                by=enforcement_head,
            )


def test_a_running_pause_is_resumed_and_other_needs_a_note(
    investigated, officers, enforcement_head
):
    propose(investigated, officers[0], fine="150000")
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="说明期间的种类"):
        decisions.deadline_pause(
            case=investigated,
            reason="other",
            note=" ",
            starts_on=today,
            by=enforcement_head,
        )
    decisions.deadline_pause(
        case=investigated,
        reason="announcement",
        note="公告送达",
        starts_on=today,
        by=enforcement_head,
    )
    clock = decisions.deadline_clock(investigated)
    assert clock is not None and clock.state == "paused"
    clock = decisions.deadline_resume(
        case=investigated, ends_on=today, by=enforcement_head
    )
    assert clock.state != "paused"
    assert clock.pauses.get().ends_on == today


def test_only_a_head_in_scope_records(
    investigated, officers, enforcement_head, district_b_head
):
    propose(investigated, officers[0], fine="150000")
    today = timezone.localdate()
    for outsider in (officers[0], district_b_head):
        with pytest.raises(PermissionDenied):
            decisions.deadline_pause(
                case=investigated,
                reason="hearing",
                note="",
                starts_on=today,
                by=outsider,
            )
    with pytest.raises(PermissionDenied):
        decisions.deadline_extend(case=investigated, reason="x", by=district_b_head)


def test_page_extends_keeps_bad_input_and_hides_the_case_from_outsiders(
    client,
    investigated,
    officers,
    enforcement_head,
    district_b_officer,
    enterprise_user_a,
):
    propose(investigated, officers[0], fine="150000")
    url = reverse("enforcement:deadline", args=[investigated.pk])
    client.force_login(enforcement_head)
    # a pause with no start day: refused, the note typed is kept
    page = client.post(
        url, {"action": "pause", "pause_reason": "appraisal", "note": "鉴定意见书"}
    )
    assert page.status_code == 400
    assert "请填写起始日" in page.content.decode()
    assert 'value="鉴定意见书"' in page.content.decode()
    response = client.post(url, {"action": "extend", "reason": "案情复杂，需补充鉴定"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "延长30日：案情复杂，需补充鉴定" in page
    clock = decisions.deadline_clock(investigated)
    assert clock is not None and clock.extensions.count() == 1
    # an officer on the case reads it but cannot extend
    client.force_login(officers[0])
    assert client.get(url).status_code == 200
    page = client.post(url, {"action": "extend", "reason": "再延长"})
    assert "须由相应岗位人员办理" in page.content.decode()
    assert clock.extensions.count() == 1
    # another district's staff and the party do not see it
    client.force_login(district_b_officer)
    assert client.get(url).status_code in (403, 404)
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403, 404)
