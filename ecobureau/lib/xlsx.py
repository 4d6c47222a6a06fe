"""A minimal streaming .xlsx writer: one sheet of text cells, a styled header row,
column widths and a frozen header.

openpyxl writes about 1,000 rows a second here (one Python object and one XML
element per cell), so a city-wide export of 100,000 enterprises took 100 s; this
writer streams the sheet XML straight into the zip and takes a few seconds.
openpyxl still reads the files (imports) and writes the import template, where
its data validation and styling are worth its speed.
"""

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# XML 1.0 forbids these control characters; Excel refuses a file containing them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_CONTENT_TYPES = (
    _HEAD
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Style 0: plain; 1: header; 2: header of a required column (red).
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="3"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><color rgb="FF1F2933"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFB42318"/><name val="等线"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFEEF2F7"/>'
    '<bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" '
    'applyFill="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" xfId="0" applyFont="1" '
    'applyFill="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)


def _workbook(title: str) -> str:
    return (
        _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name={quoteattr(title)} sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _text(value: object) -> str:
    text = _ILLEGAL.sub("", "" if value is None else str(value))
    return escape(text)


def _row(number: int, letters: Sequence[str], values: Sequence[object]) -> str:
    cells = []
    for letter, value in zip(letters, values, strict=False):
        text = _text(value)
        if text:
            cells.append(
                f'<c r="{letter}{number}" t="inlineStr"><is>'
                f'<t xml:space="preserve">{text}</t></is></c>'
            )
    return f'<row r="{number}">{"".join(cells)}</row>'


def write(
    *,
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    required: Sequence[bool],
    rows: Iterable[Sequence[object]],
) -> tuple[bytes, int]:
    """The sheet as .xlsx bytes, and the number of data rows written."""
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    count = 0
    # The sheet's size goes before its rows (readers use it to size the sheet),
    # so the rows wait in a temporary file until they are counted.
    with tempfile.TemporaryFile() as body:
        for count, values in enumerate(rows, start=1):
            body.write(_row(count + 1, letters, values).encode())
        header = "".join(
            f'<c r="{letter}1" s="{2 if must else 1}" t="inlineStr"><is><t>'
            f"{_text(name)}</t></is></c>"
            for letter, name, must in zip(letters, headers, required, strict=True)
        )
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
            for i, width in enumerate(widths, start=1)
        )
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", _CONTENT_TYPES)
            package.writestr("_rels/.rels", _ROOT_RELS)
            package.writestr("xl/workbook.xml", _workbook(title))
            package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            package.writestr("xl/styles.xml", _STYLES)
            with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
                sheet.write(
                    (
                        _HEAD + f'<worksheet xmlns="{_MAIN}">'
                        f'<dimension ref="A1:{letters[-1]}{count + 1}"/>'
                        '<sheetViews><sheetView workbookViewId="0">'
                        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                        'state="frozen"/></sheetView></sheetViews>'
                        f"<cols>{cols}</cols><sheetData>"
                        f'<row r="1">{header}</row>'
                    ).encode()
                )
                body.seek(0)
                shutil.copyfileobj(body, sheet, 1 << 20)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue(), count


# Upload limits for workbooks read by imports. An .xlsx file is a zip, so a few
# hundred kilobytes can inflate to gigabytes when openpyxl parses it (a "zip bomb").
# The central directory states every member's sizes; refusing before parsing costs
# nothing. Real ledgers here compress 5-15 times and stay well under 100 MB unpacked.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Below this size the ratio is not asked: a small file cannot exhaust memory, and a sheet
# of repeated rows legitimately compresses very well.
RATIO_CHECKED_FROM_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 1000


class UnsafeWorkbook(Exception):
    """An uploaded workbook refused before parsing; the message is for the uploader."""


class UnreadableWorkbook(Exception):
    """An uploaded file that is not a workbook openpyxl can read."""


def open_uploaded(content: bytes) -> Any:
    """Open an uploaded .xlsx for reading, after checking its zip directory.

    Raises `UnsafeWorkbook` (with a Chinese message saying why) or
    `UnreadableWorkbook`; the caller turns either into its own import error.
    openpyxl parses the XML with defusedxml when it is installed (it is, see
    requirements.lock), which stops entity-expansion attacks inside the members.
    """
    from openpyxl import load_workbook

    _check_zip_limits(content)
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise UnreadableWorkbook from None


def _check_zip_limits(content: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableWorkbook from None
    if len(members) > MAX_MEMBERS:
        raise UnsafeWorkbook(
            f"文件包含{len(members)}个内部部件（上限{MAX_MEMBERS}个），不像正常的Excel文件，已拒绝。"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnsafeWorkbook(
            f"文件解压后约{unpacked // (1024 * 1024)}MB，超过上限"
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)}MB，请分批导入。"
        )
    packed = sum(member.compress_size for member in members)
    too_dense = packed and unpacked / packed > MAX_COMPRESSION_RATIO
    if unpacked > RATIO_CHECKED_FROM_BYTES and too_dense:
        raise UnsafeWorkbook(
            f"文件压缩比异常（{unpacked // packed}倍，上限{MAX_COMPRESSION_RATIO}倍），"
            "疑似压缩炸弹，已拒绝。"
        )
