"""Drone patrols (无人机巡查, requirements A74): flights and their findings, each
finding pushed as a clue beside the online-data clues (seed 000 与企业互动（十）
“强化无人机巡查、在线监控等非现场监督执法力度”; seed 004 “充分运用重点排污单位
自动监控和无人机等手段”).

A flight's footage and a finding's images are casework attachments, so they are
stored once by content, typed from their content, and written to the record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Attachment
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import filetypes, geo
from ecobureau.lib.dates import SHANGHAI

from ..models import DroneFinding, DroneFlight
from .clues import clue_open_for_finding

RECORD_PERM = "monitoring.record_drone_flights"
# A patrol flight is minutes to hours long; a day is a typing error.
MAX_FLIGHT = timedelta(hours=24)
# A device clock a few minutes ahead of the server is not a reason to refuse.
CLOCK_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class FlightData:
    started_at: datetime
    ended_at: datetime
    area_name: str
    route: Any
    pilot: str
    aircraft: str
    district: Division
    township: Division | None = None
    purpose: str = ""
    weather: str = ""
    note: str = ""


@dataclass(frozen=True)
class FindingData:
    kind: str
    description: str
    seen_at: datetime
    longitude: Decimal
    latitude: Decimal
    enterprise: Enterprise | None = None


def check_route(value: object) -> dict[str, Any]:
    """The route flown (GeoJSON LineString or MultiLineString) or the area
    covered (Polygon or MultiPolygon), WGS-84, longitude first; a Feature is
    accepted and its geometry kept. Raises ValidationError in Chinese."""
    if isinstance(value, Mapping) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, Mapping):
        raise ValidationError("航线应为GeoJSON对象（LineString或Polygon）。")
    kind = value.get("type")
    coordinates = value.get("coordinates")
    if kind in ("Polygon", "MultiPolygon"):
        try:
            return geo.check_geometry(value)
        except geo.GeometryError as error:
            raise ValidationError(f"巡查区域：{error}。") from None
    if kind == "LineString":
        lines = [coordinates]
    elif kind == "MultiLineString" and isinstance(coordinates, list):
        lines = coordinates
    else:
        raise ValidationError(
            f"航线类型应为LineString（航线）或Polygon（区域），收到“{kind}”。"
        )
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, list) or len(line) < 2:
            raise ValidationError(f"第{number}段航线至少需要2个点。")
        for point in line:
            _check_point(point)
    return {"type": kind, "coordinates": coordinates}


def _check_point(point: object) -> None:
    if (
        not isinstance(point, list)
        or len(point) < 2
        or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in point[:2]
        )
    ):
        raise ValidationError("航线有不是[经度, 纬度]的坐标。")
    lng, lat = point[0], point[1]
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise ValidationError(
            f"坐标[{lng}, {lat}]超出经纬度范围（应为WGS-84经度、纬度，经度在前）。"
        )


_VIDEO = (
    filetypes.MP4,
    filetypes.MOV,
    filetypes.WEBM,
    filetypes.MKV,
    filetypes.AVI,
    filetypes.OGV,
)
_IMAGE = (
    filetypes.JPEG,
    filetypes.PNG,
    filetypes.GIF,
    filetypes.WEBP,
    filetypes.HEIC,
    filetypes.AVIF,
)


def _kind_for(file: File[bytes]) -> str:
    """Photo or video, from the content (casework checks it again on storing)."""
    file.seek(0)
    found = filetypes.detect(file)  # type: ignore[arg-type]
    file.seek(0)
    if found in _VIDEO:
        return str(Attachment.Kind.VIDEO)
    if found in _IMAGE:
        return str(Attachment.Kind.PHOTO)
    raise ValidationError(
        f"“{file.name}”不是图片或视频，航拍影像只接受图片或视频文件。"
    )


def _require(by: User) -> None:
    if not by.is_staff_member or not by.has_perm(RECORD_PERM):
        raise PermissionDenied("您没有登记无人机巡查的权限。")


def _number(at: datetime) -> str:
    """航次编号: WR + year + a four-digit serial within the year."""
    prefix = f"WR{at.astimezone(SHANGHAI).year}"
    last = (
        DroneFlight.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


@transaction.atomic
def flight_record(
    *, data: FlightData, by: User, footage: Sequence[File[bytes]] = ()
) -> DroneFlight:
    """Record one patrol flight, in the recorder's data scope, with its footage."""
    _require(by)
    now = timezone.now()
    if data.ended_at <= data.started_at:
        raise ValidationError("降落时间应晚于起飞时间。")
    if data.ended_at - data.started_at > MAX_FLIGHT:
        raise ValidationError("单个航次不应超过24小时，请核对起降时间。")
    if data.ended_at > now + CLOCK_TOLERANCE:
        raise ValidationError("降落时间不能晚于当前时间（航次在飞行后登记）。")
    if data.township is not None and data.township.parent_id != data.district.pk:
        raise ValidationError("所选乡镇街道不属于所选区县。")
    if not enterprise_selectors.scope_allows(
        by,
        district_id=data.district.pk,
        township_id=data.township.pk if data.township else None,
        supervising_unit_id=by.unit_id,
    ):
        raise PermissionDenied("该区域不在您的数据范围内。")
    text = {
        name: str(getattr(data, name)).strip()
        for name in ("area_name", "pilot", "aircraft")
    }
    for name, label in (
        ("area_name", "巡查区域"),
        ("pilot", "飞手"),
        ("aircraft", "机型"),
    ):
        if not text[name]:
            raise ValidationError(f"请填写{label}。")
    flight = DroneFlight.objects.create(
        number=_number(data.started_at),
        started_at=data.started_at,
        ended_at=data.ended_at,
        area_name=text["area_name"],
        route=check_route(data.route),
        pilot=text["pilot"],
        aircraft=text["aircraft"],
        purpose=data.purpose.strip(),
        weather=data.weather.strip(),
        note=data.note.strip(),
        district=data.district,
        township=data.township,
        unit_id=by.unit_id,
        recorded_by=by,
    )
    records.append(
        action="monitoring.droneflight.create",
        target=flight,
        actor=by,
        after={
            "number": flight.number,
            "started_at": flight.started_at,
            "ended_at": flight.ended_at,
            "district": flight.district_id,
            "route": flight.route["type"],
        },
    )
    for file in footage:
        casework.attachment_add(
            file=file,
            target=flight,
            kind=_kind_for(file),
            by=by,
            note="航拍影像",
            captured_at=flight.started_at,
        )
    return flight


