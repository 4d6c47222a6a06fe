"""Reads of the complaints module, always scoped to the person asking (or public).

Staff with `complaints.view_complaint` see the complaints inside their data scope
(district, township, handling unit); a unit a complaint was dispatched to sees it
too, through its dispatch (other departments, townships, grid officers). The
complainant's contact details are shown only to holders of
`complaints.view_complainant`; the public sees a complaint only through its
tracking code, and never the contact details.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core import records
from ecobureau.lib import complaint_stats
from ecobureau.lib.identity_crypto import mask_name, mask_phone

from .models import (
    Complaint,
    Dispatch,
    FollowUp,
    MessageReply,
    ReceptionEvent,
    Revisit,
    TriageRule,
)
from .services.revisits import month_bounds

_NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class ComplaintFilters:
    q: str = ""
    status: str = ""
    channel: str = ""
    district_id: int | None = None
    repeat: bool = False


def _either(one: Q, other: Q) -> Q:
    """one OR other, where an empty Q() means "everything" (a city-wide scope).
    Django's `Q() | x` is `x`, which would narrow a city-wide user to `x`."""
    if not one or not other:
        return Q()
    return one | other


def complaint_scope_q(user: User) -> Q:
    """The filter keeping the complaints this user may see."""
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    q = _NOTHING
    if user.has_perm("complaints.view_complaint"):
        q = account_selectors.scope_q(user)
    if user.unit_id is not None and user.has_perm("complaints.feedback_dispatch"):
        dispatched = Dispatch.objects.filter(
            complaint=OuterRef("pk"), unit_id=user.unit_id
        )
        q = _either(q, Q(Exists(dispatched)))
    return q


def complaint_list_for_user(
    user: User, filters: ComplaintFilters | None = None
) -> QuerySet[Complaint]:
    complaints = Complaint.objects.filter(complaint_scope_q(user))
    f = filters or ComplaintFilters()
    if f.q:
        complaints = complaints.filter(
            Q(tracking_code=f.q.upper())
            | Q(text__contains=f.q)
            | Q(place__contains=f.q)
            | Q(enterprise_name__contains=f.q)
            | Q(channel_reference=f.q)
        )
    if f.status:
        complaints = complaints.filter(status=f.status)
    if f.channel:
        complaints = complaints.filter(channel=f.channel)
    if f.district_id:
        complaints = complaints.filter(district_id=f.district_id)
    if f.repeat:
        complaints = complaints.filter(repeat_visit=True)
    return complaints.select_related("district", "unit").order_by("-received_at", "-pk")


def complaint_get_for_user(user: User, pk: int) -> Complaint:
    return get_object_or_404(
        Complaint.objects.filter(complaint_scope_q(user)).select_related(
            "district",
            "township",
            "unit",
            "enterprise",
            "duplicate_of",
            "repeat_of",
            "triage_rule",
            "reception",
            "submitted_by",
        ),
        pk=pk,
    )


def may_see_complainant(user: User) -> bool:
    return user.is_staff_member and user.has_perm("complaints.view_complainant")


@dataclass(frozen=True)
class Contact:
    """The complainant as one person may see them."""

    anonymous: bool
    name: str
    phone: str
    email: str
    masked: bool


SEALED_NAME = "（有奖举报人，信息保密）"


def contact_for(user: User, complaint: Complaint) -> Contact:
    if complaint.anonymous:
        return Contact(True, "", "", "", False)
    if complaint.reward_linked:
        # 实施细则 第十一条 (A126): the complainant is a reward reporter; only the
        # reward handlers see who they are, and they do so through the reward
        # report's recorded view. Nobody else gets even a mask.
        if user.is_staff_member and user.has_perm("rewards.view_identity"):
            return Contact(
                False,
                complaint.contact_name or "（网上账户）",
                complaint.contact_phone,
                complaint.contact_email,
                False,
            )
        return Contact(False, SEALED_NAME, "", "", True)
    if may_see_complainant(user):
        return Contact(
            False,
            complaint.contact_name or "（网上账户）",
            complaint.contact_phone,
            complaint.contact_email,
            False,
        )
    return Contact(
        False,
        mask_name(complaint.contact_name) or "（实名）",
        mask_phone(complaint.contact_phone) if complaint.contact_phone else "",
        "***" if complaint.contact_email else "",
        True,
    )


