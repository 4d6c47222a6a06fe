"""The enterprise file in and out of Excel: the recorded export, and the import
that writes all rows or none."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from hashlib import sha256
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises import excel, selectors
from ecobureau.enterprises.models import Enterprise

from .enterprise import (
    ENTERPRISE_FIELDS,
    PERSONAL_FIELDS,
    EnterpriseData,
    _changes,
    _fk_name,
    _require_perm,
    _snapshot,
)

# --- Excel export and import ---------------------------------------------------------


def enterprise_export(*, by: User, filters: selectors.EnterpriseFilters) -> bytes:
    """The user's scoped, filtered list as an .xlsx file; the export is recorded,
    since the file carries contacts out of the system."""
    _require_perm(by, "enterprises.export_enterprises", "您无权导出企业档案。")
    enterprises = selectors.enterprise_list_for_user(by, filters=filters)
    content, count = excel.export_workbook(enterprises)
    with transaction.atomic():
        records.append(
            action="enterprise.export",
            target=("enterprises.export", timezone.now().strftime("%Y%m%d%H%M%S")),
            actor=by,
            data={"rows": count, "filters": _filters_data(filters)},
            sha256=[sha256(content).hexdigest()],
        )
    return content


def _filters_data(filters: selectors.EnterpriseFilters) -> dict[str, Any]:
    return {f.name: getattr(filters, f.name) for f in fields(filters)}


@dataclass(frozen=True)
class RowError:
    row: int  # the row number Excel shows (the header is row 1)
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Lookups:
    """Names an import row may use, loaded once per file."""

    def __init__(self) -> None:
        divisions = list(Division.objects.filter(level__in=[2, 3]))
        self.districts = {d.name: d for d in divisions if d.level == 2}
        self.by_id = {d.pk: d for d in divisions}
        self.townships: dict[tuple[int | None, str], Division] = {}
        self.township_names: set[str] = set()
        for d in divisions:
            if d.level == 3:
                self.townships[(d.parent_id, d.name)] = d
                self.township_names.add(d.name)
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.filter(is_active=True):
            self.units.setdefault(unit.name, unit)
            if unit.short_name:
                self.units.setdefault(unit.short_name, unit)


def enterprise_import(
    *,
    file: IO[bytes],
    by: User,
    update_existing: bool = True,
    max_rows: int | None = None,
) -> ImportReport:
    """Import an .xlsx in the export's layout: all rows or none.

    1. Read and check every row (credit code, required fields, known places and
       units, Chinese enum labels, duplicates in the file, the importer's scope);
    2. look up the codes already on file: an update if `update_existing` and the
       enterprise is in scope, otherwise an error;
    3. if any row is wrong, write nothing and return every error;
    4. else create and update in one transaction, one record entry per changed
       enterprise and one for the file.

    `max_rows` refuses larger files outright (the web page sets it, so a request
    never holds the database's write lock for minutes; the import_enterprises
    command does not).
    """
    _require_perm(by, "enterprises.import_enterprises", "您无权导入企业档案。")
    content = file.read()
    report = ImportReport()
    try:
        sheet = excel.read_sheet(content)
    except excel.SheetError as error:
        report.errors.append(RowError(error.row, str(error)))
        return report
    too_many = RowError(
        1, f"文件超过{max_rows}行，请拆分后分批导入，或请系统管理员用命令导入。"
    )
    if max_rows is not None and (sheet.size or 0) - 1 > max_rows:
        report.errors.append(too_many)
        return report
    lookups = _Lookups()
    parsed: dict[str, tuple[int, EnterpriseData]] = {}
    for row_no, cells in sheet.rows:
        report.rows += 1
        if max_rows is not None and report.rows > max_rows:
            report.errors = [too_many]
            return report
        data, problems = _parse_row(cells, lookups, by)
        report.errors.extend(RowError(row_no, p) for p in problems)
        if data is None:
            continue
        first = parsed.get(data.credit_code)
        if first is not None:
            report.errors.append(
                RowError(row_no, f"统一社会信用代码与第{first[0]}行重复。")
            )
            continue
        parsed[data.credit_code] = (row_no, data)
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(2, "表格中没有数据行。"))
    existing = _existing_by_code(list(parsed))
    for code, (row_no, _data) in parsed.items():
        enterprise = existing.get(code)
        if enterprise is None:
            continue
        if not update_existing:
            report.errors.append(
                RowError(row_no, f"该统一社会信用代码已登记为“{enterprise.name}”。")
            )
        elif not selectors.scope_allows(
            by,
            pk=enterprise.pk,
            district_id=enterprise.district_id,
            township_id=enterprise.township_id,
            supervising_unit_id=enterprise.supervising_unit_id,
        ):
            report.errors.append(
                RowError(row_no, "已登记的该企业不在您的数据范围内，不能修改。")
            )
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    _import_write(parsed, existing, by=by, report=report, content=content)
    return report


def _parse_row(
    cells: Mapping[str, str], lookups: _Lookups, by: User
) -> tuple[EnterpriseData | None, list[str]]:
    """One row's values as EnterpriseData, or the list of what is wrong with it."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for column in excel.COLUMNS:
        raw = cells.get(column.header, "")
        if not raw:
            if column.required:
                problems.append(f"“{column.header}”不能为空。")
            continue
        try:
            values[column.field] = column.parse(raw)
        except ValueError as error:
            problems.append(str(error))
    district = None
    district_name = values.pop("district", None)
    if district_name is not None:
        district = lookups.districts.get(district_name)
        if district is None:
            problems.append(f"区县“{district_name}”不存在。")
    township_name = values.pop("township", None)
    if township_name is not None and district is not None:
        township = lookups.townships.get((district.pk, township_name))
        if township is not None:
            values["township"] = township
        elif township_name in lookups.township_names:
            problems.append(f"乡镇街道“{township_name}”不属于“{district.name}”。")
        else:
            problems.append(f"乡镇街道“{township_name}”不存在。")
    unit_name = values.pop("supervising_unit", None)
    if unit_name is not None:
        unit = lookups.units.get(unit_name)
        if unit is None:
            problems.append(f"监管单位“{unit_name}”不存在。")
        values["supervising_unit"] = unit
    if problems or district is None:
        return None, problems
    data = EnterpriseData(district=district, **values)
    township = data.township
    allowed = selectors.scope_allows(
        by,
        district_id=district.pk,
        township_id=township.pk if township else None,
        supervising_unit_id=data.supervising_unit.pk if data.supervising_unit else None,
    )
    if not allowed:
        return None, ["该企业不在您的数据范围内（请核对区县、乡镇街道和监管单位）。"]
    return data, []


def _existing_by_code(codes: list[str]) -> dict[str, Enterprise]:
    # Chunked, because SQLite limits the parameters of one statement.
    found: dict[str, Enterprise] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        for enterprise in Enterprise.objects.filter(credit_code__in=chunk):
            found[enterprise.credit_code] = enterprise
    return found


def _chunks(items: list[records.Entry], size: int) -> Iterator[list[records.Entry]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def _import_write(
    parsed: Mapping[str, tuple[int, EnterpriseData]],
    existing: Mapping[str, Enterprise],
    *,
    by: User,
    report: ImportReport,
    content: bytes,
) -> None:
    now = timezone.now()
    new: list[Enterprise] = []
    changed: list[Enterprise] = []
    entries: list[records.Entry] = []
    changed_fields: set[str] = set()
    for code, (_row, data) in parsed.items():
        values = {name: getattr(data, name) for name in ENTERPRISE_FIELDS}
        enterprise = existing.get(code)
        if enterprise is None:
            new.append(Enterprise(**values, created_at=now, updated_at=now))
            continue
        before = _snapshot(enterprise, ENTERPRISE_FIELDS)
        for name, value in values.items():
            setattr(enterprise, name, value)
        old, after, personal = _changes(
            before, _snapshot(enterprise, ENTERPRISE_FIELDS)
        )
        if not old and not personal:
            report.unchanged += 1
            continue
        enterprise.updated_at = now
        changed.append(enterprise)
        changed_fields.update(_fk_name(name) for name in [*old, *personal])
        entries.append(
            _entry("enterprise.import_update", enterprise, by, old, after, personal)
        )
    Enterprise.objects.bulk_create(new, batch_size=1000)
    if changed:
        Enterprise.objects.bulk_update(
            changed, [*sorted(changed_fields), "updated_at"], batch_size=500
        )
    for enterprise in new:
        after = _snapshot(enterprise, ENTERPRISE_FIELDS)
        personal = [name for name in PERSONAL_FIELDS if after[name]]
        public = {k: v for k, v in after.items() if k not in PERSONAL_FIELDS}
        entries.append(
            _entry("enterprise.import_create", enterprise, by, {}, public, personal)
        )
    for chunk in _chunks(entries, 5000):
        records.append_many(chunk, at=now)
    report.created, report.updated = len(new), len(changed)
    records.append(
        action="enterprise.import",
        target=("enterprises.import", now.strftime("%Y%m%d%H%M%S")),
        actor=by,
        data={
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
        sha256=[sha256(content).hexdigest()],
    )


def _entry(
    action: str,
    enterprise: Enterprise,
    by: User,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    personal: list[str],
) -> records.Entry:
    data: dict[str, Any] = {"after": dict(after)}
    if before:
        data["before"] = dict(before)
    if personal:
        data["personal_fields"] = sorted(personal)
    return records.Entry(
        action=action,
        target_type=enterprise._meta.label_lower,
        target_id=str(enterprise.pk),
        actor_id=by.pk,
        unit_id=by.unit_id,
        data=data,
    )
