"""Environmental quality for leaders (issue 13 item 6; seed 004's figures): the
city water-quality index (CWQI) and its year-on-year change, the national
sections meeting their target, the good-water share, the drinking-water
compliance rate, the PM2.5 mean and its year-on-year change, the good-days
ratio, and the emission totals against the districts' caps.

Every figure is read from the quality module's own selectors — the ones its
dashboard and monthly bulletin use (`water_summary(level="national")`,
`drinking_summary`, `air_summary`, `emission_progress_for_user`) — and is
cumulative from 1 January to the end of the period's last month (1—10月), the
way the quality module counts — or, when the reader asks for the period alone
(`cumulative=False`, the page's 环境质量口径 仅本期), its months only (the
quarter's three, the month); each links to quality's drill-down listing the
rows behind it (the sections with their samples; the drinking-water sources
with theirs; every day of the period, counted or not; the districts' monthly
totals and the enterprises' online values and gaps).

Levels: on a district's page water and drinking water are the district's own
sections and sources (`water_summary(…, district_id=…)`, its index computed as
the city's; `drinking_summary(…, district_id=…)`) where it has any with data,
else the city's, said so; other pages read the city's. Air is the district's own
where the air module has stations in it (`air_summary(district_id=…)`), else
the city's, said so. Emissions are the districts' against their caps: all the viewer may see on
the city page (`emission_progress_for_user` is scoped by district), the
district's on its page, none on a unit's (a bureau unit has no cap).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.quality import drilldown
from ecobureau.quality import selectors as quality_selectors

from .base import Figure, Section
from .levels import Level
from .periods import Period

SECTION = gettext_noop("环境质量")


@dataclass
class Reading:
    """What the quality module says for the level, from the 1st of `first_month`
    (1 January when cumulative) to the end of `month` of `year`."""

    year: int
    first_month: int
    month: int
    water: Any  # quality_selectors.WaterSummary (national sections)
    water_district: bool  # the district's own sections (else the city's)
    drinking: list[Any]  # quality_selectors.DrinkingRow
    drinking_rate: Decimal | None
    drinking_district: bool  # the district's own sources (else the city's)
    air: Any  # quality_selectors.AirSummary
    air_district: bool  # the district's own stations (else the city's)
    emissions: list[Any]  # quality_selectors.EmissionRow of the level
    emissions_shown: bool  # False on a unit's page

    @property
    def drill_period(self) -> drilldown.DrillPeriod:
        """The same months in the drill-down's own terms (`period_parse`), so the
        rows it lists are the ones the figures were computed from."""
        if self.first_month == 1:
            return drilldown.DrillPeriod.ytd(self.year, self.month)
        kind = drilldown.MONTH if self.first_month == self.month else drilldown.RANGE
        return drilldown.DrillPeriod(self.year, self.first_month, self.month, kind)

    @property
    def drinking_monitored(self) -> int:
        return sum(1 for row in self.drinking if row.passed is not None)

    @property
    def drinking_passed(self) -> int:
        return sum(1 for row in self.drinking if row.passed)

    @property
    def emissions_on_track(self) -> int:
        return sum(1 for row in self.emissions if row.on_track)


def through(period: Period) -> tuple[int, int]:
    """(year, last month) of the cumulative period ending with `period`."""
    return period.start.year, period.last_day.month


def read(
    user: User, level: Level, period: Period, *, cumulative: bool = True
) -> Reading:
    year, month = through(period)
    first = 1 if cumulative else period.start.month
    water: Any = None
    drinking: list[Any] = []
    rate: Decimal | None = None
    water_district = drinking_district = False
    if level.district is not None:
        water = quality_selectors.water_summary(
            year=year,
            first_month=first,
            last_month=month,
            level="national",
            district_id=level.district.pk,
        )
        water_district = bool(water.assessed)
        drinking, rate = quality_selectors.drinking_summary(
            year=year,
            first_month=first,
            last_month=month,
            district_id=level.district.pk,
        )
        drinking_district = any(row.passed is not None for row in drinking)
    if not water_district:
        water = quality_selectors.water_summary(
            year=year, first_month=first, last_month=month, level="national"
        )
    if not drinking_district:
        drinking, rate = quality_selectors.drinking_summary(
            year=year, first_month=first, last_month=month
        )
    # The first month's 1st to the last month's end (cumulative: the dashboard's
    # and the bulletin's call, from 1 January).
    start, end = quality_selectors.month_range(year, first, month)
    air, air_district = None, False
    if level.district is not None:
        air = quality_selectors.air_summary(
            start=start, end=end, district_id=level.district.pk
        )
        air_district = air.current is not None
    if not air_district:
        air = quality_selectors.air_summary(start=start, end=end)
    emissions: list[Any] = []
    if level.unit is None:
        # The drill-down's own sum of the period's monthly figures (to `month`
        # less to the month before `first`), so its rows add up to these.
        emissions = drilldown.emission_progress(
            user,
            drilldown.DrillPeriod(year, first, month, drilldown.RANGE),
        )
        if level.district is not None:
            emissions = [
                row for row in emissions if row.target.district_id == level.district.pk
            ]
    return Reading(
        year=year,
        first_month=first,
        month=month,
        water=water,
        water_district=water_district,
        drinking=drinking,
        drinking_rate=rate,
        drinking_district=drinking_district,
        air=air,
        air_district=air_district,
        emissions=emissions,
        emissions_shown=level.unit is None,
    )


def _fmt(value: Any, places: int = 1, unit: str = "") -> str:
    """Rounded half up, as the quality pages' `floatformat` shows it."""
    if value is None:
        return "—"
    exponent = Decimal(1).scaleb(-places)
    shown = Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    return f"{shown}{unit}"