# seed 001 附件1 扣分项: "已办结或应办结未办结案件 … 因同一问题再次投诉" — 5 points off
# the petition-case score (B22) for each repeat (B37). The score sheet itself is
# the rectification module's; it reads the count and points here.
REPEAT_VISIT_POINTS = Decimal(5)


@dataclass(frozen=True)
class RepeatDeduction:
    count: int
    points: Decimal


def repeat_visit_deduction(complaint: Complaint) -> RepeatDeduction:
    """The 重复访 received against this case and the points they cost."""
    count = Complaint.objects.filter(
        Q(repeat_of=complaint) | Q(duplicate_of=complaint), repeat_visit=True
    ).count()
    return RepeatDeduction(count, count * REPEAT_VISIT_POINTS)


def dispatches_of(complaint: Complaint) -> QuerySet[Dispatch]:
    return complaint.dispatches.select_related("unit", "fed_back_by", "dispatched_by")


def dispatch_scope_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    q = _NOTHING
    if user.unit_id is not None and user.has_perm("complaints.feedback_dispatch"):
        q = Q(unit_id=user.unit_id)
    if user.has_perm("complaints.view_complaint"):
        q = _either(q, account_selectors.scope_q(user))
    return q


def dispatch_list_for_user(
    user: User, *, open_only: bool = False
) -> QuerySet[Dispatch]:
    dispatches = Dispatch.objects.filter(dispatch_scope_q(user))
    if open_only:
        dispatches = dispatches.filter(status=Dispatch.Status.OPEN)
    return dispatches.select_related("complaint", "unit").order_by("due_at", "pk")


def dispatch_get_for_user(user: User, pk: int) -> Dispatch:
    return get_object_or_404(
        Dispatch.objects.filter(dispatch_scope_q(user)).select_related(
            "complaint", "unit", "dispatched_by", "fed_back_by"
        ),
        pk=pk,
    )


ACTION_LABELS = {
    "complaints.complaint.create": "登记",
    "complaints.complaint.accept": "受理",
    "complaints.complaint.reject": "不予受理",
    "complaints.complaint.unmerge": "撤销并案",
    "complaints.complaint.dispatch": "派单",
    "complaints.complaint.handle": "办理完毕",
    "complaints.complaint.redo": "退回重新办理",
    "complaints.complaint.reply": "答复并办结",
    "complaints.complaint.merge": "判定为重复件并案",
    "complaints.complaint.repeat": "判定为重复访",
    "complaints.complaint.rate": "评价满意度",
    "complaints.complaint.link_case": "关联执法案件",
    "complaints.dispatch.create": "交办",
    "complaints.complaint.reward_link": "登记为有奖举报（举报人信息保密）",
    "complaints.message.assign": "分配留言责任单位",
    "complaints.message.draft": "拟写留言回复",
    "complaints.message.publish": "发布留言回复",
    "complaints.followup.create": "开启跟踪督办",
    "complaints.followup.report": "报告督办进展",
    "complaints.followup.close": "办结销号",
    "complaints.dispatch.feedback": "承办单位反馈",
    "complaints.dispatch.return": "承办单位退回",
    "complaints.revisit.record": "回访",
    "complaint.notify": "告知诉求人",
}


def history_for(complaint: Any) -> list[casework_selectors.HistoryEntry]:
    """The history of a complaint (or a follow-up) from the record, in words."""
    return casework_selectors.history_for(complaint, ACTION_LABELS)


# --- Public ---------------------------------------------------------------------------


def complaint_by_code_public(code: str) -> Complaint | None:
    """A complaint found by its tracking code, for the public tracking page."""
    code = code.strip().upper().replace(" ", "").replace("-", "")
    if not code:
        return None
    return (
        Complaint.objects.select_related("duplicate_of", "unit")
        .filter(tracking_code=code)
        .first()
    )


@dataclass(frozen=True)
class PublicStep:
    at: datetime
    label: str


