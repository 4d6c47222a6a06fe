"""The enterprise file as an .xlsx sheet: one layout for export, import and the
blank template, so a file exported here imports back unchanged.

Pure workbook work: reading cells into checked Python values and writing rows.
Names of districts, townships and units are resolved by the import service.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.db import models
from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ecobureau.lib import credit_code, xlsx

from .models import Enterprise

SHEET_TITLE = "企业档案"
_COORDINATE = Decimal("0.000001")


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is Chinese."""

    def __init__(self, message: str, row: int = 1) -> None:
        super().__init__(message)
        self.row = row


def _text(max_length: int, header: str) -> Callable[[str], object]:
    def parse(raw: str) -> object:
        if len(raw) > max_length:
            raise ValueError(f"“{header}”最多{max_length}个字，当前{len(raw)}个字。")
        return raw

    return parse


def _credit_code(raw: str) -> object:
    return credit_code.validate(credit_code.normalize(raw))


def _choice(choices: type[models.TextChoices], header: str) -> Callable[[str], object]:
    by_label = {str(label): value for value, label in choices.choices}

    def parse(raw: str) -> object:
        if raw in by_label:
            return by_label[raw]
        allowed = "、".join(label for label in by_label if label)
        raise ValueError(f"“{header}”应为{allowed}之一，不能是“{raw}”。")

    return parse


def _coordinate(low: int, high: int, header: str) -> Callable[[str], object]:
    def parse(raw: str) -> object:
        try:
            value = Decimal(raw).quantize(_COORDINATE)
        except InvalidOperation:
            raise ValueError(f"“{header}”应为数字，不能是“{raw}”。") from None
        if not low <= value <= high:
            raise ValueError(f"“{header}”应在{low}到{high}之间。")
        return value

    return parse


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    width: int
    parse: Callable[[str], object]
    required: bool = False
    choices: type[models.TextChoices] | None = None


def _model_text(name: str, header: str, width: int, required: bool = False) -> Column:
    max_length = getattr(Enterprise._meta.get_field(name), "max_length", None) or 1000
    return Column(header, name, width, _text(max_length, header), required)


def _enum(name: str, header: str, choices: type[models.TextChoices]) -> Column:
    # Empty labels ("非重点", "未纳入") are choices too, and an empty cell means them.
    required = "" not in choices.values
    return Column(header, name, 12, _choice(choices, header), required, choices)


COLUMNS: tuple[Column, ...] = (
    Column("统一社会信用代码", "credit_code", 22, _credit_code, required=True),
    _model_text("name", "单位名称", 36, required=True),
    _model_text("address", "生产经营场所地址", 40, required=True),
    Column("区县", "district", 14, _text(60, "区县"), required=True),
    Column("乡镇街道", "township", 14, _text(60, "乡镇街道")),
    Column("经度", "longitude", 12, _coordinate(-180, 180, "经度")),
    Column("纬度", "latitude", 12, _coordinate(-90, 90, "纬度")),
    _model_text("industry_code", "行业代码", 10),
    _model_text("industry_name", "行业类别", 20),
    _enum("size", "企业规模", Enterprise.Size),
    _model_text("legal_representative", "法定代表人", 12),
    _model_text("contact_name", "环保联系人", 12),
    _model_text("contact_phone", "联系电话", 16),
    _enum("key_source", "重点排污单位", Enterprise.KeySource),
    _enum("permit_category", "排污许可管理类别", Enterprise.PermitCategory),
    _enum("status", "状态", Enterprise.Status),
    Column("监管单位", "supervising_unit", 24, _text(80, "监管单位")),
    _model_text("note", "备注", 30),
)
HEADERS = tuple(column.header for column in COLUMNS)


# --- Reading -------------------------------------------------------------------------


@dataclass
class Sheet:
    rows: Iterator[tuple[int, dict[str, str]]]  # (Excel row number, header → text)
    size: int | None  # rows the file says it holds, header included, if it says


