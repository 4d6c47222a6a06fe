"""A section's monthly classes as an SVG bar chart (no script, prints as is).

Built for one page at render time, so its words are in the reader's language
(gettext here; nothing of it is stored)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from . import water_class as wc

# Colours of the status table (reference/water.md 2.4: UNVERIFIED, 示例配置).
COLOURS = {
    "I": "#1f77b4",
    "II": "#1f77b4",
    "III": "#2ca02c",
    "IV": "#e6c300",
    "V": "#ff7f0e",
    "劣V": "#d62728",
}


def monthly_classes(
    months: list[tuple[int, str | None]], title: str, target: str | None
) -> SafeString:
    width, height, left, top, bottom = 640, 220, 48, 12, 30
    plot_h = height - top - bottom
    step = (width - left - 10) / 12
    parts = []
    for i, axis_class in enumerate(wc.CLASSES):
        y = top + plot_h * i / 6
        # The axis is narrow: 劣V has a short English form of its own.
        label = (
            pgettext("water class axis", "劣V") if axis_class == "劣V" else axis_class
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end" font-size="11">{escape(label)}</text>'
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.0f}" y2="{y:.0f}" stroke="#ddd"/>'
        )
    if target:
        y = top + plot_h * wc.CLASSES.index(target) / 6
        line = gettext("目标%(klass)s类") % {"klass": target}
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.0f}" y2="{y:.0f}" '
            f'stroke="#333" stroke-dasharray="4 3"/><text x="{width - 12}" y="{y - 3:.0f}" '
            f'text-anchor="end" font-size="11">{escape(line)}</text>'
        )
    for month, klass in months:
        x = left + step * (month - 1) + step * 0.15
        name = gettext("%(m)s月") % {"m": month}
        parts.append(
            f'<text x="{x + step * 0.35:.0f}" y="{height - 10}" text-anchor="middle" '
            f'font-size="11">{escape(name)}</text>'
        )
        if klass is None:
            continue
        index = wc.CLASSES.index(klass)
        y = top + plot_h * index / 6
        bar_h = plot_h * (6 - index) / 6
        y_top = top + plot_h - bar_h
        tip = (
            gettext("%(month)s月 劣V类") % {"month": month}
            if klass == "劣V"
            else gettext("%(month)s月 %(klass)s类") % {"month": month, "klass": klass}
        )
        parts.append(
            f'<rect x="{x:.0f}" y="{y_top:.0f}" width="{step * 0.7:.0f}" height="{bar_h:.0f}" '
            f'fill="{COLOURS[klass]}"><title>{escape(tip)}</title></rect>'
        )
        del y
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )
