"""Tracked follow-up (跟踪督办) of a complaint hot spot (seed 000 与群众互动 §2
"重点梳理群众反映的热点、难点、堵点问题，开展跟踪督办"; requirements A82).

A supervisor opens a follow-up from a hot spot (area, type, enterprise or place):
the responsible unit, the requirement and a deadline in working days kept by a
casework clock (due-soon / overdue warnings, accountability when missed). The unit
reports progress; the supervisor closes it (销号) with what was done.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.core import records

from ..models import Complaint, FollowUp, FollowUpReport
from ..processes import FOLLOW_UP, FOLLOW_UP_BASIS

STEP = "supervising"
MAX_DAYS = 60


@transaction.atomic
def follow_up_open(
    *,
    title: str,
    dimension: str,
    hotspot: str,
    unit: Unit,
    requirement: str,
    days: int,
    by: User,
    complaints: Sequence[Complaint] = (),
) -> FollowUp:
    """Open a follow-up on a hot spot; its clock starts now."""
    if not by.has_perm("complaints.supervise_hotspot"):
        raise PermissionDenied("您没有开启跟踪督办的权限。")
    problems = []
    if not title.strip():
        problems.append("请填写督办事项。")
    if dimension not in FollowUp.Dimension.values:
        problems.append("请选择热点维度。")
    if not hotspot.strip():
        problems.append("请填写热点。")
    if not requirement.strip():
        problems.append("请填写督办要求。")
    if not 1 <= days <= MAX_DAYS:
        problems.append(f"办理时限为1至{MAX_DAYS}个工作日。")
    if problems:
        raise ValidationError(problems)
    district = unit.division if unit.division and unit.division.level == 2 else None
    follow_up = FollowUp.objects.create(
        status="",
        title=title.strip()[:120],
        dimension=dimension,
        hotspot=hotspot.strip()[:120],
        complaint_count=len(complaints),
        requirement=requirement.strip(),
        days=days,
        opened_by=by,
        unit=unit,
        district=district,
    )
    if complaints:
        follow_up.complaints.set(complaints)
    casework.case_start(process=FOLLOW_UP, case=follow_up, step=STEP, by=by)
    clock = casework.clock_start(
        target=follow_up,
        step=STEP,
        label="督办办理期限",
        amount=days,
        unit=Clock.Unit.WORKDAYS,
        basis=FOLLOW_UP_BASIS,
        by=by,
        responsible_unit=unit,
        district=district,
    )
    FollowUp.objects.filter(pk=follow_up.pk).update(due_at=clock.due_at)
    follow_up.due_at = clock.due_at
    return follow_up


def may_report(user: User, follow_up: FollowUp) -> bool:
    return (
        follow_up.status == FollowUp.Status.SUPERVISING
        and user.is_staff_member
        and (
            user.unit_id == follow_up.unit_id
            or user.has_perm("complaints.supervise_hotspot")
        )
    )


@transaction.atomic
def follow_up_report(*, follow_up: FollowUp, text: str, by: User) -> FollowUpReport:
    """A progress report of the responsible unit (or the supervisor's note)."""
    if not may_report(by, follow_up):
        raise PermissionDenied("只有责任单位可以报告督办进展。")
    if not text.strip():
        raise ValidationError("请填写进展情况。")
    report = FollowUpReport.objects.create(
        follow_up=follow_up,
        text=text.strip(),
        reported_by=by,
        reported_at=timezone.now(),
    )
    records.append(
        action="complaints.followup.report",
        target=follow_up,
        actor=by,
        data={"report": report.pk},
    )
    return report


@transaction.atomic
def follow_up_close(*, follow_up: FollowUp, closure_note: str, by: User) -> FollowUp:
    """销号: the supervisor closes it with what was done; the clock stops."""
    if not by.has_perm("complaints.supervise_hotspot"):
        raise PermissionDenied("只有督办人可以办结销号。")
    if not follow_up.reports.exists():
        raise ValidationError("责任单位尚未报告进展，不能销号。")
    casework.case_transition(
        process=FOLLOW_UP,
        case=follow_up,
        transition="close",
        by=by,
        changes={"closure_note": closure_note.strip(), "closed_at": timezone.now()},
    )
    return follow_up


def follow_up_clock(follow_up: FollowUp) -> Clock | None:
    return (
        Clock.objects.filter(
            target_type=follow_up._meta.label_lower, target_id=follow_up.pk, step=STEP
        )
        .order_by("-started_at")
        .first()
    )
