"""File responses of the grid pages."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from ecobureau.accounts.models import User

from . import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_table_response(user: User) -> HttpResponse:
    content = services.cell_table_export(by=user)
    response = HttpResponse(content, content_type=XLSX)
    name = f"网格划分表-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=name) or "attachment"
    )
    return response