def _cwqi_detail(water: Any) -> str:
    change = water.cwqi_change
    if change is None:
        return _("上年同期无数据")
    previous = _fmt(water.cwqi_previous, 2)
    if change <= 0:
        return _("上年同期 %(previous)s，同比改善%(change)s%%") % {
            "previous": previous,
            "change": water.cwqi_improvement,
        }
    return _("上年同期 %(previous)s，同比变差%(change)s%%") % {
        "previous": previous,
        "change": change,
    }


def _pm25_detail(air: Any) -> str:
    change = air.pm25_change
    if change is None:
        return _("上年同期无数据")
    if change >= 0:
        return _("同比改善%(change)s%%") % {"change": f"{change:.1f}"}
    return _("同比上升%(change)s%%") % {"change": f"{-change:.1f}"}


def _good_days_detail(air: Any) -> str:
    cur = air.current
    text = _("优良 %(good)s 天 / 有效 %(valid)s 天") % {
        "good": cur.good_days,
        "valid": cur.valid_days,
    }
    change = air.good_ratio_change
    if change is None:
        return text + _("；上年同期无数据")
    basis = (
        _("统一按%(standard)s") % {"standard": air.basis_name}
        if air.one_standard
        else _("未统一标准")
    )
    points = {"points": f"{abs(change):.1f}", "basis": basis}
    if change >= 0:
        return text + _("；同比上升%(points)s个百分点（%(basis)s）") % points
    return text + _("；同比下降%(points)s个百分点（%(basis)s）") % points


def _notes(r: Reading, level: Level) -> str:
    notes = [
        _("%(year)s年1—%(month)s月累计，按环境质量模块的统计口径")
        % {"year": r.year, "month": r.month}
        if r.first_month == 1
        else _("%(period)s（仅本期，不累计），按环境质量模块的统计口径")
        % {"period": r.drill_period.label}
    ]
    if level.district is None:
        notes.append(_("地表水、饮用水水源地为全市数据（国考断面）"))
    else:
        notes.append(
            _("地表水为%(name)s辖区国考断面数据") % {"name": level.name}
            if r.water_district
            else _("地表水为全市数据（本级无有监测数据的国考断面）")
        )
        notes.append(
            _("饮用水水源地为%(name)s辖区水源地数据") % {"name": level.name}
            if r.drinking_district
            else _("饮用水水源地为全市数据（本级无有监测数据的水源地）")
        )
    if level.kind != "city":
        notes.append(
            _("空气为%(name)s辖区监测点位数据") % {"name": level.name}
            if r.air_district
            else _("空气为全市数据（本级无空气质量监测点位）")
        )
    if not r.emissions_shown:
        notes.append(_("科室、分局页面不含区县总量控制目标"))
    return "；".join(notes) + "。"


