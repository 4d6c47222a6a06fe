"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2/, so
standard civic-reporting apps can file and follow complaints: service list and
definitions, requests POST and GET, one request; JSON and XML.

A request is a complaint of channel `open311`; its `service_request_id` is the
complaint's tracking code. Public answers never carry the complainant's contact
details; the description is shown only for requests filed through Open311
itself (their authors published them so).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.lib.dates import to_utc_iso

from . import services
from .models import Complaint

SERVICES = [
    ("air", "大气污染", "废气、异味、烟尘、扬尘、油烟、露天焚烧", "大气"),
    ("water", "水污染", "废水偷排、河流湖泊污染", "水"),
    ("noise", "噪声污染", "工业、施工、社会生活噪声", "噪声"),
    ("waste", "固体废物", "倾倒、堆放垃圾、危险废物", "固体废物"),
    ("soil", "土壤与生态破坏", "土壤污染、毁林、非法采砂", "生态"),
    ("other", "其他环境问题", "其他生态环境问题", "其他"),
]
SERVICE_NAMES = {code: name for code, name, _, _ in SERVICES}
MAX_LIST = 1000


def _api_keys() -> list[str]:
    value = getattr(settings, "OPEN311_API_KEYS", "")
    if isinstance(value, str):
        return [key.strip() for key in value.split(",") if key.strip()]
    return list(value)


# --- Formats ---------------------------------------------------------------------------


