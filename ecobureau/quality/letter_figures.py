"""The figures a responsibility letter's targets are checked against (D3): a target
linked to one of this module's indicators (`LetterTarget.Indicator`) gets the
figure for the letter's year and a computed met / not met; every other target
stays text, assessed by hand, and says so.

Reads only. Sources, the same figures the dashboard and the bulletin show:
- PM2.5 and good-days ratio: `selectors.air_summary` — the home city's daily
  values (air module); for a district's letter the district's, computed from the
  daily values of the stations in the district (`air.selectors.daily_district`).
  A district with no station is checked against the city's figure, and the page
  says so;
- good-water share, sections meeting their targets, drinking-source rate:
  `selectors.water_summary` / `drinking_summary`, over the letter's district's
  sections when the letter has a district, else the city's;
- city water-quality index (CWQI, lower is better): `selectors.city_cwqi` over the
  means of the letter's district's sections (the city's when no district) for the
  months so far — the same index the dashboard shows for the city (示例配置 there);
- noise: the functional-area compliance rate — the day and night point-times of
  the year so far meeting their class limit (GB 3096-2008, `noise.complies`, as
  `reports.noise_summary` counts them) — over the letter's district's points,
  the city's when no district;
- hazardous waste: the utilisation/disposal rate (`reports.WasteSummary.rate`,
  示例配置 there) of the year's records of the district's enterprises (the city's
  when no district) — seed 003 (二) "危险废物全部实现安全处置";
- emission cap: `emissions.ledger` for the district (the reported figure where
  the district has one, else the online Cou sum, `DistrictTotal.assessed_tonnes`)
  against its `EmissionTarget` cap; met when within the cap pro rata to the part of
  the year elapsed (`DistrictTotal.on_track`; the whole cap once the year is over).

A year not over is checked on the data so far and marked 进度 (provisional).
Thresholds are compared inclusively: PM2.5 ≤ value, shares ≥ value (the usual
reading of 不高于 / 不低于).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_noop

from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring.models import Instrument

from . import emissions, noise, reports, selectors
from .models import Letter, LetterTarget, NoiseResult, Pollutant, WasteRecord
from .wording import Listing, Text

Indicator = LetterTarget.Indicator
# Indicators that need a threshold typed in, and its allowed range.
THRESHOLD_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    Indicator.PM25_MAX: (Decimal(0), Decimal(500)),
    Indicator.GOOD_DAYS_MIN: (Decimal(0), Decimal(100)),
    Indicator.WATER_GOOD_MIN: (Decimal(0), Decimal(100)),
    Indicator.DRINKING_MIN: (Decimal(0), Decimal(100)),
    Indicator.CWQI_MAX: (Decimal(0), Decimal(50)),
    Indicator.NOISE_RATE_MIN: (Decimal(0), Decimal(100)),
    Indicator.WASTE_RATE_MIN: (Decimal(0), Decimal(100)),
}
# Marked for translation only: the letter page shows it with {% translate %}.
TEXT_ONLY_NOTE = gettext_noop("文字目标，本模块无对应指标，由考核人员逐项考核")
# The short name of each indicator, where it has no figure (the choice's label up
# to 不 or （).
LABELS = {
    Indicator.PM25_MAX: gettext_noop("PM2.5年均浓度"),
    Indicator.GOOD_DAYS_MIN: gettext_noop("空气质量优良天数比例"),
    Indicator.WATER_GOOD_MIN: gettext_noop("优良水体"),
    Indicator.SECTIONS_MEET: gettext_noop("考核断面全部达到年度目标"),
    Indicator.DRINKING_MIN: gettext_noop("饮用水水源地水质达标率"),
    Indicator.EMISSION_CAP: gettext_noop("污染物排放量"),
    Indicator.CWQI_MAX: gettext_noop("城市水质指数CWQI"),
    Indicator.NOISE_RATE_MIN: gettext_noop("声环境功能区达标率"),
    Indicator.WASTE_RATE_MIN: gettext_noop("危险废物利用处置率"),
}


@dataclass(frozen=True)
class Figure:
    """label, value, basis and verdict are Chinese (`text` is kept with the
    assessment); each is a `wording.Text`, so the page shows `.shown`."""

    label: Text
    value: Text  # the figure with its unit, or why there is none
    met: bool | None  # None: cannot be computed (no data, no target row)
    basis: Text  # where the figure comes from and over which period
    provisional: bool = False  # the year is not over

    @property
    def verdict(self) -> Text:
        if self.met is None:
            return Text(gettext_noop("无法核算"))
        if self.provisional:
            return Text(
                gettext_noop("达标（进度）")
                if self.met
                else gettext_noop("未达标（进度）")
            )
        return Text(gettext_noop("达标") if self.met else gettext_noop("未达标"))

    @property
    def text(self) -> str:
        """One line for the assessment's 完成情况 and the record."""
        return f"{self.label}{self.value}，{self.verdict}（{self.basis}）"[:300]


