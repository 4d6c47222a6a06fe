"""Recording the province's published results (省级生态环境部门公布评价结果) from
its Excel list.

How a provincial grade relates to the city's own evaluation (docs/modules/credit.md):
it is recorded beside it, never into it. The city's score, grade and their
consequences stay what the city decided; a published grade of another colour is
flagged as a conflict on the import and on the evaluation page. A grade already
recorded for the same enterprise and year is never replaced silently: a different
one refuses the row, unless the user chose to correct from this file and named the
basis (the province's correction notice), and then the record keeps before and after.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import credit_code

from .. import provincial, selectors
from ..models import (
    Evaluation,
    GradeBand,
    ProvincialGrade,
    ProvincialImport,
)
from .common import _require, _today

MAX_ROWS = 20_000
# 环发〔2013〕150号 took effect in 2014; no national evaluation covers an earlier year.
FIRST_YEAR = 2014
DEFAULT_AUTHORITY = "辽宁省生态环境厅"
_CHUNK = 500
_COLOUR_LABELS = dict(GradeBand.Colour.choices)


@dataclass(frozen=True)
class RowError:
    row: int  # the row number Excel shows (the header is row 1)
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass
class ProvincialReport:
    """What an import did, or why it wrote nothing."""

    rows: int = 0
    recorded: int = 0
    corrected: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    conflicts: list[RowError] = field(default_factory=list)
    # rows of enterprises outside the user's register scope: the province publishes
    # one list for the whole province, so the rest of it is expected, not an error
    skipped: list[RowError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    batch: ProvincialImport | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class KnownGrade:
    name: str
    code: str
    colour: str


@dataclass
class _Row:
    row: int
    name: str
    code: str
    year: int
    grade: KnownGrade
    authority: str
    enterprise_id: int = 0


def known_grades() -> dict[str, KnownGrade]:
    """Grade names the import accepts: every grade band's name (national
    环保诚信企业…, Liaoning 守信…) and the four colours (绿牌…)."""
    out: dict[str, KnownGrade] = {}
    for name, code, colour in GradeBand.objects.order_by("pk").values_list(
        "name", "code", "colour"
    ):
        out.setdefault(name, KnownGrade(name, code, colour))
    for colour, label in _COLOUR_LABELS.items():
        out.setdefault(label, KnownGrade(label, "", colour))
    return out


def _year(raw: str, last: int) -> int:
    text = raw.removesuffix("年度").removesuffix("年").strip()
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= last:
        shown = raw or "（空白）"
        raise ValueError(
            f"评价年度应为{FIRST_YEAR}年至{last}年之间的年份（被评价的年度，"
            f"不能是当年或以后），不能是“{shown}”"
        )
    return int(text)


def _parse(
    row_no: int,
    cells: dict[str, str],
    grades: dict[str, KnownGrade],
    authority: str,
    last_year: int,
) -> tuple[_Row | None, list[str]]:
    problems = []
    name = cells.get(provincial.NAME, "")
    if not name:
        problems.append("缺少企业名称")
    raw_code = cells.get(provincial.CODE, "")
    code = credit_code.normalize(raw_code)
    if not code:
        problems.append("缺少统一社会信用代码")
    else:
        try:
            credit_code.validate(code)
        except credit_code.CreditCodeError as error:
            problems.append(str(error).rstrip("。"))
    raw_grade = "".join(cells.get(provincial.GRADE, "").split())
    grade = grades.get(raw_grade)
    if not raw_grade:
        problems.append("缺少评价等级")
    elif grade is None:
        problems.append(f"无法识别的评价等级“{raw_grade}”（可填：{'、'.join(grades)}）")
    year = 0
    try:
        year = _year(cells.get(provincial.YEAR, ""), last_year)
    except ValueError as error:
        problems.append(str(error))
    given = cells.get(provincial.AUTHORITY, "") or authority
    if len(given) > 80:
        problems.append(f"评价机关最多80个字，当前{len(given)}个字")
    if problems or grade is None:
        return None, problems
    return _Row(row_no, name[:200], code, year, grade, given), []


def _enterprises(user: User, codes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Enterprises in the user's data scope by credit code: (pk, name)."""
    codes = sorted(codes)
    scoped = enterprise_selectors.enterprise_list_for_user(user).order_by()
    out: dict[str, tuple[int, str]] = {}
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        for pk, code, name in scoped.filter(credit_code__in=chunk).values_list(
            "pk", "credit_code", "name"
        ):
            out[code] = (pk, name)
    return out


def _existing(ids: list[int]) -> dict[tuple[int, int], ProvincialGrade]:
    out = {}
    for start in range(0, len(ids), _CHUNK):
        for grade in ProvincialGrade.objects.filter(
            enterprise_id__in=ids[start : start + _CHUNK]
        ):
            out[(grade.enterprise_id, grade.year)] = grade
    return out


