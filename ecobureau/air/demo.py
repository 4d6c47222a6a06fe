"""Demo step: air quality of the demo city (示例数据).

1. Anshan (linked to the city division) and ten monitoring stations, labelled
   示例: their names are Anshan's districts, their data is not Anshan's.
2. Six weeks of hourly observations: the Beijing research series of
   2016-11-10 … 2016-12-21 (demo_data/README.md, CC BY 4.0) replayed at the ten
   stations, shifted to end on the day the demo is built, through the import
   service (daily values and AQI by the standard in force).
3. A forecaster at the monitoring centre (a persona this step adds).
4. Emergency plans of a few enterprises: filed, awaiting review, returned.
5. Today's forecast, drafted by the 14:00 job's service from the hours before
   14:00, reviewed (会商) and published; the series ends in a heavy-pollution
   episode, so the publication proposes a warning, which goes through its
   approval (forecaster → 大气科科长 → 局长) and is published.
"""

from __future__ import annotations

import csv
import gzip
import io
import tempfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from ecobureau.accounts import services as account_services
from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib.dates import SHANGHAI

from . import selectors, services
from .models import City, Warning

ORDER = 65
DATA = Path(__file__).parent / "demo_data" / "beijing_2016-11-10_2016-12-21.csv.gz"
LAST_DAY = date(2016, 12, 21)
# Beijing station → (demo station code, name, district code, latitude, longitude)
STATIONS = {
    "Dongsi": ("210300-01", "示例·铁东明达新区", "210302", "41.1105", "123.0043"),
    "Tiantan": ("210300-02", "示例·铁东太平", "210302", "41.0987", "122.9951"),
    "Guanyuan": ("210300-03", "示例·铁西深沟寺", "210303", "41.1201", "122.9528"),
    "Wanshouxigong": ("210300-04", "示例·铁西工业园", "210303", "41.1292", "122.9373"),
    "Nongzhanguan": ("210300-05", "示例·立山沙河", "210304", "41.1569", "123.0285"),
    "Aotizhongxin": ("210300-06", "示例·立山曙光", "210304", "41.1712", "123.0117"),
    "Wanliu": ("210300-07", "示例·千山旅游区", "210311", "41.0411", "123.0963"),
    "Gucheng": ("210300-08", "示例·高新区", "2103Z1", "41.0864", "123.0482"),
    "Changping": ("210300-09", "示例·海城", "210381", "40.8516", "122.7468"),
    "Shunyi": ("210300-10", "示例·台安", "210321", "41.4120", "122.4361"),
}
LEVELS = ("yellow", "orange", "red")
PLAN_MEASURES = {
    "yellow": ("原料堆场", "停止露天装卸作业，增加洒水抑尘频次", Decimal("10")),
    "orange": ("1号生产线", "限产30%，停止厂内非道路移动机械作业", Decimal("20")),
    "red": ("1号、2号生产线", "停产（保留安全运行必需工序）", Decimal("30")),
}


def build(city: DemoCity) -> None:
    anshan = _city(city)
    now = timezone.now().astimezone(SHANGHAI)
    _observations(anshan, now)
    forecaster = _forecaster(city)
    _plans(city)
    _forecast_and_warning(city, anshan, forecaster, now)


def _city(city: DemoCity) -> City:
    anshan = services.city_create(
        code="210300",
        name="鞍山市",
        by=city.people.get("admin"),
        division=city.divisions.get("210300"),
        label=f"{DEMO_LABEL}（监测数据取自北京研究数据，非本市实测）",
    )
    for code, name, district, lat, lng in STATIONS.values():
        services.station_create(
            city=anshan,
            code=code,
            name=name,
            by=city.people.get("admin"),
            district=city.divisions.get(district),
            latitude=Decimal(lat),
            longitude=Decimal(lng),
            mn=f"{code.replace('-', '')}AIR",
        )
    return anshan


