"""督察整改 on the leadership pages: rectification tasks and petition cases (信访
案件) as of now, the items at risk (预警, or flagged late), the per-district (city
page) and per-department (district page) table, seed 004's sentence (E1).

Every queryset is rectification's own scoped selector narrowed to the level:
`task_list_for_user`, `case_list_for_user`, `at_risk_list_for_user` (tasks).
Done, open, overdue and flagged are rectification's one definition
(`done_q`, `open_q`, `overdue_q`, `flagged_q`: 完成 = passed acceptance and the
city review, 公示 onwards — `processes.DONE_STEPS`), the same as the E1
headline's, so the table's 已完成 equals the sentence's 完成.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.lib import complaint_stats
from ecobureau.rectification import processes as rectification_processes
from ecobureau.rectification import selectors as rectification_selectors

from .base import Drill
from .levels import Level
from .periods import Period

if TYPE_CHECKING:
    from .figures import Section

CLOSED = rectification_selectors.done_q()  # 完成, as the E1 headline counts


def _overdue() -> Q:
    return rectification_selectors.overdue_q(timezone.localdate())


def _at_risk() -> Q:
    """rectification's `at_risk_list_for_user` rule: not done, flagged."""
    return rectification_selectors.flagged_q()


def tasks(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return rectification_selectors.task_list_for_user(user).filter(level.q())


def petitions(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return rectification_selectors.case_list_for_user(user).filter(level.q())


def tasks_at_risk(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        rectification_selectors.at_risk_list_for_user(user)
        .filter(level.q())
        .order_by("deadline", "number")
    )


def petitions_at_risk(user: User, level: Level, period: Period) -> QuerySet[Any]:
    return (
        petitions(user, level, period).filter(_at_risk()).order_by("deadline", "number")
    )


def _state(process: Any, code: str) -> str:
    try:
        return str(process.step(code).label)
    except KeyError:
        return code


def _risk(item: Any) -> str:
    return "超期" if item.late_flagged_at else "预警"


def _task_row(t: Any) -> tuple[Any, ...]:
    return (
        t.number,
        t.responsible_units,
        t.deadline,
        _state(rectification_processes.TASK, t.status),
    )


def _case_row(c: Any) -> tuple[Any, ...]:
    # The complainant never appears: number, category, units, deadline, state.
    return (
        c.number,
        c.get_category_display(),
        c.responsible_units,
        c.deadline,
        _state(rectification_processes.CASE, c.status),
    )


DRILLS: dict[str, Drill] = {
    "rectification": Drill(
        "督察整改",
        "整改任务",
        tasks,
        ("任务编号", "责任单位", "完成时限", "状态"),
        _task_row,
        lambda t: t.get_absolute_url(),
    ),
    "petitions": Drill(
        "督察整改",
        "信访案件",
        petitions,
        ("受理编号", "问题类型", "责任单位", "办结时限", "状态"),
        _case_row,
        lambda c: c.get_absolute_url(),
    ),
    "rectification-at-risk": Drill(
        "督察整改",
        "预警中的整改任务",
        tasks_at_risk,
        ("任务编号", "责任单位", "完成时限", "状态", "预警类型"),
        lambda t: (*_task_row(t), _risk(t)),
        lambda t: t.get_absolute_url(),
    ),
    "petitions-at-risk": Drill(
        "督察整改",
        "预警中的信访案件",
        petitions_at_risk,
        ("受理编号", "问题类型", "责任单位", "办结时限", "状态", "预警类型"),
        lambda c: (*_case_row(c), _risk(c)),
        lambda c: c.get_absolute_url(),
    ),
}

_PROGRESS: dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]] = {
    "closed": lambda qs: qs.filter(CLOSED),
    "open": lambda qs: qs.filter(rectification_selectors.open_q()),
    "overdue": lambda qs: qs.filter(_overdue()),
    "at-risk": lambda qs: qs.filter(_at_risk()),
}
_RISK: dict[str, Callable[[QuerySet[Any]], QuerySet[Any]]] = {
    "late": lambda qs: qs.filter(late_flagged_at__isnull=False),
    "warned": lambda qs: qs.filter(late_flagged_at__isnull=True),
}
FILTERS = {
    "rectification": _PROGRESS,
    "petitions": _PROGRESS,
    "rectification-at-risk": _RISK,
    "petitions-at-risk": _RISK,
}
_PARTS = {"district": "district_id", "unit": "unit_id"}
PART_FIELDS = dict.fromkeys(DRILLS, _PARTS)


def _counts(qs: QuerySet[Any]) -> dict[str, int]:
    return qs.aggregate(
        n=Count("pk"),
        closed=Count("pk", filter=CLOSED),
        overdue=Count("pk", filter=_overdue()),
        at_risk=Count("pk", filter=_at_risk()),
        late=Count("pk", filter=_at_risk() & Q(late_flagged_at__isnull=False)),
    )


def _pct(part: int, whole: int) -> str:
    rate = complaint_stats.rate(part, whole)
    return "—" if rate is None else f"{rate}%"


