"""Working with enterprises for leaders (issue 12 item 6; A69, A76, E16): service
commissioners (服务专员) in post, visits (of which the monthly 百名干部进千家企业),
and enterprises' demands (企业环保治理需求) answered within their limit and rated.

Each figure is narrowed from the engagement module's scoped lists
(`commissioner_list_for_user`, `visit_list_for_user`, `demand_list_for_user`), so
it counts only what the viewer may open, and its drill-down lists exactly what it
counts. A demand's answer is on time when its reply clock (casework, working days
from `engagement.rules`, 示例配置 there) stopped MET — read-only on casework clocks,
as for the opinion events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Clock
from ecobureau.engagement import rules as engagement_rules
from ecobureau.engagement import selectors as engagement_selectors
from ecobureau.engagement.models import Commissioner, Demand, Visit

from .assessment import units_visible
from .base import Drill, _local, _name, reply_clock
from .levels import Level
from .periods import Period

SECTION = "与企业互动"
PERMISSIONS = (
    "engagement.view_commissioner",
    "engagement.view_visit",
    "engagement.view_demand",
)


def may_view(user: User) -> bool:
    return any(user.has_perm(perm) for perm in PERMISSIONS)


def commissioners(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """Commissioners in post at some time in the period. A unit's page counts the
    commissioners who belong to the unit (the assignment names a person, not a
    unit)."""
    return (
        engagement_selectors.commissioner_list_for_user(user, active_only=False)
        .filter(
            level.q(unit="commissioner__unit"),
            Q(ended_on__isnull=True) | Q(ended_on__gte=period.start),
            started_on__lt=period.end,
        )
        .order_by("enterprise__name", "started_on", "pk")
    )


def visits(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """Visits made in the period (走访日期)."""
    return (
        engagement_selectors.visit_list_for_user(user)
        .filter(level.q(), visited_on__gte=period.start, visited_on__lt=period.end)
        .order_by("visited_on", "pk")
    )


def demands(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """Demands filed in the period, with their reply clock's state and limit."""
    return (
        engagement_selectors.demand_list_for_user(user)
        .filter(level.q(), filed_at__gte=period.since, filed_at__lt=period.until)
        .annotate(
            reply_state=reply_clock(Demand, "state"),
            reply_due=reply_clock(Demand, "due_at"),
        )
        .order_by("filed_at", "pk")
    )


ANSWER_ON_TIME = Q(reply_state=Clock.State.MET)
SATISFIED = Q(rating__gte=engagement_rules.SATISFIED_FROM)


def answer_late_q() -> Q:
    """Answered after the limit, or unanswered once it has passed (marked by the
    sweep or not)."""
    return Q(reply_state=Clock.State.MISSED) | Q(
        reply_state__in=Clock.OPEN_STATES, reply_due__lt=timezone.now()
    )


@dataclass
class Counts:
    commissioners: int = 0
    enterprises_served: int = 0
    visits: int = 0
    cadre_visits: int = 0
    cadres_visiting: int = 0
    enterprises_visited: int = 0
    demands: int = 0
    green_channel: int = 0
    answered: int = 0
    answered_on_time: int = 0
    answer_late: int = 0
    rated: int = 0
    satisfied: int = 0


def counts(user: User, level: Level, period: Period) -> Counts:
    out = Counts()
    posts = commissioners(user, level, period).aggregate(
        n=Count("pk"), enterprises=Count("enterprise", distinct=True)
    )
    out.commissioners, out.enterprises_served = posts["n"], posts["enterprises"]
    made = visits(user, level, period).aggregate(
        n=Count("pk"),
        cadres=Count("pk", filter=Q(kind=Visit.Kind.HUNDRED_CADRES)),
        cadre_people=Count(
            "visitor", filter=Q(kind=Visit.Kind.HUNDRED_CADRES), distinct=True
        ),
        enterprises=Count("enterprise", distinct=True),
    )
    out.visits, out.cadre_visits = made["n"], made["cadres"]
    out.cadres_visiting, out.enterprises_visited = (
        made["cadre_people"],
        made["enterprises"],
    )
    # Counted, not aggregated: an aggregate over the annotated queryset becomes a
    # subquery whose filter PostgreSQL cannot see (as for the opinion events).
    filed = demands(user, level, period)
    out.demands = filed.count()
    out.green_channel = filed.filter(green_channel=True).count()
    out.answered = filed.filter(answered_at__isnull=False).count()
    out.answered_on_time = filed.filter(ANSWER_ON_TIME).count()
    out.answer_late = filed.filter(answer_late_q()).count()
    out.rated = filed.filter(rating__isnull=False).count()
    out.satisfied = filed.filter(SATISFIED).count()
    return out


