"""Environmental emergencies for leaders (issue 14): incidents (突发环境事件) by grade,
open or closed, their reports on time or late against the hour limits, and
public-opinion events (舆情) replied within their limit.

Everything is narrowed from the emergencies module's scoped lists,
`incident_list_for_user` and `opinion_list_for_user`, so a figure counts only what
the viewer may open and its drill-down lists exactly what it counts. That module
offers no scoped list of reports, so the reports are those of the incidents in the
scoped list (**leadership aggregate**, read-only on `emergencies.Report`); an
opinion event's reply is on time when its reply clock (casework, hours from
`emergencies.limits`, 示例配置 there) stopped MET — read-only on casework clocks,
as for the applications.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Clock
from ecobureau.emergencies import selectors as emergency_selectors
from ecobureau.emergencies.models import Incident, OpinionEvent, Report

from .base import Drill, _local, _name, reply_clock
from .levels import Level
from .periods import Period

SECTION = "突发环境事件与舆情"

# The incident process's steps (emergencies.processes.INCIDENT): 待核实 and
# 应急处置中 are open; 处置结束待评估 and 已评估总结 are closed (the response is
# over). 不构成突发环境事件 is no incident and is left out, as the module's own
# statistics (emergencies.statistics) leave it out.
DISMISSED = "dismissed"
OPEN_STEPS = ("received", "responding")
CLOSED_STEPS = ("closed", "reviewed")
UNGRADED = "未定级"


def _choices(model: Any, name: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in model._meta.get_field(name).choices or []}


INCIDENT_GRADES = _choices(Incident, "grade")  # 一般 … 特别重大, mildest first
OPINION_GRADES = _choices(OpinionEvent, "grade")


def incidents(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """Incidents the bureau learnt of in the period (获知时间), not dismissed."""
    return (
        emergency_selectors.incident_list_for_user(user)
        .filter(level.q(), received_at__gte=period.since, received_at__lt=period.until)
        .exclude(status=DISMISSED)
        .order_by("received_at", "pk")
    )


# A report is on time when sent by its limit (`Report.due_at`, from its clock in
# hours: 部令第17号 第三条 for the initial report, 示例配置 for the others); late
# when sent after it, or still unsent once it has passed. A report neither sent nor
# yet due is in neither.
REPORT_ON_TIME = Q(submitted_at__isnull=False, submitted_at__lte=F("due_at"))


def report_late_q() -> Q:
    return Q(submitted_at__gt=F("due_at")) | Q(
        submitted_at__isnull=True, due_at__lt=timezone.now()
    )


def reports(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """The bureau's reports upward whose limit fell in the period, of the
    incidents in the scoped list (cancelled reports are deleted by the emergencies
    services). The report to the people's congress standing committee is the
    government's (seed 002 四(三)2(1)), not the bureau's: left out of the bureau's
    on-time rate."""
    scoped = (
        emergency_selectors.incident_list_for_user(user)
        .filter(level.q())
        .exclude(status=DISMISSED)
    )
    return (
        Report.objects.filter(
            incident_id__in=scoped.values("pk"),
            due_at__gte=period.since,
            due_at__lt=period.until,
        )
        .exclude(kind=Report.Kind.CONGRESS)
        .select_related("incident")
        .order_by("due_at", "pk")
    )


def opinions(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """Opinion events discovered in the period, with their reply clock's state and
    limit."""
    return (
        emergency_selectors.opinion_list_for_user(user)
        .filter(
            level.q(), discovered_at__gte=period.since, discovered_at__lt=period.until
        )
        .annotate(
            reply_state=reply_clock(OpinionEvent, "state"),
            reply_due=reply_clock(OpinionEvent, "due_at"),
        )
        .order_by("discovered_at", "pk")
    )


REPLY_ON_TIME = Q(reply_state=Clock.State.MET)


def reply_late_q() -> Q:
    """Replied after the limit, or still unreplied once it has passed (whether or
    not the scheduled overdue sweep has marked the clock yet)."""
    return Q(reply_state=Clock.State.MISSED) | Q(
        reply_state__in=Clock.OPEN_STATES, reply_due__lt=timezone.now()
    )


@dataclass
class Counts:
    incidents: int = 0
    open: int = 0
    closed: int = 0
    by_grade: dict[str, int] = field(default_factory=dict)  # "" = ungraded
    reports: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    opinions: int = 0
    replied: int = 0
    replied_on_time: int = 0
    reply_late: int = 0


def counts(user: User, level: Level, period: Period) -> Counts:
    out = Counts()
    found = incidents(user, level, period)
    totals = found.aggregate(
        n=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STEPS)),
        closed=Count("pk", filter=Q(status__in=CLOSED_STEPS)),
    )
    out.incidents, out.open, out.closed = totals["n"], totals["open"], totals["closed"]
    out.by_grade = dict(
        found.order_by().values_list("grade").annotate(n=Count("pk")).order_by()
    )
    sent = reports(user, level, period).aggregate(
        n=Count("pk"),
        on_time=Count("pk", filter=REPORT_ON_TIME),
        late=Count("pk", filter=report_late_q()),
    )
    out.reports, out.reports_on_time, out.reports_late = (
        sent["n"],
        sent["on_time"],
        sent["late"],
    )
    # Counted, not aggregated: an aggregate over the annotated queryset becomes a
    # subquery whose filter PostgreSQL cannot see (as for the applications).
    events = opinions(user, level, period)
    out.opinions = events.count()
    out.replied = events.filter(replied_at__isnull=False).count()
    out.replied_on_time = events.filter(REPLY_ON_TIME).count()
    out.reply_late = events.filter(reply_late_q()).count()
    return out


def _report_state(r: Report) -> str:
    if r.submitted_at is not None:
        return "按时" if r.submitted_at <= r.due_at else "超时"
    return "逾期未报" if r.due_at < timezone.now() else "未到时限"


def _reply_label(o: Any) -> str:
    if o.reply_state == Clock.State.MET:
        return "时限内回复"
    if o.reply_state == Clock.State.MISSED:
        return "超时回复"
    if o.reply_state in Clock.OPEN_STATES:
        return "逾期未回复" if o.reply_due < timezone.now() else "未到时限"
    return "—"


DRILLS: dict[str, Drill] = {
    "incidents": Drill(
        SECTION,
        "突发环境事件",
        incidents,
        ("事件名称", "区县", "获知时间", "级别（初判）", "状态"),
        lambda i: (
            i.title,
            _name(i.district),
            _local(i.received_at),
            INCIDENT_GRADES.get(i.grade, UNGRADED),
            i.status_label,
        ),
        lambda i: i.get_absolute_url(),
    ),
    "incident-reports": Drill(
        SECTION,
        "事件信息报告",
        reports,
        ("事件", "报告", "报送时限", "报送时间", "是否按时"),
        lambda r: (
            r.incident.title,
            str(r),
            _local(r.due_at),
            _local(r.submitted_at),
            _report_state(r),
        ),
        lambda r: r.incident.get_absolute_url(),
    ),
    "opinions": Drill(
        SECTION,
        "舆情事件",
        opinions,
        ("舆情标题", "区县", "发现时间", "级别", "回复时间", "回复时限"),
        lambda o: (
            o.title,
            _name(o.district),
            _local(o.discovered_at),
            OPINION_GRADES.get(o.grade, o.grade),
            _local(o.replied_at),
            _reply_label(o),
        ),
        lambda o: o.get_absolute_url(),
    ),
}

FILTERS: dict[str, dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]]] = {
    "incidents": {
        "open": lambda qs: qs.filter(status__in=OPEN_STEPS),
        "closed": lambda qs: qs.filter(status__in=CLOSED_STEPS),
    },
    "incident-reports": {
        "on-time": lambda qs: qs.filter(REPORT_ON_TIME),
        "late": lambda qs: qs.filter(report_late_q()),
    },
    "opinions": {
        "replied": lambda qs: qs.filter(replied_at__isnull=False),
        "on-time": lambda qs: qs.filter(REPLY_ON_TIME),
        "late": lambda qs: qs.filter(reply_late_q()),
    },
}
