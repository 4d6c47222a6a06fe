"""A public list as a download: CSV (UTF-8 with a BOM, so Excel opens it in
Chinese) or Excel (`lib.xlsx`), the same headers and rows as the page.

Issue 15 item 3: every disclosure list is searchable, paged and exportable; the
lists the portal links to in other modules (grid cells, draws …) answer
`?format=csv` / `?format=xlsx` through this.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from . import xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def response(
    fmt: str,
    *,
    filename: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int] = (),
) -> HttpResponse:
    """The list as `fmt` ("csv" or "xlsx"), an attachment named `filename`
    (ASCII, without extension)."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
        answer = HttpResponse(
            ("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        content, _count = xlsx.write(
            title=xlsx.sheet_name(title),
            headers=headers,
            widths=widths or [20] * len(headers),
            required=[False] * len(headers),
            rows=rows,
        )
        answer = HttpResponse(content, content_type=XLSX_TYPE)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    answer["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return answer
