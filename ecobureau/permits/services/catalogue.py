"""Writes of the service catalogue: loading the shipped file, and staff edits.

Both keep the rule of `accounts.reference.loader` (requirements C11, and the
issue: "must not undo staff edits"):

1. The file is applied only when its content digest differs from the last load.
2. An item whose code was never shipped before is created when missing; an item
   shipped before and since deleted stays deleted.
3. Each group of an item's values (its fields, its legal basis, its checklist) is
   replaced by the newly shipped values only while it is still exactly as last
   shipped; a group staff edited is left alone.
4. Nothing is deleted: a material dropped from the file stays until staff remove
   it (an application may have a file uploaded against it).

Every load and every staff edit is a record entry (field names and ids only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from .. import catalogue
from ..models import CatalogueLoad, LegalBasis, Material, ServiceItem


@dataclass
class LoadResult:
    version: str
    applied: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_changed: int = 0  # groups staff edited: left alone
    kept_deleted: int = 0  # items deleted after shipping: not recreated
    codes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_changed": self.kept_changed,
            "kept_deleted": self.kept_deleted,
            "codes": self.codes,
        }


def catalogue_load() -> LoadResult:
    """Apply `catalogue/items.json` if it changed since the last load."""
    data = catalogue.read()
    problems = catalogue.check(data)
    if problems:
        raise ValidationError(problems)
    digest = catalogue.digest(data)
    last = CatalogueLoad.objects.order_by("-pk").first()
    if last is not None and last.digest == digest:
        return LoadResult(data["version"])
    return _apply(data, digest, last)


@transaction.atomic
def _apply(
    data: catalogue.CatalogueFile, digest: str, last: CatalogueLoad | None
) -> LoadResult:
    result = LoadResult(data["version"], applied=True)
    shipped_before = set(last.result.get("codes", [])) if last else set()
    units = {unit.code: unit for unit in Unit.objects.all()}
    existing = {item.code: item for item in ServiceItem.objects.all()}
    for entry in data["items"]:
        code = entry["code"]
        result.codes.append(code)
        values = catalogue.shipped_values(entry)
        item = existing.get(code)
        if item is None:
            if code in shipped_before:
                result.kept_deleted += 1
                continue
            _create(code, values, units)
            result.created += 1
            continue
        _update(item, values, units, result)
    load = CatalogueLoad.objects.create(
        version=data["version"], digest=digest, result=result.counts()
    )
    records.append(
        action="permits.catalogue.load",
        target=load,
        data={"version": data["version"], "digest": digest, **result.counts()},
    )
    return result


def _create(code: str, values: dict[str, Any], units: dict[str, Unit]) -> None:
    item = ServiceItem(code=code, shipped=values)
    _set_fields(item, values["fields"], units)
    item.save()
    _write_bases(item, values["legal_basis"])
    _write_materials(item, values["materials"])


def _update(
    item: ServiceItem,
    values: dict[str, Any],
    units: dict[str, Unit],
    result: LoadResult,
) -> None:
    current = row_values(item)
    shipped = dict(item.shipped)
    changed = False
    for group in catalogue.GROUPS:
        if values[group] == current[group]:
            shipped[group] = values[group]
            continue
        if current[group] != item.shipped.get(group):
            result.kept_changed += 1  # staff edited this group: keep it
            continue
        if group == "fields":
            _set_fields(item, values["fields"], units)
        elif group == "legal_basis":
            item.legal_bases.all().delete()
            _write_bases(item, values["legal_basis"])
        else:
            _write_materials(item, values["materials"])
        shipped[group] = values[group]
        changed = True
    item.shipped = shipped
    item.save()
    if changed:
        result.updated += 1
    else:
        result.unchanged += 1


def row_values(item: ServiceItem) -> dict[str, Any]:
    """A row's values in the shape `catalogue.shipped_values` gives."""
    fields = {name: getattr(item, name) for name in catalogue.SCALAR_FIELDS}
    fields.update(
        unit=item.unit.code if item.unit else None,
        time_limit_amount=item.time_limit_amount,
        time_limit_unit=item.time_limit_unit,
        season_start_month=item.season_start_month,
        season_end_month=item.season_end_month,
        season_workdays_only=item.season_workdays_only,
        accepts_enterprises=item.accepts_enterprises,
        accepts_citizens=item.accepts_citizens,
        handover_unit=item.handover_unit.code if item.handover_unit else None,
        handover_label=item.handover_label,
    )
    bases = [
        {
            "law": basis.law,
            "articles": basis.articles,
            "text": basis.text,
            "valid_from": _iso(basis.valid_from),
            "valid_to": _iso(basis.valid_to),
            "status": basis.status,
            "note": basis.note,
        }
        for basis in item.legal_bases.order_by("position", "pk")
    ]
    materials = [
        {name: getattr(material, name) for name in catalogue.MATERIAL_FIELDS}
        for material in item.materials.order_by("position", "pk")
    ]
    return {"fields": fields, "legal_basis": bases, "materials": materials}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _set_fields(
    item: ServiceItem, fields: dict[str, Any], units: dict[str, Unit]
) -> None:
    for name in catalogue.SCALAR_FIELDS:
        setattr(item, name, fields[name])
    item.unit = units.get(fields["unit"] or "")
    item.handover_unit = units.get(fields["handover_unit"] or "")
    for name in (
        "time_limit_amount",
        "season_start_month",
        "season_end_month",
        "season_workdays_only",
        "accepts_enterprises",
        "accepts_citizens",
        "handover_label",
    ):
        setattr(item, name, fields[name])
    item.time_limit_unit = fields["time_limit_unit"] or ""


