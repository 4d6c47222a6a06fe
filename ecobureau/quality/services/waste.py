"""Hazardous-waste figures from the declarations confirmed on the platform
(危险废物申报登记确认), beside the Excel import (X3 "危险废物全部实现安全处置",
issue 13 item 4)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import canonical_json, waste
from ecobureau.permits import selectors as permits_selectors

from .. import selectors
from ..models import ImportBatch, WasteRecord

SOURCE_PREFIX = "申报登记确认"


@transaction.atomic
def waste_from_declarations(*, year: int, by: User) -> int:
    """Write one WasteRecord per enterprise (year, enterprise) from its confirmed
    declaration of `year`, within the actor's districts, as the import does: one
    ImportBatch (kind WASTE) whose SHA-256 is that of the figures written, and a
    record entry in the same transaction. Returns the number of records written.

    The amounts already passed the mass balance (lib.waste) when the declaration
    was submitted; a declaration without amounts is not offered by the selector.
    """
    if not by.has_perm("quality.manage_quality"):
        raise PermissionDenied("您无权导入数据")
    declarations = [
        d
        for d in permits_selectors.confirmed_declarations(year=year)
        if selectors.can_manage_district(by, d.enterprise.district_id)
    ]
    if not declarations:
        raise ValidationError(
            f"{year}年在您的辖区内没有已确认的危险废物申报登记"
            "（已填报产生量、利用量、处置量和贮存量的），未写入任何数据。"
        )
    rows = [
        {
            "application": d.application_id,
            "number": d.number,
            "enterprise": d.enterprise.credit_code,
            **{name: getattr(d, name) for name in waste.AMOUNTS},
        }
        for d in declarations
    ]
    digest = hashlib.sha256(canonical_json.dumps(rows).encode()).hexdigest()
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.WASTE,
        file_name=f"{SOURCE_PREFIX} {year}年",
        sha256=digest,
        rows=len(rows),
        created_by=by,
    )
    for d in declarations:
        WasteRecord.objects.update_or_create(
            year=year,
            enterprise=d.enterprise,
            defaults={
                **{name: getattr(d, name) for name in waste.AMOUNTS},
                "source": f"{SOURCE_PREFIX} {d.number}"[:100],
                "batch": batch,
                "is_demo": False,
            },
        )
    records.append(
        action="quality.waste_from_declarations",
        target=batch,
        actor=by,
        data={
            "year": year,
            "rows": len(rows),
            "applications": [d.application_id for d in declarations],
        },
        sha256=[digest],
    )
    return len(rows)
