"""The province's published list (省级生态环境部门公布的企业环境信用评价结果) as an
.xlsx sheet: reading rows into text, and the blank template.

Pure workbook work, no database: the import service checks codes, grades and years.
The province's own files carry extra columns (序号, 所属地区 …); those are ignored
and named in the report. A few header spellings seen in published lists are read
as the template's (HEADER_ALIASES).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ecobureau.lib import xlsx

SHEET_TITLE = "省厅公布结果"
NAME = "企业名称"
CODE = "统一社会信用代码"
GRADE = "评价等级"
YEAR = "评价年度"
AUTHORITY = "评价机关"
HEADERS = (NAME, CODE, GRADE, YEAR, AUTHORITY)
REQUIRED = (NAME, CODE, GRADE, YEAR)
WIDTHS = (36, 22, 16, 10, 24)
HEADER_ALIASES = {
    "单位名称": NAME,
    "企业（单位）名称": NAME,
    "信用代码": CODE,
    "社会信用代码": CODE,
    "信用等级": GRADE,
    "评价结果": GRADE,
    "等级": GRADE,
    "年度": YEAR,
    "评价年份": YEAR,
    "评价单位": AUTHORITY,
    "评价部门": AUTHORITY,
}


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is Chinese."""


@dataclass
class Sheet:
    rows: Iterator[tuple[int, dict[str, str]]]  # (Excel row number, header → text)
    size: int | None  # rows the file says it holds, header included
    ignored: list[str]  # headers of columns not read


def cell_text(value: object) -> str:
    """A cell as the text a person sees (a code typed as digits is a number in
    Excel, and 2025 must not come back as "2025.0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def read_sheet(content: bytes) -> Sheet:
    """Open the first sheet, check its header row; rows are read lazily."""
    try:
        workbook = xlsx.open_uploaded(content)
    except xlsx.UnsafeWorkbook as refused:
        raise SheetError(str(refused)) from None
    except xlsx.UnreadableWorkbook:
        raise SheetError("无法读取文件，请上传 Excel（.xlsx）格式的文件。") from None
    worksheet = workbook.worksheets[0]
    rows = worksheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if header_row is None:
        raise SheetError("表格为空，第1行应为表头。")
    raw = [cell_text(value) for value in header_row]
    headers = [HEADER_ALIASES.get(h, h) for h in raw]
    missing = [h for h in REQUIRED if h not in headers]
    twice = sorted({h for h in headers if h in HEADERS and headers.count(h) > 1})
    problems = []
    if missing:
        problems.append(f"缺少列：{'、'.join(missing)}")
    if twice:
        problems.append(f"列重复：{'、'.join(twice)}")
    if problems:
        raise SheetError(
            "表头与模板不符。" + "；".join(problems) + "。请使用导入模板。"
        )
    ignored = [r for r, h in zip(raw, headers, strict=True) if r and h not in HEADERS]
    return Sheet(
        rows=_data_rows(rows, headers), size=worksheet.max_row, ignored=ignored
    )


def _data_rows(
    rows: Iterator[tuple[object, ...]], headers: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    for row_no, values in enumerate(rows, start=2):
        cells = {
            header: cell_text(value)
            for header, value in zip(headers, values, strict=False)
            if header in HEADERS
        }
        if any(cells.values()):
            yield row_no, cells


def template_workbook(grade_names: Iterable[str], authority: str) -> bytes:
    """An empty sheet with the headers, and a second sheet explaining them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    for index, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True, color="B42318" if header in REQUIRED else "1F2933")
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        if header == CODE:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "说明"])
    notes.append([NAME, "必填", "按省厅名单填写；与企业档案不一致时只提示，不影响导入"])
    notes.append(
        [CODE, "必填", "18位，含校验位（GB 32100-2015）；须为企业档案中已有的企业"]
    )
    notes.append([GRADE, "必填", "可填：" + "、".join(grade_names)])
    notes.append([YEAR, "必填", "被评价的年度（如2025），不能是当年或以后的年份"])
    notes.append([AUTHORITY, "", f"空白时按导入页面所填（默认{authority}）"])
    notes.append([])
    notes.append(
        ["", "", "导入时先检查全部行，任何一行有误则不写入任何数据，并逐行列出错误。"]
    )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
