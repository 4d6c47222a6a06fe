"""Load the reference data every installation needs (`manage.py load_reference`).

A city's reference data is a list of datasets, each applied in its own
transaction with one record entry and one `ReferenceLoad` row:

- `divisions.<city>`: the administrative divisions (divisions_<city>.json);
- `governments.<city>`: one government unit per division, made from the same file
  (the city, county and district governments and zone management committees are
  the grid's responsible bodies, seed 002 四(一); townships, streets and parks are
  the third-level grid);
- `units.<city>`: the bureau's own sections, team, centres and sub-bureaus
  (units_<city>.json; Anshan only);
- `departments`: the 26 departments with their environmental duties and the duty
  templates of county and township governments (departments.json, seed 002
  四(三)2–3), the same for every city.

The command runs on every start, and each place may add, remove or change
divisions, units and duties afterwards (requirement C11). So a later run must never
undo an administrator's change. The rule, per dataset:

1. The dataset is applied only when its content digest differs from the last load
   of it; otherwise its tables are not read or written at all.
2. A row is identified by its code. A code the last load did not ship is created
   when missing; if a row with that code already exists (entered by hand), it is
   left as it is.
3. A code the last load shipped is updated to the new values only while every
   loaded field is still exactly as shipped. If an administrator changed one of
   them, the row is left alone; if the row was deleted, it stays deleted.
4. Nothing is deleted: a row dropped from a dataset stays until an administrator
   removes it.
5. A row whose parent or division does not exist is not created.
6. A unit's duties count as one list (text, source, order): they are replaced by the
   new list only while they are still exactly the shipped list, and a unit that was
   shipped no duties before gets them only if it has none.

`ReferenceLoad.shipped` keeps what each load shipped, which rules 2, 3 and 6
compare against. The role catalogue (`services.roles_load_catalogue`) is written on
every run; it only adds what is missing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypedDict

from django.conf import settings
from django.db import transaction

from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib import canonical_json

from .. import services
from ..models import DepartmentDuty, ReferenceLoad, Unit

DATA_DIR = Path(__file__).resolve().parent

# Field values as loaded: strings, numbers, booleans, None; links as codes.
Values = dict[str, Any]
Duties = list[list[str]]  # [[text, source], ...] in order


class ReferenceDataError(Exception):
    """The data files are inconsistent, or the database holds another city."""


@dataclass(frozen=True)
class City:
    code: str  # the level-1 division
    divisions_file: str
    units_file: str | None


CITIES: dict[str, City] = {
    "anshan": City("210300", "divisions_anshan.json", "units_anshan.json"),
    # Seed 002 names no bureau sections for Panjin, only the grid's areas and the
    # departments (requirement C40).
    "panjin": City("211100", "divisions_panjin.json", None),
}


@dataclass
class Dataset:
    name: str
    version: str
    table: str  # "division" or "unit"
    rows: dict[str, Values]  # by code, parents before children
    duties: dict[str, Duties] = field(default_factory=dict)

    @cached_property
    def digest(self) -> str:
        content = {"rows": self.rows, "duties": self.duties}
        return hashlib.sha256(canonical_json.dumps(content).encode()).hexdigest()


@dataclass
class Result:
    """What one dataset's load did; `applied` is False when it was unchanged."""

    dataset: str
    version: str
    applied: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_changed: int = 0  # changed by an administrator: left alone
    kept_deleted: int = 0  # deleted by an administrator: not recreated
    skipped: int = 0  # parent or division missing
    duties_written: int = 0  # units whose duty list was written
    duties_kept: int = 0  # units whose duties an administrator changed

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_changed": self.kept_changed,
            "kept_deleted": self.kept_deleted,
            "skipped": self.skipped,
            "duties_written": self.duties_written,
            "duties_kept": self.duties_kept,
        }


def reference_load(*, city: str | None = None) -> tuple[list[Result], int]:
    """Apply every dataset of `city` that changed; return the results and the
    number of permissions the role catalogue added.

    Without `city`: the REFERENCE_CITY setting if there is one, else the city
    already in the database, else Anshan, so a plain re-run on every start keeps
    loading the city an installation chose once.
    """
    city = city or getattr(settings, "REFERENCE_CITY", None) or _city_in_database()
    datasets = city_datasets(city)
    _check_city(CITIES[city])
    last = _last_digests([dataset.name for dataset in datasets])
    results = []
    for dataset in datasets:
        if last.get(dataset.name) == dataset.digest:
            results.append(Result(dataset.name, dataset.version))
        else:
            results.append(_apply(dataset))
    return results, services.roles_load_catalogue()


