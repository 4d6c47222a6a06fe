"""Import of complaints transferred as files: the national 12369 platform, 8890 /
12345, messages collected from the bureau's Weibo and WeChat accounts and 民心网,
inspection-team transfers (requirements A18, A89, D17).

All or nothing: every row is checked first; if any row is wrong, nothing is
written and each bad row is named with its problems.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib import xlsx
from ecobureau.lib.dates import SHANGHAI

from ..models import Complaint
from .intake import ComplaintData, check, complaint_submit

MAX_ROWS = 5000

# Column headers of the import file, and whether each is required.
COLUMNS: tuple[tuple[str, bool], ...] = (
    ("来源渠道", True),
    ("来源编号", True),
    ("受理时间", True),
    ("诉求内容", True),
    ("地点", True),
    ("区县", False),
    ("被投诉单位", False),
    ("经度", False),
    ("纬度", False),
    ("类别", False),
    ("诉求人", False),
    ("联系电话", False),
    ("匿名", False),
)
HEADERS = tuple(name for name, _ in COLUMNS)
IMPORT_CHANNELS = {
    label: value
    for value, label in Complaint.Channel.choices
    if value
    in (
        Complaint.Channel.PLATFORM_12369,
        Complaint.Channel.HOTLINE_8890,
        Complaint.Channel.HOTLINE_12345,
        Complaint.Channel.WEIBO,
        Complaint.Channel.WECHAT,
        Complaint.Channel.MINXIN,
        Complaint.Channel.INSPECTION_CENTRAL,
        Complaint.Channel.INSPECTION_PROVINCIAL,
        Complaint.Channel.PHONE_12369,
    )
}
# Short names people type.
IMPORT_CHANNELS.update(
    {
        "12369": Complaint.Channel.PLATFORM_12369,
        "8890": Complaint.Channel.HOTLINE_8890,
        "12345": Complaint.Channel.HOTLINE_12345,
        "微博": Complaint.Channel.WEIBO,
        "微信": Complaint.Channel.WECHAT,
        "中央督察": Complaint.Channel.INSPECTION_CENTRAL,
        "省督察": Complaint.Channel.INSPECTION_PROVINCIAL,
    }
)
CATEGORIES = {label: value for value, label in Complaint.Category.choices}
TIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)


class ImportFailed(ValidationError):
    """The file was refused; `rows` lists (row number, problems) of the bad rows."""

    def __init__(self, message: str, rows: list[tuple[int, list[str]]] | None = None):
        super().__init__(message)
        self.rows = rows or []


@dataclass
class ImportResult:
    created: list[Complaint] = field(default_factory=list)

    @property
    def merged(self) -> int:
        return sum(1 for c in self.created if c.status == Complaint.Status.MERGED)


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, header → text) for each non-empty row of an .xlsx or .csv."""
    if filename.lower().endswith(".csv"):
        table = _csv_rows(content)
    else:
        table = _xlsx_rows(content)
    if not table:
        raise ImportFailed("文件为空，第1行应为表头。")
    headers = [h.strip() for h in table[0]]
    while headers and not headers[-1]:
        headers.pop()
    unknown = [h for h in headers if h not in HEADERS]
    missing = [name for name, required in COLUMNS if required and name not in headers]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(f"无法识别的列：{'、'.join(h or '（空白）' for h in unknown)}")
        if missing:
            parts.append(f"缺少列：{'、'.join(missing)}")
        raise ImportFailed("表头与模板不符。" + "；".join(parts) + "。")
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = {
            h: (values[i].strip() if i < len(values) else "")
            for i, h in enumerate(headers)
        }
        if any(cells.values()):
            rows.append((number, cells))
    if len(rows) > MAX_ROWS:
        raise ImportFailed(f"一次最多导入{MAX_ROWS}行，本文件有{len(rows)}行。")
    return rows