def _city_grades(ids: list[int]) -> dict[tuple[int, int], tuple[str, str]]:
    """The city's own grade (name, colour) per enterprise and year, once scored."""
    out = {}
    for start in range(0, len(ids), _CHUNK):
        found = (
            Evaluation.objects.filter(enterprise_id__in=ids[start : start + _CHUNK])
            .exclude(colour="")
            .values_list(
                "enterprise_id", "evaluation_year__year", "grade_name", "colour"
            )
        )
        for enterprise_id, year, name, colour in found:
            out[(enterprise_id, year)] = (name, colour)
    return out


def conflict_text(city: tuple[str, str] | None, grade: KnownGrade) -> str:
    if city is None or city[1] == grade.colour:
        return ""
    return (
        f"市级评定为“{city[0]}”（{_COLOUR_LABELS.get(city[1], city[1])}），"
        f"省厅公布为“{grade.name}”（{_COLOUR_LABELS.get(grade.colour, grade.colour)}）"
    )


def provincial_import(
    *,
    file: IO[bytes],
    file_name: str,
    authority: str,
    correct: bool,
    correction_basis: str,
    by: User,
    max_rows: int = MAX_ROWS,
) -> ProvincialReport:
    """Check the whole list, then record every row in one transaction, or nothing.

    1. Read the sheet; each row needs a name, a valid credit code, a known grade
       and a past year (FIRST_YEAR … last year); a code and year twice is an error.
    2. Match the code to an enterprise in the user's data scope; other rows (the
       rest of the province, another district) are skipped and listed, but a
       file with no enterprise of the scope at all is refused.
    3. Compare with a grade already recorded for that enterprise and year: the same
       grade is left as it is; a different one is an error unless `correct`.
    4. Write the import, the grades and one record entry each (records.append_many),
       flagging grades whose colour differs from the city's own evaluation.
    """
    _require(selectors.may_manage(by), "只有信用评价人员可以导入省厅公布的评价结果。")
    authority = authority.strip() or DEFAULT_AUTHORITY
    correction_basis = correction_basis.strip()
    if correct and not correction_basis:
        raise ValidationError(
            "选择“按本文件更正已登记的等级”时，请填写更正依据（省厅更正文件的文号或说明）。"
        )
    content = file.read()
    report = ProvincialReport()
    try:
        sheet = provincial.read_sheet(content)
    except provincial.SheetError as error:
        report.errors.append(RowError(1, str(error)))
        return report
    if sheet.size is not None and sheet.size - 1 > max_rows:
        report.errors.append(
            RowError(
                1, f"文件有{sheet.size - 1}行数据，超过上限{max_rows}行，请分批导入。"
            )
        )
        return report
    report.ignored = sheet.ignored
    parsed = _check_rows(sheet, report, authority, correct, by, max_rows)
    if report.errors:
        report.errors.sort(key=lambda error: error.row)
        return report
    with transaction.atomic():
        _write(parsed, report, content, file_name, correction_basis, by)
    return report


def _check_rows(
    sheet: provincial.Sheet,
    report: ProvincialReport,
    authority: str,
    correct: bool,
    by: User,
    max_rows: int,
) -> list[tuple[_Row, ProvincialGrade | None]]:
    grades = known_grades()
    last_year = _today().year - 1
    first_row: dict[tuple[str, int], int] = {}
    parsed: list[_Row] = []
    for row_no, cells in sheet.rows:
        report.rows += 1
        if report.rows > max_rows:
            report.errors.append(
                RowError(row_no, f"数据超过上限{max_rows}行，请分批导入")
            )
            break
        row, problems = _parse(row_no, cells, grades, authority, last_year)
        if row is not None:
            key = (row.code, row.year)
            if key in first_row:
                problems.append(
                    f"与第{first_row[key]}行重复：同一企业（{row.code}）"
                    f"同一年度（{row.year}）出现两次"
                )
            else:
                first_row[key] = row_no
        if problems:
            report.errors.append(RowError(row_no, "；".join(problems)))
        elif row is not None:
            parsed.append(row)
    found = _enterprises(by, {row.code for row in parsed})
    for row in parsed:
        if row.code not in found:
            report.skipped.append(
                RowError(
                    row.row,
                    f"“{row.name}”（{row.code}）不在您数据范围内的企业档案中，已跳过",
                )
            )
            continue
        row.enterprise_id, name = found[row.code]
        if name != row.name:
            report.warnings.append(
                RowError(
                    row.row,
                    f"名单中的企业名称“{row.name}”与档案“{name}”不一致，已按统一社会信用代码匹配",
                )
            )
    if parsed and not report.errors and len(report.skipped) == len(parsed):
        report.errors.append(
            RowError(
                parsed[0].row,
                "文件中没有您数据范围内企业档案里的统一社会信用代码，未导入任何一行"
                "（请核对文件是否为本市名单）",
            )
        )
    ids = sorted({row.enterprise_id for row in parsed if row.enterprise_id})
    existing = _existing(ids)
    out = []
    for row in parsed:
        if not row.enterprise_id:
            continue
        before = existing.get((row.enterprise_id, row.year))
        if before is not None and before.grade_name != row.grade.name and not correct:
            report.errors.append(
                RowError(
                    row.row,
                    f"该企业{row.year}年度已登记省厅公布等级“{before.grade_name}”"
                    f"（导入批次#{before.source_id}第{before.row}行），与本行"
                    f"“{row.grade.name}”不一致，未覆盖；如省厅已更正，请选择"
                    "“按本文件更正已登记的等级”并填写更正依据",
                )
            )
            continue
        out.append((row, before))
    return out