def city_datasets(city: str) -> list[Dataset]:
    """Read and check the data files of `city`, in the order they are applied."""
    if city not in CITIES:
        raise ReferenceDataError(f"未知城市“{city}”，可选：{'、'.join(CITIES)}")
    spec = CITIES[city]
    divisions = _divisions(city, _read(spec.divisions_file))
    datasets = [divisions, _governments(city, divisions)]
    if spec.units_file:
        datasets.append(_units(_read(spec.units_file)))
    datasets.append(_departments(_read("departments.json")))
    return datasets


# --- Reading the files -------------------------------------------------------------


class _File(TypedDict):
    dataset: str
    version: str
    source: str
    rows: list[dict[str, Any]]


def _read(name: str) -> _File:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        data: _File = json.load(handle)
    return data


def _divisions(city: str, data: _File) -> Dataset:
    rows: dict[str, Values] = {}
    siblings: dict[str | None, int] = {}
    kinds = set(Division.Kind.values)
    for row in data["rows"]:
        code, parent = row["code"], row["parent"]
        if code in rows or row["kind"] not in kinds:
            raise ReferenceDataError(f"{data['dataset']}: 行 {code} 重复或类型有误")
        if parent is not None and parent not in rows:
            raise ReferenceDataError(
                f"{data['dataset']}: {code} 的上级 {parent} 未先列出"
            )
        level = 1 if parent is None else rows[parent]["level"] + 1
        if level > 3 or (parent is None) != (code == CITIES[city].code):
            raise ReferenceDataError(f"{data['dataset']}: {code} 的层级有误")
        siblings[parent] = siblings.get(parent, 0) + 1
        rows[code] = {
            "name": row["name"],
            "kind": row["kind"],
            "level": level,
            "parent": parent,
            "sort_order": siblings[parent],
        }
    return Dataset(data["dataset"], data["version"], "division", rows)


# Division kind → the name of its government, from the division's name.
_GOVERNMENT_NAME: dict[str, str] = {
    Division.Kind.STREET: "{}办事处",
    Division.Kind.ZONE: "{}管理委员会",
    Division.Kind.SCENIC_AREA: "{}管理委员会",
    Division.Kind.PARK: "{}管理委员会",
}


def _governments(city: str, divisions: Dataset) -> Dataset:
    """One unit per division: kind government for levels 1–2, township for 3."""
    rows: dict[str, Values] = {}
    for position, (code, division) in enumerate(divisions.rows.items()):
        parent = division["parent"]
        rows[f"gov-{code}"] = _unit_values(
            name=_GOVERNMENT_NAME.get(division["kind"], "{}人民政府").format(
                division["name"]
            ),
            kind=Unit.Kind.TOWNSHIP if division["level"] == 3 else Unit.Kind.GOVERNMENT,
            parent=f"gov-{parent}" if parent else None,
            division=code,
            # After the bureau's own units (1–99), before the departments (1000+).
            sort_order=100 + position,
        )
    return Dataset(f"governments.{city}", divisions.version, "unit", rows)


def _unit_values(
    *,
    name: str,
    kind: str,
    sort_order: int,
    short_name: str = "",
    parent: str | None = None,
    division: str | None = None,
    document_prefix: str = "",
    is_active: bool = True,
) -> Values:
    if kind not in Unit.Kind.values:
        raise ReferenceDataError(f"单位“{name}”的类型 {kind} 有误")
    return {
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "parent": parent,
        "division": division,
        "document_prefix": document_prefix,
        "is_active": is_active,
        "sort_order": sort_order,
    }


def _units(data: _File) -> Dataset:
    rows: dict[str, Values] = {}
    for row in data["rows"]:
        code = row["code"]
        if code in rows or (row["parent"] and row["parent"] not in rows):
            raise ReferenceDataError(
                f"{data['dataset']}: 单位 {code} 重复或上级未先列出"
            )
        rows[code] = _unit_values(
            name=row["name"],
            short_name=row["short_name"],
            kind=row["kind"],
            parent=row["parent"],
            division=row["division"],
            document_prefix=row["document_prefix"],
            sort_order=row["sort_order"],
        )
    return Dataset(data["dataset"], data["version"], "unit", rows)


