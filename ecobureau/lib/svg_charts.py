"""Small SVG charts rendered on the server (no JavaScript, no network): an AQI
calendar, a trend line with the AQI level bands, forecast ranges against the
observed AQI, and a map of stations. Every text is escaped; the result is a
complete <svg> element with a <title> for screen readers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from . import aqi as aqi_lib

GREY = "#D9E2EC"
INK = "#1F2933"
MUTED = "#52606D"
WEEKDAYS = "一二三四五六日"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 11,
    anchor: str = "start",
    fill: str = MUTED,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(text)}</text>'
    )


def level_colour(aqi: int | None) -> str:
    return GREY if aqi is None else aqi_lib.colour_of(aqi_lib.level_of(aqi))


# --- Calendar ------------------------------------------------------------------------


def calendar(values: dict[date, int | None], start: date, end: date, title: str) -> str:
    """One row per month, one cell per day, coloured by the day's AQI level."""
    months: list[date] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    cell, left, top = 16, 64, 22
    width = left + 31 * cell + 8
    height = top + len(months) * cell + 40
    body = [
        _text(left + i * cell + cell / 2, 14, str(i + 1), size=9, anchor="middle")
        for i in range(0, 31, 5)
    ]
    for row, first in enumerate(months):
        y = top + row * cell
        body.append(_text(left - 6, y + 12, f"{first:%Y-%m}", size=10, anchor="end"))
        day = first
        while day.month == first.month:
            if start <= day <= end:
                aqi = values.get(day)
                label = f"{day:%Y-%m-%d} AQI {aqi if aqi is not None else '无数据'}"
                body.append(
                    f'<rect x="{left + (day.day - 1) * cell}" y="{y}" width="{cell - 2}" '
                    f'height="{cell - 2}" rx="2" fill="{level_colour(aqi)}">'
                    f"<title>{escape(label)}</title></rect>"
                )
            day += timedelta(days=1)
    body.extend(_legend(left, top + len(months) * cell + 14))
    return _svg(width, height, title, body)


def _legend(x: float, y: float) -> list[str]:
    out = []
    for level, _, category, colour in aqi_lib.LEVELS:
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        out.append(_text(x + 16, y + 10, category, size=10))
        x += 30 + 12 * len(category)
        del level
    out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{GREY}"/>')
    out.append(_text(x + 16, y + 10, "无数据", size=10))
    return out


# --- Trend and forecast against observed ----------------------------------------------


@dataclass(frozen=True)
class Frame:
    left: int = 44
    top: int = 12
    width: int = 720
    height: int = 220
    bottom: int = 36

    def x(self, index: int, count: int) -> float:
        span = max(count - 1, 1)
        return self.left + (self.width - self.left - 10) * index / span

    def y(self, value: float, top_value: float) -> float:
        plot = self.height - self.top - self.bottom
        return self.top + plot * (1 - min(value, top_value) / top_value)


def _bands(frame: Frame, top_value: int) -> list[str]:
    out = []
    lower = 0
    for (_, _, category, colour), upper in zip(
        aqi_lib.LEVELS, (50, 100, 150, 200, 300, 500), strict=True
    ):
        if lower >= top_value:
            break
        y1, y0 = frame.y(min(upper, top_value), top_value), frame.y(lower, top_value)
        out.append(
            f'<rect x="{frame.left}" y="{y1:.1f}" width="{frame.width - frame.left - 10}" '
            f'height="{y0 - y1:.1f}" fill="{colour}" fill-opacity="0.15"/>'
        )
        out.append(_text(frame.left - 4, y0 - 2, str(lower), size=9, anchor="end"))
        del category
        lower = upper
    return out


