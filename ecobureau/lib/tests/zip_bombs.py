"""Crafted uploads for the workbook upload checks (shared by the modules' import tests)."""

import zipfile
from io import BytesIO


def with_extra_member(content: bytes, name: str, payload: bytes) -> bytes:
    """The workbook with one more zip member, as a crafted upload would carry."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr(name, payload)
    return out.getvalue()