def _departments(data: _File) -> Dataset:
    rows: dict[str, Values] = {}
    duties: dict[str, Duties] = {}
    for row in data["rows"]:
        code = row["code"]
        if code in rows or not row["duties"]:
            raise ReferenceDataError(f"{data['dataset']}: 部门 {code} 重复或没有职责")
        rows[code] = _unit_values(
            name=row["name"],
            kind=row["kind"],
            sort_order=row["sort_order"],
            # The two duty templates are reference text, not organisations anyone
            # acts for, so they are not offered when assigning people to units.
            is_active=row["kind"] == Unit.Kind.DEPARTMENT,
        )
        duties[code] = [[text, row["source"]] for text in row["duties"]]
    return Dataset(data["dataset"], data["version"], "unit", rows, duties)


# --- Applying a dataset ------------------------------------------------------------


def _city_in_database() -> str:
    codes = set(Division.objects.filter(level=1).values_list("code", flat=True))
    for name, spec in CITIES.items():
        if spec.code in codes:
            return name
    return "anshan"


def _check_city(city: City) -> None:
    other = Division.objects.filter(level=1).exclude(code=city.code).first()
    if other is not None:
        raise ReferenceDataError(
            f"数据库中已有其他城市（{other.name} {other.code}），一个系统只载入一个城市。"
        )


def _last_digests(names: list[str]) -> dict[str, str]:
    last: dict[str, str] = {}
    rows = (
        ReferenceLoad.objects.filter(dataset__in=names)
        .order_by("dataset", "-id")
        .values_list("dataset", "digest")
    )
    for name, digest in rows:
        last.setdefault(name, digest)
    return last


@transaction.atomic
def _apply(dataset: Dataset) -> Result:
    previous = (
        ReferenceLoad.objects.filter(dataset=dataset.name).order_by("-id").first()
    )
    shipped = previous.shipped if previous else {}
    result = Result(dataset.name, dataset.version, applied=True)
    apply_rows = _apply_divisions if dataset.table == "division" else _apply_units
    apply_rows(dataset.rows, shipped.get("rows", {}), result)
    if dataset.duties:
        _apply_duties(dataset.duties, shipped.get("duties", {}), result)
    load = ReferenceLoad.objects.create(
        dataset=dataset.name,
        version=dataset.version,
        digest=dataset.digest,
        shipped={"rows": dataset.rows, "duties": dataset.duties},
        result=result.counts(),
    )
    records.append(
        action="reference.load",
        target=("accounts.referenceload", load.pk),
        data={
            "dataset": dataset.name,
            "version": dataset.version,
            "digest": dataset.digest,
            "previous": previous.pk if previous else None,
            **result.counts(),
        },
    )
    return result


def _decide(
    code: str, new: Values, shipped: dict[str, Values], current: Values | None
) -> str:
    """Rules 2 and 3 of the module docstring: create, update, or leave the row."""
    if current is None:
        return "kept_deleted" if code in shipped else "create"
    if current == new:
        return "unchanged"
    if code in shipped and current == shipped[code]:
        return "update"
    return "kept_changed"


def _apply_rows(
    rows: dict[str, Values],
    shipped: dict[str, Values],
    result: Result,
    current: Callable[[str], Values | None],
    write: Callable[[str, Values], bool],
) -> None:
    """Create or update each row as `_decide` says; `write` returns False when the
    row's parent or division is missing (rule 5)."""
    for code, new in rows.items():
        action = _decide(code, new, shipped, current(code))
        if action in ("create", "update"):
            if not write(code, new):
                action = "skipped"
            elif action == "create":
                action = "created"
            else:
                action = "updated"
        setattr(result, action, getattr(result, action) + 1)