def _through(year: int, today: date) -> date | None:
    """The last day with figures: the year's end, or yesterday in a year not over."""
    last = min(date(year, 12, 31), today - timedelta(days=1))
    return last if last >= date(year, 1, 1) else None


def _plain(value: Decimal | None) -> str:
    """A stored threshold as typed: 50.00 → 50, 0.790 → 0.79."""
    return "" if value is None else f"{value.normalize():f}"


def _pct(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.1'))}%"


class _Figures:
    """Computes each source once per letter (a letter has several targets)."""

    def __init__(self, letter: Letter, today: date, now: datetime):
        self.letter = letter
        self.year = letter.year
        self.through = _through(letter.year, today)
        self.provisional = self.through is not None and self.through < date(
            letter.year, 12, 31
        )
        self.now = now
        self._air: selectors.AirSummary | None = None
        self._air_basis = Text("")
        self._water: selectors.WaterSummary | None = None
        self._drinking: list[selectors.DrinkingRow] | None = None
        self._ledger: emissions.Ledger | None = None

    # --- sources ----------------------------------------------------------------

    def period(self) -> Text:
        assert self.through is not None
        return Text(
            gettext_noop("%(year)s年1月1日至%(month)s月%(day)s日"),
            year=self.year, month=self.through.month, day=self.through.day,
        )  # fmt: skip

    def air(self) -> selectors.AirFigures | None:
        """The letter's district's air figures, the city's when the letter has no
        district or the district has no station (`air_basis` says which)."""
        if self._air is None:
            assert self.through is not None
            district_id = self.letter.district_id
            summary = None
            if district_id:
                summary = selectors.air_summary(
                    year=self.year, through=self.through, district_id=district_id
                )
            if summary is not None and summary.current is not None:
                self._air_basis = Text(
                    gettext_noop("%(where)s站点空气质量日数据"), where=self.where()
                )
            else:
                summary = selectors.air_summary(year=self.year, through=self.through)
                self._air_basis = (
                    Text(
                        gettext_noop(
                            "全市空气质量日数据（%(where)s无空气质量监测点位，按全市数值核算）"
                        ),
                        where=self.where(),
                    )
                    if district_id
                    else Text(gettext_noop("全市空气质量日数据"))
                )
            self._air = summary
        return self._air.current

    def _in_district(self, section) -> bool:
        return not self.letter.district_id or (
            section.district_id == self.letter.district_id
        )

    def water_rows(self) -> list[selectors.SectionRow]:
        if self._water is None:
            assert self.through is not None
            self._water = selectors.water_summary(
                year=self.year, last_month=self.through.month, level=None
            )
        return [r for r in self._water.assessed if self._in_district(r.section)]

    def drinking_rows(self) -> list[selectors.DrinkingRow]:
        if self._drinking is None:
            assert self.through is not None
            rows, _ = selectors.drinking_summary(
                year=self.year, last_month=self.through.month
            )
            self._drinking = rows
        return [r for r in self._drinking if self._in_district(r.section)]

    def ledger(self) -> emissions.Ledger:
        if self._ledger is None:
            district_id = self.letter.district_id
            instruments = list(
                Instrument.objects.filter(enterprise__district_id=district_id)
                .select_related("enterprise__district", "outlet")
                .prefetch_related("outlet__limits")
            )
            year_end = datetime.combine(date(self.year + 1, 1, 1), time.min, SHANGHAI)
            self._ledger = emissions.ledger(
                year=self.year,
                instruments=instruments,
                now=min(self.now, year_end),
                district_scope=Q(district_id=district_id),
            )
        return self._ledger

    # --- one target ---------------------------------------------------------------

    def where(self) -> str:
        district = self.letter.district
        return district.name if district is not None else Text(gettext_noop("全市"))

    def figure(self, target: LetterTarget) -> Figure | None:
        kind = target.indicator
        if not kind:
            return None
        label = Text(LABELS[Indicator(kind)])
        if self.through is None:
            return Figure(
                label,
                Text(gettext_noop("：年度尚未开始，暂无数据")),
                None,
                Text(gettext_noop("%(year)s年"), year=self.year),
            )
        method = getattr(self, f"_{kind}")
        return method(target, label)

    def _basis(self, msgid: str, **args: object) -> Text:
        return Text(msgid, where=self.where(), period=self.period(), **args)

    def _no_data(self, label: Text, why: str, basis: Text) -> Figure:
        """A figure that cannot be computed: `why` (a msgid) in place of the value."""
        return Figure(label, Text(why), None, basis, self.provisional)

    def _pm25_max(self, target: LetterTarget, label: Text) -> Figure:
        air = self.air()
        basis = Text(
            "%(source)s，%(period)s", source=self._air_basis, period=self.period()
        )
        if air is None or air.pm25_mean is None or target.threshold is None:
            return self._no_data(label, gettext_noop("：暂无数据"), basis)
        value = Decimal(str(air.pm25_mean))
        met = value <= target.threshold
        return Figure(
            Text(gettext_noop("PM2.5平均浓度")),
            Text(
                gettext_noop("%(value)s微克/立方米（目标≤%(threshold)s）"),
                value=value, threshold=_plain(target.threshold),
            ),
            met, basis, self.provisional,
        )  # fmt: skip

    def _good_days_min(self, target: LetterTarget, label: Text) -> Figure:
        air = self.air()
        basis = Text(
            "%(source)s，%(period)s", source=self._air_basis, period=self.period()
        )
        if air is None or air.good_ratio is None or target.threshold is None:
            return Figure(
                label, Text(gettext_noop("：暂无数据")), None, basis, self.provisional
            )
        ratio = Decimal(str(air.good_ratio)).quantize(Decimal("0.1"))
        return Figure(
            Text(gettext_noop("优良天数比例")),
            Text(
                gettext_noop("%(ratio)s%%（%(good)s/%(valid)s天，目标≥%(threshold)s%%）"),
                ratio=ratio, good=air.good_days, valid=air.valid_days,
                threshold=_plain(target.threshold),
            ),
            ratio >= target.threshold, basis, self.provisional,
        )  # fmt: skip

    def _water_good_min(self, target: LetterTarget, label: Text) -> Figure:
        rows = self.water_rows()
        basis = self._basis(gettext_noop("%(where)s地表水断面月均值评价，%(period)s"))
        if not rows or target.threshold is None:
            return self._no_data(label, gettext_noop("：暂无监测数据"), basis)
        good = sum(1 for r in rows if r.klass in selectors.GOOD_CLASSES)
        share = Decimal(good * 100) / len(rows)
        return Figure(
            Text(gettext_noop("优良水体比例")),
            Text(
                gettext_noop("%(share)s（%(good)s/%(total)s个断面，目标≥%(threshold)s%%）"),
                share=_pct(share), good=good, total=len(rows),
                threshold=_plain(target.threshold),
            ),
            share >= target.threshold, basis, self.provisional,
        )  # fmt: skip

    def _sections_meet(self, target: LetterTarget, label: Text) -> Figure:
        rows = [r for r in self.water_rows() if r.target]
        basis = self._basis(gettext_noop("%(where)s有年度目标的断面，%(period)s"))
        if not rows:
            return self._no_data(label, gettext_noop("：暂无有目标的断面数据"), basis)
        meeting = sum(1 for r in rows if r.meets)
        missed = Listing(r.section.name for r in rows if not r.meets)
        counts = {"meeting": meeting, "total": len(rows)}
        value = (
            Text(
                gettext_noop("%(meeting)s/%(total)s个断面达到目标（未达标：%(missed)s）"),
                missed=missed, **counts,
            )
            if missed
            else Text(gettext_noop("%(meeting)s/%(total)s个断面达到目标"), **counts)
        )  # fmt: skip
        return Figure(
            Text(gettext_noop("考核断面")),
            value,
            meeting == len(rows),
            basis,
            self.provisional,
        )

    def _drinking_min(self, target: LetterTarget, label: Text) -> Figure:
        rows = [r for r in self.drinking_rows() if r.passed is not None]
        basis = self._basis(
            gettext_noop("%(where)s饮用水水源地逐月评价（III类及以上），%(period)s")
        )
        if not rows or target.threshold is None:
            return self._no_data(label, gettext_noop("：暂无监测数据"), basis)
        passed = sum(1 for r in rows if r.passed)
        rate = Decimal(passed * 100) / len(rows)
        return Figure(
            Text(gettext_noop("饮用水水源地达标率")),
            Text(
                gettext_noop("%(rate)s（%(passed)s/%(total)s个，目标≥%(threshold)s%%）"),
                rate=_pct(rate), passed=passed, total=len(rows),
                threshold=_plain(target.threshold),
            ),
            rate >= target.threshold, basis, self.provisional,
        )  # fmt: skip

    def _cwqi_max(self, target: LetterTarget, label: Text) -> Figure:
        sections = [r.section for r in self.water_rows()]
        basis = self._basis(
            gettext_noop("%(where)s地表水断面%(period)s均值，城市水质指数（示例配置）")
        )
        assert self.through is not None
        start, end = selectors.month_range(self.year, 1, self.through.month)
        means = selectors.period_means([s.pk for s in sections], start, end)
        index, _ = selectors.city_cwqi(sections, means)
        if index is None or target.threshold is None:
            return self._no_data(label, gettext_noop("：暂无监测数据"), basis)
        value = index.quantize(Decimal("0.01"))
        return Figure(
            Text(gettext_noop("城市水质指数CWQI")),
            Text(
                gettext_noop("%(value)s（%(sections)s个断面，目标≤%(threshold)s）"),
                value=value, sections=len(sections), threshold=_plain(target.threshold),
            ),
            value <= target.threshold, basis, self.provisional,
        )  # fmt: skip

    def _noise_rate_min(self, target: LetterTarget, label: Text) -> Figure:
        assert self.through is not None
        results = NoiseResult.objects.filter(
            kind=NoiseResult.Kind.FUNCTIONAL,
            measured_on__gte=date(self.year, 1, 1),
            measured_on__lte=self.through,
        )
        if self.letter.district_id:
            results = results.filter(district_id=self.letter.district_id)
        checks = [
            noise.complies(r.area_class, night=night, leq=leq)
            for r in results.only("area_class", "day_leq", "night_leq")
            for night, leq in ((False, r.day_leq), (True, r.night_leq))
            if leq is not None
        ]
        basis = self._basis(
            gettext_noop("%(where)s声环境功能区监测（昼间、夜间点次），%(period)s")
        )
        if not checks or target.threshold is None:
            return self._no_data(label, gettext_noop("：暂无监测数据"), basis)
        rate = Decimal(sum(checks) * 100) / len(checks)
        return Figure(
            Text(gettext_noop("声环境功能区达标率")),
            Text(
                gettext_noop("%(rate)s（%(met)s/%(total)s点次，目标≥%(threshold)s%%）"),
                rate=_pct(rate), met=sum(checks), total=len(checks),
                threshold=_plain(target.threshold),
            ),
            rate >= target.threshold, basis, self.provisional,
        )  # fmt: skip

    def _waste_rate_min(self, target: LetterTarget, label: Text) -> Figure:
        records = WasteRecord.objects.filter(year=self.year)
        if self.letter.district_id:
            records = records.filter(enterprise__district_id=self.letter.district_id)
        summary = reports.WasteSummary(self.year, list(records))
        basis = Text(
            gettext_noop("%(where)s%(year)s年度危险废物产生、利用、处置统计"),
            where=self.where(), year=self.year,
        )  # fmt: skip
        if summary.rate is None or target.threshold is None:
            return self._no_data(label, gettext_noop("：暂无统计数据"), basis)
        return Figure(
            Text(gettext_noop("危险废物利用处置率")),
            Text(
                gettext_noop(
                    "%(rate)s%%（利用处置%(handled)s吨/应处置%(owed)s吨，"
                    "%(enterprises)s家企业，目标≥%(threshold)s%%）"
                ),
                rate=summary.rate, handled=summary.handled, owed=summary.owed,
                enterprises=len(summary.rows), threshold=_plain(target.threshold),
            ),
            summary.rate >= target.threshold, basis, self.provisional,
        )  # fmt: skip

    def _emission_cap(self, target: LetterTarget, label: Text) -> Figure:
        name = Text(
            Pollutant(target.pollutant).label
            if target.pollutant
            else gettext_noop("污染物")
        )
        label = Text(gettext_noop("%(name)s排放量"), name=name)
        if not self.letter.district_id or not target.pollutant:
            return Figure(
                label,
                Text(gettext_noop("：责任状未指定区县或污染物")),
                None,
                Text(gettext_noop("排放总量台账")),
            )
        row = next(
            (
                d
                for d in self.ledger().districts
                if d.district.pk == self.letter.district_id
                and d.pollutant == target.pollutant
            ),
            None,
        )
        source = Text(
            gettext_noop("区县报送数")
            if row is not None and row.reported_tonnes is not None
            else gettext_noop("在线监测排放量(Cou)合计")
        )
        basis = self._basis(
            gettext_noop("%(where)s排放总量台账（%(source)s），%(period)s"),
            source=source,
        )
        if row is None or row.target is None:
            return self._no_data(label, gettext_noop("：未下达年度控制目标"), basis)
        cap, base = row.target.cap_tonnes, row.target.base_tonnes
        actual = row.assessed_tonnes.quantize(Decimal("0.001"))
        value = (
            Text(
                gettext_noop("%(actual)s吨（年度控制目标%(cap)s吨，较基准年削减%(cut)s）"),
                actual=actual, cap=cap, cut=_pct((base - actual) * 100 / base),
            )
            if base
            else Text(
                gettext_noop("%(actual)s吨（年度控制目标%(cap)s吨）"), actual=actual, cap=cap
            )
        )  # fmt: skip
        return Figure(label, value, bool(row.on_track), basis, self.provisional)


def letter_figures(
    letter: Letter, targets: list[LetterTarget], *, now: datetime
) -> dict[int, Figure]:
    """target pk → its figure, for the targets linked to an indicator."""
    today = now.astimezone(SHANGHAI).date()
    figures = _Figures(letter, today, now)
    out = {}
    for target in targets:
        figure = figures.figure(target)
        if figure is not None:
            out[target.pk] = figure
    return out


def target_figure(target: LetterTarget, *, now: datetime) -> Figure | None:
    return letter_figures(target.letter, [target], now=now).get(target.pk)
