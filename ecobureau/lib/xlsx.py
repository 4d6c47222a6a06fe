"""A minimal streaming .xlsx writer: sheets of text cells, each with a styled header
row, column widths and a frozen header. `write` writes one sheet, `write_workbook`
several (a ledger of tasks and their measures).

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
from dataclasses import dataclass
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

_SHEET_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
)


def _content_types(sheets: int) -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, sheets + 1)
    )
    return (
        _HEAD
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def _workbook_rels(sheets: int) -> str:
    # Sheet n is rIdn; the styles take the next id.
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        _HEAD + f'<Relationships xmlns="{_PKG_REL}">{links}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" '
        'Target="styles.xml"/></Relationships>'
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


def _workbook(names: Sequence[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return (
        _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}'
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


# Excel refuses a workbook whose sheet names break these rules (ECMA-376 leaves
# them to the application; these are Excel's): at most 31 characters, none of
# []:*?/\\, not empty, not starting or ending with an apostrophe, unique
# without regard to case.
MAX_SHEET_NAME = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One sheet of `write_workbook`. `widths` in characters, one a column
    (empty: Excel's default); `required` marks header cells in red (empty: none)."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] = ()
    required: Sequence[bool] = ()


def sheet_name(text: str) -> str:
    """`text` made a valid sheet name: forbidden characters dropped, cut to 31
    characters, apostrophes trimmed from the ends; "Sheet" if nothing is left."""
    name = _SHEET_NAME_FORBIDDEN.sub("", _ILLEGAL.sub("", text))
    return name[:MAX_SHEET_NAME].strip("'") or "Sheet"


def _check_names(names: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if (
            not name
            or len(name) > MAX_SHEET_NAME
            or _SHEET_NAME_FORBIDDEN.search(name)
            or _ILLEGAL.search(name)
            or name[0] == "'"
            or name[-1] == "'"
        ):
            raise ValueError(
                f"invalid sheet name {name!r}: 1-{MAX_SHEET_NAME} characters, "
                "none of []:*?/\\, no apostrophe at either end"
            )
        if name.casefold() in seen:
            raise ValueError(f"duplicate sheet name {name!r}")
        seen.add(name.casefold())


def _write_sheet(package: zipfile.ZipFile, number: int, sheet: Sheet) -> int:
    """Stream one sheet into the package as xl/worksheets/sheet<number>.xml;
    return the number of data rows."""
    letters = [get_column_letter(i) for i in range(1, len(sheet.headers) + 1)]
    required = list(sheet.required) or [False] * len(sheet.headers)
    count = 0
    # The sheet's size goes before its rows (readers use it to size the sheet),
    # so the rows wait in a temporary file until they are counted.
    with tempfile.TemporaryFile() as body:
        for count, values in enumerate(sheet.rows, start=1):
            body.write(_row(count + 1, letters, values).encode())
        header = "".join(
            f'<c r="{letter}1" s="{2 if must else 1}" t="inlineStr"><is><t>'
            f"{_text(name)}</t></is></c>"
            for letter, name, must in zip(letters, sheet.headers, required, strict=True)
        )
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
            for i, width in enumerate(sheet.widths, start=1)
        )
        last = letters[-1] if letters else "A"
        selected = ' tabSelected="1"' if number == 1 else ""
        with package.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
            part.write(
                (
                    _HEAD + f'<worksheet xmlns="{_MAIN}">'
                    f'<dimension ref="A1:{last}{count + 1}"/>'
                    f'<sheetViews><sheetView workbookViewId="0"{selected}>'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                    'state="frozen"/></sheetView></sheetViews>'
                    f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>"
                    f'<row r="1">{header}</row>'
                ).encode()
            )
            body.seek(0)
            shutil.copyfileobj(body, part, 1 << 20)
            part.write(b"</sheetData></worksheet>")
    return count


def write_workbook(sheets: Sequence[Sheet]) -> tuple[bytes, list[int]]:
    """The sheets, in order, as .xlsx bytes, and the number of data rows of each.

    Each sheet's rows are read once, in sheet order: a later sheet's rows may be
    collected while an earlier sheet is written (a ledger's measures while its
    tasks are read). Raises ValueError for a name Excel would refuse
    (`sheet_name` makes one valid) or a workbook without sheets.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    names = [sheet.name for sheet in sheets]
    _check_names(names)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _content_types(len(sheets)))
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _workbook(names))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        package.writestr("xl/styles.xml", _STYLES)
        counts = [
            _write_sheet(package, number, sheet)
            for number, sheet in enumerate(sheets, start=1)
        ]
    return out.getvalue(), counts


def write(
    *,
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    required: Sequence[bool],
    rows: Iterable[Sequence[object]],
) -> tuple[bytes, int]:
    """The sheet as .xlsx bytes, and the number of data rows written. `title` is
    made a valid sheet name (`sheet_name`)."""
    content, (count,) = write_workbook(
        [
            Sheet(
                name=sheet_name(title),
                headers=headers,
                rows=rows,
                widths=widths,
                required=required,
            )
        ]
    )
    return content, count


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
