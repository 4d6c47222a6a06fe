"""Pollution-control facilities in and out of Excel (A92): a second file beside
the registry's, one row per facility, the recorded export and the import that
writes all rows or none.

The import writes every row through the facility services (`facility_add`,
`facility_update`, `facility_status_change`), so each facility gets the same
checks, history rows and record entries as when typed into its form; the rows
run inside one transaction that is rolled back if any row is refused.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from hashlib import sha256
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import excel, selectors
from ecobureau.enterprises.models import (
    Enterprise,
    Facility,
    FacilityStatusChange,
    Outlet,
)

from .enterprise import _require_perm, _snapshot
from .facilities import (
    FACILITY_FIELDS,
    FacilityData,
    facility_add,
    facility_status_change,
    facility_update,
)
from .spreadsheet import ImportReport, RowError, _filters_data

# Service error keys → the column a person fixes.
_HEADER_OF = {column.field: column.header for column in excel.FACILITY_COLUMNS}
_HEADER_OF.update({"on": "状态起始日期", "status": "运行状态"})


def facility_list_for_export(
    user: User, *, filters: selectors.EnterpriseFilters
) -> QuerySet[Facility]:
    """Facilities of the enterprises the user may see (the registry's filters),
    each with the reason of its latest status change, in the registry's order."""
    latest_reason = (
        FacilityStatusChange.objects.filter(facility=OuterRef("pk"))
        .order_by("-changed_on", "-pk")
        .values("reason")[:1]
    )
    enterprises = selectors.enterprise_list_for_user(user, filters=filters)
    return (
        Facility.objects.filter(enterprise__in=enterprises.values("pk"))
        .annotate(status_reason=Subquery(latest_reason))
        .order_by("enterprise__name", "enterprise_id", "kind", "name", "pk")
    )


def facility_export(*, by: User, filters: selectors.EnterpriseFilters) -> bytes:
    """The facilities of the user's scoped, filtered enterprise list as an .xlsx
    file (a second file beside the registry's); the export is recorded."""
    _require_perm(by, "enterprises.export_enterprises", "您无权导出企业档案。")
    content, count = excel.export_facilities_workbook(
        facility_list_for_export(by, filters=filters)
    )
    with transaction.atomic():
        records.append(
            action="enterprise.facility_export",
            target=(
                "enterprises.facility_export",
                timezone.now().strftime("%Y%m%d%H%M%S"),
            ),
            actor=by,
            data={"rows": count, "filters": _filters_data(filters)},
            sha256=[sha256(content).hexdigest()],
        )
    return content


@dataclass
class _Row:
    row: int
    enterprise: Enterprise
    data: FacilityData
    status: str
    on: date
    reason: str
    facility: Facility | None  # the facility already on file, if any


def facility_import(
    *,
    file: IO[bytes],
    by: User,
    max_rows: int | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import facilities from an .xlsx in the export's layout: all rows or none.

    `max_rows` refuses larger files (the web page sets it; the `import_facilities`
    command does not). With `dry_run` every row is checked and written as usual,
    then rolled back and nothing recorded: the report says what would happen.

    1. Read every row: known columns, the enterprise by credit code inside the
       importer's scope, the outlet by its code, no facility twice in the file;
    2. a row names an existing facility by enterprise + name + kind: its
       description is updated, and a different status is a status change from
       the row's date; otherwise the facility is added;
    3. run every row that read well through the facility services in one
       transaction, each in its own savepoint so every refused row is reported;
    4. if any row is wrong, roll everything back and return every error, each
       with its row number; else record the file.
    """
    _require_perm(by, "enterprises.import_enterprises", "您无权导入企业档案。")
    content = file.read()
    report = ImportReport()
    try:
        sheet = excel.read_sheet(content, excel.FACILITY_COLUMNS)
    except excel.SheetError as error:
        report.errors.append(RowError(error.row, str(error)))
        return report
    too_many = RowError(
        1, f"文件超过{max_rows}行，请拆分后分批导入，或请系统管理员用命令导入。"
    )
    if max_rows is not None and (sheet.size or 0) - 1 > max_rows:
        report.errors.append(too_many)
        return report
    cells_by_row: list[tuple[int, dict[str, Any]]] = []
    for row_no, cells in sheet.rows:
        report.rows += 1
        if max_rows is not None and report.rows > max_rows:
            report.errors = [too_many]
            return report
        values, problems = _parse(cells)
        report.errors.extend(RowError(row_no, p) for p in problems)
        if not problems:
            cells_by_row.append((row_no, values))
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(2, "表格中没有数据行。"))
    rows = _resolve(cells_by_row, by, report)
    # The rows that read well still go through the services (then rolled back),
    # so one upload lists every error, not only the first kind found.
    _write(rows, by=by, report=report, content=content, dry_run=dry_run)
    report.errors.sort(key=lambda e: e.row)
    return report


def _parse(cells: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    values: dict[str, Any] = {}
    for column in excel.FACILITY_COLUMNS:
        raw = cells.get(column.header, "")
        if not raw:
            if column.required:
                problems.append(f"“{column.header}”不能为空。")
            continue
        try:
            values[column.field] = column.parse(raw)
        except ValueError as error:
            problems.append(str(error))
    return values, problems


def _resolve(
    parsed: list[tuple[int, dict[str, Any]]], by: User, report: ImportReport
) -> list[_Row]:
    """Find each row's enterprise, outlet and facility on file; note what is not
    there. A handful of queries for the whole file."""
    codes = sorted({values["credit_code"] for _, values in parsed})
    enterprises: dict[str, Enterprise] = {}
    for start in range(0, len(codes), 500):  # SQLite limits a statement's parameters
        chunk = codes[start : start + 500]
        for found in selectors.enterprise_list_for_user(by).filter(
            credit_code__in=chunk
        ):
            enterprises[found.credit_code] = found
    ids = [found.pk for found in enterprises.values()]
    outlets: dict[tuple[int, str], Outlet] = {}
    facilities: dict[tuple[int, str, str], list[Facility]] = {}
    for start in range(0, len(ids), 500):
        chunk_ids = ids[start : start + 500]
        for known in Outlet.objects.filter(enterprise_id__in=chunk_ids):
            outlets[(known.enterprise_id, known.code.upper())] = known
        for facility in Facility.objects.filter(enterprise_id__in=chunk_ids):
            key = (facility.enterprise_id, facility.name, facility.kind)
            facilities.setdefault(key, []).append(facility)
    rows: list[_Row] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row_no, values in parsed:
        code = values["credit_code"]
        name, kind = values["name"].strip(), values["kind"]
        first = seen.setdefault((code, name, kind), row_no)
        if first != row_no:
            report.errors.append(
                RowError(row_no, f"与第{first}行是同一企业的同名同类设施。")
            )
            continue
        enterprise = enterprises.get(code)
        if enterprise is None:
            report.errors.append(
                RowError(
                    row_no, "该统一社会信用代码的企业未登记，或不在您的数据范围内。"
                )
            )
            continue
        outlet = None
        outlet_code = values.get("outlet", "").strip().upper()
        if outlet_code:
            outlet = outlets.get((enterprise.pk, outlet_code))
            if outlet is None:
                report.errors.append(
                    RowError(row_no, f"该企业没有编号为“{outlet_code}”的排放口。")
                )
                continue
        on_file = facilities.get((enterprise.pk, name, kind), [])
        if len(on_file) > 1:
            report.errors.append(
                RowError(row_no, "该企业登记了多个同名同类设施，无法确定更新哪一个。")
            )
            continue
        data = FacilityData(
            name=name,
            kind=kind,
            pollutants=values["pollutants"],
            process=values.get("process", ""),
            capacity=values.get("capacity"),
            capacity_unit=values.get("capacity_unit", ""),
            outlet=outlet,
            built_on=values.get("built_on"),
            commissioned_on=values.get("commissioned_on"),
        )
        rows.append(
            _Row(
                row=row_no,
                enterprise=enterprise,
                data=data,
                status=values["status"],
                on=values["status_since"],
                reason=values.get("reason", ""),
                facility=on_file[0] if on_file else None,
            )
        )
    return rows


def _messages(error: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(error, PermissionDenied):
        return [str(error) or "您无权填报该企业的污染防治设施。"]
    if hasattr(error, "error_dict"):
        return [
            f"“{_HEADER_OF[field]}”：{message}" if field in _HEADER_OF else message
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


@transaction.atomic
def _write(
    rows: list[_Row],
    *,
    by: User,
    report: ImportReport,
    content: bytes,
    dry_run: bool = False,
) -> None:
    for row in rows:
        try:
            with transaction.atomic():
                outcome = _write_row(row, by)
        except (ValidationError, PermissionDenied) as error:
            report.errors.extend(RowError(row.row, m) for m in _messages(error))
            continue
        if outcome == "created":
            report.created += 1
        elif outcome == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
    if report.errors:
        report.created = report.updated = report.unchanged = 0
        transaction.set_rollback(True)
        return
    if dry_run:
        transaction.set_rollback(True)
        return
    records.append(
        action="enterprise.facility_import",
        target=("enterprises.facility_import", timezone.now().strftime("%Y%m%d%H%M%S")),
        actor=by,
        data={
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
        sha256=[sha256(content).hexdigest()],
    )


def _write_row(row: _Row, by: User) -> str:
    """Add or update one facility through its services; what happened."""
    facility = row.facility
    if facility is None:
        facility_add(
            enterprise=row.enterprise,
            data=row.data,
            status=row.status,
            on=row.on,
            reason=row.reason,
            by=by,
        )
        return "created"
    facility.enterprise = row.enterprise  # already fetched in the user's scope
    described = {name: getattr(row.data, name) for name in FACILITY_FIELDS}
    described["outlet"] = row.data.outlet.pk if row.data.outlet else None
    changed = _snapshot(facility, FACILITY_FIELDS) != described
    if changed:
        facility_update(facility=facility, data=row.data, by=by)
    if row.status != facility.status:
        facility_status_change(
            facility=facility, status=row.status, on=row.on, reason=row.reason, by=by
        )
        return "updated"
    if row.on != facility.status_since:
        raise ValidationError(
            {
                "on": "运行状态未变时不能修改状态起始日期"
                f"（已登记自{facility.status_since:%Y-%m-%d}起"
                f"{facility.get_status_display()}）。"
            }
        )
    return "updated" if changed else "unchanged"
