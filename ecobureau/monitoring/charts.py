"""Line charts of monitoring data drawn as SVG on the server: no JavaScript, no
chart library, readable in any browser and in a printed page. Every piece of
text is escaped; the caller marks the returned markup safe."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from html import escape
from itertools import pairwise

from ecobureau.lib.dates import SHANGHAI

from .selectors import VALID_FLAGS, Point

WIDTH, HEIGHT = 960, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 40


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _time_ticks(start: datetime, end: datetime) -> tuple[list[datetime], str]:
    span = end - start
    steps = [
        (timedelta(minutes=10), "%H:%M"),
        (timedelta(minutes=30), "%H:%M"),
        (timedelta(hours=1), "%H:%M"),
        (timedelta(hours=3), "%m-%d %H时"),
        (timedelta(hours=6), "%m-%d %H时"),
        (timedelta(hours=12), "%m-%d %H时"),
        (timedelta(days=1), "%m-%d"),
        (timedelta(days=2), "%m-%d"),
        (timedelta(days=7), "%m-%d"),
        (timedelta(days=14), "%m-%d"),
        (timedelta(days=30), "%Y-%m"),
        (timedelta(days=91), "%Y-%m"),
        (timedelta(days=365), "%Y"),
    ]
    step, fmt = steps[-1]
    for candidate, candidate_fmt in steps:
        if span / candidate <= 8:
            step, fmt = candidate, candidate_fmt
            break
    local = start.astimezone(SHANGHAI)
    if step >= timedelta(days=1):
        first = local.replace(hour=0, minute=0, second=0, microsecond=0)
    elif step >= timedelta(hours=1):
        first = local.replace(minute=0, second=0, microsecond=0)
    else:
        first = local.replace(second=0, microsecond=0)
    ticks = []
    at = first
    while at <= end:
        if at >= start:
            ticks.append(at)
        at += step
    return ticks, fmt


def line_chart(
    points: Sequence[Point],
    *,
    start: datetime,
    end: datetime,
    title: str,
    unit: str,
    limit: Decimal | None = None,
) -> str:
    """An SVG line chart of `points` over [start, end), with the limit as a
    dashed red line and values flagged abnormal (F, M, D, C …) as orange dots.
    Gaps in the data (more than three typical intervals) break the line."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [p.value for p in points]
    if limit is not None:
        values.append(float(limit))
    low = min([0.0, *values]) if values else 0.0
    high = max(values) if values else 1.0
    if high <= low:
        high = low + 1
    step = _nice_step(high - low)
    high = math.ceil(high / step) * step
    low = math.floor(low / step) * step
    seconds = max((end - start).total_seconds(), 1)

    def x(at: datetime) -> float:
        return LEFT + (at - start).total_seconds() / seconds * plot_w

    def y(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    label = escape(f"{title}（{unit}）" if unit else title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{label}" class="chart">',
        f"<title>{label}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#d0d7e2"/>',
    ]
    tick = low
    while tick <= high + step / 2:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#eef2f7"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#555">'
            f"{escape(f'{tick:g}')}</text>"
        )
        tick += step
    ticks, fmt = _time_ticks(start, end)
    for at in ticks:
        tx = x(at)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#f3f5f9"/>'
            f'<text x="{tx:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
            f'fill="#555">{escape(at.astimezone(SHANGHAI).strftime(fmt))}</text>'
        )
    if unit:
        parts.append(
            f'<text x="8" y="{TOP - 8}" font-size="11" fill="#555">{escape(unit)}</text>'
        )
    if limit is not None:
        ly = y(float(limit))
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ly:.1f}" y2="{ly:.1f}" '
            f'stroke="#c62828" stroke-dasharray="6 4"/>'
            f'<text x="{LEFT + plot_w - 4}" y="{ly - 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#c62828">限值 {escape(format(limit.normalize(), "f"))}</text>'
        )
    for segment in _segments(points):
        coords = " ".join(f"{x(p.at):.1f},{y(p.value):.1f}" for p in segment)
        if len(segment) == 1:
            p = segment[0]
            parts.append(
                f'<circle cx="{x(p.at):.1f}" cy="{y(p.value):.1f}" r="2" fill="#1f5fa8"/>'
            )
        else:
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="#1f5fa8" stroke-width="1.5"/>'
            )
    for p in points:
        if p.flag not in VALID_FLAGS:
            parts.append(
                f'<circle cx="{x(p.at):.1f}" cy="{y(p.value):.1f}" r="3" fill="#e67e22">'
                f"<title>{escape(p.flag)}</title></circle>"
            )
    if not points:
        parts.append(
            f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" '
            f'font-size="14" fill="#888">该时段没有数据</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _segments(points: Sequence[Point]) -> list[list[Point]]:
    if len(points) < 2:
        return [list(points)] if points else []
    gaps = sorted((b.at - a.at).total_seconds() for a, b in pairwise(points))
    typical = gaps[len(gaps) // 2] or 1
    segments: list[list[Point]] = [[points[0]]]
    for a, b in pairwise(points):
        if (b.at - a.at).total_seconds() > 3 * typical:
            segments.append([b])
        else:
            segments[-1].append(b)
    return segments