def _observations(anshan: City, now: datetime) -> None:
    """Replay the Beijing hours at the demo stations, ending today before 14:00
    (or before the current hour, if earlier)."""
    today = now.date()
    shift = today - LAST_DAY
    last_hour = min(14, now.hour)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        writer.writerow(next(reader))
        for row in reader:
            day = date(int(row[1]), int(row[2]), int(row[3])) + shift
            if day == today and int(row[4]) >= last_hour:
                continue
            row[1], row[2], row[3] = str(day.year), str(day.month), str(day.day)
            row[17] = STATIONS[row[17]][0]
            writer.writerow(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-hours.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        report = services.observations_import(
            city=anshan, paths=[path], by=None, source="demo"
        )
    if not report.ok:
        raise RuntimeError("示例监测数据导入失败：" + "；".join(report.errors[:5]))


def _forecaster(city: DemoCity) -> User:
    user = account_services.user_create(
        username="demo-forecaster",
        password=city.password,
        kind=User.Kind.STAFF,
        full_name="吴晓岚",
        by=city.people.get("admin"),
        unit=city.units["monitoring-centre"],
        role_codes=["forecaster"],
        scope=User.Scope.CITY,
        title="监测中心预报员",
    )
    city.people["forecaster"] = user
    city.logins.append(("demo-forecaster", "forecaster", "空气质量预报员"))
    return user


def _plans(city: DemoCity) -> None:
    reviewer = city.people["air-head"]
    enterprises = [e for e in city.shared.get("enterprises", []) if e.key_source][:5]
    for number, enterprise in enumerate(enterprises):
        plan = services.plan_submit(
            enterprise=enterprise,
            by=reviewer,
            title=f"{enterprise.name}重污染天气应急预案（示例）",
            contact="安全环保部 0412-0000000（示例）",
            grade=["B", "C", "A", "B", "C"][number],
            summary="按鞍山市重污染天气应急预案，分黄色、橙色、红色三级落实减排措施。",
            measures=[
                services.MeasureInput(
                    level=level,
                    facility=PLAN_MEASURES[level][0],
                    measure=PLAN_MEASURES[level][1],
                    pm_cut=PLAN_MEASURES[level][2],
                    nox_cut=PLAN_MEASURES[level][2],
                    vocs_cut=PLAN_MEASURES[level][2] / 2,
                )
                for level in LEVELS
            ],
        )
        if number < 3:
            services.plan_file(
                plan=plan, by=reviewer, opinion="措施具体可行，予以备案。"
            )
        elif number == 3:
            services.plan_return(
                plan=plan,
                by=reviewer,
                opinion="红色预警措施未列明停产工序，请补充后重新报送。",
            )


def _forecast_and_warning(
    city: DemoCity, anshan: City, forecaster: User, now: datetime
) -> None:
    forecast = services.forecast_create(city=anshan, issue=now.date(), now=now)
    services.forecast_review(
        forecast=forecast,
        by=forecaster,
        opinion="会商：静稳天气持续，污染过程仍将维持，维持模型预报结论。（示例）",
    )
    services.forecast_publish(forecast=forecast, by=forecaster)
    warning = Warning.objects.filter(forecast=forecast).first()
    if warning is None:
        return
    approval = services.warning_submit(
        warning=warning,
        by=forecaster,
        proposal=f"建议发布{warning.get_level_display()}，启动相应级别应急响应。",
        reasons="；".join(warning.evidence.get("explain", [])) or "预报达到预警条件",
    )
    approval = casework.approval_review(
        approval=approval, opinion="同意提请。", by=city.people["air-head"]
    )
    casework.approval_decide(
        approval=approval,
        decision="approve",
        opinion="同意发布。",
        by=city.people["leader"],
    )
    services.warning_publish(warning=warning, by=forecaster)
    city.shared["air_warning"] = warning
    city.shared["air_forecast"] = selectors.forecast_latest_public(anshan)
