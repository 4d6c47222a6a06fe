"""The figures of a leadership page, section by section, each with its drill-down."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.air import selectors as air_selectors
from ecobureau.complaints.models import Complaint
from ecobureau.credit import selectors as credit_selectors
from ecobureau.lib import complaint_stats
from ecobureau.monitoring.models import Clue, Instrument
from ecobureau.quality import selectors as quality_selectors

from . import emergencies, engagement, quality, rectification, targets
from .base import Figure, Section
from .items import (
    ON_TIME,
    _air_days,
    _applications,
    _cases,
    _clues,
    _complaints_closed,
    _complaints_rated,
    _complaints_received,
    _complaints_repeat,
    _credit,
    _credit_year,
    _decisions,
    _exceedances,
    _inspections,
    _instruments,
    drill_url,
)
from .levels import Level
from .periods import Period


def _pct(part: int, whole: int) -> str:
    rate = complaint_stats.rate(part, whole)
    return "—" if rate is None else f"{rate}%"


def _count_section(
    user: User, level: Level, period: Period, title: str, allowed: bool
) -> Section:
    return Section(
        title, allowed=allowed, note="" if allowed else "您无权查看该模块的数据。"
    )


def figures(
    user: User, level: Level, period: Period, *, quality_cumulative: bool = True
) -> list[Section]:
    """The leadership page's sections, each figure with its drill-down link."""

    def url(key: str, **extra: str) -> str:
        return drill_url(level, period, key, **extra)

    sections: list[Section] = []

    # Applications (政务服务).
    s = _count_section(
        user, level, period, "政务服务", user.has_perm("permits.handle_application")
    )
    # Counted, not aggregated: an aggregate over the annotated queryset becomes a
    # subquery whose filter PostgreSQL cannot see.
    applications = _applications(user, level, period)
    n, late = applications.count(), applications.filter(late=True).count()
    s.figures.append(
        Figure(
            "applications",
            "办结申请",
            str(n),
            n,
            f"按期 {n - late}（{_pct(n - late, n)}）",
            url("applications"),
        )
    )
    s.figures.append(
        Figure(
            "applications-late",
            "超期办结",
            str(late),
            late,
            "",
            url("applications", only="late"),
        )
    )
    sections.append(s)

    # Complaints (投诉举报).
    s = _count_section(
        user, level, period, "投诉举报", user.has_perm("complaints.view_complaint")
    )
    received = _complaints_received(user, level, period).count()
    closed_items = _complaints_closed(user, level, period)
    closed = {
        "n": closed_items.count(),
        "on_time": closed_items.filter(ON_TIME).count(),
    }
    rated = _complaints_rated(user, level, period).aggregate(
        n=Count("pk"),
        ok=Count("pk", filter=Q(satisfaction__in=Complaint.SATISFIED_VALUES)),
    )
    repeats = _complaints_repeat(user, level, period).count()
    s.figures += [
        Figure(
            "complaints-received",
            "受理投诉",
            str(received),
            received,
            "",
            url("complaints-received"),
        ),
        Figure(
            "complaints-closed",
            "办结投诉",
            str(closed["n"]),
            closed["n"],
            f"按期 {closed['on_time']}（{_pct(closed['on_time'], closed['n'])}）",
            url("complaints-closed"),
        ),
        Figure(
            "complaints-rated",
            "回访满意率",
            _pct(rated["ok"], rated["n"]),
            rated["n"],
            f"满意及基本满意 {rated['ok']} / 回访 {rated['n']}",
            url("complaints-rated"),
        ),
        Figure(
            "complaints-repeat",
            "重复访",
            str(repeats),
            repeats,
            "",
            url("complaints-repeat"),
        ),
    ]
    sections.append(s)

    # Enforcement (执法监管).
    s = _count_section(
        user, level, period, "执法监管", user.has_perm("enforcement.view_inspection")
    )
    inspections = _inspections(user, level, period).count()
    cases = _cases(user, level, period).count()
    fines = _decisions(user, level, period).aggregate(n=Count("pk"), total=Sum("fine"))
    clues = _clues(user, level, period).aggregate(
        n=Count("pk"), referred=Count("pk", filter=Q(status=Clue.Status.REFERRED))
    )
    s.figures += [
        Figure(
            "inspections",
            "现场检查",
            str(inspections),
            inspections,
            "",
            url("inspections"),
        ),
        Figure("cases", "立案", str(cases), cases, "", url("cases")),
        Figure(
            "fines",
            "罚款（元）",
            f"{fines['total'] or Decimal(0):,.2f}",
            fines["n"],
            f"处罚决定 {fines['n']} 件",
            url("fines"),
        ),
        Figure(
            "clues",
            "处置线索",
            str(clues["n"]),
            clues["n"],
            f"转现场执法 {clues['referred']}",
            url("clues"),
        ),
    ]
    sections.append(s)

    # Monitoring (自动监控): the online rate is now, not over the period.
    s = _count_section(user, level, period, "自动监控", user.is_staff_member)
    inst = _instruments(user, level, period).aggregate(
        n=Count("pk"), online=Count("pk", filter=Q(link=Instrument.Link.ONLINE))
    )
    exceed = _exceedances(user, level, period).count()
    s.figures += [
        Figure(
            "instruments",
            "联网在线率（当前）",
            _pct(inst["online"], inst["n"]),
            inst["n"],
            f"在线 {inst['online']} / 在用 {inst['n']}",
            url("instruments"),
        ),
        Figure(
            "instruments-offline",
            "未在线设备（当前）",
            str(inst["n"] - inst["online"]),
            inst["n"] - inst["online"],
            "",
            url("instruments", only="offline"),
        ),
        Figure("exceedances", "超标", str(exceed), exceed, "", url("exceedances")),
    ]
    sections.append(s)

    # Air (空气质量): city-wide.
    s = Section(
        "空气质量", note="全市城市点位日均值；预报准确率为已发布预报的24小时时效。"
    )
    days = _air_days(user, level, period)
    air = days.aggregate(n=Count("pk"), good=Count("pk", filter=Q(aqi__lte=100)))
    mean = _mean_aqi(days)
    accuracy = _forecast_accuracy(period)
    s.figures += [
        Figure(
            "air-days",
            "优良天数比例",
            _pct(air["good"], air["n"]),
            air["n"],
            f"优良 {air['good']} 天 / 有效 {air['n']} 天；平均AQI {mean}",
            url("air-days"),
        ),
        Figure(
            "forecast",
            "预报准确率（24小时）",
            accuracy[0],
            accuracy[1],
            f"评分天数 {accuracy[1]}",
            reverse("air:scores") + f"?month={period.start:%Y-%m}",
        ),
    ]
    sections.append(s)

    # Environmental emergencies and public opinion (突发环境事件与舆情, issue 14).
    sections.append(_emergency_section(user, level, period, url))

    # Environmental targets and responsibility audits (C10, D6; quality module).
    sections.append(_targets_section(user, level, period, url))

    # Working with enterprises (与企业互动, issue 12 item 6; engagement module).
    sections.append(_engagement_section(user, level, period, url))

    # Rectification (督察整改): tasks and petition cases as of now, those at risk.
    s = _count_section(user, level, period, "督察整改", True)
    rectification.fill(s, user, level, period, url)
    sections.append(s)

    # Credit (企业环境信用): the latest evaluated year.
    year = _credit_year(user, level)
    s = _count_section(
        user, level, period, "企业环境信用", credit_selectors.may_view(user)
    )
    s.note = s.note or (f"{year}年度评价结果" if year else "尚无评价结果")
    grades = (
        _credit(user, level, period)
        .values_list("grade_name")
        .annotate(n=Count("pk"))
        .order_by("grade_name")
    )
    for grade, n in grades:
        s.figures.append(
            Figure(
                f"credit:{grade}",
                grade,
                str(n),
                n,
                "",
                url("credit", only=f"grade:{grade}"),
            )
        )
    sections.append(s)

    # Environmental quality (环境质量, issue 13 item 6): the quality module's figures.
    # Cumulative from 1 January unless the reader asked for the period alone.
    sections.append(quality.section(user, level, period, cumulative=quality_cumulative))
    return sections


