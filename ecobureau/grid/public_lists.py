"""The grid's public lists as downloads (issue 15 item 3): the cells with their
published responsible persons and phones (seed 002 四(五)1 publishes them; no
other personal data), and the 双随机 draws. Same rows as the pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from ecobureau.lib import list_export

from .models import Draw, GridCell

CELL_HEADERS = ("网格", "网格编码", "层级", "责任主体", "责任人及联系方式", "公示日期")
DRAW_HEADERS = ("抽查", "年度", "范围", "状态", "封存时间", "种子哈希（SHA-256）")


def _date(moment: object) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""  # type: ignore[arg-type]


def _cell_rows(cells: QuerySet[GridCell]) -> Iterable[list[object]]:
    for cell in cells:
        people = "；".join(
            f"{m.get_role_display()}：{m.name}"
            + (f"（{m.title}）" if m.title else "")
            + (f" {m.phone}" if m.phone else "")
            for m in cell.public_members  # type: ignore[attr-defined]
        )
        yield [
            cell.name,
            cell.code,
            cell.get_level_display(),
            cell.responsible_unit.name if cell.responsible_unit else "",
            people,
            _date(cell.published_at),
        ]


def cells_export(fmt: str, cells: QuerySet[GridCell]) -> HttpResponse:
    return list_export.response(
        fmt,
        filename="grid-cells",
        title="环境监管网格公示",
        headers=CELL_HEADERS,
        rows=_cell_rows(cells),
        widths=(24, 16, 8, 24, 60, 12),
    )


def draws_export(fmt: str, draws: QuerySet[Draw]) -> HttpResponse:
    rows = (
        [
            d.title,
            d.year,
            d.division.name,
            d.get_status_display(),
            timezone.localtime(d.committed_at).strftime("%Y-%m-%d %H:%M")
            if d.committed_at
            else "",
            d.seed_sha256,
        ]
        for d in draws
    )
    return list_export.response(
        fmt,
        filename="grid-draws",
        title="双随机抽查公开",
        headers=DRAW_HEADERS,
        rows=rows,
        widths=(40, 8, 16, 10, 18, 66),
    )