def fill(
    s: Section, user: User, level: Level, period: Period, url: Callable[..., str]
) -> None:
    """The section's figures, table and sentences."""
    from .figures import Figure  # figures imports this module

    for key, noun, done in (
        ("rectification", "整改任务", "已完成"),
        ("petitions", "信访案件", "已完成"),
    ):
        qs = (tasks if key == "rectification" else petitions)(user, level, period)
        c = _counts(qs.order_by())
        s.figures += [
            Figure(
                key,
                noun,
                str(c["n"]),
                c["n"],
                f"{done} {c['closed']}（{_pct(c['closed'], c['n'])}）",
                url(key),
            ),
            Figure(
                f"{key}-open",
                f"{noun}未完成",
                str(c["n"] - c["closed"]),
                c["n"] - c["closed"],
                "",
                url(key, only="open"),
            ),
            Figure(
                f"{key}-overdue",
                f"{noun}超期未完成",
                str(c["overdue"]),
                c["overdue"],
                "",
                url(key, only="overdue"),
            ),
            Figure(
                f"{key}-at-risk",
                f"预警中的{noun}",
                str(c["at_risk"]),
                c["at_risk"],
                f"其中已超期 {c['late']}" if c["late"] else "",
                url(f"{key}-at-risk"),
            ),
        ]
    _breakdown(s, user, level, period, url)
    s.headlines = headlines(user, level)


def headlines(user: User, level: Level) -> list[str]:
    """E1 at a glance ("18项整改任务已按时保质完成15项，剩余3项将于年底前完成"): per
    inspection round on the city page, the district's own on a district page
    (rectification's `progress_summary` over the viewer's scoped tasks); none on a
    unit page."""
    today = timezone.localdate()
    if level.kind == "city":
        lines = rectification_selectors.progress_summary(user, today=today, by="round")
        return [
            f"{line.label}：{rectification_selectors.headline(line)}" for line in lines
        ]
    if level.kind == "district" and level.district is not None:
        lines = rectification_selectors.progress_summary(
            user, today=today, by="district"
        )
        return [
            rectification_selectors.headline(line)
            for line in lines
            if line.label == level.district.name
        ]
    return []


_COLUMNS = (
    ("rectification", "整改任务", "任务"),
    ("petitions", "信访案件", "案件"),
)


def _grouped(qs: QuerySet[Any], key: str, name: str) -> dict[Any, dict[str, Any]]:
    rows = (
        qs.order_by()
        .values(f"{key}_id", name)
        .annotate(
            n=Count("pk", distinct=True),
            closed=Count("pk", filter=CLOSED, distinct=True),
            overdue=Count("pk", filter=_overdue(), distinct=True),
            at_risk=Count("pk", filter=_at_risk(), distinct=True),
        )
    )
    return {row[f"{key}_id"]: row for row in rows}


def _breakdown(
    s: Section, user: User, level: Level, period: Period, url: Callable[..., str]
) -> None:
    """Tasks and petition cases per district (city page) or per handling
    department (district page), counted over the same items as the section's
    figures, each count linked to its items (the drill-down narrowed by
    `district:` / `unit:`)."""
    if level.kind == "city":
        key, name, s.breakdown_title = "district", "district__name", "各区县整改进度"
    elif level.kind == "district":
        key, name, s.breakdown_title = "unit", "unit__name", "各部门整改进度"
    else:
        return
    groups = {
        "rectification": _grouped(tasks(user, level, period), key, name),
        "petitions": _grouped(petitions(user, level, period), key, name),
    }
    headers = ["区县" if key == "district" else "部门"]
    for _, noun, short in _COLUMNS:
        headers += [noun, f"{short}已完成", f"{short}完成率", f"{short}未完成",
                    f"{short}超期未完成", f"{short}预警"]  # fmt: skip
    s.breakdown_headers = tuple(headers)
    names: dict[Any, str] = {}
    for rows in groups.values():
        for pk, row in rows.items():
            names[pk] = row[name] or "（未填）"
    for pk in sorted(names, key=lambda p: (names[p], p or 0)):
        part = f"{key}:{pk if pk is not None else 'none'}"
        cells: list[tuple[str, int, str]] = []
        for drill, _, _ in _COLUMNS:
            row = groups[drill].get(pk, {})
            n, closed = row.get("n", 0), row.get("closed", 0)
            overdue, at_risk = row.get("overdue", 0), row.get("at_risk", 0)
            cells += [
                (str(n), n, url(drill, only=part)),
                (str(closed), closed, url(drill, only=f"{part},closed")),
                (_pct(closed, n), n, ""),
                (str(n - closed), n - closed, url(drill, only=f"{part},open")),
                (str(overdue), overdue, url(drill, only=f"{part},overdue")),
                (str(at_risk), at_risk, url(drill, only=f"{part},at-risk")),
            ]
        s.breakdown.append(
            (
                names[pk],
                [
                    (header, *cell)
                    for header, cell in zip(s.breakdown_headers[1:], cells, strict=True)
                ],
            )
        )
