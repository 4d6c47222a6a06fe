"""Excel imports of figures the bureau receives from elsewhere: district emission
totals, noise results, hazardous-waste figures and other cities' published
figures. One pattern for all four: every row is checked first; any bad row and
nothing is written, each bad row listed with its problems (STYLE: imports report
each bad row and write nothing). The write then appends one record entry with
the file's SHA-256, in the same transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division

from . import selectors
from .models import ImportBatch
from .services import MAX_ROWS, ImportFailed, _date, _read_table

Cells = dict[str, Any]


@dataclass
class RowCheck:
    """What a row parser returns: the values to write, or the problems."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    key: tuple[Any, ...] | None = None  # rows with the same key are duplicates


@dataclass(frozen=True)
class Spec:
    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    parse: Callable[[User, Cells], RowCheck]
    write: Callable[[list[dict[str, Any]], ImportBatch], int]
    action: str


def _header(text: object) -> str:
    value = str(text or "").strip()
    for bracket in ("(", "（"):
        if bracket in value:
            value = value.split(bracket, 1)[0].strip()
    return value


def run(spec: Spec, *, actor: User, content: bytes, filename: str) -> ImportBatch:
    if not actor.has_perm("quality.manage_quality"):
        raise PermissionDenied("您无权导入数据")
    with transaction.atomic():
        return _run(spec, actor=actor, content=content, filename=filename)


def _run(spec: Spec, *, actor: User, content: bytes, filename: str) -> ImportBatch:
    table = _read_table(content)
    if not table:
        raise ImportFailed("文件为空，第1行应为表头。")
    headers = [_header(h) for h in table[0]]
    while headers and not headers[-1]:
        headers.pop()
    known = set(spec.required) | set(spec.optional)
    missing = [h for h in spec.required if h not in headers]
    unknown = [h or "（空白）" for h in headers if h not in known]
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
    good: list[dict[str, Any]] = []
    bad: list[tuple[int, list[str]]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, raw in body:
        cells = {h: (raw[i] if i < len(raw) else None) for i, h in enumerate(headers)}
        check = spec.parse(actor, cells)
        if check.key is not None:
            if check.key in seen:
                check.problems.append(f"与第{seen[check.key]}行重复")
            else:
                seen[check.key] = number
        if check.problems:
            bad.append((number, check.problems))
        else:
            good.append(check.values)
    if bad:
        raise ImportFailed(f"有{len(bad)}行数据有误，未导入任何数据。", rows=bad)
    batch = ImportBatch.objects.create(
        kind=spec.kind,
        file_name=filename[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        rows=len(good),
        created_by=actor,
    )
    written = spec.write(good, batch)
    records.append(
        action=spec.action,
        target=batch,
        actor=actor,
        data={"rows": len(good), "written": written, "file": filename[:200]},
        sha256=[batch.sha256],
    )
    return batch


# --- Cell readers: each returns the value or appends a Chinese problem --------------


def text(cells: Cells, name: str, problems: list[str], *, required: bool = True) -> str:
    value = str(cells.get(name) or "").strip()
    if required and not value:
        problems.append(f"缺少{name}")
    return value


def integer(
    cells: Cells, name: str, problems: list[str], low: int, high: int
) -> int | None:
    raw = cells.get(name)
    try:
        value = int(str(raw).strip().removesuffix(".0"))
    except (TypeError, ValueError):
        problems.append(f"{name}“{raw if raw is not None else ''}”应为整数")
        return None
    if not low <= value <= high:
        problems.append(f"{name}“{value}”应在{low}～{high}之间")
        return None
    return value


def number(
    cells: Cells,
    name: str,
    problems: list[str],
    *,
    required: bool = True,
    places: int = 3,
    low: Decimal | None = Decimal(0),
    high: Decimal = Decimal(10) ** 8,
) -> Decimal | None:
    raw = cells.get(name)
    if raw in (None, ""):
        if required:
            problems.append(f"缺少{name}")
        return None
    try:
        if isinstance(raw, bool):
            raise InvalidOperation
        value = Decimal(str(raw).strip())
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(f"{name}“{raw}”不是数值")
        return None
    if low is not None and value < low:
        problems.append(f"{name}不能为负数" if low == 0 else f"{name}应不小于{low}")
        return None
    if value >= high:
        problems.append(f"{name}“{raw}”过大")
        return None
    return value.quantize(Decimal(1).scaleb(-places))


def day(cells: Cells, name: str, problems: list[str]):
    value = _date(cells.get(name))
    if value is None:
        problems.append(f"{name}“{cells.get(name) or ''}”应为YYYY-MM-DD")
    return value


def district(
    actor: User, cells: Cells, problems: list[str], name: str = "区县"
) -> Division | None:
    """A district by code or name, which the actor may enter data for."""
    raw = text(cells, name, problems)
    if not raw:
        return None
    found = (
        Division.objects.filter(level=2, code=raw).first()
        or Division.objects.filter(level=2, name=raw).first()
    )
    if found is None:
        problems.append(f"区县“{raw}”不存在")
        return None
    if not selectors.can_manage_district(actor, found.pk):
        problems.append(f"区县“{found.name}”不在您的辖区")
        return None
    return found
