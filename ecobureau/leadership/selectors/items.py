"""The drill-downs: the items behind each figure.

Each `Drill.items(user, level, period)` is the owning module's own
`*_list_for_user(viewer)` narrowed to the level and the period; the figure on the
page counts exactly that queryset (figures.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.air import selectors as air_selectors
from ecobureau.air.models import DailyValue
from ecobureau.casework.models import Clock
from ecobureau.complaints import selectors as complaint_selectors
from ecobureau.complaints.models import Complaint
from ecobureau.credit import selectors as credit_selectors
from ecobureau.enforcement import selectors as enforcement_selectors
from ecobureau.enforcement.models import PenaltyDecision
from ecobureau.monitoring import selectors as monitoring_selectors
from ecobureau.monitoring.models import Clue, Instrument
from ecobureau.permits import selectors as permit_selectors

from . import emergencies, engagement, rectification, targets
from .base import Drill, _local, _name, _yes
from .levels import Level
from .periods import Period


def _applications(user: User, level: Level, period: Period) -> QuerySet[Any]:
    missed = Clock.objects.filter(
        target_type="permits.application",
        target_id=OuterRef("pk"),
        state=Clock.State.MISSED,
    )
    return (
        permit_selectors.application_list_for_user(user)
        .filter(level.q(), decided_at__gte=period.since, decided_at__lt=period.until)
        .annotate(late=Exists(missed))
        .order_by("decided_at", "pk")
    )


def _complaints(user: User, level: Level) -> QuerySet[Complaint]:
    return complaint_selectors.complaint_list_for_user(user).filter(level.q())


def _complaints_received(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        _complaints(user, level)
        .filter(received_at__gte=period.since, received_at__lt=period.until)
        .exclude(status=Complaint.Status.MERGED)
        .order_by("received_at", "pk")
    )


ON_TIME = Q(handling_due_at__isnull=False, closed_at__lte=F("handling_due_at"))


def _complaints_closed(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        _complaints(user, level)
        .filter(closed_at__gte=period.since, closed_at__lt=period.until)
        .annotate(
            on_time=Case(
                When(ON_TIME, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("closed_at", "pk")
    )


def _complaints_rated(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        _complaints(user, level)
        .filter(satisfaction_at__gte=period.since, satisfaction_at__lt=period.until)
        .exclude(satisfaction=Complaint.Satisfaction.UNREACHABLE)
        .order_by("satisfaction_at", "pk")
    )


def _complaints_repeat(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return _complaints_received(user, level, period).filter(repeat_visit=True)


def _inspections(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        enforcement_selectors.inspection_list_for_user(user)
        .filter(level.q(), arrived_at__gte=period.since, arrived_at__lt=period.until)
        .order_by("arrived_at", "pk")
    )


def _cases(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        enforcement_selectors.case_list_for_user(user)
        .filter(level.q(), filed_at__gte=period.since, filed_at__lt=period.until)
        .order_by("filed_at", "pk")
    )


def _decisions(user: User, level: Level, period: Period) -> QuerySet[Any]:
    cases = enforcement_selectors.case_list_for_user(user).filter(level.q())
    return (
        PenaltyDecision.objects.filter(
            case__in=cases.values("pk"),
            decided_at__gte=period.since,
            decided_at__lt=period.until,
        )
        .select_related("case", "case__enterprise")
        .order_by("decided_at", "pk")
    )


def _clues(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        monitoring_selectors.clue_list_for_user(user)
        .filter(
            level.q(),
            decided_at__gte=period.since,
            decided_at__lt=period.until,
            status__in=[Clue.Status.DISMISSED, Clue.Status.REFERRED],
        )
        .order_by("decided_at", "pk")
    )


def _enterprise_q(level: Level) -> Q:
    return level.q(district="enterprise__district", unit="enterprise__supervising_unit")


def _instruments(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        monitoring_selectors.instrument_list_for_user(user)
        .filter(_enterprise_q(level), status=Instrument.Status.ACTIVE)
        .order_by("enterprise__name", "mn", "pk")
    )


def _exceedances(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        monitoring_selectors.exceedance_list_for_user(user)
        .filter(
            _enterprise_q(level),
            started_at__gte=period.since,
            started_at__lt=period.until,
        )
        .order_by("started_at", "pk")
    )


def _air_days(user: User, level: Level, period: Period) -> QuerySet[Any]:
    city = air_selectors.home_city()
    if city is None:
        return DailyValue.objects.none()
    return (
        air_selectors.daily_city(city, period.start, period.last_day)
        .filter(aqi__isnull=False)
        .order_by("date")
    )


def _credit(user: User, level: Level, period: Period) -> QuerySet[Any]:
    year = _credit_year(user, level)
    qs = credit_selectors.evaluation_list_for_user(user).filter(level.q())
    if year is None:
        return qs.none()
    return (
        qs.filter(evaluation_year__year=year)
        .exclude(grade_name="")
        .order_by("grade_code", "enterprise__name", "pk")
    )


def _credit_year(user: User, level: Level) -> int | None:
    return (
        credit_selectors.evaluation_list_for_user(user)
        .filter(level.q())
        .exclude(grade_name="")
        .order_by("-evaluation_year__year")
        .values_list("evaluation_year__year", flat=True)
        .first()
    )


DRILLS: dict[str, Drill] = {
    "applications": Drill(
        "政务服务",
        "办结申请",
        _applications,
        ("申请人", "事项", "区县", "办结时间", "按期"),
        lambda a: (
            a.applicant_name,
            a.item,
            _name(a.district),
            _local(a.decided_at),
            _yes(not a.late),
        ),
        lambda a: reverse("permits:application-detail", args=[a.pk]),
    ),
    "complaints-received": Drill(
        "投诉举报",
        "受理投诉",
        _complaints_received,
        ("查询码", "区县", "承办单位", "收到时间", "状态"),
        lambda c: (
            c.tracking_code,
            _name(c.district),
            _name(c.unit),
            _local(c.received_at),
            c.get_status_display(),
        ),
        lambda c: reverse("complaints:detail", args=[c.pk]),
    ),
    "complaints-closed": Drill(
        "投诉举报",
        "办结投诉",
        _complaints_closed,
        ("查询码", "区县", "承办单位", "办结时间", "按期"),
        lambda c: (
            c.tracking_code,
            _name(c.district),
            _name(c.unit),
            _local(c.closed_at),
            _yes(c.on_time),
        ),
        lambda c: reverse("complaints:detail", args=[c.pk]),
    ),
    "complaints-rated": Drill(
        "投诉举报",
        "回访满意度",
        _complaints_rated,
        ("查询码", "承办单位", "回访时间", "满意度"),
        lambda c: (
            c.tracking_code,
            _name(c.unit),
            _local(c.satisfaction_at),
            c.get_satisfaction_display(),
        ),
        lambda c: reverse("complaints:detail", args=[c.pk]),
    ),
    "complaints-repeat": Drill(
        "投诉举报",
        "重复访",
        _complaints_repeat,
        ("查询码", "区县", "承办单位", "收到时间", "状态"),
        lambda c: (
            c.tracking_code,
            _name(c.district),
            _name(c.unit),
            _local(c.received_at),
            c.get_status_display(),
        ),
        lambda c: reverse("complaints:detail", args=[c.pk]),
    ),
    "inspections": Drill(
        "执法监管",
        "现场检查",
        _inspections,
        ("企业", "区县", "入企时间", "状态"),
        lambda i: (
            _name(i.enterprise),
            _name(i.district),
            _local(i.arrived_at),
            i.status,
        ),
        lambda i: reverse("enforcement:inspection-detail", args=[i.pk]),
    ),
    "cases": Drill(
        "执法监管",
        "立案",
        _cases,
        ("案号", "企业", "区县", "立案时间"),
        lambda c: (
            c.reference or f"#{c.pk}",
            _name(c.enterprise),
            _name(c.district),
            _local(c.filed_at),
        ),
        lambda c: reverse("enforcement:case-detail", args=[c.pk]),
    ),
    "fines": Drill(
        "执法监管",
        "处罚决定与罚款",
        _decisions,
        ("案号", "企业", "决定时间", "罚款（元）"),
        lambda d: (
            d.case.reference or f"#{d.case_id}",
            _name(d.case.enterprise),
            _local(d.decided_at),
            d.fine,
        ),
        lambda d: reverse("enforcement:case-detail", args=[d.case_id]),
    ),
    "clues": Drill(
        "执法监管",
        "研判处置的线索",
        _clues,
        ("线索编号", "线索", "研判时间", "结果"),
        lambda c: (
            c.number,
            c.title,
            _local(c.decided_at),
            dict(Clue.Status.choices).get(c.status, c.status),
        ),
        lambda c: reverse("monitoring:clue-detail", args=[c.pk]),
    ),
    "instruments": Drill(
        "自动监控",
        "在用监控设备",
        _instruments,
        ("MN", "企业", "联网状态", "最近收到数据"),
        lambda i: (
            i.mn,
            _name(i.enterprise),
            i.get_link_display(),
            _local(i.last_seen_at),
        ),
        lambda i: reverse("monitoring:instrument-detail", args=[i.pk]),
    ),
    "exceedances": Drill(
        "自动监控",
        "超标",
        _exceedances,
        ("企业", "污染物", "开始时间", "小时数"),
        lambda e: (
            _name(e.enterprise),
            e.pollutant_name,
            _local(e.started_at),
            e.hours,
        ),
        lambda e: reverse("monitoring:exceedance-detail", args=[e.pk]),
    ),
    "air-days": Drill(
        "空气质量",
        "有效监测日",
        _air_days,
        ("日期", "AQI", "级别", "首要污染物"),
        lambda d: (d.date, d.aqi, d.level or "—", "、".join(d.primary) or "—"),
        lambda d: reverse("air:dashboard"),
    ),
    "credit": Drill(
        "企业环境信用",
        "信用评价结果",
        _credit,
        ("企业", "年度", "等级", "得分"),
        lambda e: (_name(e.enterprise), e.evaluation_year.year, e.grade_name, e.score),
        lambda e: reverse("credit:evaluation", args=[e.pk]),
    ),
}


def drill_items(user: User, level: Level, period: Period, key: str) -> QuerySet[Any]:
    drill = DRILLS.get(key)
    if drill is None:
        raise Http404("没有该指标。")
    return drill.items(user, level, period)


def drill_url(level: Level, period: Period, key: str, **extra: str) -> str:
    query = f"level={level.kind}&period={period.kind}&value={period.value}&key={key}"
    if level.pk is not None:
        query += f"&pk={level.pk}"
    for name, value in extra.items():
        query += f"&{name}={value}"
    return f"{reverse('leadership:items')}?{query}"


# Filters the drill-down page may add to a figure's items (a sub-figure: the
# overdue among the tasks, one credit grade …).
FILTERS: dict[str, dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]]] = {
    "instruments": {"offline": lambda qs: qs.exclude(link=Instrument.Link.ONLINE)},
    "complaints-closed": {"late": lambda qs: qs.exclude(ON_TIME)},
    "applications": {"late": lambda qs: qs.filter(late=True)},
}


DRILLS.update(emergencies.DRILLS)
FILTERS.update(emergencies.FILTERS)
DRILLS.update(targets.DRILLS)
FILTERS.update(targets.FILTERS)
DRILLS.update(engagement.DRILLS)
FILTERS.update(engagement.FILTERS)
DRILLS.update(rectification.DRILLS)
FILTERS.update(rectification.FILTERS)

# One grade among the items ("grade:<value>"; an empty value is "not graded").
GRADE_FIELDS = {"credit": "grade_name", "incidents": "grade"}


# One district's or one department's share of the items ("district:<pk>",
# "unit:<pk>", "unit:none"): the per-district / per-department progress tables.
PART_FIELDS = dict(rectification.PART_FIELDS)


def drill_filter(key: str, name: str, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Narrow a figure's items by `name`: one filter, or several joined by ","."""
    for part in name.split(","):
        qs = _one_filter(key, part, qs)
    return qs


def _one_filter(key: str, name: str, qs: QuerySet[Any]) -> QuerySet[Any]:
    if key in GRADE_FIELDS and name.startswith("grade:"):
        return qs.filter(**{GRADE_FIELDS[key]: name[6:]})
    field, _, value = name.partition(":")
    column = PART_FIELDS.get(key, {}).get(field)
    if column is not None:
        if value == "none":
            return qs.filter(**{column: None})
        if value.isdigit():
            return qs.filter(**{column: int(value)})
        return qs.none()
    fn = FILTERS.get(key, {}).get(name)
    return fn(qs) if fn else qs
