"""Coordinates and cell boundaries: GeoJSON checks, point-in-polygon, GCJ-02.

The platform's one datum is WGS-84 (glossary: 坐标系): enterprises' coordinates,
a phone browser's geolocation and GeoJSON boundaries (RFC 7946 §4) are all WGS-84.
Chinese web maps (Amap, Tencent) show GCJ-02, which is offset by up to a few hundred
metres; a point copied from one of them is converted with `gcj02_to_wgs84` before it
is stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

Ring = Sequence[Sequence[float]]

# GCJ-02 parameters (Krasovsky 1940 ellipsoid), as in the published reverse-engineered
# transform used by every open-source converter.
_A = 6378245.0
_EE = 0.00669342162296594323


class GeometryError(ValueError):
    """A boundary that is not a usable GeoJSON polygon; the message is Chinese."""


def check_geometry(value: object) -> dict[str, Any]:
    """A GeoJSON Polygon or MultiPolygon in WGS-84 degrees, or GeometryError.

    A Feature is accepted and its geometry kept. Rings must close, have at least
    four positions, and lie within longitude −180…180 and latitude −90…90.
    """
    if isinstance(value, Mapping) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, Mapping):
        raise GeometryError("边界应为GeoJSON对象（Polygon或MultiPolygon）")
    kind = value.get("type")
    coordinates = value.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        polygons = coordinates
    else:
        raise GeometryError(f"边界类型应为Polygon或MultiPolygon，收到“{kind}”")
    for number, polygon in enumerate(polygons, start=1):
        if not isinstance(polygon, list) or not polygon:
            raise GeometryError(f"第{number}个多边形没有坐标环")
        for ring in polygon:
            _check_ring(ring, number)
    return {"type": kind, "coordinates": coordinates}


def _check_ring(ring: object, number: int) -> None:
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeometryError(f"第{number}个多边形的坐标环至少需要4个点（首尾相同）")
    for point in ring:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(_is_number(v) for v in point[:2])
        ):
            raise GeometryError(f"第{number}个多边形有不是[经度, 纬度]的坐标")
        lng, lat = point[0], point[1]
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise GeometryError(
                f"坐标[{lng}, {lat}]超出经纬度范围（应为WGS-84经度、纬度，经度在前）"
            )
    if ring[0][:2] != ring[-1][:2]:
        raise GeometryError(f"第{number}个多边形的坐标环未闭合（首尾坐标应相同）")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def contains(geometry: Mapping[str, Any], lng: float, lat: float) -> bool:
    """Whether the point lies inside the (checked) Polygon or MultiPolygon.

    Even-odd rule on the rings, so holes are honoured; planar, which is exact
    enough at the size of a township.
    """
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    else:
        polygons = geometry["coordinates"]
    return any(_in_polygon(polygon, lng, lat) for polygon in polygons)


def _in_polygon(polygon: Sequence[Ring], lng: float, lat: float) -> bool:
    inside = False
    for ring in polygon:
        if _in_ring(ring, lng, lat):
            inside = not inside
    return inside


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def bbox(geometry: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a checked geometry."""
    polygons = (
        [geometry["coordinates"]]
        if geometry["type"] == "Polygon"
        else geometry["coordinates"]
    )
    xs = [p[0] for polygon in polygons for ring in polygon for p in ring]
    ys = [p[1] for polygon in polygons for ring in polygon for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def rectangle(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    """A rectangular Polygon (the demo's drawn boundaries)."""
    ring = [
        [round(west, 6), round(south, 6)],
        [round(east, 6), round(south, 6)],
        [round(east, 6), round(north, 6)],
        [round(west, 6), round(north, 6)],
        [round(west, 6), round(south, 6)],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _outside_china(lng: float, lat: float) -> bool:
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform(x: float, y: float) -> tuple[float, float]:
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
    dlat += 0.2 * math.sqrt(abs(x))
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    wave = (
        (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi))
        * 2.0
        / 3.0
    )
    dlat += wave
    dlng += wave
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    dlng += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    dlat += (
        (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0))
        * 2
        / 3
    )
    dlng += (
        (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi))
        * 2
        / 3
    )
    return dlng, dlat


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """The GCJ-02 position Chinese web maps show for a WGS-84 point."""
    if _outside_china(lng, lat):
        return lng, lat
    dlng, dlat = _transform(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    """Invert GCJ-02 by fixed-point iteration (error below 1 cm after a few rounds)."""
    if _outside_china(lng, lat):
        return lng, lat
    wlng, wlat = lng, lat
    for _ in range(10):
        glng, glat = wgs84_to_gcj02(wlng, wlat)
        dlng, dlat = glng - lng, glat - lat
        wlng, wlat = wlng - dlng, wlat - dlat
        if abs(dlng) < 1e-9 and abs(dlat) < 1e-9:
            break
    return wlng, wlat