# Marked for translation; the tracking page translates them when shown.
PUBLIC_LABELS = {
    "complaints.complaint.create": gettext_noop("已收到"),
    "complaints.complaint.accept": gettext_noop("已受理"),
    "complaints.complaint.reject": gettext_noop("不予受理"),
    "complaints.complaint.dispatch": gettext_noop("已交承办单位办理"),
    "complaints.complaint.handle": gettext_noop("已办理，待答复"),
    "complaints.complaint.reply": gettext_noop("已答复办结"),
    "complaints.complaint.unmerge": gettext_noop("撤销并案，单独办理"),
    "complaints.complaint.merge": gettext_noop("与已受理投诉为同一事项，已并案"),
    "clock.extend": gettext_noop("办理期限延长"),
}


def public_steps(complaint: Complaint) -> list[PublicStep]:
    """The steps a complainant may see: when, and what — nobody's name."""
    steps = []
    for record in records.history(complaint):
        label = PUBLIC_LABELS.get(record.action)
        if label:
            steps.append(PublicStep(record.at, label))
    return steps


# --- Revisits, receptions, triage ------------------------------------------------------


def revisit_list_for_user(
    user: User, *, pending_only: bool = False
) -> QuerySet[Revisit]:
    if not user.is_staff_member or not user.has_perm("complaints.view_complaint"):
        return Revisit.objects.none()
    revisits = Revisit.objects.filter(account_selectors.scope_q(user))
    if pending_only:
        revisits = revisits.filter(status=Revisit.Status.PENDING)
    return revisits.select_related("complaint", "unit", "draw", "done_by").order_by(
        "status", "-draw__month", "pk"
    )


def revisit_get_for_user(user: User, pk: int) -> Revisit:
    return get_object_or_404(revisit_list_for_user(user), pk=pk)


def reception_list_for_user(user: User) -> QuerySet[ReceptionEvent]:
    if not user.is_staff_member or not user.has_perm("complaints.view_complaint"):
        return ReceptionEvent.objects.none()
    events = ReceptionEvent.objects.filter(
        account_selectors.scope_q(user, township=None)
    )
    return (
        events.select_related("person", "unit")
        .annotate(taken=Count("complaints"))
        .order_by("-scheduled_on", "pk")
    )


def reception_get_for_user(user: User, pk: int) -> ReceptionEvent:
    return get_object_or_404(reception_list_for_user(user), pk=pk)


def triage_rules() -> QuerySet[TriageRule]:
    return TriageRule.objects.filter(is_active=True).order_by("order", "code")


# --- Rankings --------------------------------------------------------------------------


def ranking_facts(month: date) -> list[complaint_stats.UnitMonth]:
    """Per handling unit, what the ranking counts for the month (definitions in
    docs/glossary.md): five grouped queries, whatever the number of complaints."""
    start, end = month_bounds(month)
    counted = Complaint.objects.exclude(
        status__in=[Complaint.Status.MERGED, Complaint.Status.NOT_ACCEPTED]
    ).exclude(unit=None)
    due = Counter(
        dict(
            counted.filter(handling_due_at__gte=start, handling_due_at__lt=end)
            .values_list("unit_id")
            .annotate(n=Count("pk"))
        )
    )
    due_closed = Counter(
        dict(
            counted.filter(
                handling_due_at__gte=start,
                handling_due_at__lt=end,
                closed_at__lt=end,
            )
            .values_list("unit_id")
            .annotate(n=Count("pk"))
        )
    )
    closed_rows = counted.filter(closed_at__gte=start, closed_at__lt=end).values_list(
        "unit_id", "closed_at", "handling_due_at"
    )
    closed: Counter[int] = Counter()
    on_time: Counter[int] = Counter()
    for unit_id, closed_at, due_at in closed_rows:
        closed[unit_id] += 1
        if due_at is not None and closed_at is not None and closed_at <= due_at:
            on_time[unit_id] += 1
    answered: Counter[int] = Counter()
    satisfied: Counter[int] = Counter()
    for unit_id, value in counted.filter(
        satisfaction_at__gte=start, satisfaction_at__lt=end
    ).values_list("unit_id", "satisfaction"):
        if value == Complaint.Satisfaction.UNREACHABLE:
            continue
        answered[unit_id] += 1
        if value in Complaint.SATISFIED_VALUES:
            satisfied[unit_id] += 1
    repeats = Counter(
        dict(
            Complaint.objects.filter(
                repeat_visit=True, received_at__gte=start, received_at__lt=end
            )
            .exclude(repeat_of__unit=None)
            .values_list("repeat_of__unit_id")
            .annotate(n=Count("pk"))
        )
    )
    repeats.update(
        dict(
            Complaint.objects.filter(
                repeat_visit=True,
                repeat_of=None,
                received_at__gte=start,
                received_at__lt=end,
            )
            .exclude(duplicate_of__unit=None)
            .values_list("duplicate_of__unit_id")
            .annotate(n=Count("pk"))
        )
    )
    unit_ids = set(due) | set(closed) | set(answered) | set(repeats)
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return [
        complaint_stats.UnitMonth(
            unit_id=unit_id,
            unit_name=names.get(unit_id, str(unit_id)),
            due=due[unit_id],
            due_closed=due_closed[unit_id],
            closed=closed[unit_id],
            closed_on_time=on_time[unit_id],
            answered=answered[unit_id],
            satisfied=satisfied[unit_id],
            repeats=repeats[unit_id],
        )
        for unit_id in sorted(unit_ids)
    ]