@transaction.atomic
def finding_add(
    *,
    flight: DroneFlight,
    data: FindingData,
    by: User,
    images: Sequence[File[bytes]] = (),
) -> DroneFinding:
    """Record a finding of a flight, with its images, and push it as a clue."""
    _require(by)
    if data.kind not in DroneFinding.Kind.values:
        raise ValidationError("请选择问题类型。")
    description = data.description.strip()
    if not description:
        raise ValidationError("请填写情况描述。")
    if not (
        flight.started_at - CLOCK_TOLERANCE
        <= data.seen_at
        <= flight.ended_at + CLOCK_TOLERANCE
    ):
        raise ValidationError(
            "发现时间应在本航次起降时间之内"
            f"（{flight.started_at.astimezone(SHANGHAI):%m-%d %H:%M}—"
            f"{flight.ended_at.astimezone(SHANGHAI):%H:%M}）。"
        )
    if not (-180 <= data.longitude <= 180 and -90 <= data.latitude <= 90):
        raise ValidationError("发现位置的经纬度超出范围（WGS-84，经度在前）。")
    enterprise = data.enterprise
    if enterprise is not None and not (
        enterprise_selectors.enterprise_list_for_user(by)
        .filter(pk=enterprise.pk)
        .exists()
    ):
        raise PermissionDenied("所选企业不在您的数据范围内。")
    finding = DroneFinding.objects.create(
        flight=flight,
        kind=data.kind,
        description=description,
        seen_at=data.seen_at,
        longitude=data.longitude,
        latitude=data.latitude,
        enterprise=enterprise,
        recorded_by=by,
    )
    for image in images:
        casework.attachment_add(
            file=image,
            target=finding,
            kind=_kind_for(image),
            by=by,
            note="巡查发现影像",
            captured_at=data.seen_at,
        )
    clue = clue_open_for_finding(finding=finding)
    records.append(
        action="monitoring.dronefinding.create",
        target=finding,
        actor=by,
        after={
            "flight": flight.pk,
            "kind": finding.kind,
            "enterprise": finding.enterprise_id,
            "clue": clue.pk,
        },
    )
    return finding
