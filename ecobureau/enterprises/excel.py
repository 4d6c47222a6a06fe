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

from .models import Enterprise, Facility

SHEET_TITLE = "企业档案"
FACILITY_SHEET_TITLE = "污染防治设施"
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


def _date(header: str) -> Callable[[str], object]:
    def parse(raw: str) -> object:
        # A date cell reads back as "2021-01-15T00:00:00"; typed text as written.
        text = raw[:10] if "T" in raw else raw
        for layout in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
            try:
                return datetime.strptime(text, layout).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise ValueError(f"“{header}”应为日期（如2021-01-15），不能是“{raw}”。")

    return parse


def _positive(header: str) -> Callable[[str], object]:
    def parse(raw: str) -> object:
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"“{header}”应为数字，不能是“{raw}”。") from None
        if not value.is_finite() or value <= 0 or value >= Decimal("1e10"):
            raise ValueError(f"“{header}”应为大于0的数字。")
        return value.quantize(Decimal("0.01"))

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


def _facility_text(
    name: str, header: str, width: int, required: bool = False
) -> Column:
    max_length = getattr(Facility._meta.get_field(name), "max_length", None) or 1000
    return Column(header, name, width, _text(max_length, header), required)


# One row per facility, found again on import by credit code + name + kind. The
# status columns give the status now and since when; a different status in the
# file is a status change from that date (with its reason for 停运 and 拆除).
FACILITY_COLUMNS: tuple[Column, ...] = (
    Column("统一社会信用代码", "credit_code", 22, _credit_code, required=True),
    # For the reader only; the import finds the enterprise by its credit code.
    Column("单位名称", "enterprise_name", 36, _text(120, "单位名称")),
    _facility_text("name", "设施名称", 24, required=True),
    _enum("kind", "类别", Facility.Kind),
    _facility_text("pollutants", "治理污染物", 24, required=True),
    _facility_text("process", "处理工艺", 24),
    Column("设计处理能力", "capacity", 12, _positive("设计处理能力")),
    _facility_text("capacity_unit", "能力单位", 10),
    Column("对应排放口编号", "outlet", 12, _text(20, "对应排放口编号")),
    Column("建成日期", "built_on", 12, _date("建成日期")),
    Column("投运日期", "commissioned_on", 12, _date("投运日期")),
    _enum("status", "运行状态", Facility.Status),
    Column("状态起始日期", "status_since", 12, _date("状态起始日期"), required=True),
    Column("状态原因", "reason", 30, _text(300, "状态原因")),
)
FACILITY_HEADERS = tuple(column.header for column in FACILITY_COLUMNS)


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


def read_sheet(content: bytes, columns: tuple[Column, ...] = COLUMNS) -> Sheet:
    """Open the first sheet and check its header row against `columns`; rows are
    read lazily."""
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
    _check_headers(headers, columns)
    return Sheet(rows=_data_rows(rows, headers), size=worksheet.max_row)


def _check_headers(headers: list[str], columns: tuple[Column, ...]) -> None:
    problems = []
    known = {column.header for column in columns}
    unknown = [h for h in headers if h not in known]
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(h or '（空白）' for h in unknown)}")
    missing = [column.header for column in columns if column.header not in headers]
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
Labels = tuple[dict[str, str] | None, ...]


def _labels(columns: tuple[Column, ...]) -> Labels:
    return tuple(
        {value: str(label) for value, label in column.choices.choices}
        if column.choices is not None
        else None
        for column in columns
    )


_LABELS = _labels(COLUMNS)
_FACILITY_LABELS = _labels(FACILITY_COLUMNS)


def _export_row(values: tuple[object, ...], labels: Labels = _LABELS) -> list[object]:
    """One row in the layout of the columns, as text the import reads back."""
    row: list[object] = []
    for value, choice_labels in zip(values, labels, strict=True):
        if choice_labels is not None:
            value = choice_labels.get(str(value), value)
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
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


# Column paths of a facility row, the last one annotated by the export service.
FACILITY_EXPORT_PATHS = (
    "enterprise__credit_code",
    "enterprise__name",
    "name",
    "kind",
    "pollutants",
    "process",
    "capacity",
    "capacity_unit",
    "outlet__code",
    "built_on",
    "commissioned_on",
    "status",
    "status_since",
    "status_reason",
)


def export_facilities_workbook(facilities: QuerySet[Facility]) -> tuple[bytes, int]:
    """The facilities as an .xlsx file in the layout of FACILITY_COLUMNS, and how
    many rows it holds; `facilities` is annotated with `status_reason`."""
    values = facilities.values_list(*FACILITY_EXPORT_PATHS).iterator(chunk_size=2000)
    return xlsx.write(
        title=FACILITY_SHEET_TITLE,
        headers=FACILITY_HEADERS,
        widths=[column.width for column in FACILITY_COLUMNS],
        required=[column.required for column in FACILITY_COLUMNS],
        rows=(_export_row(row, _FACILITY_LABELS) for row in values),
    )


def template_workbook(district_names: Iterable[str]) -> bytes:
    """An empty sheet with the headers, pick lists for the coded columns, and a
    second sheet explaining each column."""
    workbook = _template_sheet(SHEET_TITLE, COLUMNS)
    _explain(workbook.create_sheet("填写说明"), list(district_names))
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def facility_template_workbook() -> bytes:
    """The facilities' import template: headers, pick lists, explanations."""
    workbook = _template_sheet(FACILITY_SHEET_TITLE, FACILITY_COLUMNS)
    sheet = workbook.create_sheet("填写说明")
    sheet.append(["列名", "是否必填", "说明"])
    for column in FACILITY_COLUMNS:
        sheet.append(
            [
                column.header,
                "必填" if column.required else "",
                _FACILITY_NOTES.get(column.field, _choices_note(column)),
            ]
        )
    sheet.append([])
    for line in _FACILITY_RULES:
        sheet.append(["", "", line])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


_FACILITY_NOTES = {
    "credit_code": "18位；企业须已登记且在您的数据范围内",
    "enterprise_name": "仅供核对，导入时按统一社会信用代码确定企业",
    "name": "同一企业内按“设施名称+类别”识别已登记的设施",
    "capacity": "大于0的数字；填写时须填能力单位",
    "capacity_unit": "如 t/d、m³/h",
    "outlet": "该企业已登记的排放口编号，如 DW001",
    "built_on": "日期，如 2020-05-01",
    "commissioned_on": "日期；正常运行的设施必填",
    "status_since": "日期；与已登记状态不同时，自该日起变更状态",
    "reason": "停运、拆除必须说明原因（环境保护法第四十二条）",
}
_FACILITY_RULES = (
    "已登记的设施按表格内容更新；运行状态不同的，按“状态起始日期”变更状态并留存记录。",
    "导入时先检查全部行，任何一行有误则不写入任何数据，并逐行列出错误。",
)


def _choices_note(column: Column) -> str:
    if column.choices is None:
        return ""
    return "可填：" + "、".join(str(label) for _, label in column.choices.choices)


def _template_sheet(title: str, columns: tuple[Column, ...]) -> Workbook:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = title
    for index, column in enumerate(columns, start=1):
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
    return workbook


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
