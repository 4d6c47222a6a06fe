"""The public discharge list as a download (issue 15 item 3: every disclosure list
is exportable): `?format=csv|xlsx` on `monitoring:discharge-public` gives the
enterprises the search found (all pages), one line per enterprise and pollutant,
with the time the actual totals were computed. Organisation data only, as on the
page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

from ecobureau.lib import list_export

from . import selectors

EXPORT_CHUNK = 200


def _tonnes(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def headers(year: int) -> tuple[str, ...]:
    return (
        "企业",
        "区县",
        "行业",
        "排污许可证编号",
        "许可证有效期至",
        "污染物",
        "排放方式",
        "排放去向",
        "年许可排放量（吨）",
        f"{year}年实际排放量（吨）",
        "实际排放量统计时间",
    )


def _rows(
    enterprise_ids: Sequence[int], year: int, computed_at: datetime | None
) -> Iterable[list[object]]:
    computed = (
        timezone.localtime(computed_at).strftime("%Y-%m-%d %H:%M")
        if computed_at
        else "尚未统计"
    )
    for start in range(0, len(enterprise_ids), EXPORT_CHUNK):
        chunk = list(enterprise_ids[start : start + EXPORT_CHUNK])
        for row in selectors.discharge_list_public(enterprise_ids=chunk, year=year):
            for line in row.lines:
                yield [
                    row.name,
                    row.district,
                    row.industry,
                    row.permit_number,
                    row.valid_until.isoformat() if row.valid_until else "",
                    line.pollutant_name,
                    line.method,
                    line.route + (f"：{line.receiving}" if line.receiving else ""),
                    _tonnes(line.yearly_tonnes),
                    _tonnes(line.actual_tonnes),
                    computed,
                ]


def discharge_export(fmt: str, *, q: str, year: int) -> HttpResponse:
    """Every enterprise the page's search finds, not only the page shown."""
    ids = list(selectors.discharge_enterprises_public(q))
    return list_export.response(
        fmt,
        filename=f"discharge-{year}",
        title="排污单位排放方式和排放总量公开",
        headers=headers(year),
        rows=_rows(ids, year, selectors.discharge_summary_computed_at()),
        widths=(32, 10, 16, 24, 12, 12, 12, 24, 14, 14, 18),
    )