def ranking(month: date) -> list[complaint_stats.Ranked]:
    """The month's ranking, with the deduction for the bottom units (a setting:
    how many and how many points, requirements A84; 示例配置 by default)."""
    bottom = int(getattr(settings, "COMPLAINT_RANKING_BOTTOM_COUNT", 1))
    points = Decimal(str(getattr(settings, "COMPLAINT_RANKING_DEDUCTION_POINTS", "2")))
    return complaint_stats.rank(ranking_facts(month), bottom=bottom, points=points)


# Any month before those asked for (a complaint closed before them all).
_BEFORE_ANY_MONTH = date(1900, 1, 1)


def _months_between(
    first: date, last: date
) -> list[tuple[date, tuple[datetime, datetime]]]:
    """Each month from `first` to `last` (first days), with its local bounds."""
    out = []
    month = first
    while month <= last:
        bounds = month_bounds(month)
        out.append((month, bounds))
        month = bounds[1].date()
    return out


def ranking_facts_by_month(
    months: Sequence[date],
) -> dict[date, list[complaint_stats.UnitMonth]]:
    """`ranking_facts` for several months at once (the leadership view's quarter
    and year): the same facts, keyed by each month's first day, from six queries
    grouped by local (Asia/Shanghai) month instead of six per month.

    "Closed by the end of the due month" is: the local month of `closed_at` is not
    after the local month of `handling_due_at` — the same test as `closed_at <
    end` in `ranking_facts`, since both months are whole local months."""
    wanted = sorted({m.replace(day=1) for m in months})
    if not wanted:
        return {}
    start, end = month_bounds(wanted[0])[0], month_bounds(wanted[-1])[1]
    bounds = _months_between(wanted[0], wanted[-1])

    def month_of(field: str) -> Case:
        """The local month of `field` as range comparisons on the stored UTC
        instant (an index-friendly CASE, fast on both engines; SQLite would
        otherwise call a Python time-zone function per row): before the first
        month an early sentinel, after the last NULL."""
        return Case(
            When(**{f"{field}__lt": start}, then=Value(_BEFORE_ANY_MONTH)),
            *(
                When(**{f"{field}__gte": lo, f"{field}__lt": hi}, then=Value(first))
                for first, (lo, hi) in bounds
            ),
            default=None,
            output_field=DateField(),
        )

    counted = Complaint.objects.exclude(
        status__in=[Complaint.Status.MERGED, Complaint.Status.NOT_ACCEPTED]
    ).exclude(unit=None)
    facts: dict[tuple[date, int], dict[str, int]] = {}

    def add(rows: Any, *names: str) -> None:
        for month, unit_id, *values in rows:
            row = facts.setdefault((month, unit_id), {})
            for name, value in zip(names, values, strict=True):
                row[name] = row.get(name, 0) + value

    add(
        counted.filter(handling_due_at__gte=start, handling_due_at__lt=end)
        .annotate(m=month_of("handling_due_at"), cm=month_of("closed_at"))
        .values_list("m", "unit_id")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(closed_at__isnull=False, cm__lte=F("m"))),
        )
        .order_by(),
        "due",
        "due_closed",
    )
    add(
        counted.filter(closed_at__gte=start, closed_at__lt=end)
        .annotate(m=month_of("closed_at"))
        .values_list("m", "unit_id")
        .annotate(
            n=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(
                    handling_due_at__isnull=False,
                    closed_at__lte=F("handling_due_at"),
                ),
            ),
        )
        .order_by(),
        "closed",
        "closed_on_time",
    )
    add(
        counted.filter(satisfaction_at__gte=start, satisfaction_at__lt=end)
        .exclude(satisfaction=Complaint.Satisfaction.UNREACHABLE)
        .annotate(m=month_of("satisfaction_at"))
        .values_list("m", "unit_id")
        .annotate(
            n=Count("pk"),
            ok=Count("pk", filter=Q(satisfaction__in=Complaint.SATISFIED_VALUES)),
        )
        .order_by(),
        "answered",
        "satisfied",
    )
    repeats = Complaint.objects.filter(
        repeat_visit=True, received_at__gte=start, received_at__lt=end
    ).annotate(m=month_of("received_at"))
    add(
        repeats.exclude(repeat_of__unit=None)
        .values_list("m", "repeat_of__unit_id")
        .annotate(n=Count("pk"))
        .order_by(),
        "repeats",
    )
    add(
        repeats.filter(repeat_of=None)
        .exclude(duplicate_of__unit=None)
        .values_list("m", "duplicate_of__unit_id")
        .annotate(n=Count("pk"))
        .order_by(),
        "repeats",
    )
    unit_ids = {unit_id for _, unit_id in facts}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    out: dict[date, list[complaint_stats.UnitMonth]] = {m: [] for m in wanted}
    for (month, unit_id), row in sorted(facts.items()):
        if month not in out:
            continue  # a month between two wanted ones
        out[month].append(
            complaint_stats.UnitMonth(
                unit_id=unit_id,
                unit_name=names.get(unit_id, str(unit_id)),
                due=row.get("due", 0),
                due_closed=row.get("due_closed", 0),
                closed=row.get("closed", 0),
                closed_on_time=row.get("closed_on_time", 0),
                answered=row.get("answered", 0),
                satisfied=row.get("satisfied", 0),
                repeats=row.get("repeats", 0),
            )
        )
    return out


