"""Helpers shared by the quality services: the workbook reader and the
actor checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError

from ecobureau.accounts.models import User
from ecobureau.lib import xlsx

from .. import selectors

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


class ImportFailed(ValidationError):
    """The file was refused; `rows` lists (row number, problems) of the bad rows."""

    def __init__(self, message: str, rows: list[tuple[int, list[str]]] | None = None):
        super().__init__(message)
        self.rows = rows or []


def _require_district(actor: User, district_id: int) -> None:
    if not selectors.can_manage_district(actor, district_id):
        raise PermissionDenied("您无权录入该区县的数据")


def _require_city_manager(actor: User, message: str) -> None:
    if not (
        actor.is_authenticated
        and actor.has_perm("quality.manage_quality")
        and (actor.is_superuser or actor.scope == User.Scope.CITY)
    ):
        raise PermissionDenied(message)


def _read_table(content: bytes) -> list[list[object]]:
    if len(content) > MAX_BYTES:
        raise ImportFailed("文件超过5MB，请分批导入。")
    try:
        workbook = xlsx.open_uploaded(content)
    except xlsx.UnsafeWorkbook as refused:
        raise ImportFailed(str(refused)) from None
    except xlsx.UnreadableWorkbook:
        raise ImportFailed("无法读取文件，请上传Excel（.xlsx）文件。") from None
    return [
        list(values) for values in workbook.worksheets[0].iter_rows(values_only=True)
    ]


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"):
        try:
            return date.fromisoformat(
                datetime.strptime(text, fmt).strftime("%Y-%m-%d")  # noqa: DTZ007 - a date
            )
        except ValueError:
            continue
    return None


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float):
        return Decimal(str(value))
    return Decimal(str(value).strip())