def _cell_text(value: object) -> str:
    """A cell as the text a person sees: Excel stores codes typed as digits as
    numbers, and a whole number must not come back as "123.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def read_sheet(content: bytes) -> Sheet:
    """Open the first sheet and check its header row; rows are read lazily."""
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
    headers = [_cell_text(value) for value in header_row]
    while headers and not headers[-1]:
        headers.pop()
    _check_headers(headers)
    return Sheet(rows=_data_rows(rows, headers), size=worksheet.max_row)


def _check_headers(headers: list[str]) -> None:
    problems = []
    unknown = [h for h in headers if h not in HEADERS]
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(h or '（空白）' for h in unknown)}")
    missing = [column.header for column in COLUMNS if column.header not in headers]
    if missing:
        problems.append(f"缺少列：{'、'.join(missing)}")
    twice = sorted({h for h in headers if headers.count(h) > 1})
    if twice:
        problems.append(f"列重复：{'、'.join(twice)}")
    if problems:
        raise SheetError(
            "表头与模板不符。" + "；".join(problems) + "。请使用导入模板。"
        )


def _data_rows(
    rows: Iterator[tuple[object, ...]], headers: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    for row_no, values in enumerate(rows, start=2):
        cells = {
            header: _cell_text(value)
            for header, value in zip(headers, values, strict=False)
        }
        if any(cells.values()):
            yield row_no, cells


# --- Writing -------------------------------------------------------------------------


# What each column exports: the field, or the name of the related division or unit.
_EXPORT_PATHS = tuple(
    f"{column.field}__name"
    if column.field in ("district", "township", "supervising_unit")
    else column.field
    for column in COLUMNS
)
_LABELS = tuple(
    {value: str(label) for value, label in column.choices.choices}
    if column.choices is not None
    else None
    for column in COLUMNS
)


def _export_row(values: tuple[object, ...]) -> list[object]:
    """One enterprise in the layout of COLUMNS, as text the import reads back."""
    row: list[object] = []
    for value, labels in zip(values, _LABELS, strict=True):
        if labels is not None:
            value = labels.get(str(value), value)
        elif isinstance(value, Decimal):
            value = str(value)
        row.append("" if value is None else value)
    return row


def export_workbook(enterprises: QuerySet[Enterprise]) -> tuple[bytes, int]:
    """The enterprises as an .xlsx file, and how many rows it holds.

    Reads plain values rather than model instances: at 100,000 rows building the
    instances cost more than writing the file.
    """
    values = enterprises.values_list(*_EXPORT_PATHS).iterator(chunk_size=2000)
    return xlsx.write(
        title=SHEET_TITLE,
        headers=HEADERS,
        widths=[column.width for column in COLUMNS],
        required=[column.required for column in COLUMNS],
        rows=(_export_row(row) for row in values),
    )


def template_workbook(district_names: Iterable[str]) -> bytes:
    """An empty sheet with the headers, pick lists for the coded columns, and a
    second sheet explaining each column."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = SHEET_TITLE
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.width
        cell = worksheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="B42318" if column.required else "1F2933")
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        if column.choices is not None:
            labels = ",".join(str(label) for _, label in column.choices.choices)
            validation = DataValidation(type="list", formula1=f'"{labels}"')
            validation.error = f"请从列表中选择{column.header}。"
            validation.add(f"{letter}2:{letter}100001")
            worksheet.add_data_validation(validation)
        if column.field == "credit_code":
            for row in range(2, 1002):
                worksheet.cell(row=row, column=index).number_format = "@"
    worksheet.freeze_panes = "A2"
    _explain(workbook.create_sheet("填写说明"), list(district_names))
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _explain(sheet: Any, district_names: list[str]) -> None:
    sheet.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        if column.choices is not None:
            labels = "、".join(str(label) for _, label in column.choices.choices)
            note = f"可填：{labels}"
        elif column.field == "credit_code":
            note = "18位，含校验位（GB 32100-2015）"
        elif column.field == "district":
            note = "可填：" + "、".join(district_names)
        elif column.field == "township":
            note = "须属于所填区县"
        elif column.field in ("longitude", "latitude"):
            note = "WGS-84 坐标，十进制度，保留6位小数"
        elif column.field == "supervising_unit":
            note = "单位全称或简称"
        else:
            note = ""
        required = "必填" if column.required else ""
        sheet.append([column.header, required, note])
    sheet.append([])
    sheet.append(
        ["", "", "导入时先检查全部行，任何一行有误则不写入任何数据，并逐行列出错误。"]
    )