def _apply_divisions(
    rows: dict[str, Values], shipped: dict[str, Values], result: Result
) -> None:
    by_code = {d.code: d for d in Division.objects.all()}
    code_of = {d.pk: d.code for d in by_code.values()}

    def current(code: str) -> Values | None:
        row = by_code.get(code)
        if row is None:
            return None
        return {
            "name": row.name,
            "kind": row.kind,
            "level": row.level,
            "parent": code_of.get(row.parent_id) if row.parent_id else None,
            "sort_order": row.sort_order,
        }

    def write(code: str, new: Values) -> bool:
        parent = by_code.get(new["parent"]) if new["parent"] else None
        if new["parent"] and parent is None:
            return False
        row = by_code.get(code) or Division(code=code)
        row.name, row.kind, row.level = new["name"], new["kind"], new["level"]
        row.parent, row.sort_order = parent, new["sort_order"]
        if row.pk is None:
            row.save()
        else:
            row.save(update_fields=["name", "kind", "level", "parent", "sort_order"])
        by_code[code], code_of[row.pk] = row, code
        return True

    _apply_rows(rows, shipped, result, current, write)


_UNIT_FIELDS = [
    "name",
    "short_name",
    "kind",
    "parent",
    "division",
    "document_prefix",
    "is_active",
    "sort_order",
]


def _apply_units(
    rows: dict[str, Values], shipped: dict[str, Values], result: Result
) -> None:
    by_code = {u.code: u for u in Unit.objects.all()}
    unit_code = {u.pk: u.code for u in by_code.values()}
    division_pk = dict(Division.objects.values_list("code", "pk"))
    division_code = {pk: code for code, pk in division_pk.items()}

    def current(code: str) -> Values | None:
        row = by_code.get(code)
        if row is None:
            return None
        return {
            "name": row.name,
            "short_name": row.short_name,
            "kind": row.kind,
            "parent": unit_code.get(row.parent_id) if row.parent_id else None,
            "division": division_code.get(row.division_id) if row.division_id else None,
            "document_prefix": row.document_prefix,
            "is_active": row.is_active,
            "sort_order": row.sort_order,
        }

    def write(code: str, new: Values) -> bool:
        parent = by_code.get(new["parent"]) if new["parent"] else None
        division_id = division_pk.get(new["division"]) if new["division"] else None
        if (new["parent"] and parent is None) or (new["division"] and not division_id):
            return False
        row = by_code.get(code) or Unit(code=code)
        row.name, row.short_name, row.kind = new["name"], new["short_name"], new["kind"]
        row.parent, row.division_id = parent, division_id
        row.document_prefix, row.is_active = new["document_prefix"], new["is_active"]
        row.sort_order = new["sort_order"]
        if row.pk is None:
            row.save()
        else:
            row.save(update_fields=[*_UNIT_FIELDS, "updated_at"])
        by_code[code], unit_code[row.pk] = row, code
        return True

    _apply_rows(rows, shipped, result, current, write)


def _apply_duties(
    duties: dict[str, Duties], shipped: dict[str, Duties], result: Result
) -> None:
    """Rule 6 of the module docstring."""
    units = {u.code: u for u in Unit.objects.filter(code__in=list(duties))}
    existing: dict[int, list[DepartmentDuty]] = {}
    for duty in DepartmentDuty.objects.filter(unit__in=units.values()).order_by(
        "sort_order", "pk"
    ):
        existing.setdefault(duty.unit_id, []).append(duty)
    for code, new in duties.items():
        unit = units.get(code)
        if unit is None:
            continue  # not created: deleted or skipped, counted with the units
        rows = existing.get(unit.pk, [])
        current = [[duty.text, duty.source] for duty in rows]
        if current == new:
            continue
        if current == shipped.get(code, []):
            _write_duties(unit, rows, new)
            result.duties_written += 1
        else:
            result.duties_kept += 1


def _write_duties(unit: Unit, rows: list[DepartmentDuty], new: Duties) -> None:
    """Rewrite the list in place, so rows keep their ids where they can."""
    for position, (row, (text, source)) in enumerate(
        zip(rows, new, strict=False), start=1
    ):
        row.text, row.source, row.sort_order = text, source, position
        row.save(update_fields=["text", "source", "sort_order", "updated_at"])
    DepartmentDuty.objects.bulk_create(
        DepartmentDuty(unit=unit, text=text, source=source, sort_order=position)
        for position, (text, source) in enumerate(new, start=1)
        if position > len(rows)
    )
    DepartmentDuty.objects.filter(pk__in=[row.pk for row in rows[len(new) :]]).delete()
