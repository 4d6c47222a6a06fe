"""The clocks: acceptance 15 days, handling 60 days from acceptance, one extension
of at most 30 days with a reason (rules.md J1–J2), dispatch deadlines."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.casework.models import Accountability, Clock
from ecobureau.complaints import services
from ecobureau.complaints.models import Complaint
from ecobureau.lib.dates import SHANGHAI

from .conftest import submit

pytestmark = pytest.mark.django_db
START = datetime(2026, 9, 7, 10, 0, tzinfo=SHANGHAI)  # a Monday


def _clock(complaint, step):
    return Clock.objects.get(
        target_type="complaints.complaint", target_id=complaint.pk, step=step
    )


def test_acceptance_within_15_days_then_handling_within_60_days_of_acceptance(
    desk, desk_officer
):
    with time_machine.travel(START, tick=False):
        complaint = submit(by=desk_officer)
    # 15 calendar days: 2026-09-22, a Tuesday.
    assert (
        _clock(complaint, "received").due_at.astimezone(SHANGHAI).date().isoformat()
        == "2026-09-22"
    )
    with time_machine.travel(START + timedelta(days=3), tick=False):
        services.complaint_accept(complaint=complaint, by=desk_officer)
    assert _clock(complaint, "received").state == Clock.State.MET
    handling = _clock(complaint, "handling")
    # 60 days from 2026-09-10 is 2026-11-09 (a Monday).
    assert handling.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-09"
    complaint.refresh_from_db()
    assert complaint.handling_due_at == handling.due_at


def test_a_late_acceptance_is_missed_and_followed_up(desk, desk_officer):
    with time_machine.travel(START, tick=False):
        complaint = submit(by=desk_officer)
    with time_machine.travel(START + timedelta(days=20), tick=False):
        services.complaint_accept(complaint=complaint, by=desk_officer)
    assert _clock(complaint, "received").state == Clock.State.MISSED
    assert Accountability.objects.filter(source_type="casework.clock").exists()


@pytest.fixture
def accepted(desk, desk_officer):
    with time_machine.travel(START, tick=False):
        complaint = submit(by=desk_officer)
        services.complaint_accept(complaint=complaint, by=desk_officer)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def desk_head(desk):
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="desk-head", unit=desk, scope="city", role_codes=["section_head"]
    )


def test_one_extension_of_at_most_30_days_by_a_head_with_a_reason(
    accepted, desk_officer, desk_head
):
    with pytest.raises(PermissionDenied):
        services.complaint_extend(
            complaint=accepted, days=10, reason="需要监测", by=desk_officer
        )
    with pytest.raises(ValidationError, match="1至30日"):
        services.complaint_extend(
            complaint=accepted, days=31, reason="需要监测", by=desk_head
        )
    with pytest.raises(ValidationError, match="理由"):
        services.complaint_extend(complaint=accepted, days=10, reason=" ", by=desk_head)
    assert (
        accepted.handling_due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-06"
    )
    services.complaint_extend(
        complaint=accepted, days=30, reason="需委托监测", by=desk_head
    )
    accepted.refresh_from_db()
    # 90 days from 2026-09-07 is Sunday 2026-12-06: the next working day.
    assert (
        accepted.handling_due_at.astimezone(SHANGHAI).date().isoformat() == "2026-12-07"
    )
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.complaint_extend(
            complaint=accepted, days=1, reason="再延", by=desk_head
        )


def _through_to_handled(complaint, by, unit):
    services.complaint_dispatch(
        complaint=complaint,
        orders=[services.DispatchOrder(unit=unit, kind="section", days=10, lead=True)],
        by=by,
    )
    dispatch = complaint.dispatches.get()
    services.dispatch_feedback(
        dispatch=dispatch, feedback="已查实", finding="true", by=by
    )
    services.complaint_handle(
        complaint=complaint,
        by=by,
        survey="现场检查",
        finding="true",
        measures="责令整改",
    )


def test_the_reply_stops_the_handling_clock(accepted, desk_officer, desk):
    with time_machine.travel(START + timedelta(days=5), tick=False):
        _through_to_handled(accepted, desk_officer, desk)
        services.complaint_reply(
            complaint=accepted,
            by=desk_officer,
            reply_text="已责令整改",
            reply_method="phone",
            no_enforcement_reason="已责令整改，违法行为轻微并及时改正，依法不予行政处罚",
        )
    accepted.refresh_from_db()
    assert accepted.status == Complaint.Status.CLOSED
    assert _clock(accepted, "handling").state == Clock.State.MET


def test_a_dispatch_has_its_own_deadline_inside_the_handling_limit(
    accepted, desk_officer, department
):
    with time_machine.travel(START + timedelta(days=1), tick=False):
        with pytest.raises(ValidationError, match="超过了本件办结期限"):
            services.complaint_dispatch(
                complaint=accepted,
                orders=[
                    services.DispatchOrder(
                        unit=department, kind="department", days=90, lead=True
                    )
                ],
                by=desk_officer,
            )
        (dispatch,) = services.complaint_dispatch(
            complaint=accepted,
            orders=[
                services.DispatchOrder(
                    unit=department, kind="department", days=7, lead=True
                )
            ],
            by=desk_officer,
        )
    clock = Clock.objects.get(target_type="complaints.dispatch", target_id=dispatch.pk)
    assert (clock.amount, clock.responsible_unit) == (7, department)
    assert dispatch.due_at == clock.due_at
