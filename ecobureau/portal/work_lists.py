"""Writes of the work lists (黑名单、落后淘汰名单等各类工作清单; seed 003 (十八), D19):
a list created, an entry added, corrected or removed (with date and reason), a
list's entries imported from Excel (every bad row reported, nothing written if any
row is bad), and a list published or withdrawn. Each write: keyword-only, one
transaction, one `core.records` entry with ids only.

Who: holders of `portal.manage_work_lists` (the bureau's offices, city-wide). The
lists are the city's: district sub-bureaus read them on the portal like anyone.

What the public sees (`public_row`): the list, the unit's name and credit code,
reason, decision number, listed and removed dates with the removal reason. Reasons
are typed by staff: resident ID and mobile numbers in them, and the names and
phones of a registered enterprise's legal representative and contact, are masked
on the way out. Who entered an entry is never read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import credit_code, xlsx
from ecobureau.lib.dates import SHANGHAI
from ecobureau.lib.deidentify import mask_text

from .models import WorkList, WorkListEntry

PERM = "portal.manage_work_lists"
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
IMPORT_HEADERS = ("单位名称", "统一社会信用代码", "列入原因", "决定文号", "列入日期")
IMPORT_REQUIRED = ("单位名称", "列入原因", "列入日期")


def may_manage(user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff_member and user.has_perm(PERM))


def _require(by: User) -> None:
    if not may_manage(by):
        raise PermissionDenied("您没有维护工作清单的权限。")


def _today() -> date:
    return timezone.now().astimezone(SHANGHAI).date()


def _text(value: str, label: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"请填写{label}。")
    if limit and len(value) > limit:
        raise ValidationError(f"{label}不超过{limit}字。")
    return value


# --- Lists ------------------------------------------------------------------------


@transaction.atomic
def work_list_create(*, by: User, kind: str, name: str, basis: str = "") -> WorkList:
    _require(by)
    if kind not in WorkList.Kind.values:
        raise ValidationError("请选择清单类别。")
    name = _text(name, "清单名称", 120)
    if WorkList.objects.filter(name=name).exists():
        raise ValidationError(f"已有名为“{name}”的清单。")
    work_list = WorkList.objects.create(
        kind=kind, name=name, basis=(basis or "").strip()[:300], created_by=by
    )
    records.append(
        action="portal.work_list_create",
        target=work_list,
        actor=by,
        after={"kind": kind},
    )
    return work_list


@transaction.atomic
def work_list_publish(*, work_list: WorkList, by: User, publish: bool) -> WorkList:
    """Publish the list on the portal (all its entries, removed ones with their
    removal), or withdraw it. A list with no entry is not published."""
    _require(by)
    work_list = WorkList.objects.select_for_update().get(pk=work_list.pk)
    if publish == (work_list.published_at is not None):
        raise ValidationError("该清单已公开。" if publish else "该清单尚未公开。")
    if publish and not work_list.entries.exists():
        raise ValidationError("清单中还没有条目，不能公开。")
    work_list.published_at = timezone.now() if publish else None
    work_list.save(update_fields=["published_at", "updated_at"])
    records.append(
        action="portal.work_list_publish" if publish else "portal.work_list_withdraw",
        target=work_list,
        actor=by,
        after={"published": publish},
    )
    return work_list


# --- Entries ------------------------------------------------------------------------


def _unit(enterprise: Enterprise | None, unit_name: str, code: str) -> tuple[str, str]:
    """The unit's name and credit code: the enterprise's when one is chosen, else
    as typed (the code checked when given)."""
    if enterprise is not None:
        return enterprise.name, enterprise.credit_code
    unit_name = _text(unit_name, "单位名称（或选择登记企业）", 200)
    code = credit_code.normalize(code or "")
    if code and not credit_code.is_valid(code):
        try:
            credit_code.validate(code)
        except credit_code.CreditCodeError as error:
            raise ValidationError(str(error)) from None
    return unit_name, code


def _check_dates(listed_on: date | None) -> date:
    if listed_on is None:
        raise ValidationError("请填写列入日期。")
    if listed_on > _today():
        raise ValidationError("列入日期不能晚于今天。")
    return listed_on


def _ids(entry: WorkListEntry) -> dict[str, Any]:
    return {
        "entry": entry.pk,
        "enterprise": entry.enterprise_id,
        "listed_on": entry.listed_on,
        "document_no": entry.document_no,
    }


@transaction.atomic
def work_list_entry_add(
    *,
    by: User,
    work_list: WorkList,
    reason: str,
    listed_on: date | None,
    enterprise: Enterprise | None = None,
    unit_name: str = "",
    credit_code_text: str = "",
    document_no: str = "",
) -> WorkListEntry:
    _require(by)
    work_list = WorkList.objects.select_for_update().get(pk=work_list.pk)
    name, code = _unit(enterprise, unit_name, credit_code_text)
    reason = _text(reason, "列入原因")
    listed_on = _check_dates(listed_on)
    live = work_list.entries.filter(removed_on__isnull=True, unit_name=name)
    if live.exists():
        raise ValidationError(f"{name}已在本清单中（尚未移出）。")
    entry = WorkListEntry.objects.create(
        work_list=work_list,
        enterprise=enterprise,
        unit_name=name,
        credit_code=code,
        reason=reason,
        document_no=(document_no or "").strip()[:100],
        listed_on=listed_on,
        created_by=by,
    )
    records.append(
        action="portal.work_list_entry_add",
        target=work_list,
        actor=by,
        after=_ids(entry),
    )
    return entry


@transaction.atomic
def work_list_entry_update(
    *,
    by: User,
    entry: WorkListEntry,
    reason: str,
    listed_on: date | None,
    document_no: str = "",
) -> WorkListEntry:
    """Correct an entry still on the list: reason, decision number, listed date."""
    _require(by)
    entry = WorkListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.removed_on is not None:
        raise ValidationError("该条目已移出清单，不能再修改。")
    before = _ids(entry)
    entry.reason = _text(reason, "列入原因")
    entry.listed_on = _check_dates(listed_on)
    entry.document_no = (document_no or "").strip()[:100]
    entry.save(update_fields=["reason", "listed_on", "document_no", "updated_at"])
    records.append(
        action="portal.work_list_entry_update",
        target=entry.work_list,
        actor=by,
        before=before,
        after=_ids(entry),
    )
    return entry


@transaction.atomic
def work_list_entry_remove(
    *, by: User, entry: WorkListEntry, removed_on: date | None, removed_reason: str
) -> WorkListEntry:
    """Take a unit off the list on a date (from its listing to today), with the
    reason; once. It stays on the published list as removed."""
    _require(by)
    entry = WorkListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.removed_on is not None:
        raise ValidationError("该条目已移出清单。")
    if removed_on is None:
        raise ValidationError("请填写移出日期。")
    if removed_on < entry.listed_on:
        raise ValidationError("移出日期不能早于列入日期。")
    if removed_on > _today():
        raise ValidationError("移出日期不能晚于今天。")
    entry.removed_on = removed_on
    entry.removed_reason = _text(removed_reason, "移出原因")
    entry.save(update_fields=["removed_on", "removed_reason", "updated_at"])
    records.append(
        action="portal.work_list_entry_remove",
        target=entry.work_list,
        actor=by,
        before={"entry": entry.pk, "removed_on": None},
        after={"entry": entry.pk, "removed_on": removed_on},
    )
    return entry


# --- Excel import -----------------------------------------------------------------


class ImportFailed(ValidationError):
    """The file was refused; `rows` lists (row number, problems)."""

    def __init__(self, message: str, rows: list[tuple[int, list[str]]] | None = None):
        super().__init__(message)
        self.rows = rows or []


def _header(text: object) -> str:
    value = str(text or "").strip()
    for bracket in ("(", "（"):
        value = value.split(bracket, 1)[0].strip()
    return value


def _cell_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().replace("/", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _read(content: bytes) -> list[list[object]]:
    if len(content) > MAX_BYTES:
        raise ImportFailed("文件超过5MB，请分批导入。")
    try:
        workbook = xlsx.open_uploaded(content)
    except xlsx.UnsafeWorkbook as refused:
        raise ImportFailed(str(refused)) from None
    except xlsx.UnreadableWorkbook:
        raise ImportFailed("无法读取文件，请上传Excel（.xlsx）文件。") from None
    return [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]


def _parse_row(
    cells: dict[str, object], enterprises: dict[str, Enterprise], today: date
) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    name = str(cells.get("单位名称") or "").strip()
    code = credit_code.normalize(str(cells.get("统一社会信用代码") or ""))
    enterprise = None
    if code:
        if not credit_code.is_valid(code):
            problems.append(f"统一社会信用代码“{code}”不正确")
        else:
            enterprise = enterprises.get(code)
    if enterprise is not None:
        name = enterprise.name
    if not name:
        problems.append("缺少单位名称")
    elif len(name) > 200:
        problems.append("单位名称超过200字")
    reason = str(cells.get("列入原因") or "").strip()
    if not reason:
        problems.append("缺少列入原因")
    raw_date = cells.get("列入日期")
    listed_on = _cell_date(raw_date)
    if listed_on is None:
        problems.append(
            "缺少列入日期"
            if raw_date in (None, "")
            else f"列入日期“{raw_date}”无法识别"
        )
    elif listed_on > today:
        problems.append("列入日期晚于今天")
    values = {
        "enterprise": enterprise,
        "unit_name": name,
        "credit_code": enterprise.credit_code if enterprise else code,
        "reason": reason,
        "document_no": str(cells.get("决定文号") or "").strip()[:100],
        "listed_on": listed_on,
    }
    return values, problems


@transaction.atomic
def work_list_import(
    *, by: User, work_list: WorkList, content: bytes, filename: str
) -> int:
    """Add the workbook's rows to the list; all or nothing. Returns the count."""
    _require(by)
    work_list = WorkList.objects.select_for_update().get(pk=work_list.pk)
    table = _read(content)
    if not table:
        raise ImportFailed("文件为空，第1行应为表头。")
    headers = [_header(h) for h in table[0]]
    while headers and not headers[-1]:
        headers.pop()
    missing = [h for h in IMPORT_REQUIRED if h not in headers]
    unknown = [h or "（空白）" for h in headers if h not in IMPORT_HEADERS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"缺少列：{'、'.join(missing)}")
        if unknown:
            parts.append(f"无法识别的列：{'、'.join(unknown)}")
        raise ImportFailed("表头与模板不符。" + "；".join(parts) + "。")
    body = [
        (n, row)
        for n, row in enumerate(table[1:], start=2)
        if any(v not in (None, "") for v in row)
    ]
    if not body:
        raise ImportFailed("文件中没有数据行。")
    if len(body) > MAX_ROWS:
        raise ImportFailed(f"一次最多导入{MAX_ROWS}行，本文件有{len(body)}行。")
    codes = {
        credit_code.normalize(str(row[headers.index("统一社会信用代码")] or ""))
        for _, row in body
        if "统一社会信用代码" in headers
        and headers.index("统一社会信用代码") < len(row)
    }
    enterprises = {
        e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)
    }
    live = set(
        work_list.entries.filter(removed_on__isnull=True).values_list(
            "unit_name", flat=True
        )
    )
    today = _today()
    good: list[dict[str, Any]] = []
    bad: list[tuple[int, list[str]]] = []
    seen: dict[str, int] = {}
    for number, raw in body:
        cells = {h: (raw[i] if i < len(raw) else None) for i, h in enumerate(headers)}
        values, problems = _parse_row(cells, enterprises, today)
        name = values["unit_name"]
        if name and name in live:
            problems.append(f"{name}已在本清单中（尚未移出）")
        if name and name in seen:
            problems.append(f"与第{seen[name]}行重复")
        elif name:
            seen[name] = number
        if problems:
            bad.append((number, problems))
        else:
            good.append(values)
    if bad:
        raise ImportFailed(f"有{len(bad)}行数据有误，未导入任何数据。", rows=bad)
    WorkListEntry.objects.bulk_create(
        WorkListEntry(work_list=work_list, created_by=by, **values) for values in good
    )
    records.append(
        action="portal.work_list_import",
        target=work_list,
        actor=by,
        data={"rows": len(good), "file": filename[:200]},
        sha256=[hashlib.sha256(content).hexdigest()],
    )
    return len(good)


