"""The service catalogue file and the shape its rows take in the database.

`items.json` transcribes the 18 items of seed 000 (事项清单 and each item's
办事标准), every field of each standard sheet, with the legal basis as dated
references and the checklist as separate materials. `reference.load` applies it;
`row_values` reads a row back in the same shape, so the loader can tell a row
still as shipped from one staff have edited.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TypedDict

from ecobureau.lib import canonical_json

CATALOGUE_FILE = Path(__file__).resolve().parent / "items.json"

# Field groups: each is replaced by a newer shipped version only while it is
# still exactly as last shipped (a staff edit to one group keeps that group).
GROUPS = ("fields", "legal_basis", "materials")

SCALAR_FIELDS = (
    "category",
    "number",
    "sort_order",
    "name",
    "list_name",
    "aliases",
    "applicable_parties",
    "legal_basis_text",
    "accepting_body",
    "place_and_hours",
    "materials_text",
    "procedure_text",
    "time_limit_text",
    "result",
    "fees",
    "sample_forms",
    "faq",
    "complaint_channel",
    "condition_question",
    "condition_choices",
    "handled_by",
)
BASIS_FIELDS = ("law", "articles", "text", "valid_from", "valid_to", "status", "note")
MATERIAL_FIELDS = ("code", "name", "kind", "required", "condition", "note")


class CatalogueFile(TypedDict):
    dataset: str
    version: str
    source: str
    items: list[dict[str, Any]]


def read() -> CatalogueFile:
    with CATALOGUE_FILE.open(encoding="utf-8") as handle:
        data: CatalogueFile = json.load(handle)
    return data


def digest(data: CatalogueFile) -> str:
    return hashlib.sha256(canonical_json.dumps(data["items"]).encode()).hexdigest()


def shipped_values(entry: dict[str, Any]) -> dict[str, Any]:
    """One catalogue entry as the groups of values a row holds."""
    fields = {name: entry[name] for name in SCALAR_FIELDS}
    limit = entry.get("time_limit") or {}
    season = entry.get("season") or {}
    handover = entry.get("handover") or {}
    applicants = entry.get("applicants", [])
    fields.update(
        unit=entry.get("unit"),
        time_limit_amount=limit.get("amount"),
        time_limit_unit=limit.get("unit", ""),
        season_start_month=season.get("start"),
        season_end_month=season.get("end"),
        season_workdays_only=bool(season.get("workdays_only", False)),
        accepts_enterprises="enterprise" in applicants,
        accepts_citizens="citizen" in applicants,
        handover_unit=handover.get("unit"),
        handover_label=handover.get("label", ""),
    )
    return {
        "fields": fields,
        "legal_basis": [
            {name: basis.get(name) for name in BASIS_FIELDS}
            for basis in entry["legal_basis"]
        ],
        "materials": [
            {name: material[name] for name in MATERIAL_FIELDS}
            for material in entry["materials"]
        ],
    }


def check(data: CatalogueFile) -> list[str]:
    """Problems with the file itself (codes repeated, fields missing)."""
    problems = []
    codes = [entry.get("code") for entry in data["items"]]
    if len(set(codes)) != len(codes):
        problems.append("事项代码重复")
    for entry in data["items"]:
        missing = [name for name in SCALAR_FIELDS if name not in entry]
        if missing:
            problems.append(f"{entry.get('code')}: 缺少字段 {'、'.join(missing)}")
        material_codes = [m["code"] for m in entry.get("materials", [])]
        if len(set(material_codes)) != len(material_codes):
            problems.append(f"{entry.get('code')}: 材料代码重复")
    return problems
