"""lib.air_files and lib.svg_charts."""

from __future__ import annotations

import io
from datetime import date

from ecobureau.lib import air_files, svg_charts

HEAD = ",".join(air_files.MULTI_SITE)


def test_rows_parse_and_bad_rows_are_named() -> None:
    text = "\n".join(
        [
            HEAD,
            '1,2013,3,1,0,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,"NNW",5.7,"Dongsi"',
            "2,2013,3,1,1,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,Dongsi",
            "3,2013,2,30,2,9,9,3,17,300,89,-0.5,1024.5,-21.4,0,N,5.7,Dongsi",
            "4,2013,3,1,3,9,9,3,17,300000,89,-0.5,1024.5,-21.4,0,N,5.7,Dongsi",
        ]
    )
    rows = list(air_files.read_rows(io.StringIO(text)))
    first, empty, bad_date, bad_co = rows
    assert isinstance(first, air_files.HourRow)
    assert (
        first.values["co"] == 0.3
        and first.met["wd"] == 337.5
        and first.station == "Dongsi"
    )
    assert isinstance(empty, air_files.HourRow) and empty.values["pm25"] is None
    assert (
        isinstance(bad_date, air_files.RowError)
        and "2013-2-30不是存在的日期" in bad_date.message
    )
    assert isinstance(bad_co, air_files.RowError) and "超出合理范围" in bad_co.message


def test_pm25_only_files_need_a_station() -> None:
    text = (
        ",".join(air_files.PM25_ONLY) + "\n1,2010,1,1,0,NA,-21,-11,1021,NW,1.79,0,0\n"
    )
    rows = list(air_files.read_rows(io.StringIO(text), station="US-Embassy"))
    row = rows[0]
    assert isinstance(row, air_files.HourRow)
    assert row.station == "US-Embassy" and row.met["wd"] == 315.0


def test_charts_escape_text_and_colour_by_level() -> None:
    svg = svg_charts.calendar(
        {date(2026, 1, 1): 250}, date(2026, 1, 1), date(2026, 1, 31), "<script>"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "#99004C" in svg  # level 5
    points = [
        svg_charts.MapPoint(
            name='"x"', latitude=41.1, longitude=123.0, aqi=40, url="/a?b=1&c=2"
        )
    ]
    drawn = svg_charts.station_map(points, "map")
    assert "&quot;x&quot;" in drawn and "b=1&amp;c=2" in drawn
