"""`air import-weather`: the meteorological bureau's daily forecast for a city
(format in docs/modules/air.md), all rows or none, and its use by the 14:00 job."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from ecobureau.air import selectors
from ecobureau.air.models import Forecast, WeatherForecast
from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI

from .conftest import flat

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 11, 20)
HEAD = "issued_on,date,TEMP,PRES,DEWP,RAIN,WSPM,wd"


def _file(tmp_path, rows: list[str], name: str = "weather.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    return path


def _week(issue: date, wd: str = "NW") -> list[str]:
    return [
        f"{issue},{issue + timedelta(days=n)},{-2 - n},1026.0,-12.0,0,3.0,{wd}"
        for n in range(1, 8)
    ]


def test_a_week_is_imported_and_reaches_the_forecast_snapshot(tmp_path, anshan):
    out = StringIO()
    call_command(
        "air",
        "import-weather",
        str(_file(tmp_path, _week(ISSUE))),
        "--city",
        "210300",
        stdout=out,
    )
    assert "已导入7天气象预报" in out.getvalue()
    assert WeatherForecast.objects.filter(city=anshan).count() == 7
    assert Record.objects.filter(action="air.weather.import").count() == 1

    weather = selectors.weather_for_issue(anshan, ISSUE)
    assert weather is not None and weather.shape == (7, 7)
    temp, pres, dewp, rain, wspm, u, v = weather[0]
    assert (temp, pres, dewp, rain, wspm) == (-3.0, 1026.0, -12.0, 0.0, 3.0)
    # a north-west wind blows towards the south-east: u > 0, v < 0
    assert u == pytest.approx(3 * math.sin(math.radians(45)))
    assert v == pytest.approx(-3 * math.cos(math.radians(45)))
    # issued on another day it is not this day's weather forecast
    assert selectors.weather_for_issue(anshan, ISSUE + timedelta(days=1)) is None


def test_an_incomplete_week_is_not_used(tmp_path, anshan):
    call_command(
        "air",
        "import-weather",
        str(_file(tmp_path, _week(ISSUE)[:6])),
        "--city",
        "210300",
        stdout=StringIO(),
    )
    assert selectors.weather_for_issue(anshan, ISSUE) is None


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path, anshan):
    good = _week(ISSUE)
    rows = [
        good[0],
        f"{ISSUE},{ISSUE + timedelta(days=2)},abc,1026,-12,0,3,NW",
        f"{ISSUE},{ISSUE + timedelta(days=3)},-2,2000,-12,0,3,NW",
        f"{ISSUE},{ISSUE},-2,1026,-12,0,3,NW",  # not after the issue day
        f"{ISSUE},{ISSUE + timedelta(days=5)},-2,1026,-12,0,3,XYZ",
        f"{ISSUE},{ISSUE + timedelta(days=1)},-2,1026,-12,0,3,N",  # repeats row 2
        f"{ISSUE},2026-11-31,-2,1026,-12,0,3,N",
        f"{ISSUE},{ISSUE + timedelta(days=6)},-2,1026",
    ]
    err = StringIO()
    with pytest.raises(CommandError, match="共7处错误，未写入任何数据"):
        call_command(
            "air",
            "import-weather",
            str(_file(tmp_path, rows)),
            "--city",
            "210300",
            stdout=StringIO(),
            stderr=err,
        )
    text = err.getvalue()
    for expected in (
        "第3行：TEMP“abc”不是数字",
        "第4行：PRES=2000超出合理范围",
        "第5行：预报日期应晚于发布日",
        "第6行：风向“XYZ”",
        "第7行：与第2行重复",
        "第8行：date“2026-11-31”",
        "第9行：应有8列，实有4列",
    ):
        assert expected in text, expected
    assert not WeatherForecast.objects.exists()
    assert not Record.objects.filter(action="air.weather.import").exists()


def test_a_wrong_header_or_unknown_city_is_refused(tmp_path, anshan):
    path = tmp_path / "w.csv"
    path.write_text("date,temp\n2026-11-21,3\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "air", "import-weather", str(path), "--city", "210300", stderr=StringIO()
        )
    with pytest.raises(CommandError, match="城市“999999”不存在"):
        call_command("air", "import-weather", str(path), "--city", "999999")
    assert not WeatherForecast.objects.exists()


def test_a_reimport_replaces_the_bureau_s_values(tmp_path, anshan):
    call_command(
        "air",
        "import-weather",
        str(_file(tmp_path, _week(ISSUE))),
        "--city",
        "210300",
        stdout=StringIO(),
    )
    call_command(
        "air",
        "import-weather",
        str(_file(tmp_path, _week(ISSUE, wd="S"), name="again.csv")),
        "--city",
        "210300",
        stdout=StringIO(),
    )
    assert WeatherForecast.objects.count() == 7
    assert set(WeatherForecast.objects.values_list("wd", flat=True)) == {180.0}


def test_the_job_marks_a_forecast_made_with_the_weather_forecast(
    tmp_path, observe, anshan
):
    observe(ISSUE - timedelta(days=5), 6, flat(40))
    call_command(
        "air",
        "import-weather",
        str(_file(tmp_path, _week(ISSUE))),
        "--city",
        "210300",
        stdout=StringIO(),
    )
    with time_machine.travel(datetime(2026, 11, 20, 14, tzinfo=SHANGHAI), tick=False):
        call_command("air", "forecast", stdout=StringIO())
    forecast = Forecast.objects.get(city=anshan, issue_date=ISSUE)
    assert forecast.used_weather is True
    assert forecast.days.count() == 7
