"""Writes of the public-opinion events (舆情; seed 000 与群众互动: a response
system with reply time limits). Re-exported by services.py: callers write
`services.opinion_register(...)`.

registered (待研判分派) → handling → reviewing → replied → closed
(processes.OPINION). The reply clock runs in calendar hours from discovery to
the approved reply (limits.py, 示例配置). `opinion_assign` is the 研判并分派 step:
it names who handles the event — bureau staff who may handle incidents and can
see the event, checked here as enterprise_help.help_assign checks a helper —
gives them the step's work item, moves the reply clock's responsible person to
them, and tells them in the inbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise
from ecobureau.notifications import services as notifications

from . import limits, selectors
from .models import Incident, OpinionEvent
from .processes import OPINION

HANDLE = "emergencies.handle_incident"


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied("您没有该操作的权限。")


@transaction.atomic
def opinion_register(
    *,
    by: User,
    title: str,
    channel: str,
    content: str,
    grade: str,
    discovered_at: datetime | None = None,
    url: str = "",
    spread: str = "",
    enterprise: Enterprise | None = None,
    incident: Incident | None = None,
    district: Division | None = None,
    unit: Unit | None = None,
    assignee: User | None = None,
) -> OpinionEvent:
    """Register an opinion event; its reply clock runs from discovery."""
    _require(by, HANDLE)
    if grade not in limits.OPINION_REPLY_HOURS:
        raise ValidationError("请选择舆情级别。")
    now = timezone.now()
    discovered_at = discovered_at or now
    if discovered_at > now:
        raise ValidationError("发现时间不能晚于当前时间。")
    if enterprise is not None and district is None:
        district = enterprise.district
    event = OpinionEvent.objects.create(
        title=title.strip(),
        channel=channel,
        url=url.strip(),
        content=content.strip(),
        spread=spread.strip(),
        grade=grade,
        discovered_at=discovered_at,
        enterprise=enterprise,
        incident=incident,
        district=district,
        unit=unit or by.unit,
        assignee=assignee or by,
        created_by=by,
    )
    casework.case_start(process=OPINION, case=event, step="registered", by=by)
    casework.clock_start(
        target=event,
        step="reply",
        label="舆情回复时限",
        amount=limits.opinion_reply_hours(grade),
        unit=Clock.Unit.HOURS,
        basis=limits.OPINION_BASIS,
        started_at=discovered_at,
        by=by,
        responsible=event.assignee,
        responsible_unit=event.unit,
        district=event.district,
    )
    return event


def may_handle(person: User, event: OpinionEvent) -> bool:
    """Whether `person` may be named to handle `event`: active bureau staff who
    hold the handling permission and whose data scope shows the event."""
    return (
        person.is_active
        and person.kind == User.Kind.STAFF
        and person.has_perm(HANDLE)
        and selectors.opinion_list_for_user(person).filter(pk=event.pk).exists()
    )


@transaction.atomic
def opinion_assign(
    *, event: OpinionEvent, by: User, handler: User, note: str = ""
) -> OpinionEvent:
    """研判并分派: name the person who handles the event. The handling step's
    work item opens for them (casework), the running reply clock's responsible
    person becomes them (the sweep's overdue message then reaches the person who
    answers), and they are told in the inbox."""
    casework.check_may_act(
        process=OPINION, transition=OPINION.transition("assign"), case=event, by=by
    )
    if not may_handle(handler, event):
        raise ValidationError(
            "办理人须为有舆情办理权限、且能查看该舆情事件的本局工作人员。"
        )
    casework.case_transition(
        process=OPINION,
        case=event,
        transition="assign",
        by=by,
        assignee=handler,
        note=note.strip(),
    )
    casework.clocks_for(event).filter(
        step="reply", state__in=Clock.OPEN_STATES, responsible__isnull=False
    ).update(responsible=handler)
    if handler.pk != by.pk:
        notifications.send(
            recipients=[handler],
            title=f"舆情已分派您办理：{event.title}",
            body=f"分派人：{by.display_name}",
            url=event.get_absolute_url(),
            dedupe_key=f"emergencies:opinion:{event.pk}:assign:{event.version}",
        )
    return event


@transaction.atomic
def opinion_transition(
    *,
    event: OpinionEvent,
    transition: str,
    by: User,
    changes: dict[str, Any] | None = None,
    assignee: User | None = None,
) -> OpinionEvent:
    """submit / return / close (and `assign` without naming anyone: the event
    stays with its present handler); `approve` goes through opinion_approve,
    naming a handler through opinion_assign."""
    if transition == "approve":
        raise ValueError("use opinion_approve")
    if transition == "assign" and assignee is not None:
        raise ValueError("use opinion_assign")
    changes = dict(changes or {})
    if transition == "submit":
        changes["drafted_by"] = by
    casework.case_transition(
        process=OPINION,
        case=event,
        transition=transition,
        by=by,
        changes=changes,
        assignee=assignee,
    )
    return event


@transaction.atomic
def opinion_approve(*, event: OpinionEvent, by: User) -> OpinionEvent:
    """The reviewer approves the draft: it becomes the published reply and the
    reply clock stops (met or missed)."""
    now = timezone.now()
    casework.case_transition(
        process=OPINION,
        case=event,
        transition="approve",
        by=by,
        changes={"reviewed_by": by, "reply_text": event.reply_draft, "replied_at": now},
    )
    for clock in casework.clocks_for(event).filter(
        step="reply", state__in=Clock.OPEN_STATES
    ):
        casework.clock_stop(clock=clock, by=by, at=now)
    return event