def _write_bases(item: ServiceItem, bases: list[dict[str, Any]]) -> None:
    LegalBasis.objects.bulk_create(
        [
            LegalBasis(
                item=item,
                position=position,
                law=basis["law"],
                articles=basis["articles"] or "",
                text=basis["text"] or "",
                valid_from=_date(basis["valid_from"]),
                valid_to=_date(basis["valid_to"]),
                status=basis["status"] or LegalBasis.Status.SECONDARY,
                note=basis["note"] or "",
            )
            for position, basis in enumerate(bases)
        ]
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _write_materials(item: ServiceItem, materials: list[dict[str, Any]]) -> None:
    """Create or update materials by code; never delete one (files may hang on it)."""
    present = {material.code: material for material in item.materials.all()}
    for position, values in enumerate(materials):
        material = present.get(values["code"]) or Material(item=item)
        for name in catalogue.MATERIAL_FIELDS:
            setattr(material, name, values[name])
        material.position = position
        material.save()


# --- Staff edits ------------------------------------------------------------------

EDITABLE_FIELDS = (
    "name",
    "aliases",
    "applicable_parties",
    "legal_basis_text",
    "accepting_body",
    "unit",
    "place_and_hours",
    "materials_text",
    "procedure_text",
    "time_limit_text",
    "time_limit_amount",
    "time_limit_unit",
    "result",
    "fees",
    "sample_forms",
    "faq",
    "complaint_channel",
    "condition_question",
    "condition_choices",
    "season_start_month",
    "season_end_month",
    "season_workdays_only",
    "accepts_enterprises",
    "accepts_citizens",
    "is_active",
)


@transaction.atomic
def item_update(
    *,
    item: ServiceItem,
    by: User,
    changes: dict[str, Any],
    materials: list[dict[str, Any]] | None = None,
    bases: list[dict[str, Any]] | None = None,
) -> ServiceItem:
    """Change an item's fields (and, when given, its checklist and legal basis).

    The record entry names what changed, with old and new values: the catalogue
    is public text, not personal data.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _check_item(item, changes)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        old = getattr(item, name)
        if old != value:
            before[name] = _plain(old)
            after[name] = _plain(value)
            setattr(item, name, value)
    if materials is not None and _material_values(item) != materials:
        before["materials"] = _material_values(item)
        after["materials"] = materials
        _replace_materials(item, materials)
    if bases is not None:
        current = row_values(item)["legal_basis"]
        wanted = [_basis_plain(basis) for basis in bases]
        if current != wanted:
            before["legal_basis"], after["legal_basis"] = current, wanted
            item.legal_bases.all().delete()
            _write_bases(item, wanted)
    if not after:
        return item
    item.save()
    records.append(
        action="permits.catalogue.change",
        target=item,
        actor=by,
        before=before,
        after=after,
    )
    return item


def _check_item(item: ServiceItem, changes: dict[str, Any]) -> None:
    start = changes.get("season_start_month", item.season_start_month)
    end = changes.get("season_end_month", item.season_end_month)
    if bool(start) != bool(end):
        raise ValidationError("受理期须同时填写起始月和结束月，或都不填。")
    amount = changes.get("time_limit_amount", item.time_limit_amount)
    unit = changes.get("time_limit_unit", item.time_limit_unit)
    if amount and not unit:
        raise ValidationError("填写办结时限时须选择时限单位（工作日或日）。")


def _plain(value: Any) -> Any:
    if isinstance(value, Unit):
        return value.code
    return value


def _basis_plain(basis: dict[str, Any]) -> dict[str, Any]:
    plain = {name: basis.get(name) or "" for name in catalogue.BASIS_FIELDS}
    for name in ("valid_from", "valid_to"):
        value = basis.get(name)
        plain[name] = value.isoformat() if isinstance(value, date) else value or None
    plain["status"] = plain["status"] or LegalBasis.Status.SECONDARY
    return plain


def _material_values(item: ServiceItem) -> list[dict[str, Any]]:
    materials: list[dict[str, Any]] = row_values(item)["materials"]
    return materials


def _replace_materials(item: ServiceItem, materials: list[dict[str, Any]]) -> None:
    """Staff's checklist: update by code, add new codes, remove dropped entries
    that no application has used (a used one must stay, and is refused)."""
    wanted = {values["code"] for values in materials}
    dropped = item.materials.exclude(code__in=wanted)
    used = dropped.filter(
        pk__in=_used_material_ids(item),
    ).values_list("name", flat=True)
    if used:
        raise ValidationError(
            f"以下材料已有申请人上传文件，不能删除（可改为非必需）：{'、'.join(used)}"
        )
    dropped.delete()
    _write_materials(item, materials)


def _used_material_ids(item: ServiceItem) -> list[int]:
    from ..models import ApplicationMaterial

    return list(
        ApplicationMaterial.objects.filter(material__item=item).values_list(
            "material_id", flat=True
        )
    )
