"""A disclosure list as a PDF (issue 15 item 3: each list "exportable", beside
its Excel and CSV files): the list's title, its publication date (发布日期), when
the file was generated, the search it was filtered by, then the same columns as
the page in a table whose header repeats on every page, and page numbers.

Set in the embedded Noto Serif SC of `ecobureau.lib.pdf` (the same font, glyph
subsetting and line breaking as the bureau's official documents), on landscape
A4 at a small size, since some lists have eleven columns. An official document
refuses a character the font lacks (`lib.pdf.MissingGlyphs`); a published list
must still be downloadable, so such a character is printed as 〓 (the
typesetter's mark for a missing character) and a note says so — the Excel and
CSV files carry the text as stored.

The PDF lists at most `MAX_ROWS` rows (about two seconds and a hundred pages for
the widest list); the count line says how many the list holds and that the Excel
and CSV files carry every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from fpdf import FPDF

from ecobureau.lib import pdf
from ecobureau.lib.dates import SHANGHAI

MAX_ROWS = 1000

PAGE_WIDTH = 297.0  # A4 landscape
PAGE_HEIGHT = 210.0
MARGIN = 15.0
TYPE_WIDTH = PAGE_WIDTH - 2 * MARGIN
TYPE_BOTTOM = PAGE_HEIGHT - MARGIN - 6  # room for the page number
TITLE_PT = 16.0
TEXT_PT = 10.0
TABLE_PT = 8.5
TABLE_LINE = 4.2
CELL_PADDING = 1.2
MISSING = "〓"


@dataclass(frozen=True)
class ListDocument:
    title: str
    headers: Sequence[str]
    widths: Sequence[int]  # the Excel column widths, in characters
    rows: Sequence[Sequence[object]]  # at most MAX_ROWS
    total: int  # rows the list holds under this search
    published_on: date | None
    generated_at: datetime
    query: str = ""
    language: str = "zh-CN"


class _ListPdf(FPDF):
    title_text = ""

    def footer(self) -> None:
        self.set_font(pdf.FONT_FAMILY, size=TABLE_PT)
        self.set_xy(MARGIN, PAGE_HEIGHT - MARGIN - 4)
        # {nb} is replaced by the page count when the file is written.
        self.cell(
            TYPE_WIDTH,
            4,
            self.title_text
            + "　"
            # {nb} is left for fpdf: a placeholder that is not a format field.
            + _("第 %(page)s 页，共 %(pages)s 页")
            % {"page": self.page_no(), "pages": "{nb}"},
            align="C",
        )


def render(document: ListDocument) -> bytes:
    """The PDF of one disclosure list; the same document gives the same bytes."""
    texts = [_text(value) for row in document.rows for value in row]
    lines = _head_lines(document)
    missing = set(
        pdf.missing_characters([*texts, document.title, *document.headers, *lines])
    )
    if missing:
        lines.append(
            _(
                "注：个别字符本文件的字体无法显示，以“%(mark)s”代替，"
                "以Excel/CSV文件为准。"
            )
            % {"mark": MISSING}
        )
    out = _ListPdf(orientation="L", unit="mm", format="A4")
    # The parsed font is shared with the official documents (parsed once per
    # process); each file gets its own glyph subset.
    out.fonts[pdf.FONT_FAMILY] = pdf.document_font()
    out.title_text = _clean(document.title, missing)
    out.set_margins(MARGIN, MARGIN, MARGIN)
    out.set_auto_page_break(False)
    out.set_creation_date(document.generated_at)
    out.set_title(document.title)
    out.set_creator("EcoBureau")
    out.set_lang(document.language)
    out.add_page()
    out.set_font(pdf.FONT_FAMILY, size=TITLE_PT)
    out.cell(TYPE_WIDTH, 10, out.title_text, align="C")
    out.set_xy(MARGIN, out.get_y() + 12)
    out.set_font(pdf.FONT_FAMILY, size=TEXT_PT)
    for line in lines:
        out.cell(TYPE_WIDTH, 5.5, _clean(line, missing))
        out.set_xy(MARGIN, out.get_y() + 5.5)
    out.set_y(out.get_y() + 2)
    columns = _columns(document.widths)
    headers = _wrapped(out, columns, [_clean(h, missing) for h in document.headers])
    _row(out, columns, headers, header=True)
    for row in document.rows:
        cells = _wrapped(out, columns, [_clean(_text(v), missing) for v in row])
        if out.get_y() + _height(cells) > TYPE_BOTTOM:
            out.add_page()
            _row(out, columns, headers, header=True)
        _row(out, columns, cells, header=False)
    if not document.rows:
        empty = _wrapped(out, (TYPE_WIDTH,), [_("暂无公开信息。")])
        _row(out, (TYPE_WIDTH,), empty, header=False)
    return bytes(out.output())


def _head_lines(document: ListDocument) -> list[str]:
    published = (
        document.published_on.isoformat() if document.published_on else _("尚未发布")
    )
    generated = document.generated_at.astimezone(SHANGHAI)
    lines = [
        _("发布日期：%(date)s") % {"date": published},
        _("生成时间：%(time)s（北京时间）") % {"time": f"{generated:%Y-%m-%d %H:%M}"},
    ]
    if document.query:
        lines.append(_("检索条件：%(query)s") % {"query": document.query})
    if document.total > len(document.rows):
        count = _(
            "共 %(total)s 条，本文件列出前 %(shown)s 条，完整清单请导出Excel或CSV。"
        ) % {"total": document.total, "shown": len(document.rows)}
    else:
        count = _("共 %(total)s 条。") % {"total": document.total}
    lines.append(count)
    return lines


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _clean(text: str, missing: set[str]) -> str:
    if not missing:
        return text
    return "".join(MISSING if char in missing else char for char in text)


def _columns(widths: Sequence[int]) -> tuple[float, ...]:
    """The Excel widths scaled to the type width, each at least 12 mm."""
    total = sum(max(w, 4) for w in widths)
    scaled = [max(w, 4) * TYPE_WIDTH / total for w in widths]
    narrow = [max(w, 12.0) for w in scaled]
    factor = TYPE_WIDTH / sum(narrow)
    return tuple(w * factor for w in narrow)


def _wrapped(
    out: FPDF, columns: Sequence[float], cells: Sequence[str]
) -> list[list[str]]:
    out.set_font(pdf.FONT_FAMILY, size=TABLE_PT)
    return [
        pdf.wrap(text, width - 2 * CELL_PADDING, out.get_string_width) if text else []
        for text, width in zip(cells, columns, strict=True)
    ]


def _height(wrapped: list[list[str]]) -> float:
    return max(1, *(len(lines) for lines in wrapped)) * TABLE_LINE + 2 * CELL_PADDING


def _row(
    out: FPDF, columns: Sequence[float], wrapped: list[list[str]], *, header: bool
) -> None:
    out.set_font(pdf.FONT_FAMILY, size=TABLE_PT)
    height = _height(wrapped)
    # A row taller than a page (a very long cell) is cut at the page's foot.
    height = min(height, TYPE_BOTTOM - out.get_y())
    top = out.get_y()
    x = MARGIN
    if header:
        out.set_fill_color(235, 235, 235)
    for width, lines in zip(columns, wrapped, strict=True):
        out.rect(x, top, width, height, style="DF" if header else "D")
        y = top + CELL_PADDING
        for line in lines:
            if y + TABLE_LINE > top + height:
                break
            out.set_xy(x + CELL_PADDING, y)
            out.cell(width - 2 * CELL_PADDING, TABLE_LINE, line)
            y += TABLE_LINE
        x += width
    out.set_xy(MARGIN, top + height)