def _respond(
    fmt: str, root: str, item: str, rows: Sequence[Mapping[str, Any]], status: int = 200
) -> HttpResponse:
    if fmt == "xml":
        element = ET.Element(root)
        for row in rows:
            child = ET.SubElement(element, item)
            for key, value in row.items():
                ET.SubElement(child, key).text = _xml_text(value)
        body = ET.tostring(element, encoding="unicode")
        return HttpResponse(
            '<?xml version="1.0" encoding="utf-8"?>' + body,
            content_type="text/xml; charset=utf-8",
            status=status,
        )
    return JsonResponse(
        list(rows), safe=False, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _xml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(
        fmt, "errors", "error", [{"code": status, "description": description}], status
    )


def _format(fmt: str) -> str:
    return "xml" if fmt == "xml" else "json"


# --- Services --------------------------------------------------------------------------


@require_GET
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = [
        {
            "service_code": code,
            "service_name": name,
            "description": description,
            "metadata": False,
            "type": "realtime",
            "keywords": keywords,
            "group": "生态环境",
        }
        for code, name, description, keywords in SERVICES
    ]
    return _respond(_format(fmt), "services", "service", rows)


@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    if code not in SERVICE_NAMES:
        return _error(fmt, 404, f"没有代码为“{code}”的服务")
    # No extra attributes: the description, the place and the point are enough.
    if fmt == "xml":
        element = ET.Element("service_definition")
        ET.SubElement(element, "service_code").text = code
        ET.SubElement(element, "attributes")
        return HttpResponse(
            '<?xml version="1.0" encoding="utf-8"?>'
            + ET.tostring(element, encoding="unicode"),
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(
        {"service_code": code, "attributes": []},
        json_dumps_params={"ensure_ascii": False},
    )


# --- Requests --------------------------------------------------------------------------


def _status(complaint: Complaint) -> tuple[str, str]:
    """Open311 status (open | closed) and the public note."""
    if complaint.status == Complaint.Status.CLOSED:
        return "closed", "已办结：" + complaint.reply_text[:200]
    if complaint.status == Complaint.Status.NOT_ACCEPTED:
        route = f"，请向{complaint.redirect_to}反映" if complaint.redirect_to else ""
        return "closed", f"不予受理：{complaint.not_accepted_reason[:150]}{route}"
    if complaint.status == Complaint.Status.MERGED and complaint.duplicate_of:
        return (
            "closed",
            f"与已受理的投诉（{complaint.duplicate_of.tracking_code}）为同一事项，已并案办理",
        )
    return "open", complaint.get_status_display()


def _request_row(complaint: Complaint) -> dict[str, Any]:
    status, notes = _status(complaint)
    own = complaint.channel == Complaint.Channel.OPEN311
    return {
        "service_request_id": complaint.tracking_code,
        "status": status,
        "status_notes": notes,
        "service_name": SERVICE_NAMES.get(
            complaint.category or "other", "其他环境问题"
        ),
        "service_code": complaint.category or "other",
        "description": complaint.text if own else "",
        "agency_responsible": complaint.unit.name
        if complaint.unit
        else settings.BUREAU_NAME,
        "service_notice": "受理时间15日，自受理后60日内办结",
        "requested_datetime": to_utc_iso(complaint.received_at),
        "updated_datetime": to_utc_iso(complaint.updated_at),
        "expected_datetime": to_utc_iso(complaint.handling_due_at)
        if complaint.handling_due_at
        else None,
        "address": complaint.place if own else "",
        "address_id": None,
        "zipcode": None,
        "lat": float(complaint.latitude)
        if complaint.latitude is not None and own
        else None,
        "long": float(complaint.longitude)
        if complaint.longitude is not None and own
        else None,
        "media_url": None,
    }


def _requests() -> Any:
    return Complaint.objects.select_related("unit", "duplicate_of")


@csrf_exempt  # civic apps post without a session; nothing here acts for a session user
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    if request.method == "POST":
        return _create(request, fmt)
    complaints = _requests()
    ids = [
        i.strip().upper()
        for i in request.GET.get("service_request_id", "").split(",")
        if i.strip()
    ]
    if ids:
        complaints = complaints.filter(tracking_code__in=ids[:MAX_LIST])
    else:
        complaints = complaints.filter(channel=Complaint.Channel.OPEN311)
    code = request.GET.get("service_code")
    if code:
        complaints = complaints.filter(
            category__in=[c.strip() for c in code.split(",")]
        )
    status = request.GET.get("status")
    if status == "open":
        complaints = complaints.filter(status__in=Complaint.OPEN_STATUSES)
    elif status == "closed":
        complaints = complaints.exclude(status__in=Complaint.OPEN_STATUSES)
    for name, lookup in (
        ("start_date", "received_at__gte"),
        ("end_date", "received_at__lte"),
    ):
        value = request.GET.get(name)
        if value:
            moment = _parse_time(value)
            if moment is None:
                return _error(
                    fmt, 400, f"{name}应为W3C日期时间格式，如2026-11-01T00:00:00Z"
                )
            complaints = complaints.filter(**{lookup: moment})
    rows = [_request_row(c) for c in complaints.order_by("-received_at")[:MAX_LIST]]
    return _respond(fmt, "service_requests", "request", rows)


def _parse_time(value: str) -> datetime | None:
    moment = parse_datetime(value.replace(" ", "+"))
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_GET
def request_detail(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    complaint = _requests().filter(tracking_code=code.upper()).first()
    if complaint is None:
        return _error(fmt, 404, f"没有编号为“{code}”的请求")
    return _respond(fmt, "service_requests", "request", [_request_row(complaint)])


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    keys = _api_keys()
    if keys and data.get("api_key") not in keys:
        return _error(fmt, 403, "api_key无效")
    code = data.get("service_code", "")
    if code not in SERVICE_NAMES:
        return _error(fmt, 400, "service_code无效，请先查询services")
    lat, lng = _coordinate(data.get("lat")), _coordinate(data.get("long"))
    if (data.get("lat") and lat is None) or (data.get("long") and lng is None):
        return _error(fmt, 400, "lat、long应为数字")
    address = data.get("address_string", "").strip()
    if not address and (lat is None or lng is None):
        return _error(fmt, 400, "须提供lat和long，或address_string")
    description = data.get("description", "").strip()
    if not description:
        return _error(fmt, 400, "须提供description（反映的问题）")
    name = f"{data.get('last_name', '')}{data.get('first_name', '')}".strip()
    phone, email = data.get("phone", "").strip(), data.get("email", "").strip()
    place = address or f"地图位置（{lat}，{lng}）"
    try:
        complaint = services.complaint_submit(
            data=services.ComplaintData(
                channel=Complaint.Channel.OPEN311,
                text=description[:4000],
                place=place[:200],
                latitude=lat,
                longitude=lng,
                category=code,
                anonymous=not (phone or email),
                contact_name=name[:40],
                contact_phone=phone,
                contact_email=email,
            ),
            by=None,
        )
    except ValidationError as error:
        return _error(fmt, 400, "；".join(error.messages))
    rows = [
        {
            "service_request_id": complaint.tracking_code,
            "service_notice": "已收到。受理时间15日，自受理后60日内办结",
            "account_id": None,
        }
    ]
    return _respond(fmt, "service_requests", "request", rows, status=201)


def _coordinate(value: str | None) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