def _mean_aqi(days: QuerySet[Any]) -> str:
    values = list(days.values_list("aqi", flat=True))
    if not values:
        return "—"
    return f"{sum(values) / len(values):.0f}"


def _forecast_accuracy(period: Period) -> tuple[str, int]:
    city = air_selectors.home_city()
    if city is None:
        return "—", 0
    for lead in air_selectors.score_report(city, period.start, period.last_day):
        if lead.lead == 1:
            value = lead.summary.range_level_accuracy
            shown = "—" if value is None else f"{value * 100:.1f}%"
            return shown, lead.summary.days
    return "—", 0


def _emergency_section(
    user: User, level: Level, period: Period, url: Callable[..., str]
) -> Section:
    s = _count_section(
        user,
        level,
        period,
        emergencies.SECTION,
        user.has_perm("emergencies.view_incident"),
    )
    s.note = s.note or (
        "按获知时间计入期间，不含核实不构成突发环境事件的；报告按报送时限计入期间；"
        "舆情按发现时间计入期间，回复时限见应急模块（示例配置）。"
    )
    c = emergencies.counts(user, level, period)
    s.figures.append(
        Figure(
            "incidents",
            "突发环境事件",
            str(c.incidents),
            c.incidents,
            f"处置中 {c.open}，处置结束 {c.closed}",
            url("incidents"),
        )
    )
    grades = list(reversed(emergencies.INCIDENT_GRADES.items()))
    if c.by_grade.get(""):
        grades.append(("", emergencies.UNGRADED))
    for code, label in grades:
        n = c.by_grade.get(code, 0)
        s.figures.append(
            Figure(
                f"incidents-grade-{code or 'none'}",
                f"{label}事件",
                str(n),
                n,
                "",
                url("incidents", only=f"grade:{code}"),
            )
        )
    s.figures += [
        Figure(
            "incidents-open",
            "处置中事件",
            str(c.open),
            c.open,
            "",
            url("incidents", only="open"),
        ),
        Figure(
            "incident-reports",
            "事件信息报告",
            str(c.reports),
            c.reports,
            f"按时 {c.reports_on_time}（{_pct(c.reports_on_time, c.reports)}）",
            url("incident-reports"),
        ),
        Figure(
            "incident-reports-late",
            "超时报告",
            str(c.reports_late),
            c.reports_late,
            "超过时限报送或逾期未报",
            url("incident-reports", only="late"),
        ),
        Figure(
            "opinions",
            "舆情事件",
            str(c.opinions),
            c.opinions,
            f"已回复 {c.replied}",
            url("opinions"),
        ),
        Figure(
            "opinions-on-time",
            "时限内回复",
            str(c.replied_on_time),
            c.replied_on_time,
            f"时限内回复率 {_pct(c.replied_on_time, c.replied_on_time + c.reply_late)}",
            url("opinions", only="on-time"),
        ),
        Figure(
            "opinions-late",
            "超时回复或逾期未回复",
            str(c.reply_late),
            c.reply_late,
            "",
            url("opinions", only="late"),
        ),
    ]
    return s


