"""Render official documents (文书) to PDF with an embedded Chinese font.

Pure: no Django, no database. The casework document registry builds a `Layout`
(title, 文号, paragraphs, tables); this module lays it out as a Chinese official
document and returns the PDF bytes.

Every piece of text is set in the vendored Noto Serif SC (fonts/README.md); fpdf2
embeds the subset of glyphs used, so no reader font is ever substituted and rare
name characters (堃, 喆) print as written. Text with a character the font lacks is
refused (`MissingGlyphs`) rather than printed as an empty box.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "NotoSerifSC-Regular.ttf"
FONT_FAMILY = "notoserifsc"

# Page geometry after GB/T 9704—2012《党政机关公文格式》5.2: A4, a type area of
# 156 mm × 225 mm with 37 mm top and 28 mm left margins; body text in 三号 (16 pt),
# 22 lines a page; titles in 二号 (22 pt); the page number one line (7 mm) below
# the type area.
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
MARGIN_TOP = 37.0
MARGIN_LEFT = 28.0
TYPE_WIDTH = 156.0
TYPE_HEIGHT = 225.0
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TYPE_WIDTH
TYPE_BOTTOM = MARGIN_TOP + TYPE_HEIGHT
BODY_PT = 16.0
TITLE_PT = 22.0
TABLE_PT = 14.0
NOTE_PT = 12.0
LINE = TYPE_HEIGHT / 22
TITLE_LINE = 12.0
TABLE_LINE = 7.5
CELL_PADDING = 2.0
# The date line ends four characters from the right edge and the issuer is
# centred over it (GB/T 9704—2012 7.3.5.1, 成文日期右空四字).
SIGNATURE_RIGHT_INDENT_CHARS = 4
SEAL_DIAMETER = 42.0  # the usual 42 mm round seal of a government body
PT_TO_MM = 25.4 / 72

# Characters that may not begin a line, and that may not end one (避头尾 of
# Chinese typesetting). A closing mark that does not fit hangs into the margin.
_NO_LINE_START = frozenset("，。、；：？！）》」』〕】”’…—·%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『〔【“‘([{")
# Runs of Latin letters, digits and number punctuation stay on one line.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%@_\-]*|\s|.", re.DOTALL)

Align = Literal["L", "C", "R"]


# --- Layout ---------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """Body text; `indent` in characters (two for an ordinary paragraph)."""

    text: str
    indent: int = 2
    align: Align = "L"


@dataclass(frozen=True)
class Cell:
    text: str = ""
    span: int = 1  # number of table columns the cell covers
    align: Align = "L"
    # Small text at the bottom right of the cell, e.g. the signature line
    # "签名：　　　　年　月　日" under the space left for a signature.
    note: str = ""


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    min_height: float = 12.0


@dataclass(frozen=True)
class Table:
    columns: tuple[float, ...]  # column widths in mm; they add up to the type width
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Gap:
    height: float = LINE


Block = Paragraph | Table | Gap


@dataclass(frozen=True)
class Layout:
    """One document: the issuing unit, the document's name and 文号, the body,
    then the signature block (issuer, date in Chinese, seal placeholder)."""

    issuer: str
    title: str
    reference: str
    issued_on: date
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def texts(self) -> Iterable[str]:
        yield from (self.issuer, self.title, self.reference)
        yield chinese_date(self.issued_on)
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield block.text
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        yield cell.text
                        yield cell.note


class MissingGlyphs(ValueError):
    """The text has characters the embedded font cannot draw."""

    def __init__(self, characters: list[str]) -> None:
        super().__init__("".join(characters))
        self.characters = characters


# --- Chinese numbers and dates --------------------------------------------------

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 22 → 二十二 (1–99), for dates and list items 一、二、…"""
    if not 1 <= n <= 99:
        raise ValueError(f"only 1–99 are written in Chinese here, not {n}")
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else _DIGITS[tens]) + "十"
    if ones:
        text += _DIGITS[ones]
    return text