def _answer_label(d: Any) -> str:
    if d.reply_state == Clock.State.MET:
        return "时限内答复"
    if d.reply_state == Clock.State.MISSED:
        return "超时答复"
    if d.reply_state in Clock.OPEN_STATES:
        return "逾期未答复" if d.reply_due < timezone.now() else "未到时限"
    return "—"


def _commissioner_end(c: Commissioner) -> str:
    return f"{c.ended_on:%Y-%m-%d}" if c.ended_on else "在岗"


DRILLS: dict[str, Drill] = {
    "commissioners": Drill(
        SECTION,
        "服务专员",
        commissioners,
        ("企业", "服务专员", "职级", "起始日期", "结束日期"),
        lambda c: (
            c.enterprise.name,
            _name(c.commissioner),
            c.get_rank_display(),
            f"{c.started_on:%Y-%m-%d}",
            _commissioner_end(c),
        ),
        # No page of one assignment: the list, where it is a row.
        lambda c: reverse("engagement:commissioner-list"),
    ),
    "visits": Drill(
        SECTION,
        "走访企业",
        visits,
        ("企业", "类型", "走访人", "走访日期", "了解到的困难和问题"),
        lambda v: (
            v.enterprise.name,
            v.get_kind_display(),
            _name(v.visitor),
            f"{v.visited_on:%Y-%m-%d}",
            v.difficulties[:60],
        ),
        lambda v: reverse("engagement:visit-list"),
    ),
    "demands": Drill(
        SECTION,
        "企业诉求",
        demands,
        ("诉求标题", "企业", "提交时间", "绿色通道", "答复时间", "答复时限", "评价"),
        lambda d: (
            d.title,
            d.enterprise.name,
            _local(d.filed_at),
            "是" if d.green_channel else "否",
            _local(d.answered_at),
            _answer_label(d),
            d.get_rating_display() if d.rating else "—",
        ),
        lambda d: d.get_absolute_url(),
    ),
}

FILTERS: dict[str, dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]]] = {
    "commissioners": {
        "active": lambda qs: qs.filter(ended_on__isnull=True),
    },
    "visits": {
        "cadres": lambda qs: qs.filter(kind=Visit.Kind.HUNDRED_CADRES),
    },
    "demands": {
        "answered": lambda qs: qs.filter(answered_at__isnull=False),
        "on-time": lambda qs: qs.filter(ANSWER_ON_TIME),
        "late": lambda qs: qs.filter(answer_late_q()),
        "satisfied": lambda qs: qs.filter(SATISFIED),
    },
}


# --- Participation in enterprise engagement (A76) ----------------------------------

PARTICIPATION_SECTION = "与企业互动参与情况"
PARTICIPATION_PERM = "engagement.view_demand"
PARTICIPATION_NOTE = (
    "走访企业、接待日接待、执法案件回访、答复企业诉求的次数，按单位（或党员干部）"
    "统计。仅作通报，不计入考核得分：考核办法未规定其权重（需求A76，种子000 "
    "与企业互动 四（四））。"
)


def may_view_participation(user: User) -> bool:
    return user.has_perm(PARTICIPATION_PERM)


def participation_for_user(
    user: User,
    period: Period,
    *,
    by: str = "unit",
    unit_id: int | None = None,
) -> list[engagement_selectors.ParticipationRow]:
    """Each unit's (`by="unit"`) or each cadre's (`by="cadre"`) participation
    in the period, as `engagement.selectors.participation_for_user` counts it
    for this reader, narrowed to the units the reader's assessment shows
    (`units_visible`: a district leader their district's units, a unit head
    their unit). A cadre is kept when the person belongs to such a unit;
    `unit_id` keeps one unit's cadres (the drill-down from a unit's row). Rows
    with no unit or person recorded stay for the city only."""
    visible = units_visible(user)
    rows = engagement_selectors.participation_for_user(
        user, start=period.start, end=period.last_day, by=by
    )
    if by == "unit":
        return [
            r
            for r in rows
            if (visible is None or r.key in visible)
            and (unit_id is None or r.key == unit_id)
        ]
    unit_of = dict(
        User.objects.filter(pk__in=[r.key for r in rows if r.key]).values_list(
            "pk", "unit_id"
        )
    )

    def keep(row: engagement_selectors.ParticipationRow) -> bool:
        unit = unit_of.get(row.key) if row.key is not None else None
        if unit_id is not None:
            return unit == unit_id and (visible is None or unit in visible)
        return visible is None or unit in visible

    return [r for r in rows if keep(r)]
