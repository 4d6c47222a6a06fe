"""Reads of noise compliance, hazardous-waste disposal and the province ranking
(requirements X3 "危险废物全部实现安全处置，声环境达到标准", seed 003 (二);
X2/E3 "全省排名").

Noise results are environmental-quality information (public, like the water
sections): every staff member with `quality.view_quality` sees them all.
Hazardous-waste figures are per enterprise: a district officer sees only their
district's enterprises."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User

from . import noise
from .models import CityFigure, NoiseResult, WasteRecord
from .selectors import can_view

HUNDRED = Decimal(100)


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * HUNDRED / whole).quantize(Decimal("0.1")) if whole else None


# --- Noise ---------------------------------------------------------------------------


@dataclass
class FunctionalClass:
    area_class: str
    day_total: int = 0
    day_pass: int = 0
    night_total: int = 0
    night_pass: int = 0

    @property
    def limits(self) -> tuple[Decimal, Decimal]:
        return noise.LIMITS[self.area_class]

    @property
    def day_rate(self) -> Decimal | None:
        return _share(self.day_pass, self.day_total)

    @property
    def night_rate(self) -> Decimal | None:
        return _share(self.night_pass, self.night_total)


@dataclass
class LevelGrade:
    kind: str
    points: int
    day_mean: Decimal | None
    night_mean: Decimal | None
    day_grade: tuple[int, str] | None
    night_grade: tuple[int, str] | None


@dataclass
class NoiseSummary:
    year: int
    functional: list[FunctionalClass]
    regional: LevelGrade | None
    traffic: LevelGrade | None

    def _rate(self, part: str, whole: str) -> Decimal | None:
        return _share(
            sum(getattr(c, part) for c in self.functional),
            sum(getattr(c, whole) for c in self.functional),
        )

    @property
    def day_rate(self) -> Decimal | None:
        return self._rate("day_pass", "day_total")

    @property
    def night_rate(self) -> Decimal | None:
        return self._rate("night_pass", "night_total")

    @property
    def up_to_standard(self) -> bool | None:
        """声环境达到标准 (seed 003 (二)): every functional-area point-time meets
        its class limit (示例配置: the bureau may set a lower rate)."""
        if self.day_rate is None and self.night_rate is None:
            return None
        return all(r in (None, HUNDRED) for r in (self.day_rate, self.night_rate))


def _mean(values: list[Decimal]) -> Decimal | None:
    return (
        (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))
        if values
        else None
    )


def noise_summary(year: int) -> NoiseSummary:
    rows = list(NoiseResult.objects.filter(measured_on__year=year))
    classes: dict[str, FunctionalClass] = {}
    for r in rows:
        if r.kind != NoiseResult.Kind.FUNCTIONAL:
            continue
        c = classes.setdefault(r.area_class, FunctionalClass(r.area_class))
        if r.day_leq is not None:
            c.day_total += 1
            c.day_pass += noise.complies(r.area_class, night=False, leq=r.day_leq)
        if r.night_leq is not None:
            c.night_total += 1
            c.night_pass += noise.complies(r.area_class, night=True, leq=r.night_leq)
    regional = [r for r in rows if r.kind == NoiseResult.Kind.REGIONAL]
    regional_grade = None
    if regional:
        day = _mean([r.day_leq for r in regional if r.day_leq is not None])
        night = _mean([r.night_leq for r in regional if r.night_leq is not None])
        regional_grade = LevelGrade(
            "regional", len({r.point_code for r in regional}), day, night,
            noise.grade(day, noise.REGIONAL_DAY) if day is not None else None,
            noise.grade(night, noise.REGIONAL_NIGHT) if night is not None else None,
        )  # fmt: skip
    traffic = [r for r in rows if r.kind == NoiseResult.Kind.TRAFFIC]
    traffic_grade = None
    if traffic:
        day = noise.weighted_mean(
            [(r.day_leq, r.length_km) for r in traffic if r.day_leq is not None and r.length_km]
        )  # fmt: skip
        night = noise.weighted_mean(
            [(r.night_leq, r.length_km) for r in traffic if r.night_leq is not None and r.length_km]
        )  # fmt: skip
        day = day.quantize(Decimal("0.1")) if day is not None else None
        night = night.quantize(Decimal("0.1")) if night is not None else None
        traffic_grade = LevelGrade(
            "traffic", len({r.point_code for r in traffic}), day, night,
            noise.grade(day, noise.TRAFFIC_DAY) if day is not None else None,
            noise.grade(night, noise.TRAFFIC_NIGHT) if night is not None else None,
        )  # fmt: skip
    order = list(noise.LIMITS)
    return NoiseSummary(
        year,
        sorted(classes.values(), key=lambda c: order.index(c.area_class)),
        regional_grade,
        traffic_grade,
    )


# --- Hazardous waste ------------------------------------------------------------------


@dataclass
class WasteSummary:
    year: int
    rows: list[WasteRecord] = field(default_factory=list)

    def _sum(self, name: str) -> Decimal:
        return sum((getattr(r, name) for r in self.rows), Decimal(0))

    @property
    def generated(self) -> Decimal:
        return self._sum("generated")

    @property
    def handled(self) -> Decimal:
        return self._sum("utilised") + self._sum("disposed")

    @property
    def owed(self) -> Decimal:
        return self._sum("opening_stock") + self.generated

    @property
    def closing_stock(self) -> Decimal:
        return self._sum("closing_stock")

    @property
    def rate(self) -> Decimal | None:
        """利用处置率 = (利用量 + 处置量) / (上年末贮存量 + 产生量) (示例配置: the
        statistics yearbook's definition as commonly used; not fixed by law)."""
        if not self.owed:
            return None
        return (self.handled * HUNDRED / self.owed).quantize(Decimal("0.1"))

    @property
    def stocking(self) -> list[WasteRecord]:
        """Enterprises holding waste at year end (to be followed up)."""
        return [r for r in self.rows if r.closing_stock > 0]


def waste_summary_for_user(user: User, year: int) -> WasteSummary:
    if not can_view(user):
        return WasteSummary(year)
    scope = account_selectors.scope_q(
        user, district="enterprise__district", township=None, unit=None
    )
    rows = list(
        WasteRecord.objects.filter(scope, year=year)
        .select_related("enterprise__district")
        .order_by("enterprise__district__code", "enterprise__name")
    )
    return WasteSummary(year, rows)


# --- Province ranking from other cities' figures --------------------------------------

# Lower is better for concentrations and the water index; higher for shares.
LOWER_BETTER = {"pm25": True, "cwqi": True, "good_ratio": False, "good_water": False}


@dataclass
class RankRow:
    city: str
    value: Decimal
    source: str
    home: bool
    rank: int = 0


def province_ranking(
    *, year: int, last_month: int, indicator: str, home_name: str,
    home_value: Decimal | None, home_source: str,
) -> list[RankRow]:  # fmt: skip
    """The home city's figure (computed here) among the imported figures of the
    other cities for the same period; equal values share a rank (1, 1, 3)."""
    rows = [
        RankRow(f.city, f.value, f.source, False)
        for f in CityFigure.objects.filter(
            ~Q(city=home_name), year=year, last_month=last_month, indicator=indicator
        )
    ]
    if not rows:
        return []
    if home_value is not None:
        rows.append(RankRow(home_name, home_value, home_source, True))
    sign = 1 if LOWER_BETTER[indicator] else -1
    rows.sort(key=lambda r: (sign * r.value, not r.home, r.city))
    previous: Decimal | None = None
    for position, row in enumerate(rows, start=1):
        row.rank = rows[position - 2].rank if row.value == previous else position
        previous = row.value
    return rows


def ranked_indicators(year: int, last_month: int) -> dict[str, int]:
    """How many other cities' figures exist per indicator for the period."""
    counts: dict[str, int] = defaultdict(int)
    for indicator in CityFigure.objects.filter(
        year=year, last_month=last_month
    ).values_list("indicator", flat=True):
        counts[indicator] += 1
    return dict(counts)