def chinese_date(day: date) -> str:
    """二〇二六年十一月二十二日: the year digit by digit, month and day as numbers."""
    year = "".join(_DIGITS[int(digit)] for digit in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


# --- Font -----------------------------------------------------------------------

_font_lock = threading.Lock()


@cache
def _prototype() -> TTFFont:
    # Parsing the 15 MB font (cmap, widths, glyph order) takes about half a second;
    # it is done once per process and each document gets a light copy.
    pdf = FPDF()
    pdf.add_font(FONT_FAMILY, "", FONT_PATH)
    font = pdf.fonts[FONT_FAMILY]
    assert isinstance(font, TTFFont)
    font.ttfont.getGlyphOrder()
    return font


def font_characters() -> frozenset[int]:
    """Code points the embedded font has a glyph for."""
    return frozenset(_prototype().cmap)


def missing_characters(texts: Iterable[str]) -> list[str]:
    """Characters of `texts` the font cannot draw, in order of first appearance."""
    known = _prototype().cmap
    missing: dict[str, None] = {}
    for text in texts:
        for char in text:
            if char != "\n" and ord(char) not in known:
                missing[char] = None
    return list(missing)


def document_font() -> TTFFont:
    """A font object for one document that shares the parsed, read-only tables of
    the prototype and has its own subset and its own fontTools font: fpdf2 subsets
    that one in place when it writes the file."""
    with _font_lock:
        prototype = _prototype()
    font = copy.copy(prototype)
    ttfont = ttLib.TTFont(FONT_PATH, lazy=True, recalcTimestamp=False)
    ttfont.setGlyphOrder(list(prototype.ttfont.getGlyphOrder()))
    font.ttfont = ttfont
    font.subset = SubsetMap(font)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None
    return font


# --- Line breaking --------------------------------------------------------------


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break `text` into lines no wider than `width`, by characters as Chinese is
    set, keeping Latin words and numbers whole and following 避头尾."""
    lines: list[str] = []
    line = ""
    for piece in _tokens(text, width, measure):
        if not line and piece == " " and lines:
            continue  # a space where a line was broken is dropped
        if not line or piece in _NO_LINE_START or measure(line + piece) <= width:
            # A closing mark that does not fit hangs into the margin.
            line += piece
            continue
        kept = line.rstrip(" ")
        carried = ""
        while kept and kept[-1] in _NO_LINE_END:
            carried = kept[-1] + carried
            kept = kept[:-1]
        if not kept.strip():
            line += piece  # nothing but opening marks: they cannot move
            continue
        lines.append(kept.rstrip())
        line = "" if piece == " " else carried + piece
    lines.append(line.rstrip())
    return lines


def _tokens(text: str, width: float, measure: Callable[[str], float]) -> Iterator[str]:
    for piece in _TOKEN.findall(text):
        # A run longer than a whole line (a long number, a web address) is cut.
        while len(piece) > 1 and measure(piece) > width:
            cut = 1
            while measure(piece[: cut + 1]) <= width:
                cut += 1
            yield piece[:cut]
            piece = piece[cut:]
        yield piece


# --- Rendering ------------------------------------------------------------------


class _Pdf(FPDF):
    def footer(self) -> None:
        # Page number "— 1 —" one line below the type area (GB/T 9704—2012 7.5).
        self.set_font(FONT_FAMILY, size=14)
        self.set_xy(MARGIN_LEFT, TYPE_BOTTOM + 7)
        self.cell(TYPE_WIDTH, 7, f"— {self.page_no()} —", align="C")


def render(layout: Layout, *, created_at: datetime) -> bytes:
    """The PDF of `layout`. The same layout and `created_at` give the same bytes."""
    missing = missing_characters(layout.texts())
    if missing:
        raise MissingGlyphs(missing)
    pdf = _Pdf(unit="mm", format="A4")
    pdf.fonts[FONT_FAMILY] = document_font()
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(created_at)
    pdf.set_title(f"{layout.title} {layout.reference}")
    pdf.set_author(layout.issuer)
    pdf.set_creator("EcoBureau")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    _draw_heading(pdf, layout)
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            _draw_paragraph(pdf, block)
        elif isinstance(block, Table):
            _draw_table(pdf, block)
        else:
            _advance(pdf, block.height)
    _draw_signature(pdf, layout)
    return bytes(pdf.output())


def _draw_heading(pdf: FPDF, layout: Layout) -> None:
    pdf.set_font(FONT_FAMILY, size=TITLE_PT)
    for text in (layout.issuer, layout.title):
        for line in wrap(text, TYPE_WIDTH, pdf.get_string_width):
            _line(pdf, line, TITLE_LINE, align="C")
    pdf.set_font(FONT_FAMILY, size=BODY_PT)
    _advance(pdf, LINE / 2)
    _line(pdf, layout.reference, LINE, align="R")
    _advance(pdf, LINE / 2)


def _draw_paragraph(pdf: FPDF, paragraph: Paragraph) -> None:
    pdf.set_font(FONT_FAMILY, size=BODY_PT)
    indent = "\u3000" * paragraph.indent
    lines = wrap(indent + paragraph.text, TYPE_WIDTH, pdf.get_string_width)
    for number, line in enumerate(lines):
        # The indent is drawn as space, not as text, so copied text starts with
        # the first word.
        offset = 0.0
        if number == 0 and indent:
            offset = pdf.get_string_width(indent)
            line = line[len(indent) :]
        _line(pdf, line, LINE, align=paragraph.align, offset=offset)


def _line(
    pdf: FPDF, text: str, height: float, *, align: Align, offset: float = 0.0
) -> None:
    if pdf.get_y() + height > TYPE_BOTTOM:
        pdf.add_page()
    pdf.set_xy(MARGIN_LEFT + offset, pdf.get_y())
    if text:
        pdf.cell(TYPE_WIDTH - offset, height, text, align=align)
    pdf.set_xy(MARGIN_LEFT, pdf.get_y() + height)


def _advance(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > TYPE_BOTTOM:
        pdf.add_page()
    else:
        pdf.set_y(pdf.get_y() + height)


def _draw_table(pdf: FPDF, table: Table) -> None:
    for row in table.rows:
        _draw_row(pdf, table.columns, row)


def _draw_row(pdf: FPDF, columns: tuple[float, ...], row: Row) -> None:
    widths = _cell_widths(columns, row)
    pdf.set_font(FONT_FAMILY, size=TABLE_PT)
    wrapped = [
        wrap(cell.text, width - 2 * CELL_PADDING, pdf.get_string_width)
        if cell.text
        else []
        for cell, width in zip(row.cells, widths, strict=True)
    ]
    note_space = NOTE_PT * PT_TO_MM + CELL_PADDING
    heights = [
        len(lines) * TABLE_LINE + 2 * CELL_PADDING + (note_space if cell.note else 0)
        for cell, lines in zip(row.cells, wrapped, strict=True)
    ]
    height = max([row.min_height, *heights])
    if pdf.get_y() + height > TYPE_BOTTOM:
        pdf.add_page()  # a row is never split across pages
    top = pdf.get_y()
    x = MARGIN_LEFT
    for cell, width, lines in zip(row.cells, widths, wrapped, strict=True):
        pdf.rect(x, top, width, height)
        text_height = len(lines) * TABLE_LINE
        usable = height - (note_space if cell.note else 0)
        y = top + max(CELL_PADDING, (usable - text_height) / 2)
        for line in lines:
            pdf.set_xy(x + CELL_PADDING, y)
            pdf.cell(width - 2 * CELL_PADDING, TABLE_LINE, line, align=cell.align)
            y += TABLE_LINE
        if cell.note:
            pdf.set_font(FONT_FAMILY, size=NOTE_PT)
            pdf.set_xy(x + CELL_PADDING, top + height - note_space)
            pdf.cell(width - 2 * CELL_PADDING, NOTE_PT * PT_TO_MM, cell.note, align="R")
            pdf.set_font(FONT_FAMILY, size=TABLE_PT)
        x += width
    pdf.set_xy(MARGIN_LEFT, top + height)


def _cell_widths(columns: tuple[float, ...], row: Row) -> list[float]:
    widths = []
    start = 0
    for cell in row.cells:
        widths.append(sum(columns[start : start + cell.span]))
        start += cell.span
    if start != len(columns):
        raise ValueError(f"row covers {start} of {len(columns)} columns")
    return widths


def _draw_signature(pdf: FPDF, layout: Layout) -> None:
    pdf.set_font(FONT_FAMILY, size=BODY_PT)
    date_text = chinese_date(layout.issued_on)
    char = pdf.get_string_width("\u3000")
    right = MARGIN_LEFT + TYPE_WIDTH - SIGNATURE_RIGHT_INDENT_CHARS * char
    date_width = pdf.get_string_width(date_text)
    centre = right - date_width / 2
    issuer_width = pdf.get_string_width(layout.issuer)
    # Room for a blank line and the two signature lines; the seal placeholder may
    # reach into the bottom margin.
    needed = 3 * LINE
    if pdf.get_y() + needed > TYPE_BOTTOM:
        pdf.add_page()
    top = pdf.get_y() + LINE
    issuer_x = max(MARGIN_LEFT, min(centre - issuer_width / 2, right - issuer_width))
    pdf.set_xy(issuer_x, top)
    pdf.cell(issuer_width, LINE, layout.issuer)
    pdf.set_xy(right - date_width, top + LINE)
    pdf.cell(date_width, LINE, date_text)
    _draw_seal_placeholder(pdf, centre, top + LINE)
    pdf.set_xy(MARGIN_LEFT, top + 2 * LINE)


def _draw_seal_placeholder(pdf: FPDF, x: float, y: float) -> None:
    """A dashed circle where the unit's seal goes, over the issuer and the date
    (the seal covers the date: 骑年盖月)."""
    radius = SEAL_DIAMETER / 2
    pdf.set_draw_color(160, 160, 160)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.ellipse(x - radius, y - radius, SEAL_DIAMETER, SEAL_DIAMETER)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0, 0, 0)
