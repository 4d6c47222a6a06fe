"""Import of hourly files: every bad row named, nothing written on failure."""

from __future__ import annotations

import gzip
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ecobureau.air.models import DailyValue, Observation, Station
from ecobureau.core.models import Record

from .conftest import HEADER, flat, write_hours

pytestmark = pytest.mark.django_db


def test_import_command_stores_hours_and_daily_values(tmp_path: Path, anshan, stations):
    # given two days of hours for the three stations, gzipped like the shared data
    plain = write_hours(
        tmp_path / "a.csv", [s.code for s in stations], date(2026, 3, 1), 2, flat(80)
    )
    packed = tmp_path / "a.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    out = StringIO()

    # when
    call_command("air", "import", str(packed), "--city", "210300", stdout=out)

    # then
    assert "已导入144条小时数据" in out.getvalue()
    assert Observation.objects.count() == 144
    city_day = DailyValue.objects.get(
        city=anshan, station__isnull=True, date=date(2026, 3, 1)
    )
    # 2026-03-01: HJ 633—2026; PM2.5 80 → IAQI 60..115 segment: 100 + 50×20/55 → 119
    assert city_day.standard == "HJ633-2026"
    assert city_day.aqi == 119
    assert city_day.primary == ["PM2.5"]
    assert city_day.other_aqi == 107  # HJ 633—2012: 100 + 50×5/40 = 106.25 → 107
    assert Record.objects.filter(action="air.observations.import").count() == 1


def test_bad_rows_are_all_reported_and_nothing_is_written(
    tmp_path: Path, anshan, stations
):
    # given a file with three bad rows among good ones
    bad = {
        (
            stations[0].code,
            3,
        ): f"4,2026,3,1,3,abc,10,8,30,600,60,5,1015,-5,0,NW,2,{stations[0].code}",
        (
            stations[0].code,
            5,
        ): f"6,2026,3,1,25,10,10,8,30,600,60,5,1015,-5,0,NW,2,{stations[0].code}",
        (
            stations[1].code,
            7,
        ): f"32,2026,3,1,7,-4,10,8,30,600,60,5,1015,-5,0,XX,2,{stations[1].code}",
    }
    path = write_hours(
        tmp_path / "bad.csv",
        [s.code for s in stations],
        date(2026, 3, 1),
        1,
        flat(40),
        extra=bad,
    )
    err = StringIO()

    # when
    with pytest.raises(CommandError, match="共3处错误，未写入任何数据"):
        call_command("air", "import", str(path), "--city", "210300", stderr=err)

    # then
    messages = err.getvalue()
    assert "bad.csv 第5行：PM2.5“abc”不是数字" in messages
    assert "bad.csv 第7行：时应为0–23，收到25" in messages
    assert "第33行：PM2.5不能为负数，收到-4；风向“XX”应为16方位" in messages
    assert Observation.objects.count() == 0
    assert DailyValue.objects.count() == 0


def test_unknown_station_is_an_error_unless_created(tmp_path: Path, anshan, stations):
    path = write_hours(tmp_path / "new.csv", ["NEW1"], date(2026, 3, 1), 1, flat(40))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("air", "import", str(path), "--city", "210300", stderr=err)
    assert "点位“NEW1”不存在" in err.getvalue()
    assert not Station.objects.filter(code="NEW1").exists()

    call_command(
        "air",
        "import",
        str(path),
        "--city",
        "210300",
        "--create-stations",
        stdout=StringIO(),
    )
    assert Station.objects.get(code="NEW1").city == anshan
    assert Observation.objects.filter(station__code="NEW1").count() == 24


def test_wrong_header_is_refused(tmp_path: Path, anshan):
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("air", "import", str(path), "--city", "210300", stderr=err)
    assert "表头与数据格式不符" in err.getvalue()


def test_reimport_replaces_the_hour(tmp_path: Path, anshan, stations, observe):
    observe(date(2026, 3, 1), 1, flat(40))
    observe(date(2026, 3, 1), 1, flat(90))
    assert Observation.objects.count() == 72
    assert set(Observation.objects.values_list("pm25", flat=True)) == {90.0}


def test_import_page_lists_errors_and_keeps_nothing(
    client, tmp_path: Path, anshan, stations, forecaster
):
    # given a file with one bad row
    bad = {
        (
            stations[0].code,
            2,
        ): f"3,2026,3,1,2,12,10,8,30,600,60,5,1015,-5,0,NW,2,{stations[0].code},extra"
    }
    path = write_hours(
        tmp_path / "p.csv", [stations[0].code], date(2026, 3, 1), 1, flat(40), extra=bad
    )
    client.force_login(forecaster)

    # when
    with path.open("rb") as upload:
        response = client.post(
            reverse("air:import", args=["210300"]), {"uploads": upload}
        )

    # then
    assert response.status_code == 400
    assert "第4行：应有18列，实有19列" in response.content.decode()
    assert Observation.objects.count() == 0


def test_import_page_refuses_people_without_the_permission(
    client, anshan, district_b_officer
):
    client.force_login(district_b_officer)
    response = client.get(reverse("air:import", args=["210300"]))
    assert response.status_code == 403


def test_header_constant_matches_the_library():
    from ecobureau.lib import air_files

    assert tuple(HEADER.split(",")) == air_files.MULTI_SITE