# --- Hot spots (requirements A82) ------------------------------------------------------


@dataclass(frozen=True)
class Hotspots:
    since: date
    total: int
    by_district: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_enterprise: list[tuple[str, int]]
    by_place: list[tuple[str, int]]


def hotspots_for_user(user: User, *, days: int = 90, top: int = 10) -> Hotspots:
    """Where, about what and about whom complaints concentrate (热点、难点、堵点)."""
    since = timezone.now() - timedelta(days=days)
    complaints = Complaint.objects.filter(
        complaint_scope_q(user), received_at__gte=since
    )
    labels = dict(Complaint.Category.choices)
    by_district = [
        (name or "未填区县", n)
        for name, n in complaints.values_list("district__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:top]
    ]
    by_category = [
        (str(labels.get(value, "未分类")), n)
        for value, n in complaints.values_list("category")
        .annotate(n=Count("pk"))
        .order_by("-n")[:top]
    ]
    by_enterprise = [
        (name, n)
        for name, n in complaints.exclude(enterprise_name="")
        .values_list("enterprise_name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:top]
        if n > 1
    ]
    places: Counter[str] = Counter()
    for key in (
        complaints.filter(keys__key__startswith="p:")
        .values_list("keys__key", flat=True)
        .iterator()
    ):
        places[key[2:]] += 1
    # A merged duplicate is not indexed itself (it must not be found again); it
    # counts at the place of the case it was merged into.
    for key in (
        complaints.filter(
            status=Complaint.Status.MERGED,
            duplicate_of__keys__key__startswith="p:",
        )
        .values_list("duplicate_of__keys__key", flat=True)
        .iterator()
    ):
        places[key[2:]] += 1
    return Hotspots(
        since=since.date(),
        total=complaints.count(),
        by_district=by_district,
        by_category=by_category,
        by_enterprise=by_enterprise,
        by_place=[(k, n) for k, n in places.most_common(top) if n > 1],
    )


# --- Tracked follow-ups of hot spots (A82) ---------------------------------------------


def follow_up_scope_q(user: User) -> Q:
    """Supervisors and viewers see follow-ups in their data scope; the staff of
    the responsible unit see their unit's."""
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    q = _NOTHING
    if user.has_perm("complaints.view_complaint") or user.has_perm(
        "complaints.supervise_hotspot"
    ):
        q = account_selectors.scope_q(user)
    if user.unit_id is not None:
        q = _either(q, Q(unit_id=user.unit_id))
    return q


def follow_up_list_for_user(user: User, *, status: str = "") -> QuerySet[FollowUp]:
    follow_ups = FollowUp.objects.filter(follow_up_scope_q(user))
    if status:
        follow_ups = follow_ups.filter(status=status)
    return follow_ups.select_related("unit", "opened_by").order_by("-created_at", "-pk")


def follow_up_get_for_user(user: User, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.filter(follow_up_scope_q(user)).select_related(
            "unit", "opened_by", "district"
        ),
        pk=pk,
    )


def hotspot_complaints(
    user: User, *, dimension: str, hotspot: str, days: int = 90
) -> QuerySet[Complaint]:
    """The complaints behind one hot spot, as the person may see them."""
    since = timezone.now() - timedelta(days=days)
    complaints = Complaint.objects.filter(
        complaint_scope_q(user), received_at__gte=since
    )
    if dimension == FollowUp.Dimension.DISTRICT:
        if hotspot == "未填区县":
            return complaints.filter(district=None)
        return complaints.filter(district__name=hotspot)
    if dimension == FollowUp.Dimension.CATEGORY:
        values = [v for v, label in Complaint.Category.choices if label == hotspot]
        return complaints.filter(category__in=values or [""])
    if dimension == FollowUp.Dimension.ENTERPRISE:
        return complaints.filter(enterprise_name=hotspot)
    if dimension == FollowUp.Dimension.PLACE:
        return complaints.filter(keys__key=f"p:{hotspot}").distinct()
    return complaints.none()


# --- Messages (A89) -------------------------------------------------------------------


def message_list_for_user(user: User, *, pending: bool = False) -> QuerySet[Complaint]:
    """Weibo / WeChat / 民心网 messages: the collector sees those in scope; a unit
    sees those assigned to it."""
    from .models import MESSAGE_CHANNELS

    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return Complaint.objects.none()
    q = _NOTHING
    if user.has_perm("complaints.collect_messages") or user.has_perm(
        "complaints.view_complaint"
    ):
        q = complaint_scope_q(user)
    if user.unit_id is not None:
        q = _either(q, Q(message_unit_id=user.unit_id))
    messages = Complaint.objects.filter(q, channel__in=MESSAGE_CHANNELS)
    if pending:
        messages = messages.exclude(message_replies__status="published")
    return messages.select_related("message_unit", "district").order_by(
        "-received_at", "-pk"
    )


def message_get_for_user(user: User, pk: int) -> Complaint:
    return get_object_or_404(message_list_for_user(user), pk=pk)


def message_reply_get_for_user(user: User, pk: int) -> MessageReply:
    reply = get_object_or_404(MessageReply.objects.select_related("complaint"), pk=pk)
    message_get_for_user(user, reply.complaint_id)
    return reply


def message_replies_of(complaint: Complaint) -> QuerySet[MessageReply]:
    return complaint.message_replies.select_related(
        "drafted_by", "published_by"
    ).order_by("created_at", "pk")


# --- The enterprise file section ------------------------------------------------------


def enterprise_section_context(user: User, enterprise: Any) -> dict[str, Any]:
    complaints = Complaint.objects.filter(
        complaint_scope_q(user), enterprise_id=enterprise.pk
    ).order_by("-received_at")
    return {"complaints": list(complaints[:20]), "total": complaints.count()}