def _write(
    rows: list[tuple[_Row, ProvincialGrade | None]],
    report: ProvincialReport,
    content: bytes,
    file_name: str,
    correction_basis: str,
    by: User,
) -> None:
    now = timezone.now()
    city = _city_grades(sorted({row.enterprise_id for row, _ in rows}))
    batch = ProvincialImport.objects.create(
        file_name=file_name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=report.rows,
        correction_basis=correction_basis,
        imported_by=by,
    )
    created: list[ProvincialGrade] = []
    changed: list[tuple[ProvincialGrade, str]] = []
    for row, before in rows:
        if before is not None and before.grade_name == row.grade.name:
            report.unchanged += 1  # its conflict was reported when it was recorded
            continue
        conflict = conflict_text(city.get((row.enterprise_id, row.year)), row.grade)
        if conflict:
            report.conflicts.append(RowError(row.row, conflict))
        values = {
            "grade_name": row.grade.name,
            "grade_code": row.grade.code,
            "colour": row.grade.colour,
            "authority": row.authority,
            "published_name": row.name,
            "source": batch,
            "row": row.row,
            "conflict": conflict,
        }
        if before is None:
            created.append(
                ProvincialGrade(
                    enterprise_id=row.enterprise_id, year=row.year, **values
                )
            )
            continue
        old_name = before.grade_name
        for name, value in values.items():
            setattr(before, name, value)
        before.updated_at = now
        changed.append((before, old_name))
    ProvincialGrade.objects.bulk_create(created, batch_size=_CHUNK)
    ProvincialGrade.objects.bulk_update(
        [grade for grade, _ in changed],
        [
            "grade_name",
            "grade_code",
            "colour",
            "authority",
            "published_name",
            "source",
            "row",
            "conflict",
            "updated_at",
        ],
        batch_size=_CHUNK,
    )
    report.recorded, report.corrected = len(created), len(changed)
    batch.recorded, batch.corrected = report.recorded, report.corrected
    batch.unchanged, batch.conflicts = report.unchanged, len(report.conflicts)
    batch.save(
        update_fields=["recorded", "corrected", "unchanged", "conflicts", "updated_at"]
    )
    report.batch = batch
    entries = [
        records.Entry(
            action="credit.provincial.import",
            target_type="credit.provincialimport",
            target_id=str(batch.pk),
            actor_id=by.pk,
            unit_id=by.unit_id,
            data={
                "sha256": [batch.sha256],
                "rows": batch.rows,
                "recorded": batch.recorded,
                "corrected": batch.corrected,
                "unchanged": batch.unchanged,
                "conflicts": batch.conflicts,
                "basis": correction_basis,
            },
        )
    ]
    entries += [
        _entry(grade, "credit.provincial.record", None, by) for grade in created
    ]
    entries += [
        _entry(grade, "credit.provincial.correct", old, by) for grade, old in changed
    ]
    records.append_many(entries, at=now)


def _entry(
    grade: ProvincialGrade, action: str, before: str | None, by: User
) -> records.Entry:
    data: dict[str, object] = {
        "import": grade.source_id,
        "row": grade.row,
        "enterprise": grade.enterprise_id,
        "year": grade.year,
        "after": grade.grade_name,
        "colour": grade.colour,
        "authority": grade.authority,
    }
    if before is not None:
        data["before"] = before
    if grade.conflict:
        data["conflict"] = grade.conflict
    return records.Entry(
        action=action,
        target_type="credit.provincialgrade",
        target_id=str(grade.pk),
        actor_id=by.pk,
        unit_id=by.unit_id,
        data=data,
    )
