"""Oversight of the rectification work itself: the party working committee's
meetings on environmental protection, at least one every two months (seed 001
五1; B12), and the supervision visits — 纪工委's monthly on-site supervision and
special supervision of an area or field (五6; B17) — scheduled and recorded.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division

from ..models import CommitteeMeeting, PetitionCase, RectificationTask, SupervisionVisit
from ._common import _require, _today

MEETING_EVERY_MONTHS = 2  # 五1: "每两个月至少研究一次环境保护工作"


@transaction.atomic
def meeting_schedule(*, by: User, planned_on: date, topics: str) -> CommitteeMeeting:
    _require(by, "manage_ledger")
    if not topics.strip():
        raise ValidationError("请填写研究议题。")
    meeting = CommitteeMeeting.objects.create(
        planned_on=planned_on, topics=topics.strip(), by=by
    )
    records.append(
        action="rectification.meeting_schedule",
        target=meeting,
        actor=by,
        after={"planned_on": planned_on},
    )
    return meeting


@transaction.atomic
def meeting_record(
    *, by: User, meeting: CommitteeMeeting, held_on: date, minutes: str
) -> CommitteeMeeting:
    _require(by, "manage_ledger")
    if held_on > _today():
        raise ValidationError("召开日期不能晚于今天。")
    if not minutes.strip():
        raise ValidationError("请填写会议纪要（研究解决的问题）。")
    meeting.held_on, meeting.minutes = held_on, minutes.strip()
    meeting.save(update_fields=["held_on", "minutes", "updated_at"])
    records.append(
        action="rectification.meeting_record",
        target=meeting,
        actor=by,
        after={"held_on": held_on},
    )
    return meeting


def _period_of(day: date) -> int:
    """Two-month periods of a year: Jan–Feb is 0, Mar–Apr 1, … Nov–Dec 5."""
    return (day.month - 1) // MEETING_EVERY_MONTHS


def meeting_gaps(year: int, *, today: date) -> list[str]:
    """The two-month periods of `year`, ended by `today`, with no meeting held."""
    held = {
        _period_of(d)
        for d in CommitteeMeeting.objects.filter(
            held_on__year=year, held_on__isnull=False
        ).values_list("held_on", flat=True)
        if d is not None
    }
    gaps = []
    for period in range(12 // MEETING_EVERY_MONTHS):
        first = period * MEETING_EVERY_MONTHS + 1
        last = first + MEETING_EVERY_MONTHS - 1
        ended = (year, last) < (today.year, today.month)
        if ended and period not in held:
            gaps.append(f"{year}年{first}—{last}月")
    return gaps


@transaction.atomic
def visit_schedule(
    *,
    by: User,
    kind: str,
    planned_on: date,
    focus: str,
    team: str,
    district: Division | None = None,
) -> SupervisionVisit:
    """Schedule a routine (纪工委, monthly) or special supervision. 五6: a special
    supervision's team is mainly the city rectification office's people, with
    experts and industry departments as needed — the team is named here."""
    _require(by, "manage_ledger")
    if kind not in SupervisionVisit.Kind.values:
        raise ValidationError("请选择督查类型。")
    if not (focus.strip() and team.strip()):
        raise ValidationError("请填写督查区域或领域和督查组成员。")
    visit = SupervisionVisit.objects.create(
        kind=kind,
        planned_on=planned_on,
        focus=focus.strip(),
        team=team.strip(),
        district=district,
        by=by,
    )
    records.append(
        action="rectification.visit_schedule",
        target=visit,
        actor=by,
        after={"kind": kind, "planned_on": planned_on},
    )
    return visit


@transaction.atomic
def visit_record(
    *,
    by: User,
    visit: SupervisionVisit,
    done_on: date,
    findings: str,
    follow_up: str = "",
    tasks: list[RectificationTask] | None = None,
    cases: list[PetitionCase] | None = None,
) -> SupervisionVisit:
    _require(by, "manage_ledger")
    if done_on > _today():
        raise ValidationError("督查日期不能晚于今天。")
    if not findings.strip():
        raise ValidationError("请填写督查发现的问题（无问题请写“未发现问题”）。")
    visit.done_on, visit.findings = done_on, findings.strip()
    visit.follow_up = follow_up.strip()
    visit.save(update_fields=["done_on", "findings", "follow_up", "updated_at"])
    if tasks:
        visit.tasks.add(*tasks)
    if cases:
        visit.cases.add(*cases)
    records.append(
        action="rectification.visit_record",
        target=visit,
        actor=by,
        after={
            "done_on": done_on,
            "tasks": len(tasks or ()),
            "cases": len(cases or ()),
        },
    )
    return visit


def routine_visit_gaps(year: int, *, today: date) -> list[str]:
    """Months of `year`, ended by `today`, with no routine (纪工委) visit done."""
    done = set(
        SupervisionVisit.objects.filter(
            kind=SupervisionVisit.Kind.ROUTINE, done_on__year=year
        ).values_list("done_on__month", flat=True)
    )
    return [
        f"{year}年{month}月"
        for month in range(1, 13)
        if (year, month) < (today.year, today.month) and month not in done
    ]