def section(
    user: User, level: Level, period: Period, *, cumulative: bool = True
) -> Section:
    allowed = quality_selectors.can_view(user)
    s = Section(
        _(SECTION),
        allowed=allowed,
        note="" if allowed else _("您无权查看该模块的数据。"),
    )
    if not allowed:
        return s
    r = read(user, level, period, cumulative=cumulative)
    # The figures' months in the drill-down's own query format
    # (`drilldown.period_parse`), so the rows listed are the same.
    drill_period = r.drill_period
    own = level.district.pk if level.district is not None else None
    # Each figure opens quality's drill-down listing exactly the rows it was
    # computed from (the sections with their samples, the sources with theirs,
    # every day of the period counted or not, the monthly totals and the
    # enterprises' online values): issue 13 item 6.
    water_url = (
        reverse("quality:drill-water")
        + drill_period.query(own if r.water_district else None)
        + "&level=national"
    )
    drinking_url = reverse("quality:drill-drinking") + drill_period.query(
        own if r.drinking_district else None
    )
    s.note = _notes(r, level)
    water = r.water
    assessed = len(water.assessed)
    s.figures += [
        Figure(
            "quality-cwqi",
            _("城市水质指数（CWQI）"),
            _fmt(water.cwqi, 2),
            assessed,
            _cwqi_detail(water),
            water_url,
        ),
        Figure(
            "quality-sections-meeting",
            _("国考断面达到考核目标"),
            f"{water.meeting}/{water.with_target}",
            water.with_target,
            _("有监测数据断面 %(n)s 个") % {"n": assessed},
            water_url,
        ),
        Figure(
            "quality-good-water",
            _("优良水体（Ⅰ～Ⅲ类）比例"),
            _fmt(water.good_share, 1, "%"),
            assessed,
            _("优良 %(good)s / 有数据 %(n)s；劣Ⅴ类 %(worst)s")
            % {"good": water.good, "n": assessed, "worst": water.worse_than_v},
            water_url,
        ),
        Figure(
            "quality-drinking",
            _("饮用水水源地水质达标率"),
            _fmt(r.drinking_rate, 1, "%"),
            r.drinking_monitored,
            _("达标 %(passed)s / 有监测 %(n)s 个水源地")
            % {"passed": r.drinking_passed, "n": r.drinking_monitored},
            drinking_url,
        ),
    ]
    cur = r.air.current
    air_url = reverse("quality:drill-air") + drill_period.query(
        own if r.air_district else None
    )
    valid = cur.valid_days if cur else 0
    no_air = _("无空气质量数据")
    s.figures += [
        Figure(
            "quality-pm25",
            _("PM2.5平均浓度（µg/m³）"),
            _fmt(cur.pm25_mean if cur else None, 1),
            valid,
            _pm25_detail(r.air) if cur else no_air,
            air_url,
        ),
        Figure(
            "quality-good-days",
            _("优良天数比例"),
            _fmt(cur.good_ratio if cur else None, 1, "%"),
            valid,
            _good_days_detail(r.air) if cur else no_air,
            air_url,
        ),
    ]
    if r.emissions_shown:
        _emissions(s, user, r, drill_period, own)
    return s


def _emissions(
    s: Section,
    user: User,
    r: Reading,
    drill_period: drilldown.DrillPeriod,
    own: int | None,
) -> None:
    """The emission figure and its table: one row per district and pollutant,
    each row's cells linked to the drill-down of that district and period — only
    for a district the reader may choose there (`districts_for_user`, the
    drill-down's own check), so nobody gets a link that would answer 404."""
    url = reverse("quality:drill-emissions")
    mine = {d.pk for d in quality_selectors.districts_for_user(user)}
    n = len(r.emissions)
    behind = n - r.emissions_on_track
    s.figures.append(
        Figure(
            "quality-emissions",
            _("主要污染物总量按序时进度"),
            f"{r.emissions_on_track}/{n}",
            n,
            _("超序时进度 %(n)s 项（区县 × 污染物）") % {"n": behind}
            if n
            else _("本年度尚无控制目标"),
            url + drill_period.query(own),
        )
    )
    s.breakdown_title = _("主要污染物排放与区县控制目标（%(period)s）") % {
        "period": drill_period.label
    }
    headers = (
        _("区县 · 污染物"),
        _("累计排放（吨）") if r.first_month == 1 else _("本期排放（吨）"),
        _("年度控制目标（吨）"),
        _("占目标"),
        _("进度"),
    )
    s.breakdown_headers = headers
    for row in r.emissions:
        target = row.target
        name = f"{target.district.name} · {target.get_pollutant_display()}"
        progress = _("按序时") if row.on_track else _("超序时进度")
        link = (
            url + drill_period.query(target.district_id)
            if target.district_id in mine
            else ""
        )
        s.breakdown.append(
            (
                name,
                [
                    (headers[1], _fmt(row.actual, 3), row.months, link),
                    (headers[2], _fmt(target.cap_tonnes, 3), row.months, link),
                    (headers[3], _fmt(row.used_share, 1, "%"), row.months, link),
                    (headers[4], progress, row.months, link),
                ],
            )
        )
