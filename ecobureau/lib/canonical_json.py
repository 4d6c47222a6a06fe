"""Canonical JSON text for hashing: sorted keys, no spaces, UTC times, decimals as
strings. The same value always gives the same text, so a stored payload can be
re-hashed exactly (whole-process record, STYLE.md section 4)."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from .dates import to_utc_iso


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not canonical-JSON serialisable: {type(value).__name__}")


def dumps(value: Any) -> str:
    """Serialise to canonical JSON text. Floats are refused: use Decimal."""
    _refuse_floats(value)
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=_default,
    )


def _refuse_floats(value: Any) -> None:
    # Binary floats print differently across versions and platforms; a hashed
    # payload must not depend on that.
    if isinstance(value, float):
        raise TypeError("floats are not canonical; pass Decimal or str")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)