def _axis_dates(frame: Frame, days: Sequence[date]) -> list[str]:
    out = []
    step = max(1, len(days) // 8)
    for i in range(0, len(days), step):
        out.append(
            _text(
                frame.x(i, len(days)),
                frame.height - frame.bottom + 16,
                f"{days[i]:%m-%d}",
                size=10,
                anchor="middle",
            )
        )
    return out


def trend(
    days: Sequence[date], series: Mapping[str, Sequence[int | None]], title: str
) -> str:
    """Daily AQI lines (one per series) over the level bands."""
    frame = Frame()
    values = [v for line in series.values() for v in line if v is not None]
    top_value = _top(values)
    body = _bands(frame, top_value) + _axis_dates(frame, days)
    palette = (INK, "#1D4ED8", "#B42318", "#0B6E4F")
    for number, (name, line) in enumerate(series.items()):
        colour = palette[number % len(palette)]
        points: list[str] = []
        for i, value in enumerate(line):
            if value is None:
                if len(points) > 1:
                    body.append(_polyline(points, colour))
                points = []
                continue
            points.append(
                f"{frame.x(i, len(days)):.1f},{frame.y(value, top_value):.1f}"
            )
        if len(points) > 1:
            body.append(_polyline(points, colour))
        elif len(points) == 1:
            x, y = points[0].split(",")
            body.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"/>')
        body.append(
            f'<rect x="{frame.left + number * 140}" y="{frame.height - 14}" '
            f'width="18" height="3" fill="{colour}"/>'
        )
        body.append(
            _text(frame.left + number * 140 + 22, frame.height - 10, name, size=10)
        )
    return _svg(frame.width, frame.height, title, body)


def _polyline(points: list[str], colour: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        'stroke-width="1.8"/>'
    )


def _top(values: Sequence[float]) -> int:
    top = max(values, default=100)
    for line in (100, 150, 200, 300, 500):
        if top <= line:
            return line
    return 500


def forecast_vs_observed(
    days: Sequence[date],
    ranges: Sequence[tuple[int, int] | None],
    observed: Sequence[int | None],
    title: str,
) -> str:
    """Forecast AQI ranges as bars and the observed AQI as dots."""
    frame = Frame()
    values = [v for r in ranges if r for v in r] + [
        v for v in observed if v is not None
    ]
    top_value = _top(values)
    body = _bands(frame, top_value) + _axis_dates(frame, days)
    width = max(3.0, (frame.width - frame.left) / max(len(days), 1) * 0.6)
    for i, (rng, obs) in enumerate(zip(ranges, observed, strict=True)):
        x = frame.x(i, len(days))
        if rng is not None:
            y1, y0 = frame.y(rng[1], top_value), frame.y(rng[0], top_value)
            body.append(
                f'<rect x="{x - width / 2:.1f}" y="{y1:.1f}" width="{width:.1f}" '
                f'height="{max(y0 - y1, 1):.1f}" fill="#1D4ED8" fill-opacity="0.45">'
                f"<title>{days[i]:%m-%d} 预报 {rng[0]}–{rng[1]}</title></rect>"
            )
        if obs is not None:
            body.append(
                f'<circle cx="{x:.1f}" cy="{frame.y(obs, top_value):.1f}" r="3" fill="{INK}">'
                f"<title>{days[i]:%m-%d} 实况 {obs}</title></circle>"
            )
    body.append(
        f'<rect x="{frame.left}" y="{frame.height - 16}" width="14" height="8" '
        'fill="#1D4ED8" fill-opacity="0.45"/>'
    )
    body.append(_text(frame.left + 18, frame.height - 9, "预报范围", size=10))
    body.append(
        f'<circle cx="{frame.left + 100}" cy="{frame.height - 12}" r="3" fill="{INK}"/>'
    )
    body.append(_text(frame.left + 108, frame.height - 9, "实况AQI", size=10))
    return _svg(frame.width, frame.height, title, body)


# --- Station map ---------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    name: str
    latitude: float
    longitude: float
    aqi: int | None
    url: str = ""


def station_map(points: Sequence[MapPoint], title: str) -> str:
    """Stations at their coordinates (equirectangular, north up), coloured by
    AQI level, on a plain grid with the coordinates marked."""
    width, height, pad = 560, 420, 40
    if not points:
        return _svg(width, 80, title, [_text(10, 40, "没有登记坐标的点位", size=12)])
    lats = [p.latitude for p in points]
    lngs = [p.longitude for p in points]
    lat0, lat1 = min(lats) - 0.02, max(lats) + 0.02
    lng0, lng1 = min(lngs) - 0.02, max(lngs) + 0.02
    scale = min((width - 2 * pad) / (lng1 - lng0), (height - 2 * pad) / (lat1 - lat0))

    def xy(p: MapPoint) -> tuple[float, float]:
        return pad + (p.longitude - lng0) * scale, height - pad - (
            p.latitude - lat0
        ) * scale

    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#F5F7FA"/>']
    for k in range(5):
        gx = pad + k * (width - 2 * pad) / 4
        gy = pad + k * (height - 2 * pad) / 4
        body.append(
            f'<line x1="{gx:.1f}" y1="{pad}" x2="{gx:.1f}" y2="{height - pad}" stroke="{GREY}"/>'
        )
        body.append(
            f'<line x1="{pad}" y1="{gy:.1f}" x2="{width - pad}" y2="{gy:.1f}" stroke="{GREY}"/>'
        )
        body.append(
            _text(
                gx,
                height - pad + 14,
                f"{lng0 + (gx - pad) / scale:.2f}°E",
                size=9,
                anchor="middle",
            )
        )
        body.append(
            _text(
                pad - 4,
                gy + 3,
                f"{lat1 - (gy - pad) / scale:.2f}°N",
                size=9,
                anchor="end",
            )
        )
    for p in points:
        x, y = xy(p)
        label = f"{p.name} AQI {p.aqi if p.aqi is not None else '无数据'}"
        dot = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{level_colour(p.aqi)}" '
            f'stroke="{INK}" stroke-width="1"><title>{escape(label)}</title></circle>'
            + _text(
                x + 12,
                y + 4,
                f"{p.name} {p.aqi if p.aqi is not None else '—'}",
                size=11,
                fill=INK,
            )
        )
        if p.url:
            dot = f'<a href="{escape(p.url)}">{dot}</a>'
        body.append(dot)
    return _svg(width, height, title, body)
