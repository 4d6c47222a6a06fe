"""The grid's public lists as downloads (issue 15 item 3): the cells with their
published responsible persons and phones (seed 002 四(五)1 publishes them; no
other personal data), the 双随机 draws and their inspection results (masked
text, no inspector's phone), and the implementation schemes. Same rows as the
pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ecobureau.lib import list_export

from . import selectors
from .models import Draw, GridCell, ImplementationScheme, InspectionTask

# Marked for translation; the exports translate them in the chosen language.
CELL_HEADERS = (
    gettext_noop("网格"),
    gettext_noop("网格编码"),
    gettext_noop("层级"),
    gettext_noop("责任主体"),
    gettext_noop("责任人及联系方式"),
    gettext_noop("公示日期"),
)
DRAW_HEADERS = (
    gettext_noop("抽查"),
    gettext_noop("年度"),
    gettext_noop("范围"),
    gettext_noop("状态"),
    gettext_noop("封存时间"),
    gettext_noop("种子哈希（SHA-256）"),
)
RESULT_HEADERS = (
    gettext_noop("企业"),
    gettext_noop("统一社会信用代码"),
    gettext_noop("区县"),
    gettext_noop("抽查"),
    gettext_noop("年度"),
    gettext_noop("检查日期"),
    gettext_noop("检查结果"),
    gettext_noop("行政处罚决定"),
    gettext_noop("公开日期"),
)
SCHEME_HEADERS = (
    gettext_noop("方案"),
    gettext_noop("制定单位"),
    gettext_noop("备案机关"),
    gettext_noop("印发日期"),
    gettext_noop("备案日期"),
    gettext_noop("公开日期"),
)
EXPORT_CHUNK = 500


def _headers(headers: tuple[str, ...]) -> list[str]:
    return [_(header) for header in headers]


def _date(moment: object) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""  # type: ignore[arg-type]


def _cell_rows(cells: QuerySet[GridCell]) -> Iterable[list[object]]:
    for cell in cells:
        people = _("；").join(
            _("%(role)s：%(name)s") % {"role": _(m.get_role_display()), "name": m.name}
            + (f"（{m.title}）" if m.title else "")
            + (f" {m.phone}" if m.phone else "")
            for m in cell.public_members  # type: ignore[attr-defined]
        )
        yield [
            cell.name,
            cell.code,
            _(cell.get_level_display()),
            cell.responsible_unit.name if cell.responsible_unit else "",
            people,
            _date(cell.published_at),
        ]


def cells_export(fmt: str, cells: QuerySet[GridCell]) -> HttpResponse:
    return list_export.response(
        fmt,
        filename="grid-cells",
        title=_("环境监管网格公示"),
        headers=_headers(CELL_HEADERS),
        rows=_cell_rows(cells),
        widths=(24, 16, 8, 24, 60, 12),
    )


def draws_export(fmt: str, draws: QuerySet[Draw]) -> HttpResponse:
    rows = (
        [
            d.title,
            d.year,
            d.division.name,
            _(d.get_status_display()),
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
        title=_("双随机抽查公开"),
        headers=_headers(DRAW_HEADERS),
        rows=rows,
        widths=(40, 8, 16, 10, 18, 66),
    )


def _result_rows(tasks: QuerySet[InspectionTask]) -> Iterable[list[object]]:
    # In chunks: the masking needs each task's inspectors, and the decision
    # lookup is one call per chunk.
    pages = Paginator(tasks, EXPORT_CHUNK)
    for number in pages.page_range:
        for row in selectors.result_rows_public(pages.page(number).object_list):
            yield [
                row.enterprise,
                row.credit_code,
                row.district,
                row.draw_title,
                row.year,
                row.done_on.isoformat() if row.done_on else "",
                row.result,
                "；".join(
                    f"{d.reference}（{d.decided_on.isoformat()}）"
                    for d in row.decisions
                ),
                row.published_on.isoformat() if row.published_on else "",
            ]


def results_export(fmt: str, tasks: QuerySet[InspectionTask]) -> HttpResponse:
    return list_export.response(
        fmt,
        filename="grid-inspection-results",
        title=_("双随机抽查结果公开"),
        headers=_headers(RESULT_HEADERS),
        rows=_result_rows(tasks),
        widths=(32, 20, 10, 30, 6, 12, 60, 30, 12),
    )


def schemes_export(fmt: str, schemes: QuerySet[ImplementationScheme]) -> HttpResponse:
    rows = (
        [
            s.title,
            s.cell.name,
            s.filed_with.name,
            s.issued_on.isoformat(),
            s.decided_on.isoformat() if s.decided_on else "",
            _date(s.published_at),
        ]
        for s in schemes
    )
    return list_export.response(
        fmt,
        filename="grid-schemes",
        title=_("网格化环境监管实施方案公开"),
        headers=_headers(SCHEME_HEADERS),
        rows=rows,
        widths=(40, 20, 20, 12, 12, 12),
    )