def import_template() -> bytes:
    content, _count = xlsx.write(
        title="工作清单导入模板",
        headers=IMPORT_HEADERS,
        widths=(30, 22, 40, 24, 12),
        required=[h in IMPORT_REQUIRED for h in IMPORT_HEADERS],
        rows=[],
    )
    return content


# --- What the public sees -----------------------------------------------------------


@dataclass(frozen=True)
class PublicEntry:
    list_name: str
    kind: str
    unit_name: str
    credit_code: str
    reason: str
    document_no: str
    listed_on: date
    status: str
    removed_on: date | None
    removed_reason: str
    published_on: date


def _masked(entry: WorkListEntry, text: str) -> str:
    e = entry.enterprise
    names = [n for n in (e.legal_representative, e.contact_name) if n] if e else []
    phones = [e.contact_phone] if e and e.contact_phone else []
    return mask_text(text, names=names, phones=phones)


def public_row(entry: WorkListEntry) -> PublicEntry:
    work_list = entry.work_list
    assert work_list.published_at is not None
    return PublicEntry(
        list_name=work_list.name,
        kind=work_list.get_kind_display(),
        unit_name=entry.unit_name,
        credit_code=entry.credit_code,
        reason=_masked(entry, entry.reason),
        document_no=entry.document_no,
        listed_on=entry.listed_on,
        status="已移出" if entry.removed_on else "在列",
        removed_on=entry.removed_on,
        removed_reason=_masked(entry, entry.removed_reason),
        published_on=work_list.published_at.astimezone(SHANGHAI).date(),
    )