def _engagement_section(
    user: User, level: Level, period: Period, url: Callable[..., str]
) -> Section:
    s = _count_section(
        user, level, period, engagement.SECTION, engagement.may_view(user)
    )
    s.note = s.note or (
        "服务专员为期间内在岗的；走访按走访日期、诉求按提交时间计入期间；"
        "答复时限与满意标准见企业互动模块（示例配置）。"
    )
    c = engagement.counts(user, level, period)
    s.figures += [
        Figure(
            "commissioners",
            "服务专员",
            str(c.commissioners),
            c.commissioners,
            f"联系企业 {c.enterprises_served} 家",
            url("commissioners"),
        ),
        Figure(
            "visits",
            "走访企业",
            str(c.visits),
            c.visits,
            f"走访企业 {c.enterprises_visited} 家",
            url("visits"),
        ),
        Figure(
            "visits-cadres",
            "百名干部进千家企业",
            str(c.cadre_visits),
            c.cadre_visits,
            f"参与干部 {c.cadres_visiting} 人",
            url("visits", only="cadres"),
        ),
        Figure(
            "demands",
            "企业诉求",
            str(c.demands),
            c.demands,
            f"绿色通道 {c.green_channel}，已答复 {c.answered}",
            url("demands"),
        ),
        Figure(
            "demands-on-time",
            "时限内答复",
            str(c.answered_on_time),
            c.answered_on_time,
            "时限内答复率 "
            + _pct(c.answered_on_time, c.answered_on_time + c.answer_late),
            url("demands", only="on-time"),
        ),
        Figure(
            "demands-late",
            "超时答复或逾期未答复",
            str(c.answer_late),
            c.answer_late,
            "",
            url("demands", only="late"),
        ),
        Figure(
            "demands-satisfied",
            "评价满意",
            str(c.satisfied),
            c.satisfied,
            f"满意率 {_pct(c.satisfied, c.rated)}（已评价 {c.rated}）",
            url("demands", only="satisfied"),
        ),
    ]
    return s


def _targets_section(
    user: User, level: Level, period: Period, url: Callable[..., str]
) -> Section:
    s = _count_section(
        user, level, period, targets.SECTION, quality_selectors.can_view(user)
    )
    s.note = s.note or (
        f"目标责任状为{period.start.year}年度的；审计按审计报告日期计入期间。"
        + ("科室、分局页面不含政府和部门的责任状与审计。" if level.unit else "")
    )
    c = targets.counts(user, level, period)
    s.figures += [
        Figure(
            "target-letters",
            f"{period.start.year}年度目标责任状",
            str(c.letters),
            c.letters,
            f"完成 {c.met}，未完成 {c.unmet}，执行中 {c.signed}；已公开 {c.published}",
            url("target-letters"),
        ),
        Figure(
            "target-letters-unmet",
            "未完成目标责任状",
            str(c.unmet),
            c.unmet,
            "",
            url("target-letters", only="unmet"),
        ),
        Figure(
            "responsibility-audits",
            "环境保护责任审计",
            str(c.audits),
            c.audits,
            "",
            url("responsibility-audits"),
        ),
    ]
    return s