def _csv_rows(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text)))
    raise ImportFailed("无法识别CSV文件的编码，请保存为UTF-8或GB18030。")


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        workbook = xlsx.open_uploaded(content)
    except xlsx.UnsafeWorkbook as refused:
        raise ImportFailed(str(refused)) from None
    except xlsx.UnreadableWorkbook:
        raise ImportFailed("无法读取文件，请上传Excel（.xlsx）或CSV文件。") from None
    table = []
    for values in workbook.worksheets[0].iter_rows(values_only=True):
        table.append([_cell(value) for value in values])
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def _row_data(cells: dict[str, str], problems: list[str]) -> ComplaintData | None:
    channel = IMPORT_CHANNELS.get(cells.get("来源渠道", ""))
    if channel is None:
        problems.append(f"来源渠道“{cells.get('来源渠道', '')}”不是可导入的渠道")
    reference = cells.get("来源编号", "")
    if not reference:
        problems.append("缺少来源编号")
    received_at = _time(cells.get("受理时间", ""), problems)
    latitude = _decimal(cells.get("纬度", ""), "纬度", problems)
    longitude = _decimal(cells.get("经度", ""), "经度", problems)
    category = ""
    if cells.get("类别"):
        category = CATEGORIES.get(cells["类别"], "")
        if not category:
            problems.append(f"类别“{cells['类别']}”应为{'、'.join(CATEGORIES)}之一")
    district = None
    if cells.get("区县"):
        district = Division.objects.filter(level=2, name=cells["区县"]).first()
        if district is None:
            problems.append(f"区县“{cells['区县']}”不存在")
    anonymous_text = cells.get("匿名", "")
    if anonymous_text not in ("", "是", "否"):
        problems.append("匿名应填“是”或“否”")
    if channel is None or received_at is None:
        return None
    return ComplaintData(
        channel=channel,
        channel_reference=reference,
        received_at=received_at,
        text=cells.get("诉求内容", ""),
        place=cells.get("地点", ""),
        enterprise_name=cells.get("被投诉单位", ""),
        latitude=latitude,
        longitude=longitude,
        category=category,
        district=district,
        anonymous=anonymous_text == "是",
        contact_name=cells.get("诉求人", ""),
        contact_phone=cells.get("联系电话", ""),
    )


def _time(text: str, problems: list[str]) -> datetime | None:
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    problems.append(f"受理时间“{text}”应为“YYYY-MM-DD HH:MM”")
    return None


def _decimal(text: str, label: str, problems: list[str]) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.000001"))
    except InvalidOperation:
        problems.append(f"{label}“{text}”不是数字")
        return None


def complaint_import(*, content: bytes, filename: str, by: User) -> ImportResult:
    """Check every row, then register all of them in one transaction, or none."""
    rows = read_rows(content, filename)
    if not rows:
        raise ImportFailed("文件中没有数据行。")
    checked: list[tuple[int, ComplaintData]] = []
    bad: list[tuple[int, list[str]]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        problems: list[str] = []
        data = _row_data(cells, problems)
        if data is not None:
            try:
                data = check(data)
            except ValidationError as error:
                problems.extend(error.messages)
            key = (data.channel, data.channel_reference)
            if key in seen:
                problems.append(f"与第{seen[key]}行的来源编号重复")
            seen.setdefault(key, number)
            if Complaint.objects.filter(
                channel=data.channel, channel_reference=data.channel_reference
            ).exists():
                problems.append(f"来源编号“{data.channel_reference}”已经导入过")
        if problems:
            bad.append((number, problems))
        elif data is not None:
            checked.append((number, data))
    if bad:
        raise ImportFailed(f"{len(bad)}行有误，未导入任何数据。请改正后重新上传。", bad)
    return _write(checked, by=by)


@transaction.atomic
def _write(checked: list[tuple[int, ComplaintData]], *, by: User) -> ImportResult:
    result = ImportResult()
    for _number, data in checked:
        result.created.append(complaint_submit(data=data, by=by))
    records.append(
        action="complaints.import",
        target=("complaints.complaint", "import"),
        actor=by,
        data={
            "rows": len(checked),
            "complaints": [c.pk for c in result.created][:1000],
        },
    )
    return result


def template_rows() -> list[list[Any]]:
    """The header and one example row (示例), for the template download."""
    return [
        list(HEADERS),
        [
            "全国生态环境投诉举报平台",
            "LN2026110100001",
            "2026-11-01 09:30",
            "（示例）化工厂夜间排放刺鼻气味",
            "铁东区胜利路88号",
            "铁东区",
            "鞍山市华信精细化工有限公司",
            "123.010500",
            "41.110200",
            "大气",
            "",
            "",
            "是",
        ],
    ]
